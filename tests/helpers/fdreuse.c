/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * fdreuse FILE LIBRARY — for a program started with stderr closed: opens
 * FILE for writing, which then takes descriptor 2, prints "fd N" on
 * stdout, dlopens and dlcloses LIBRARY (so that a preloaded sealer acts
 * after main has started) and exits 0.  It writes nothing to FILE
 * itself: whatever FILE holds afterwards was written by someone else
 * into a descriptor they took for stderr.  Errors go to stdout; exit 1.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	void *h;
	int fd;

	if (argc != 3) {
		printf("usage: fdreuse FILE LIBRARY\n");
		return 64;
	}
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	printf("fd %d\n", fd);
	fflush(stdout);
	h = dlopen(argv[2], RTLD_NOW);
	if (!h) {
		printf("fdreuse: %s\n", dlerror());
		return 1;
	}
	dlclose(h);
	return 0;
}
