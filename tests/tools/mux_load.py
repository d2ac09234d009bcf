#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""mux_load.py: steady load on a saslauthd-protocol socket, every answer logged.

Usage: mux_load.py SOCKET OUT SECONDS CONCURRENCY USER:PASSWORD:EXPECT ...

CONCURRENCY threads loop until SECONDS have passed or OUT.stop exists, each
request on a new connection (as libsasl2 does), the accounts taken in turn.
EXPECT is OK or NO: what the directory would say. One line per answer goes
to OUT: "start_ms end_ms answer expect" with answer OK, NO, CLOSED (closed
without an answer: authd's temporary failure), TIMEOUT (no answer within 30
s) or ERR (could not connect). Bounded: at most 2,000,000 requests.
"""
import os
import socket
import struct
import sys
import threading
import time

path, out, secs, conc = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
accounts = []
for a in sys.argv[5:]:
    user, pw, expect = a.split(":")
    req = b"".join(struct.pack(">H", len(f)) + f
                   for f in (user.encode(), pw.encode(), b"imap", b""))
    accounts.append((req, expect))
end = time.time() + secs
lock = threading.Lock()
lines = []
count = [0]
stop_file = out + ".stop"
pause = float(os.environ.get("MUX_LOAD_PAUSE_MS", "0")) / 1000


def one(req):
    try:
        s = socket.socket(socket.AF_UNIX)
        s.settimeout(30)
        s.connect(path)
    except OSError:
        return "ERR"
    try:
        s.sendall(req)
        buf = b""
        while True:
            c = s.recv(100)
            if not c:
                break
            buf += c
    except socket.timeout:
        return "TIMEOUT"
    except OSError:
        return "CLOSED"
    finally:
        s.close()
    return buf[2:].decode(errors="replace").split(" ")[0] if len(buf) >= 4 else "CLOSED"


def worker(i):
    n = i
    while time.time() < end and not os.path.exists(stop_file):
        req, expect = accounts[n % len(accounts)]
        n += 1
        t0 = time.time()
        res = one(req)
        t1 = time.time()
        with lock:
            count[0] += 1
            lines.append("%d %d %s %s\n" % (t0 * 1000, t1 * 1000, res, expect))
            if count[0] >= 2000000:
                return
        if res == "ERR":
            time.sleep(0.05)
        if pause > 0:
            time.sleep(pause)


threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(conc)]
for t in threads:
    t.start()
with open(out, "w") as f:
    while any(t.is_alive() for t in threads):
        time.sleep(0.2)
        with lock:
            chunk, lines[:] = "".join(lines), []
        f.write(chunk)
        f.flush()
    f.write("".join(lines))
