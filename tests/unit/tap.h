/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/* Minimal TAP producer for the C unit tests. */
#ifndef SEAL_TAP_H
#define SEAL_TAP_H

#include <stdio.h>
#include <stdlib.h>

static int tap_n, tap_failed;

#define ok(cond, ...) do {						\
	int ok_c_ = !!(cond);						\
	printf("%sok %d - ", ok_c_ ? "" : "not ", ++tap_n);		\
	printf(__VA_ARGS__);						\
	printf("\n");							\
	if (!ok_c_) {							\
		tap_failed++;						\
		printf("#   failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	}								\
	fflush(stdout);							\
} while (0)

#define skip(reason) do {						\
	printf("ok %d # skip %s\n", ++tap_n, reason);			\
	fflush(stdout);							\
} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
