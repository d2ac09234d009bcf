# SPDX-License-Identifier: BSD-2-Clause
# report.awk: turn the RESULT lines of a benchmark run into the summary
# table and the targets' verdicts. Used by bench/run-bench:
#   awk -v topc=32 -v big=256 -v have_authd=1 -f bench/report.awk RESULTS
# When a point was taken more than once (BENCH_ROUNDS), the table shows its
# round with the most requests per second, whole (latency and CPU of that
# same round); wrong answers and errors are added up over every round.
# A target whose inputs were not measured is "n/a", never MET.

function get(label, conc, key) {
	return val[label SUBSEP conc SUBSEP key]
}

function have(label, conc) {
	return (label SUBSEP conc SUBSEP "rps") in val
}

# ratio LINE: "what  a / b = r x  (need >= min)  MET|MISSED"
function ratio(what, num, den, c, min,    a, b, r, verdict) {
	if (!have(num, c) || !have(den, c)) {
		printf "  %-52s n/a (not measured)\n", what
		return
	}
	a = get(num, c, "rps"); b = get(den, c, "rps")
	r = b > 0 ? a / b : 0
	verdict = r >= min ? "MET" : "MISSED"
	printf "  %-52s %8.0f / %8.0f = %5.2fx (need >= %.2fx)  %s\n", what, a, b, r, min, verdict
}

# latency LINE: the p99 of one configuration against the p50 of another
function latency(what, l99, l50, c,    a, b) {
	if (!have(l99, c) || !have(l50, c)) {
		printf "  %-52s n/a (not measured)\n", what
		return
	}
	a = get(l99, c, "p99_us"); b = get(l50, c, "p50_us")
	printf "  %-52s %8d us <= %8d us              %s\n", what, a, b,
		(a + 0 <= b + 0) ? "MET" : "MISSED"
}

# memory LINE: a configuration's peak RSS with many clients against 16 MiB
function memory(label, c,    what, r) {
	what = sprintf("%s RSS <= 16 MiB with %s clients", label, c)
	if (!have(label, c)) {
		printf "  %-52s n/a (not measured)\n", what
		return
	}
	r = get(label, c, "server_rss_kib") / 1024
	printf "  %-52s %8.1f MiB <= 16 MiB                %s\n", what, r, r <= 16 ? "MET" : "MISSED"
}

# cpu LINE: the daemon's CPU per answer against a ceiling in microseconds
function cpu_line(label, c, max,    what, u) {
	what = sprintf("%s CPU per answer <= %d us", label, max)
	if (!have(label, c)) {
		printf "  %-52s n/a (not measured)\n", what
		return
	}
	u = get(label, c, "server_cpu_us")
	printf "  %-52s %8.1f us                          %s\n", what, u, u + 0 <= max ? "MET" : "MISSED"
}

# hostile LINE: with the delay on, every request answered (errors apart)
function hostile(label, c,    what, e) {
	what = sprintf("%s: no request dropped (errors)", label)
	if (!have(label, c)) {
		printf "  %-52s n/a (not measured)\n", what
		return
	}
	e = sum_errors[label SUBSEP c]
	printf "  %-52s %8d                          %s\n", what, e, e == 0 ? "MET" : "MISSED"
}

{
	label = ""; conc = ""
	for (i = 2; i <= NF; i++) {
		eq = index($i, "=")
		k = substr($i, 1, eq - 1); v = substr($i, eq + 1)
		f[k] = v
		if (k == "label") label = v
		if (k == "conc") conc = v
	}
	key = label SUBSEP conc
	if (!(key in best) || f["rps"] + 0 > best[key] + 0) {
		best[key] = f["rps"]
		for (k in f)
			val[key SUBSEP k] = f[k]
	}
	sum_wrong[key] += f["wrong"]
	sum_errors[key] += f["errors"]
	if (!((label SUBSEP conc) in seen)) {
		seen[label SUBSEP conc] = 1
		order[++n] = label SUBSEP conc
	}
	wrong_total += f["wrong"]
	error_total += f["errors"]
	delete f
}

END {
	printf "%-15s %4s %7s %8s %8s %7s %7s %7s %7s %7s %6s %6s\n", "configuration", "c", "req/s",
		"p50 us", "p99 us", "cpu us", "slapd", "client", "RSS MiB", "PSS MiB", "wrong",
		"errors"
	for (i = 1; i <= n; i++) {
		split(order[i], lc, SUBSEP)
		l = lc[1]; c = lc[2]
		cpu = get(l, c, "server_cpu_us"); rss = get(l, c, "server_rss_kib")
		pss = get(l, c, "server_pss_kib")
		printf "%-15s %4s %7.0f %8d %8d %7s %7.0f %7.0f %7s %7s %6d %6d\n", l, c,
			get(l, c, "rps"), get(l, c, "p50_us"), get(l, c, "p99_us"),
			cpu == "" ? "-" : sprintf("%.0f", cpu), get(l, c, "slapd_cpu_us"),
			get(l, c, "client_cpu_us"), rss == "" ? "-" : sprintf("%.1f", rss / 1024),
			pss == "" ? "-" : sprintf("%.1f", pss / 1024),
			sum_wrong[order[i]], sum_errors[order[i]]
	}
	print ""
	print "p50/p99: latency of a login as the client sees it (connect to reply)."
	print "cpu us, slapd, client: CPU time per answered request of the daemon (all its"
	print "processes), of slapd and of the load tool; the three share the machine's CPUs."
	print "RSS: peak of VmRSS summed over the daemon's processes (PSS: their shared pages"
	print "split between them). raw-* rows are bench/ldaplimit talking to slapd directly."
	print ""
	printf "targets (c=%s unless said otherwise):\n", topc
	if (!have_authd)
		print "  postino-authd was not built: its targets are n/a"
	ratio("authd bind, no cache >= 4x saslauthd, no cache", "authd-bind", "saslauthd", topc, 4)
	ratio("authd bind, no cache >= 1.5x raw search+bind", "authd-bind", "raw-searchbind", topc, 1.5)
	ratio("authd fastbind >= 0.9x raw direct bind", "authd-fastbind", "raw-directbind", topc, 0.9)
	ratio("authd cache on >= 3x saslauthd -c", "authd-cache", "saslauthd-c", topc, 3)
	ratio("authd cache, stream on >= 0.95x stream off", "authd-cache", "authd-nostream", topc, 0.95)
	latency("authd bind p99 <= saslauthd p50", "authd-bind", "saslauthd", topc)
	latency("authd cache p99 <= saslauthd -c p50", "authd-cache", "saslauthd-c", topc)
	ratio("authd cache, all hot >= 0.8x echo server", "hot-authd-cache", "hot-echo", topc, 0.8)
	cpu_line("hot-authd-cache", topc, 15)
	cpu_line("authd-cache", topc, 15)
	hostile("authd-hostile", topc)
	memory("authd-bind", big)
	memory("authd-cache", big)
	printf "  %-52s %8d                          %s\n", "wrong answers, all runs (must be 0)",
		wrong_total, wrong_total == 0 ? "MET" : "MISSED"
	printf "  %-52s %8d                          %s\n",
		"errors (refused, no reply, time-out), all runs", error_total,
		error_total == 0 ? "none" : "SEE TABLE"
}
