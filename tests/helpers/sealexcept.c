/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealexcept — a process sealed by hand, all but some mappings.
 *
 *   sealexcept PATTERN [LIBRARY...]
 *
 * dlopens each LIBRARY, then seals every mapping of its own (from
 * /proc/self/maps) except [heap], [stack], [vsyscall] (no VMA of the
 * process) and those whose path contains PATTERN; prints "ready" and waits for a signal.  So a test gets a
 * process in which exactly one object is left open, whatever the
 * sealer would do with it.  Exit 1 when a dlopen or a seal fails, 2
 * when this kernel cannot seal.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seal.h"

int main(int argc, char **argv)
{
	char line[4096];
	FILE *f;
	int i, rc;

	if (argc < 2) {
		fputs("usage: sealexcept PATTERN [LIBRARY...]\n", stderr);
		return 64;
	}
	if (seal_probe() < 0)
		return 2;
	for (i = 2; i < argc; i++)
		if (!dlopen(argv[i], RTLD_NOW)) {
			fprintf(stderr, "sealexcept: %s\n", dlerror());
			return 1;
		}
	f = fopen("/proc/self/maps", "r");
	if (!f)
		return 1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long start, end;
		const char *path = strchr(line, '/');

		if (!path)
			path = strchr(line, '[');
		if (sscanf(line, "%lx-%lx", &start, &end) != 2)
			return 1;
		if (path && (strstr(path, argv[1]) || strncmp(path, "[heap]", 6) == 0 ||
			     strncmp(path, "[stack]", 7) == 0 ||
			     strncmp(path, "[vsyscall]", 10) == 0))
			continue;
		rc = seal_range((void *)start, end - start);
		if (rc < 0) {
			fprintf(stderr, "sealexcept: %s: %s", strerror(-rc), line);
			return 1;
		}
	}
	fclose(f);
	puts("ready");
	fflush(stdout);
	pause();
	return 0;
}
