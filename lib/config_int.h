/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * config_int.h: helpers shared by the config modules (config.c,
 * config_file.c, config_print.c); not part of the public interface.
 */
#ifndef POSTINO_CONFIG_INT_H
#define POSTINO_CONFIG_INT_H

#include "config.h"

/* cfg_find - the definition whose name or alias is key (case-insensitive), or NULL */
const struct cfg_def *cfg_find(const struct cfg_table *tabs, size_t ntabs, const char *key,
                               const struct cfg_table **tab_r);

/* cfg_field - the address of def's field in tab's struct */
void *cfg_field(const struct cfg_table *tab, const struct cfg_def *def);

#endif
