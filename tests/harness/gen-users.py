#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# gen-users.py: print an LDIF with N generated load-test accounts,
# u00001 .. uNNNNN with password pw-u00001 etc., for slapadd.
#
# Usage: gen-users.py N [PEOPLE_DN]
# The hashes are {SSHA} (salted SHA-1), which slapd verifies in
# microseconds, so a benchmark measures postino and not the hash; the
# sample users in schema/sample.ldif show the strong schemes. No SCRAM
# verifiers: load users exist for PLAIN logins.
import base64
import hashlib
import os
import sys


def ssha(password):
    salt = os.urandom(8)
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: gen-users.py N [PEOPLE_DN]")
    count = int(sys.argv[1])
    people = sys.argv[2] if len(sys.argv) == 3 else "ou=people,dc=example,dc=org"
    out = sys.stdout
    for i in range(1, count + 1):
        uid = "u%05d" % i
        out.write(
            f"dn: uid={uid},{people}\n"
            "objectClass: inetOrgPerson\n"
            "objectClass: postinoAccount\n"
            f"uid: {uid}\n"
            f"cn: Load User {i}\n"
            "sn: User\n"
            f"mail: {uid}@example.org\n"
            f"userPassword: {ssha('pw-' + uid)}\n"
            "postinoService: smtp\n"
            "postinoService: imap\n"
            "\n"
        )


if __name__ == "__main__":
    main()
