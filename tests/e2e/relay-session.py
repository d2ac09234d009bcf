#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""relay-session.py: one SMTP session that asks sendmail to relay, for
tests/e2e/relay-cert.sh.

  relay-session.py PORT CA [CERT KEY] [-- CMD...]

From 127.0.0.2: EHLO, STARTTLS (with the client certificate when given),
EHLO, MAIL, RCPT to a domain sendmail does not serve; prints the RCPT reply
("250 ..." or "550 5.7.1 ... Relaying denied"). With CMD: after that first
RCPT, RSET and MAIL again, run CMD, and RCPT once more at once; prints that
reply too and the milliseconds from CMD's exit to it.
"""
import smtplib
import ssl
import subprocess
import sys
import time


def rcpt(s):
    code, msg = s.rcpt("friend@elsewhere.example")
    return "%d %s" % (code, msg.decode("utf-8", "replace").replace("\n", " "))


def main(argv):
    port, ca = int(argv[1]), argv[2]
    rest = argv[3:]
    cmd = []
    if "--" in rest:
        cmd = rest[rest.index("--") + 1:]
        rest = rest[:rest.index("--")]
    ctx = ssl.create_default_context(cafile=ca)
    ctx.check_hostname = False
    if len(rest) == 2:
        ctx.load_cert_chain(rest[0], rest[1])
    s = smtplib.SMTP("127.0.0.1", port, local_hostname="client.example.org",
                     source_address=("127.0.0.2", 0), timeout=60)
    s.starttls(context=ctx)
    s.ehlo("client.example.org")
    s.mail("someone@example.org")
    print(rcpt(s))
    if cmd:
        s.rset()
        s.mail("someone@example.org")
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t0 = time.monotonic()
        print(rcpt(s))
        print("%d" % ((time.monotonic() - t0) * 1000))
    try:
        s.quit()
    except smtplib.SMTPException:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
