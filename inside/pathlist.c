/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * The protocol's two helpers, shared by sealrun, the sealer and the exec
 * guard: one environment look-up, and the editing of the loader's path
 * lists (LD_AUDIT, LD_PRELOAD; sealrun puts its sealer first, the sealer
 * takes itself out for --no-inherit).  No allocation: the sealer edits
 * the process's initial environment in place.
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

const char *sealrun_env_get(char *const *env, const char *name)
{
	size_t n = strlen(name);

	for (char *const *e = env; e && *e; e++)
		if (!strncmp(*e, name, n) && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

bool sealrun_env_flag(char *const *env, const char *name)
{
	const char *v = sealrun_env_get(env, name);

	return v && !strcmp(v, "1");
}
