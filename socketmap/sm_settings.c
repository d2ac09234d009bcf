/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sm_settings.c: the table of postino-socketmap's settings.
 *
 * The answers are settings because sites differ in what their access
 * rules expect: sendmail's CERTISSUER answer is SUBJECT (go on and check
 * the subject) or RELAY (trust every certificate of that issuer).
 */
#include <stddef.h>

#include "account.h"
#include "sm_settings.h"

/* clang-format off */
#define SS(f) offsetof(struct sm_settings, f)
#define STR(name, def, f, doc) {name, NULL, CFG_STR, def, 0, 0, NULL, SS(f), doc}
#define INT(name, def, lo, hi, f, doc) {name, NULL, CFG_INT, def, lo, hi, NULL, SS(f), doc}
#define BOOL(name, def, f, doc) {name, NULL, CFG_BOOL, def, 0, 0, NULL, SS(f), doc}
#define MODE(name, def, f, doc) {name, NULL, CFG_MODE, def, 0, 0777, NULL, SS(f), doc}
/* clang-format on */

const struct cfg_def sm_settings_defs[] = {
        STR("socketmap_socket", "/run/postino/socketmap", socket,
            "UNIX socket sendmail (K... socket unix:PATH) and Postfix (socketmap:unix:PATH:name) "
            "connect to"),
        MODE("socketmap_socket_mode", "0660", socket_mode, "mode of the socket"),
        STR("socketmap_socket_group", NULL, socket_group,
            "group of the socket (default: the group of its directory)"),
        STR("socketmap_user", "postino", user,
            "user to run as after binding the socket, when started as root (empty: stay root)"),
        STR("socketmap_issuers", NULL, issuers,
            "trusted issuer DNs (either spelling) separated by ';'; unset: CERTISSUER keys are "
            "never found"),
        STR("socketmap_issuer_answer", "SUBJECT", issuer_answer,
            "value for a trusted CERTISSUER: SUBJECT (check the subject too) or RELAY"),
        STR("socketmap_subject_answer", "RELAY", subject_answer,
            "value for a CERTSUBJECT whose account may relay"),
        STR("socketmap_fingerprint_answer", "OK", fingerprint_answer,
            "value for a SHA-256 fingerprint whose account may relay (Postfix check_ccert_access)"),
        STR("socketmap_service", ACCT_SERVICE_RELAY, service,
            "postinoService value an account needs to relay"),
        BOOL("socketmap_require_cn", "yes", require_cn,
             "refuse subjects without a CN (sendmail silently cuts subjects at 255 bytes)"),
        STR("socketmap_cert_rule", NULL, cert_rule[0],
            "POSIX extended regex on the normalized RFC 4514 subject; capture 1 is the account "
            "(as the plugin's postino_cert_rule)"),
        STR("socketmap_cert_rule2", NULL, cert_rule[1], "another subject rule, tried in order"),
        STR("socketmap_cert_rule3", NULL, cert_rule[2], "another subject rule, tried in order"),
        INT("socketmap_max_request", "4096", 64, 65536, max_request,
            "longest request (netstring payload) accepted; a longer one closes the connection"),
        INT("socketmap_read_timeout_ms", "5000", 100, 600000, read_timeout_ms,
            "a started request must arrive whole within this time"),
        INT("socketmap_idle_timeout", "600", 1, 86400, idle_timeout,
            "seconds a connection may wait between requests"),
        INT("socketmap_max_connections", "256", 1, 65536, max_connections,
            "client connections served at once (one thread and one directory connection each); "
            "more are closed at once"),
};

const size_t sm_settings_ndefs = sizeof(sm_settings_defs) / sizeof(sm_settings_defs[0]);

struct cfg_table
sm_settings_table(struct sm_settings *s)
{
	struct cfg_table t = {"socketmap", sm_settings_defs, sm_settings_ndefs, s};

	return t;
}
