/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * result.c: names for the three-way result, for log lines.
 */
#include "result.h"

const char *
pst_result_name(enum pst_result r)
{
	switch (r) {
	case PST_OK:
		return "OK";
	case PST_PERMFAIL:
		return "PERMFAIL";
	case PST_TEMPFAIL:
		return "TEMPFAIL";
	}
	return "UNKNOWN";
}
