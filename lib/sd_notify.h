/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sd_notify.h: tell systemd (Type=notify) that a daemon is ready, reloading
 * or stopping, without linking libsystemd: one datagram to $NOTIFY_SOCKET.
 */
#ifndef POSTINO_SD_NOTIFY_H
#define POSTINO_SD_NOTIFY_H

/*
 * pst_sd_notify - send state (e.g. "READY=1") to the socket named by
 * $NOTIFY_SOCKET (a path, or "@name" in the abstract namespace). Does
 * nothing when it is unset; errors are ignored, as sd_notify's callers do.
 */
void pst_sd_notify(const char *state);

#endif
