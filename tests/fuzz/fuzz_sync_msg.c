/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_sync_msg.c: the RFC 4533 value decoders (Sync State, Sync Done,
 * Sync Info) on arbitrary bytes; the first byte picks the decoder. Every
 * pointer they return must lie inside the input, a cookie must respect its
 * cap, and walking a syncIdSet must give exactly the count the decoder
 * reported. The Sync Request encoder is run on the same bytes as a cookie.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sync_client.h"
#include "sync_msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_msg(const struct sync_msg *m, const uint8_t *v, size_t n)
{
	unsigned char uuid[SYNC_UUID_LEN];
	size_t pos = 0, count = 0;

	if (m->cookie != NULL &&
	    (m->cookie < v || m->cookie + m->cookie_len > v + n || m->cookie_len > SYNC_COOKIE_MAX))
		abort();
	if (m->kind != SYNC_MSG_ID_SET)
		return;
	if (m->ids < v || m->ids + m->ids_len > v + n || m->nids * (SYNC_UUID_LEN + 2) > m->ids_len)
		abort();
	while (sync_id_next(m, &pos, uuid)) {
		if (++count > m->nids || pos > m->ids_len)
			abort();
	}
	if (count != m->nids)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sync_msg m;
	unsigned char req[SYNC_COOKIE_MAX + 16];
	const uint8_t *v = data + 1;
	size_t n, len;
	int rc;

	if (size < 1)
		return 0;
	n = size - 1;
	switch (data[0] % 3) {
	case 0:
		rc = sync_parse_state(v, n, &m);
		if (rc == 0 && (m.state > SYNC_ST_DELETE || m.cookie_len > SYNC_COOKIE_MAX))
			abort();
		break;
	case 1:
		rc = sync_parse_done(v, n, &m);
		break;
	default:
		rc = sync_parse_info(v, n, &m);
		break;
	}
	if (rc == 0)
		check_msg(&m, v, n);
	len = sync_request_value(v, n, req, sizeof(req));
	if ((n <= SYNC_COOKIE_MAX) != (len > 0) || len > sizeof(req))
		abort();
	if (len > 0 && memcmp(req + len - n, v, n) != 0)
		abort();
	return 0;
}
