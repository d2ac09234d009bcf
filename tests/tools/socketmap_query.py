#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""socketmap_query.py: a socketmap client for the tests.

  socketmap_query.py SOCKET MAP KEY...   send every "MAP KEY" request in one
        write (pipelined), print each reply's payload on its own line
        ("OK RELAY", "NOTFOUND ", "TEMP ..."), or "EOF" / "TIMEOUT" when the
        server closes or stays silent.
  socketmap_query.py --raw SOCKET HEX [WAIT]   send the bytes (hex), print
        what comes back until EOF or WAIT seconds (default 3): the replies'
        payloads, then "EOF" or "TIMEOUT", and the seconds it took.
  socketmap_query.py --after SOCKET MAP KEY CMD...   connect, run CMD, then
        send the request at once: print the reply and the milliseconds from
        CMD's exit to the reply (how soon a change reaches a lookup).
  socketmap_query.py --trickle SOCKET MAP KEY DELAY   send one request a byte
        at a time, DELAY seconds apart, and print the reply.
"""
import socket
import sys
import time


def ns(b):
    return b"%d:%s," % (len(b), b)


def read_replies(s, want, deadline):
    buf, out = b"", []
    while len(out) < want:
        left = deadline - time.monotonic()
        if left <= 0:
            out.append("TIMEOUT")
            break
        s.settimeout(left)
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            out.append("TIMEOUT")
            break
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            out.append("EOF")
            break
        buf += chunk
        while b":" in buf:
            head, rest = buf.split(b":", 1)
            n = int(head)
            if len(rest) < n + 1:
                break
            out.append(rest[:n].decode("utf-8", "replace"))
            buf = rest[n + 1:]
    return out


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(path)
    return s


def main(argv):
    if argv[1] == "--raw":
        s = connect(argv[2])
        wait = float(argv[4]) if len(argv) > 4 else 3.0
        t0 = time.monotonic()
        s.sendall(bytes.fromhex(argv[3]))
        for r in read_replies(s, 1 << 30, t0 + wait):
            print(r)
        print("%.2f" % (time.monotonic() - t0))
        return 0
    if argv[1] == "--after":
        import subprocess
        s = connect(argv[2])
        subprocess.run(argv[5:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t0 = time.monotonic()
        s.sendall(ns(("%s %s" % (argv[3], argv[4])).encode()))
        r = read_replies(s, 1, t0 + 30)
        print(r[0])
        print("%d" % ((time.monotonic() - t0) * 1000))
        return 0
    if argv[1] == "--trickle":
        s = connect(argv[2])
        req = ns(("%s %s" % (argv[3], argv[4])).encode())
        try:
            for i in range(len(req)):
                s.sendall(req[i:i + 1])
                time.sleep(float(argv[5]))
        except (BrokenPipeError, ConnectionResetError):
            print("EOF")
            return 0
        for r in read_replies(s, 1, time.monotonic() + 10):
            print(r)
        return 0
    s = connect(argv[1])
    m = argv[2].encode()
    s.sendall(b"".join(ns(m + b" " + k.encode("utf-8", "surrogateescape")) for k in argv[3:]))
    for r in read_replies(s, len(argv) - 3, time.monotonic() + 30):
        print(r)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
