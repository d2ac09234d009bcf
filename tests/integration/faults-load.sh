#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# tests/integration/faults-load.sh: bench/run-faults with short settings:
# slapd SIGSTOPped, SIGKILLed and restarted, and cut off by a proxy that
# stops forwarding, while authd and the SASL plugin are under load. No
# wrong OK, every answer within the time-out (plus slack), the first OK
# within 1 s of the directory answering again.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
FAULT_TIMEOUT_S=${FAULT_TIMEOUT_S:-2} FAULT_HOLD_S=${FAULT_HOLD_S:-5} \
	FAULT_SETTLE_S=${FAULT_SETTLE_S:-5} FAULT_CLIENTS=${FAULT_CLIENTS:-4} \
	FAULT_PAUSE_MS=${FAULT_PAUSE_MS:-5} FAULT_SLACK_MS=${FAULT_SLACK_MS:-1000} \
	FAULT_SPAWN_MS=${FAULT_SPAWN_MS:-1500} exec "$TOP/bench/run-faults"
