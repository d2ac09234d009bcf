/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sync_msg.h: decoding the values of RFC 4533 (LDAP content
 * synchronisation) controls and messages, as a server sends them.
 *
 *   Sync State control (on each entry)   SEQUENCE { state, entryUUID, cookie? }
 *   Sync Done control (on the result)    SEQUENCE { cookie?, refreshDeletes? }
 *   Sync Info message (intermediate)     CHOICE { newcookie [0],
 *                                          refreshDelete [1], refreshPresent [2],
 *                                          syncIdSet [3] }
 *
 * The values come from the network, so the decoder is strict and bounded:
 * definite lengths only, one-byte tags, no bytes left over, UUIDs of
 * exactly 16 bytes, cookies of at most SYNC_COOKIE_MAX bytes. It
 * allocates nothing: the cookie and the UUID set point into the input.
 * Anything it does not accept makes the caller resynchronise.
 */
#ifndef POSTINO_SYNC_MSG_H
#define POSTINO_SYNC_MSG_H

#include <stddef.h>

#define SYNC_OID_REQUEST "1.3.6.1.4.1.4203.1.9.1.1"
#define SYNC_OID_STATE   "1.3.6.1.4.1.4203.1.9.1.2"
#define SYNC_OID_DONE    "1.3.6.1.4.1.4203.1.9.1.3"
#define SYNC_OID_INFO    "1.3.6.1.4.1.4203.1.9.1.4"

/* Longer than any cookie syncprov writes (a few CSNs), short enough to keep. */
#define SYNC_COOKIE_MAX 4096
#define SYNC_UUID_LEN   16

/* The state of an entry (Sync State control), RFC 4533 section 2.3. */
enum sync_state {
	SYNC_ST_PRESENT = 0,
	SYNC_ST_ADD = 1,
	SYNC_ST_MODIFY = 2,
	SYNC_ST_DELETE = 3,
};

enum sync_kind {
	SYNC_MSG_STATE = 1,       /* Sync State control */
	SYNC_MSG_DONE,            /* Sync Done control */
	SYNC_MSG_NEW_COOKIE,      /* Sync Info newcookie */
	SYNC_MSG_REFRESH_DELETE,  /* Sync Info refreshDelete */
	SYNC_MSG_REFRESH_PRESENT, /* Sync Info refreshPresent */
	SYNC_MSG_ID_SET,          /* Sync Info syncIdSet */
};

struct sync_msg {
	enum sync_kind kind;
	enum sync_state state;             /* STATE */
	unsigned char uuid[SYNC_UUID_LEN]; /* STATE */
	const unsigned char *cookie;       /* NULL if absent; points into the input */
	size_t cookie_len;
	int refresh_deletes;      /* DONE, ID_SET: default FALSE */
	int refresh_done;         /* REFRESH_DELETE/PRESENT: default TRUE */
	const unsigned char *ids; /* ID_SET: the SET's contents, already checked */
	size_t ids_len;
	size_t nids; /* ID_SET: number of UUIDs */
};

/* sync_parse_state - a Sync State control value; -1 if malformed */
int sync_parse_state(const void *val, size_t len, struct sync_msg *m);
/* sync_parse_done - a Sync Done control value (may be empty); -1 if malformed */
int sync_parse_done(const void *val, size_t len, struct sync_msg *m);
/* sync_parse_info - a Sync Info message value; -1 if malformed */
int sync_parse_info(const void *val, size_t len, struct sync_msg *m);

/*
 * sync_id_next - the next UUID of an ID_SET message into out, walking
 * from *pos (start at 0); 0 when there are no more.
 */
int sync_id_next(const struct sync_msg *m, size_t *pos, unsigned char out[SYNC_UUID_LEN]);

#endif
