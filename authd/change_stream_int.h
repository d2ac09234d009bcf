/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * change_stream_int.h: the change stream's state, shared by its thread
 * (change_stream.c) and the handling of each entry (change_events.c). Only
 * the stream's thread touches it.
 */
#ifndef AUTHD_CHANGE_STREAM_INT_H
#define AUTHD_CHANGE_STREAM_INT_H

#include <stdint.h>

#include "sync_client.h"

struct sync_accounts;

struct change_events {
	struct sync_accounts *accounts;
	int uid_logins; /* ldap_filter is (uid=%u): a uid names every cache entry of an account */
	int full;       /* the table overflowed: unknown entries may be accounts */
	size_t evictions;
	const char *csn; /* entryCSN of the entry being handled, or NULL */
};

/* change_events_attrs - the attributes the sync search asks for (NULL-terminated) */
const char *const *change_events_attrs(void);
/* change_events_entry - a sync_client entry callback; arg is a struct change_events */
void change_events_entry(void *arg, const struct sync_event *ev);

#endif
