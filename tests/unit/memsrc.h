/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * A seal_read_fn over bytes in memory that hands out at most `chunk`
 * bytes per read, so that line and buffer boundaries fall anywhere.
 * Shared by the smaps unit tests and the smaps fuzz target.
 */
#ifndef SEAL_TESTS_MEMSRC_H
#define SEAL_TESTS_MEMSRC_H

#include <string.h>
#include <sys/types.h>

struct memsrc {
	const void *data;
	size_t len, pos, chunk;
};

static inline ssize_t memsrc_read(void *ctx, void *buf, size_t len)
{
	struct memsrc *m = ctx;
	size_t n = m->len - m->pos;

	if (n > len)
		n = len;
	if (n > m->chunk)
		n = m->chunk;
	memcpy(buf, (const char *)m->data + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

#endif /* SEAL_TESTS_MEMSRC_H */
