/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * libFuzzer target: the policy parser and formatter (common/policy.c).
 *
 * The input, cut at its first NUL, is a --policy argument.  Invariants:
 * an error points inside the text; a mask has only policy bits; a
 * non-zero mask formats to text that parses back to the same mask, and
 * formatting into every shorter buffer fails with -ENOSPC and a
 * NUL-terminated string instead of overrunning.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "seal_policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), buf[256];
	size_t where = SIZE_MAX, len, i;
	int mask, n;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	len = strlen(text);
	mask = seal_policy_parse(text, &where);
	if (mask < 0) {
		if (mask != -EINVAL || where > len)
			abort();
		free(text);
		return 0;
	}
	if ((unsigned int)mask & ~(unsigned int)SEAL_POLICY_ALL)
		abort();
	free(text);
	if (mask == 0)
		return 0;

	n = seal_policy_format((unsigned int)mask, buf, sizeof(buf));
	if (n <= 0 || (size_t)n != strlen(buf) || seal_policy_parse(buf, &where) != mask)
		abort();
	for (i = 0; i <= (size_t)n; i++) {
		char small[256];

		memset(small, 'x', sizeof(small));
		if (seal_policy_format((unsigned int)mask, small, i) != -ENOSPC)
			abort();
		if (i > 0 && memchr(small, '\0', i) == NULL)
			abort();
		if (small[i] != 'x')
			abort();	/* wrote past the size it was given */
	}
	return 0;
}
