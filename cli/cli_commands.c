/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_commands.c: postinoctl's command table. The synopsis, options and
 * help of each command live here, next to each other, so "--help", the
 * parser and the man page describe the same thing.
 */
#include <stddef.h>

#include "cli_args.h"
#include "cli_cmds.h"

static const struct cli_opt no_opts[] = {{NULL, NULL, NULL}};

static const struct cli_opt user_add_opts[] = {
        {"name", "\"FULL NAME\"", "display name (cn); the last word becomes sn"},
        {"mail", "ADDR", "mail address"},
        {"service", "LIST", "allowed services, e.g. smtp,imap (default: ctl_default_services)"},
        {"password-stdin", NULL, "read the password from the first line of stdin"},
        {"random", NULL, "generate a password and print it once"},
        {"no-password", NULL, "create the account without a password (certificate-only)"},
        {NULL, NULL, NULL},
};

static const struct cli_opt user_list_opts[] = {
        {"filter", "TEXT", "only accounts whose uid, name or mail contains TEXT"},
        {NULL, NULL, NULL},
};

static const struct cli_opt passwd_opts[] = {
        {"password-stdin", NULL, "read the password from the first line of stdin"},
        {"random", NULL, "generate a password and print it once"},
        {NULL, NULL, NULL},
};

static const struct cli_opt cert_opts[] = {
        {"pem", "FILE", "read the subject from this PEM certificate"},
        {"subject", "DN", "the subject DN, in RFC 4514 or /C=../O=../CN=.. form"},
        {"force", NULL, "map a certificate that has expired or is not valid yet"},
        {NULL, NULL, NULL},
};

static const struct cli_opt cert_unmap_opts[] = {
        {"pem", "FILE", "read the subject from this PEM certificate"},
        {"subject", "DN", "the subject DN, in RFC 4514 or /C=../O=../CN=.. form"},
        {"all", NULL, "remove every subject mapped to the account"},
        {NULL, NULL, NULL},
};

static const struct cli_opt sasldb_opts[] = {
        {"realm", "REALM", "import only users of this realm (required if the file has several)"},
        {"dry-run", NULL, "check and report, write nothing"},
        {NULL, NULL, NULL},
};

static const struct cli_opt import_opts[] = {
        {"dry-run", NULL, "check and report, write nothing"},
        {NULL, NULL, NULL},
};

static const struct cli_opt auth_opts[] = {
        {"service", "SVC", "service name sent to authd (default imap)"},
        {"realm", "REALM", "realm sent to authd (default empty)"},
        {"password-stdin", NULL, "read the password from the first line of stdin"},
        {"socket", "PATH", "authd's saslauthd socket (default: mux_socket)"},
        {NULL, NULL, NULL},
};

static const struct cli_opt ctl_opts[] = {
        {"socket", "PATH", "authd's control socket (default: control_socket)"},
        {NULL, NULL, NULL},
};

const struct cli_cmd cli_commands[] = {
        {"user", "add", "UID", "create an account",
         "Creates uid=UID under the people base with objectClass inetOrgPerson and\n"
         "postinoAccount. The password is stored as postino-pwchange stores it: a\n"
         "userPassword hash plus SCRAM-SHA-1/SCRAM-SHA-256 authPassword secrets.\n"
         "Without --password-stdin, --random or --no-password it prompts twice on a\n"
         "terminal.",
         user_add_opts, 1, 1, 1, cli_user_add},
        {"user", "del", "UID", "delete an account",
         "Deletes the account's entry and flushes authd's cache for it.", no_opts, 1, 1, 1,
         cli_user_del},
        {"user", "show", "UID", "show one account",
         "Prints the account's attributes: name, mail, services, state (disabled,\n"
         "locked by the password policy), certificate subjects and which password\n"
         "schemes are stored (never the values).",
         no_opts, 1, 1, 1, cli_user_show},
        {"user", "list", "", "list accounts",
         "Prints one line per account under the people base, sorted by uid.", user_list_opts, 0, 0,
         1, cli_user_list},
        {"user", "passwd", "UID", "set an account's password",
         "Sets userPassword and the SCRAM secrets in one modify and flushes authd's\n"
         "cache for the account. Prompts twice on a terminal; a password is never\n"
         "accepted on the command line. An account without postinoAccount gets only\n"
         "its userPassword, as postino-pwchange does.",
         passwd_opts, 1, 1, 1, cli_user_passwd},
        {"user", "lock", "UID", "lock an account",
         "Sets postinoDisabled and the password policy lock (pwdAccountLockedTime),\n"
         "then flushes authd's cache for the account. An account without\n"
         "postinoAccount gets the class and every known service, so that unlocking\n"
         "it gives back what it could use before.",
         no_opts, 1, 1, 1, cli_user_lock},
        {"user", "unlock", "UID", "unlock an account",
         "Clears postinoDisabled, the password policy lock and the recorded login\n"
         "failures, then flushes authd's cache for the account.",
         no_opts, 1, 1, 1, cli_user_unlock},
        {"service", "allow", "UID SVC", "allow an account to use a service",
         "Adds SVC to the account's postinoService values. An account without\n"
         "postinoAccount may already use every service; it is left unchanged.",
         no_opts, 2, 2, 1, cli_service_allow},
        {"service", "deny", "UID SVC", "withdraw a service from an account",
         "Removes SVC from the account's postinoService values. An account without\n"
         "postinoAccount (which may use every service) gets postinoAccount and every\n"
         "other known service.",
         no_opts, 2, 2, 1, cli_service_deny},
        {"cert", "map", "UID", "map a certificate subject to an account",
         "Stores the subject, normalized (RFC 4514, most specific RDN first), in\n"
         "postinoCertSubject, so the SASL plugin finds it whichever spelling the\n"
         "mail server hands over. A subject already mapped to another account is\n"
         "refused: an ambiguous certificate would fail closed anyway. A certificate\n"
         "that has expired or is not valid yet is refused unless --force.",
         cert_opts, 1, 1, 1, cli_cert_map},
        {"cert", "unmap", "UID", "remove a certificate subject from an account",
         "Removes the subject given with --pem or --subject, or all with --all.", cert_unmap_opts,
         1, 1, 1, cli_cert_unmap},
        {"cert", "show", "UID", "show the subjects mapped to an account", "", no_opts, 1, 1, 1,
         cli_cert_show},
        {"import", "sasldb", "FILE", "migrate the users of a sasldb2 file",
         "Reads a Berkeley DB sasldb2 file (as written by saslpasswd2) and creates an\n"
         "account for each user with a proper password hash and SCRAM secrets; the\n"
         "cleartext never leaves this process. Existing accounts are reported as\n"
         "conflicts and left alone. Everything is checked before anything is\n"
         "written; if an add fails, what this run added is deleted again.",
         sasldb_opts, 1, 1, 1, cli_import_sasldb},
        {"import", "csv", "FILE", "create accounts from a CSV file",
         "The first line names the columns: uid (required), name, mail, services,\n"
         "password (cleartext, hashed on the way in), password_hash ({SCHEME}...),\n"
         "cert_subject, disabled. Every row is validated first; then all rows go in,\n"
         "or none do (an add failure deletes what this run added).",
         import_opts, 1, 1, 1, cli_import_csv},
        {"import", "ldif", "FILE", "create accounts from an LDIF file",
         "Content or changetype: add records for entries under the people base.\n"
         "A userPassword without a {SCHEME} prefix is taken as cleartext: it is\n"
         "hashed and gets SCRAM secrets, and is never written as is. All entries go\n"
         "in, or none do.",
         import_opts, 1, 1, 1, cli_import_ldif},
        {"auth", "test", "UID", "ask postino-authd whether a password is good",
         "Sends one request over authd's saslauthd socket, like testsaslauthd.\n"
         "Exit status: 0 OK, 1 NO, 2 authd unavailable (or a usage error).",
         auth_opts, 1, 1, 0, cli_auth_test},
        {"cache", "flush", "[UID]", "flush authd's credential cache",
         "Flushes one account's cached answers, or all of them.", ctl_opts, 0, 1, 0,
         cli_cache_flush},
        {"stats", NULL, "", "print authd's counters", "", ctl_opts, 0, 0, 0, cli_stats},
        {NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL},
};
