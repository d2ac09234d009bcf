/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_config.c: the "key: value" parser with the real ldap and common
 * tables, from memory (cfg_load_buffer), releasing everything each run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common_settings.h"
#include "config.h"
#include "ldap_settings.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ldap_settings ls;
	struct common_settings cs;
	struct cfg_table tabs[2];
	char *err = NULL;

	/* Unknown keys are warned about; keep the fuzzer's output readable. */
	log_set_level(LOG_LVL_ERROR);
	memset(&ls, 0, sizeof(ls));
	memset(&cs, 0, sizeof(cs));
	tabs[0] = ldap_settings_table(&ls);
	tabs[1] = common_settings_table(&cs);
	cfg_defaults(tabs, 2);
	if (cfg_load_buffer(tabs, 2, "fuzz", (const char *)data, size, &err) != PST_OK &&
	    (err == NULL || strncmp(err, "fuzz:", 5) != 0))
		abort(); /* every error names file:line */
	free(err);
	cfg_release(tabs, 2);
	return 0;
}
