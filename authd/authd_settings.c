/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * authd_settings.c: the table of postino-authd's own settings.
 *
 * Command-line flags that saslauthd has (-c, -t, -r, -n) are applied on top
 * of these by opts.c, through the same table, so a flag and a key can never
 * mean different things.
 */
#include <stddef.h>

#include "authd_settings.h"

static const char *const tempfail_choices[] = {"close", "no", NULL};
static const char *const sync_choices[] = {"auto", "off", NULL};

#define AS(f) offsetof(struct authd_settings, f)
#define INT(name, def, lo, hi, f, doc)                                                             \
	{                                                                                          \
		name, NULL, CFG_INT, def, lo, hi, NULL, AS(f), doc                                 \
	}
#define BOOL(name, def, f, doc)                                                                    \
	{                                                                                          \
		name, NULL, CFG_BOOL, def, 0, 0, NULL, AS(f), doc                                  \
	}
#define STR(name, def, f, doc)                                                                     \
	{                                                                                          \
		name, NULL, CFG_STR, def, 0, 0, NULL, AS(f), doc                                   \
	}
#define MODE(name, def, f, doc)                                                                    \
	{                                                                                          \
		name, NULL, CFG_MODE, def, 0, 0777, NULL, AS(f), doc                               \
	}

const struct cfg_def authd_settings_defs[] = {
        BOOL("authd_cache", "no", cache,
             "credential cache (HMAC of the password, memory only); -c"),
        INT("authd_cache_ttl", "300", 1, 86400, cache_ttl,
            "seconds a verified password is answered from the cache; -t"),
        INT("authd_cache_negative_ttl", "30", 0, 3600, cache_negative_ttl,
            "seconds a refused password is answered from the cache (0: not cached)"),
        INT("authd_cache_size", "16384", 64, 16777216, cache_size,
            "credential cache entries (80 bytes each; the default is about saslauthd's 1 MiB)"),
        INT("authd_dn_cache_ttl", "60", 0, 86400, dn_cache_ttl,
            "seconds an account's DN and policy attributes are reused (0: off)"),
        INT("authd_dn_cache_size", "16384", 64, 16777216, dn_cache_size, "DN cache entries"),
        {"authd_tempfail_reply", NULL, CFG_ENUM, "close", 0, 0, tempfail_choices,
         AS(tempfail_reply),
         "directory trouble: close (client retries later, SMTP 454) or no (SMTP 535)"},
        BOOL("authd_log_success", "no", log_success,
             "log each OK answer at level info (default: debug, as saslauthd); refusals, "
             "failures and time-outs are always logged"),
        MODE("authd_socket_mode", "0660", socket_mode,
             "mode of the mux socket; with the directory's group this matches saslauthd's access"),
        STR("authd_socket_group", NULL, socket_group,
            "group of the mux socket (default: the group of its directory)"),
        MODE("authd_control_mode", "0660", control_mode,
             "mode of the control socket (members of authd_control_group may flush and reload)"),
        STR("authd_control_group", "postino", control_group,
            "group of the control socket: postino-pwchange's user and administrators "
            "(empty: the group of its directory)"),
        STR("authd_user", "postino", user,
            "user to run as after binding the sockets, when started as root (empty: stay root); "
            "it must be able to read the configuration and password files for a reload"),
        INT("authd_read_timeout_ms", "5000", 100, 600000, read_timeout_ms,
            "a client must send its whole request within this time"),
        INT("authd_field5_wait_ms", "50", 0, 1000, field5_wait_ms,
            "wait for a 5th field (client_addr) after 4 that came in several pieces; "
            "a request sent in one piece is answered at once"),
        INT("authd_threads", "16", 1, 1024, threads,
            "LDAP worker threads (-n raises it, never lowers it)"),
        INT("authd_bind_connections", "8", 0, 256, bind_connections,
            "LDAP connections whose user binds the I/O thread drives itself, one bind in flight "
            "each, plus one for its account searches (fastbind, bind mode); 0: workers only; "
            "read at start"),
        INT("authd_max_connections", "16384", 16, 65536, max_connections,
            "client connections held at once (an idle one costs about 100 bytes); at the "
            "limit the oldest silent one is closed, or new ones wait in the listen queue"),
        BOOL("authd_realm_login", "no", realm_login, "use login@realm as the login (-r)"),
        BOOL("authd_require_account", "no", require_account,
             "refuse accounts without the postinoAccount class"),
        BOOL("authd_check_policy", "yes", check_policy,
             "enforce postinoService (the rest of the account policy always applies)"),
        BOOL("authd_penalty", "yes", penalty, "delay repeated failures of one account"),
        INT("authd_penalty_free", "3", 0, 1000, penalty_free, "failures before delays start"),
        INT("authd_penalty_max", "15", 1, 300, penalty_max, "longest delay, seconds"),
        INT("authd_penalty_reset", "300", 1, 86400, penalty_reset,
            "seconds without failures after which an account's count restarts"),
        INT("authd_penalty_size", "8192", 64, 16777216, penalty_size,
            "accounts tracked for delays (oldest forgotten first)"),
        INT("authd_penalty_pending", "8", 1, 1000, penalty_pending,
            "delayed attempts on one account checked per delay interval; more wait longer "
            "(none is refused)"),
        BOOL("authd_ppolicy_grace", "no", ppolicy_grace_ok,
             "allow ppolicy grace logins with an expired password (each one uses up a grace "
             "login)"),
        {"authd_sync", NULL, CFG_ENUM, "auto", 0, 0, sync_choices, AS(sync),
         "auto: evict cached answers on directory changes (RFC 4533, syncprov); off: TTLs only"},
        STR("authd_sync_base", NULL, sync_base,
            "subtree the change stream follows (default: ldap_search_base without tokens)"),
        STR("authd_sync_servers", NULL, sync_servers,
            "LDAP URIs of the change stream (default: ldap_write_servers, else ldap_servers)"),
        INT("authd_sync_stale_s", "2", 1, 3600, sync_stale_s,
            "seconds cached answers stay trusted while the change stream is not live"),
        STR("authd_metrics_listen", NULL, metrics_listen,
            "Prometheus metrics endpoint: a UNIX socket path or a loopback ADDR:PORT such as "
            "127.0.0.1:9112 (unset: none)"),
};

const size_t authd_settings_ndefs = sizeof(authd_settings_defs) / sizeof(authd_settings_defs[0]);

struct cfg_table
authd_settings_table(struct authd_settings *s)
{
	struct cfg_table t = {"authd", authd_settings_defs, authd_settings_ndefs, s};

	return t;
}
