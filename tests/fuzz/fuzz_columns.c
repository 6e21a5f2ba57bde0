/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * libFuzzer target: the -o/--output column list parser of sealctl
 * (cmd/sealctl/columns.c), with the real column names of `sealctl
 * inspect` in each of its modes (the first byte picks the mode and the
 * limit).  Invariants: no more ids than the limit, each the id of an
 * offered column whose name matches the list's item; an unknown name is
 * reported inside the list.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sealctl.h"

/* As in inspect.c: NULL where a mode has no such column. */
static const char *const modes[3][17] = {
	{ "PID", NULL, "START", "END", "PERMS", "OFFSET", "DEV", "INODE", "SIZE",
	  "SEALED", "KIND", "PATH", "VMFLAGS", NULL, NULL, NULL, NULL },
	{ "PID", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "SIZE", NULL, NULL,
	  "PATH", NULL, "VMAS", "SEALED", "SEALED-SIZE", "COVERAGE" },
	{ "PID", "COMM", NULL, NULL, NULL, NULL, NULL, NULL, "SIZE", NULL, NULL,
	  NULL, NULL, "VMAS", "SEALED", "SEALED-SIZE", "COVERAGE" },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *const *names;
	const char *bad = NULL, *item;
	char *list;
	int ids[64];
	size_t n = 0, max, badlen = 0, i;
	int rc;

	if (size < 1)
		return 0;
	names = modes[data[0] % 3];
	max = 1 + (data[0] >> 2) % 64;
	list = malloc(size);
	if (!list)
		return 0;
	memcpy(list, data + 1, size - 1);
	list[size - 1] = '\0';

	rc = parse_columns(list, names, 17, ids, max, &n, &bad, &badlen);
	if (rc != 0 && rc != -EINVAL && rc != -E2BIG)
		abort();
	if (n > max)
		abort();
	if (rc == -EINVAL && (bad < list || bad + badlen > list + strlen(list)))
		abort();
	/* The ids name the list's items, in order. */
	item = list;
	for (i = 0; i < n; i++) {
		size_t len = strcspn(item, ",");

		if (ids[i] < 0 || ids[i] >= 17 || !names[ids[i]] ||
		    strlen(names[ids[i]]) != len || strncasecmp(names[ids[i]], item, len))
			abort();
		item += len + (item[len] == ',');
	}
	free(list);
	return 0;
}
