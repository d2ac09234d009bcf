/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * version.h: the one version string of every postino program and the
 * plugin. The Makefile sets it (VERSION, passed as -DPOSTINO_VERSION), so
 * a release changes one line; the fallback only marks a build made some
 * other way.
 */
#ifndef POSTINO_VERSION_H
#define POSTINO_VERSION_H

#ifndef POSTINO_VERSION
#define POSTINO_VERSION "unknown"
#endif

#endif
