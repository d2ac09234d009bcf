/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_keyed_hash.c: lib/keyed_hash: the same parts give the same digest
 * in every thread, part boundaries count, and a new key gives new digests.
 */
#include <pthread.h>
#include <string.h>

#include "keyed_hash.h"
#include "result.h"
#include "t.h"

static const struct keyed_part abc[] = {{"ab", 2}, {"c", 1}};

static void *
in_thread(void *out)
{
	keyed_hash(abc, 2, out);
	return NULL;
}

int
main(void)
{
	unsigned char d1[KEYED_HASH_LEN], d2[KEYED_HASH_LEN], d3[KEYED_HASH_LEN];
	unsigned char t[4][KEYED_HASH_LEN];
	const struct keyed_part split[] = {{"a", 1}, {"bc", 2}};
	pthread_t th[4];
	int i, same = 1;

	T_CHECK(keyed_hash_init() == PST_OK, "key drawn");
	keyed_hash(abc, 2, d1);
	keyed_hash(abc, 2, d2);
	T_CHECK(memcmp(d1, d2, sizeof(d1)) == 0, "same parts, same digest");
	keyed_hash(split, 2, d3);
	T_CHECK(memcmp(d1, d3, sizeof(d1)) != 0, "(ab, c) and (a, bc) differ");
	keyed_hash(abc, 1, d3);
	T_CHECK(memcmp(d1, d3, sizeof(d1)) != 0, "a part more or less differs");
	for (i = 0; i < 4; i++)
		T_CHECK(pthread_create(&th[i], NULL, in_thread, t[i]) == 0, "thread %d started", i);
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		same &= memcmp(t[i], d1, sizeof(d1)) == 0;
	}
	T_CHECK(same, "every thread computes the same digest");
	keyed_hash_shutdown();
	T_CHECK(keyed_hash_init() == PST_OK, "a new key drawn");
	keyed_hash(abc, 2, d2);
	T_CHECK(memcmp(d1, d2, sizeof(d1)) != 0, "a new key, a new digest");
	keyed_hash_shutdown();
	return t_done("keyed_hash");
}
