/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl — the -o/--output column list: "NAME,NAME,...", names matched
 * without regard to case.  Kept apart from inspect.c so that the fuzzer
 * (tests/fuzz/fuzz_columns.c) can reach it without the rest of sealctl.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "sealctl.h"

static int column_lookup(const char *const names[], size_t nnames,
			 const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < nnames; i++)
		if (names[i] && strlen(names[i]) == len &&
		    strncasecmp(names[i], name, len) == 0)
			return (int)i;
	return -1;
}

int parse_columns(const char *list, const char *const names[], size_t nnames,
		  int ids[], size_t max, size_t *n,
		  const char **bad, size_t *badlen)
{
	const char *p;
	int id;

	for (p = list;; p++) {
		if (*p != ',' && *p)
			continue;
		id = column_lookup(names, nnames, list, (size_t)(p - list));
		if (id < 0) {
			*bad = list;
			*badlen = (size_t)(p - list);
			return -EINVAL;
		}
		if (*n >= max)
			return -E2BIG;
		ids[(*n)++] = id;
		if (!*p)
			return 0;
		list = p + 1;
	}
}
