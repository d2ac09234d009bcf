/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli_report.c: errors and warnings for the administrator, and the exit
 * codes they turn into.
 *
 * Messages often carry text from the directory server (its diagnostic
 * message), so they are cleaned of control characters before they reach the
 * terminal.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "cli_output.h"
#include "xalloc.h"

int
cli_exit_from(enum pst_result r)
{
	switch (r) {
	case PST_OK:
		return CLI_EXIT_OK;
	case PST_PERMFAIL:
		return CLI_EXIT_REFUSED;
	case PST_TEMPFAIL:
		break;
	}
	return CLI_EXIT_UNAVAILABLE;
}

__attribute__((format(printf, 1, 0))) static char *
format_clean(const char *fmt, va_list ap)
{
	char raw[2048];
	struct buf b = BUF_INIT;
	int n = vsnprintf(raw, sizeof(raw), fmt, ap);

	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(raw))
		n = sizeof(raw) - 1;
	out_text_clean(&b, raw, (size_t)n);
	return buf_detach(&b);
}

void
cli_err(const char *fmt, ...)
{
	va_list ap;
	char *m;

	va_start(ap, fmt);
	m = format_clean(fmt, ap);
	va_end(ap);
	fprintf(stderr, "postinoctl: %s\n", m);
	xfree(&m);
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;
	char *m;

	va_start(ap, fmt);
	m = format_clean(fmt, ap);
	va_end(ap);
	fprintf(stderr, "postinoctl: warning: %s\n", m);
	xfree(&m);
}

int
cli_fail(struct cli_ctx *ctx, int code, const char *fmt, ...)
{
	va_list ap;
	char *m;

	va_start(ap, fmt);
	m = format_clean(fmt, ap);
	va_end(ap);
	fprintf(stderr, "postinoctl: %s\n", m);
	if (ctx != NULL && ctx->g.json) {
		struct buf b = BUF_INIT;

		buf_appends(&b, "{\"ok\":false,\"error\":");
		out_json_string(&b, m, strlen(m));
		buf_appendf(&b, ",\"exit\":%d}", code);
		fprintf(ctx->out, "%s\n", b.data);
		buf_free(&b);
	}
	xfree(&m);
	return code;
}
