# SPDX-License-Identifier: BSD-2-Clause
# syslog-sink.py: a minimal syslog receiver for the end-to-end tests.
#
#   python3 syslog-sink.py SOCKET LOGFILE
#
# Binds a UNIX datagram socket at SOCKET (what /dev/log is inside the
# servers' namespace, see nsrun) and appends every message to LOGFILE, one a
# line, flushed at once so that a test can grep for a line right after the
# event that logs it. Runs until it is killed.
import os
import socket
import sys

sock_path, log_path = sys.argv[1], sys.argv[2]
try:
    os.unlink(sock_path)
except FileNotFoundError:
    pass
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sock_path)
# Servers that dropped root (Cyrus runs as "cyrus") must be able to log.
os.chmod(sock_path, 0o666)
with open(log_path, "ab", buffering=0) as log:
    while True:
        msg = s.recv(65536)
        log.write(msg.rstrip(b"\0\n") + b"\n")
