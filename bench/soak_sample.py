#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""soak_sample.py: one sample of a process: RSS, open descriptors, LDAP connections.

Usage: soak_sample.py PID LDAP_PORT
Prints "rss_kib fds ldap_conns": VmRSS, the entries of /proc/PID/fd, and
the established TCP connections of PID whose remote port is LDAP_PORT
(its sockets' inodes matched against /proc/net/tcp and tcp6).
"""
import os
import sys

pid, port = sys.argv[1], int(sys.argv[2])
rss = 0
for line in open("/proc/%s/status" % pid):
    if line.startswith("VmRSS:"):
        rss = int(line.split()[1])
inodes = set()
fds = os.listdir("/proc/%s/fd" % pid)
for fd in fds:
    try:
        target = os.readlink("/proc/%s/fd/%s" % (pid, fd))
    except OSError:
        continue
    if target.startswith("socket:["):
        inodes.add(target[8:-1])
conns = 0
for table in ("/proc/net/tcp", "/proc/net/tcp6"):
    try:
        rows = open(table).read().splitlines()[1:]
    except OSError:
        continue
    for row in rows:
        f = row.split()
        # f[2] remote address:port (hex), f[3] state (01 = established), f[9] inode
        if f[3] == "01" and int(f[2].split(":")[1], 16) == port and f[9] in inodes:
            conns += 1
print(rss, len(fds), conns)
