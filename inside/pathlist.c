/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Editing the loader's path lists (LD_AUDIT, LD_PRELOAD), shared by
 * sealrun (which puts its sealer first) and the sealer (which takes
 * itself out for --no-inherit).  No allocation: the sealer edits the
 * process's initial environment in place.
 */
#include <string.h>

#include "protocol.h"

size_t sealrun_list_filter(const char *list, const char *seps,
			   int (*drop)(const char *entry, size_t len, void *ctx), void *ctx,
			   char *out)
{
	size_t len = 0;

	for (const char *p = list; *p; ) {
		size_t n = strcspn(p, seps);

		/* out never runs ahead of p: in-place editing is safe. */
		if (n && !drop(p, n, ctx)) {
			if (len)
				out[len++] = ':';
			memmove(out + len, p, n);
			len += n;
		}
		p += n;
		p += strspn(p, seps);
	}
	out[len] = '\0';
	return len;
}
