/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/* Classification of a VMA into the kinds documented in sealctl(8). */
#include <string.h>

#include "seal.h"

static const char *const kind_names[SEAL_KIND_COUNT] = {
	[SEAL_KIND_CODE]   = "code",
	[SEAL_KIND_RODATA] = "rodata",
	[SEAL_KIND_DATA]   = "data",
	[SEAL_KIND_HEAP]   = "heap",
	[SEAL_KIND_STACK]  = "stack",
	[SEAL_KIND_SYSTEM] = "system",
	[SEAL_KIND_ANON]   = "anon",
	[SEAL_KIND_SHM]    = "shm",
	[SEAL_KIND_OTHER]  = "other",
	[SEAL_KIND_REGION] = "region",
};

const char *seal_kind_name(enum seal_kind kind)
{
	if ((unsigned)kind >= SEAL_KIND_COUNT)
		return NULL;
	return kind_names[kind];
}

static int has_prefix(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

static int is(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && memcmp(s, word, len) == 0;
}

enum seal_kind seal_classify(const char *path, size_t len,
			     const char perms[5], uint64_t inode)
{
	if (len == 0)
		return SEAL_KIND_ANON;

	if (path[0] == '[') {
		if (is(path, len, "[heap]"))
			return SEAL_KIND_HEAP;
		/* "[stack:TID]" is how kernels before 4.5 named thread stacks. */
		if (is(path, len, "[stack]") || has_prefix(path, len, "[stack:"))
			return SEAL_KIND_STACK;
		if (is(path, len, "[vdso]") || is(path, len, "[vvar]") ||
		    is(path, len, "[vvar_vclock]") || is(path, len, "[vsyscall]") ||
		    is(path, len, "[uprobes]"))
			return SEAL_KIND_SYSTEM;
		if (has_prefix(path, len, "[anon:") || has_prefix(path, len, "[anon_shmem:"))
			return SEAL_KIND_ANON;
		return SEAL_KIND_OTHER;
	}

	if (has_prefix(path, len, "/memfd:" SEAL_ALLOC_NAME_PREFIX))
		return SEAL_KIND_REGION;
	if (has_prefix(path, len, "/SYSV") || has_prefix(path, len, "/dev/shm/") ||
	    has_prefix(path, len, "/memfd:"))
		return SEAL_KIND_SHM;

	/* Pseudo files ("anon_inode:[…]") and anything not a path are not
	 * objects.  (Shared anonymous memory, "/dev/zero (deleted)", has an
	 * inode: the smaps reader, which sees its device, tells it.) */
	if (path[0] != '/' || inode == 0)
		return SEAL_KIND_OTHER;

	if (perms[2] == 'x')
		return SEAL_KIND_CODE;
	if (perms[1] == 'w')
		return SEAL_KIND_DATA;
	if (perms[0] == 'r')
		return SEAL_KIND_RODATA;
	/* ---p: the PROT_NONE gaps a loader leaves between segments. */
	return SEAL_KIND_OTHER;
}
