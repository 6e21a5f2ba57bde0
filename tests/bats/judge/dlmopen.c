// SPDX-License-Identifier: GPL-2.0-or-later
// SPDX-FileCopyrightText: 2026 The sealtools authors
/* dlmopen PLUGIN into a new namespace and let it execv (exec) or
 * posix_spawn (spawn) ARGV.  Usage: dlmopen PLUGIN exec|spawn PATH [ARG...] */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	void *h;
	int (*run)(int, char **);

	if (argc < 4)
		return 2;
	h = dlmopen(LM_ID_NEWLM, argv[1], RTLD_NOW);
	if (!h || !(run = (int (*)(int, char **))dlsym(h, "plugin_run"))) {
		fprintf(stderr, "dlmopen: %s\n", dlerror());
		return 2;
	}
	return run(!strcmp(argv[2], "spawn"), argv + 3);
}
