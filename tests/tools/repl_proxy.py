#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""repl_proxy.py: the link between a replica and its provider, which a
test can hold or cut.

Usage: repl_proxy.py LISTEN_PORT TARGET_PORT

Listens on 127.0.0.1:LISTEN_PORT and forwards each connection to
127.0.0.1:TARGET_PORT in both directions until it is stopped (SIGTERM).
It is one process, so SIGSTOP holds the link (the replica's connection
stays open and hears nothing, as behind a stalled WAN link) and SIGCONT
lets the held traffic through. SIGKILL cuts it (both ends see the
connections close); starting it again on the same port heals it.
The port is fixed, not chosen here, because the replica's olcSyncrepl
names it and must find it again after a cut.
"""
import signal
import socket
import sys
import threading

listen_port, target_port = int(sys.argv[1]), int(sys.argv[2])


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
        u = socket.create_connection(("127.0.0.1", target_port), timeout=5)
        u.settimeout(None)
    except OSError:
        c.close()
        return
    threading.Thread(target=pump, args=(c, u), daemon=True).start()
    threading.Thread(target=pump, args=(u, c), daemon=True).start()


signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", listen_port))
ls.listen(64)
while True:
    c, _ = ls.accept()
    serve(c)
