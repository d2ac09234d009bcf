/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pwchange_settings.c: the table of pwchange_* settings. Every default,
 * limit and one-line description lives here and nowhere else.
 */
#include <stddef.h>

#include "pwchange_settings.h"

#define PS(f) offsetof(struct pwchange_settings, f)
#define STR(name, def, f, doc)                                                                     \
	{                                                                                          \
		name, NULL, CFG_STR, def, 0, 0, NULL, PS(f), doc                                   \
	}
#define BOOL(name, def, f, doc)                                                                    \
	{                                                                                          \
		name, NULL, CFG_BOOL, def, 0, 0, NULL, PS(f), doc                                  \
	}
#define INT(name, def, lo, hi, f, doc)                                                             \
	{                                                                                          \
		name, NULL, CFG_INT, def, lo, hi, NULL, PS(f), doc                                 \
	}

const struct cfg_def pwchange_settings_defs[] = {
        STR("pwchange_listen", "127.0.0.1", listen,
            "address the server listens on (IPv4 or IPv6 literal), or unix:/path for a UNIX "
            "socket (a reverse proxy on the same host)"),
        BOOL("pwchange_tls", "yes", tls,
             "serve HTTPS; no: plain HTTP for a reverse proxy, only on a loopback address or a "
             "UNIX socket"),
        {"pwchange_socket_mode", NULL, CFG_MODE, "0660", 0, 0777, NULL, PS(sock_mode),
         "permissions of the UNIX socket (let the proxy in through the socket's group)"},
        STR("pwchange_trusted_proxies", NULL, proxies,
            "reverse proxies whose X-Forwarded-For names the client: addresses or "
            "address/prefix, and \"unix\" for the UNIX socket; unset: the header is ignored"),
        INT("pwchange_port", "8443", 1, 65535, port, "TCP port of the HTTPS server"),
        STR("pwchange_cert", NULL, cert, "PEM certificate (chain) of the HTTPS server; required"),
        STR("pwchange_key", NULL, key, "PEM private key of the HTTPS server; required"),
        STR("pwchange_tls_priorities", "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2", tls_priorities,
            "GnuTLS priority string (protocol versions and ciphers)"),
        STR("pwchange_user", "postino", user,
            "unprivileged user to switch to after binding the port when started as root"),
        STR("pwchange_title", NULL, title,
            "heading of the web page, in every language; unset: the catalogue's title in "
            "the reader's language"),
        STR("pwchange_filter", NULL, filter,
            "account search filter; unset: ldap_filter (%s expands to nothing here)"),
        INT("pwchange_min_length", "10", 1, 1024, min_length,
            "minimum length of a new password, in characters"),
        INT("pwchange_max_length", "128", 8, 1024, max_length,
            "maximum length of a new password, in characters"),
        INT("pwchange_min_classes", "3", 1, 4, min_classes,
            "character kinds a new password needs, of lower, upper, digit, other"),
        STR("pwchange_denylist", NULL, denylist,
            "file of refused passwords, one per line, compared case-insensitively"),
        INT("pwchange_rate_ip_max", "20", 1, 1000000, rate_ip_max,
            "password-change attempts allowed per client address per window"),
        INT("pwchange_rate_user_max", "5", 1, 1000000, rate_user_max,
            "password-change attempts allowed per account name per window"),
        INT("pwchange_rate_window", "900", 1, 86400, rate_window, "rate-limit window, seconds"),
        INT("pwchange_rate_slots", "8192", 64, 4194304, rate_slots,
            "entries in each rate-limit table (memory is fixed at start-up)"),
        INT("pwchange_max_body", "8192", 256, 1048576, max_body,
            "largest request body accepted, bytes; larger ones get 413"),
        INT("pwchange_max_connections", "256", 2, 10000, max_connections,
            "simultaneous connections, spread over the pwchange_threads workers"),
        INT("pwchange_threads", "8", 1, 256, threads,
            "worker threads serving the connections; a change waiting on the directory holds "
            "its thread (and that thread's other connections) up to ldap_timeout per step"),
        INT("pwchange_max_per_ip", "8", 1, 10000, max_per_ip,
            "simultaneous connections from one client address"),
        INT("pwchange_conn_timeout", "15", 1, 3600, conn_timeout,
            "seconds a connection may stay idle (against slow clients)"),
        INT("pwchange_request_deadline", "10", 1, 3600, req_deadline,
            "seconds a connection has from its start to send its whole request, and from the "
            "answer to read it; traffic does not extend it (against slow clients)"),
        INT("pwchange_max_per_network", "32", 0, 10000, per_net,
            "simultaneous connections from one IPv4 /24 or IPv6 /64 network; 0: no limit"),
        INT("pwchange_spare_connections", "32", 1, 10000, spare_conns,
            "connections kept free for new clients: when fewer are left, the oldest ones "
            "still sending their request after 2 s are closed"),
        INT("pwchange_conn_memory", "32768", 8192, 1048576, conn_memory,
            "memory for one connection's request headers, bytes"),
        INT("pwchange_hsts_max_age", "31536000", 0, 315360000, hsts_max_age,
            "Strict-Transport-Security max-age, seconds"),
        INT("pwchange_flush_timeout", "2000", 10, 60000, flush_timeout,
            "milliseconds to wait for postino-authd to flush a changed user"),
        STR("pwchange_audit_file", NULL, audit_file,
            "file to append audit lines to (also logged); unset: log only"),
        STR("pwchange_csrf_key_file", NULL, csrf_key_file,
            "file whose first line (32 bytes or more) keys the form's CSRF tokens; set the "
            "same file on every instance behind one name; unset: a random key per start"),
        STR("pwchange_expired_dn", NULL, expired_dn,
            "DN allowed to store a new password for an account whose password has expired "
            "with no grace logins left (ppolicy then refuses the user's own bind); unset: such "
            "users are told to ask an administrator"),
        STR("pwchange_expired_password_file", NULL, expired_pw_file,
            "file whose first line is the password of pwchange_expired_dn"),
        STR("pwchange_directory_policy", NULL, dir_policy,
            "DN of the ppolicy pwdPolicy entry whose rules (pwdMinLength, pwdInHistory, "
            "pwdMinAge, pwdCheckQuality) the page shows next to its own; unset: none shown"),
        STR("pwchange_metrics_listen", NULL, metrics_listen,
            "Prometheus metrics endpoint: a UNIX socket path or a loopback ADDR:PORT such as "
            "127.0.0.1:9113 (unset: none)"),
};

const size_t pwchange_settings_ndefs =
        sizeof(pwchange_settings_defs) / sizeof(pwchange_settings_defs[0]);

struct cfg_table
pwchange_settings_table(struct pwchange_settings *s)
{
	struct cfg_table t = {"pwchange", pwchange_settings_defs, pwchange_settings_ndefs, s};

	return t;
}
