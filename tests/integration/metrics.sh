#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/metrics.sh: the Prometheus endpoints of postino-authd
# (loopback TCP port) and postino-pwchange (UNIX socket), scraped with curl
# and parsed with python3-prometheus-client's text parser: every family
# parses, authd's counters agree with "postinoctl stats" (answers by
# outcome, cache hits, penalty, latency histogram count, per-server state),
# and pwchange counts changes, refusals by reason and rate-limit hits. A
# non-loopback address is refused, and the UNIX socket goes at stop.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$TOP/tests/integration/authd-common.bash"
. "$TOP/tests/integration/pwchange-common.bash"

authd_init metrics
MPORT=$(harness_free_ports 1)
authd_conf "$T/m.conf" "authd_cache: yes" "authd_metrics_listen: 127.0.0.1:$MPORT" \
	"authd_penalty_free: 1" "authd_penalty_max: 1"
authd_start a "$T/m.conf" || exit 1

check_eq "alice OK" "$(tsa alice Alice-Pass-1 smtp)" OK
check_eq "alice OK again (cache)" "$(tsa alice Alice-Pass-1 smtp)" OK
check_eq "alice wrong NO" "$(tsa alice Wrong-Pass-9 smtp)" NO
check_eq "alice wrong NO again (penalty)" "$(tsa alice Wrong-Pass-8 smtp)" NO
check_eq "bob no smtp NO" "$(tsa bob Bob-Pass-1 smtp)" NO

curl -s --max-time 10 "http://127.0.0.1:$MPORT/metrics" >"$T/authd.prom"
check_match "authd endpoint answers" "$(head -c 300 "$T/authd.prom")" "postino_authd_"
printf 'control_socket: %s\n' "$CTL" >"$T/ctl.conf"
"$BUILD/postinoctl" -C "$T/ctl.conf" --json stats >"$T/stats.json" 2>&1
check_match "postinoctl --json stats" "$(cat "$T/stats.json")" '"requests"'

$PY - "$T/authd.prom" "$T/stats.json" >"$T/cmp.out" 2>&1 <<'PY'
import json, sys
from prometheus_client.parser import text_string_to_metric_families
fams = {f.name: f for f in text_string_to_metric_families(open(sys.argv[1]).read())}
stats = json.load(open(sys.argv[2]))
def val(fam, **labels):
    for s in fams[fam].samples:
        if all(s.labels.get(k) == v for k, v in labels.items()) and not s.name.endswith(("_created",)):
            return s.value
    raise KeyError(fam + str(labels))
bad = []
def same(what, got, want):
    print(f"{what}: metrics {got} stats {want}")
    if int(got) != int(want): bad.append(what)
# A scrape is itself no request; the stats call came after the scrape and
# neither changes these counters.
same("requests", val("postino_authd_requests"), stats["requests"])
for o in ("ok", "no", "tempfail"):
    same("answers " + o, val("postino_authd_answers", outcome=o), stats[o])
same("cache hits", val("postino_authd_cache_lookups", cache="credential", result="hit"), stats["cache_hits"])
same("penalty delayed", val("postino_authd_penalty", action="delayed"), stats["penalty_delayed"])
h = fams["postino_authd_request_duration_seconds"]
count = [s.value for s in h.samples if s.name.endswith("_count")][0]
inf = [s.value for s in h.samples if s.labels.get("le") == "+Inf"][0]
lat = sum(v for k, v in stats.items() if k.startswith("latency_ms_"))
same("histogram count", count, lat)
same("histogram +Inf", inf, lat)
same("server up", val("postino_authd_ldap_server_up", state="up"), 1 if stats["ldap_server_0_state"] == "up" else 0)
# The change stream's families (their values move in authd-sync.sh).
for k in ("sync_events", "sync_resyncs", "sync_reconnects", "sync_live", "sync_last_event_age_s"):
    if k not in stats:
        bad.append("stats has no " + k)
if fams.get("postino_authd_sync_live") is None or fams["postino_authd_sync_live"].type != "gauge":
    bad.append("postino_authd_sync_live is not a gauge")
if fams.get("postino_authd_sync_reconnects") is None or fams["postino_authd_sync_reconnects"].type != "counter":
    bad.append("postino_authd_sync_reconnects_total is not a counter")
print("types:", sorted({f.type for f in fams.values()}))
print("BAD" if bad else "AGREE", bad)
PY
check_match "metrics parse and agree with postinoctl stats" "$(cat "$T/cmp.out")" "^AGREE"
check_match "answers: 2 OK, 3 NO" "$(cat "$T/cmp.out")" "answers ok: metrics 2.0 stats 2"
check_eq "a bad request gets 400" \
	"$(timeout 5 python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=4)
s.sendall(b"HELLO\r\n\r\n")
print(s.makefile("rb").readline().decode().strip())
' "$MPORT" 2>/dev/null)" \
	"HTTP/1.0 400 Bad Request"
authd_stop
check_eq "authd stops with the endpoint open" "$?" 0

# A non-loopback address is refused at start-up.
authd_conf "$T/bad.conf" "authd_metrics_listen: 0.0.0.0:$MPORT"
check_fail "0.0.0.0 refused" timeout 10 "$AUTHD" -a ldap -C "$T/bad.conf" -O "$T/empty.conf" \
	-m "$T/bad" -d

# -- pwchange on a UNIX socket
# Its directory belongs to the service user (as /run/postino does), so the
# socket can be removed at stop after dropping root.
mkdir -p "$T/pwm"
[ "$(id -u)" = 0 ] && chown nobody "$T/pwm"
chmod 755 "$T" "$T/pwm"
pwchange_start "pwchange_metrics_listen=$T/pwm/metrics" "pwchange_rate_user_max=2" || exit 1
api '{"user":"carol","current":"Carol-Pass-1","new":"Indigo-Harbor-72"}'
check_eq "carol changes her password" "$HTTP_CODE" 200
api '{"user":"alice","current":"Wrong-Pass-1","new":"Indigo-Harbor-73"}'
check_eq "wrong current password refused" "$HTTP_CODE" 401
api '{"user":"alice","current":"Wrong-Pass-2","new":"Indigo-Harbor-74"}'
api '{"user":"alice","current":"Wrong-Pass-3","new":"Indigo-Harbor-75"}'
check_eq "third try on alice rate-limited" "$HTTP_CODE" 429
curl -s --max-time 10 --unix-socket "$T/pwm/metrics" http://localhost/metrics >"$T/pw.prom"
$PY - "$T/pw.prom" >"$T/pw.out" 2>&1 <<'PY'
import sys
from prometheus_client.parser import text_string_to_metric_families
for f in text_string_to_metric_families(open(sys.argv[1]).read()):
    for s in f.samples:
        print(s.name, ",".join(f"{k}={v}" for k, v in sorted(s.labels.items())), int(s.value))
PY
check_match "pwchange: changed 1" "$(cat "$T/pw.out")" "changes_total outcome=changed 1"
check_match "pwchange: refused 3" "$(cat "$T/pw.out")" "changes_total outcome=refused 3"
check_match "pwchange: refusals by reason" "$(cat "$T/pw.out")" "refusals_total reason=auth_failed 2"
check_match "pwchange: rate limit by user" "$(cat "$T/pw.out")" "rate_limited_total limit=user 1"
check_match "pwchange: TLS errors counted" "$(cat "$T/pw.out")" "tls_errors_total  0"
pwchange_stop
check "pwchange removes its metrics socket at stop" test ! -e "$T/pwm/metrics"
t_done metrics
