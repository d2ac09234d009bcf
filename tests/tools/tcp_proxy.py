#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""tcp_proxy.py: a TCP forwarder that a test can make stop forwarding.

Usage: tcp_proxy.py LISTEN_PORT_FILE TARGET_HOST TARGET_PORT SECONDS

Listens on a free loopback port (written to LISTEN_PORT_FILE), forwards
each connection to TARGET in both directions, and exits after SECONDS. The
whole proxy is one process, so SIGSTOP makes it stop forwarding at once
(new connections still complete in the kernel's backlog, then hang, as a
firewall that drops traffic or a stuck middlebox would) and SIGCONT
resumes it.
"""
import socket
import sys
import threading
import time

port_file, host, port, secs = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])


def pump(src, dst):
    try:
        while True:
            b = src.recv(65536)
            if not b:
                break
            dst.sendall(b)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(c):
    try:
        u = socket.create_connection((host, port), timeout=5)
        u.settimeout(None)
    except OSError:
        c.close()
        return
    threading.Thread(target=pump, args=(c, u), daemon=True).start()
    threading.Thread(target=pump, args=(u, c), daemon=True).start()


ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", 0))
ls.listen(256)
with open(port_file + ".tmp", "w") as f:
    f.write("%d\n" % ls.getsockname()[1])
import os
os.rename(port_file + ".tmp", port_file)
ls.settimeout(0.5)
end = time.time() + secs
while time.time() < end:
    try:
        c, _ = ls.accept()
    except socket.timeout:
        continue
    serve(c)
