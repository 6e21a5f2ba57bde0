/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * dlopener — loads a library after start-up, the way plugins arrive.
 *
 *   dlopener LIBRARY
 *
 * dlopens LIBRARY, calls its testlib_value(), prints "loaded VALUE" and
 * stops itself (SIGSTOP) so that a test can read /proc/PID/smaps.  Once
 * continued: dlclose, more work (malloc, another dlopen of the same
 * library, libm's cos), "done VALUE", exit 0.  Any failure: exit 1.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int call(const char *lib, void **handle)
{
	int (*fn)(int);

	*handle = dlopen(lib, RTLD_NOW);
	if (!*handle) {
		fprintf(stderr, "dlopener: %s\n", dlerror());
		exit(1);
	}
	fn = (int (*)(int))dlsym(*handle, "testlib_value");
	if (!fn) {
		fprintf(stderr, "dlopener: %s\n", dlerror());
		exit(1);
	}
	return fn(14);
}

int main(int argc, char **argv)
{
	void *h, *m;
	double (*cosine)(double);
	char *buf;
	int v;

	if (argc != 2) {
		fprintf(stderr, "usage: dlopener LIBRARY\n");
		return 2;
	}
	v = call(argv[1], &h);
	/* A successful dlopen leaves no error behind, sealer or not. */
	if (dlerror() != NULL) {
		fprintf(stderr, "dlopener: stale dlerror after success\n");
		return 1;
	}
	printf("loaded %d\n", v);
	fflush(stdout);
	raise(SIGSTOP);

	if (dlclose(h) != 0) {
		fprintf(stderr, "dlopener: dlclose: %s\n", dlerror());
		return 1;
	}
	buf = malloc(1 << 20);
	if (!buf)
		return 1;
	memset(buf, 7, 1 << 20);
	free(buf);
	v += call(argv[1], &h);
	m = dlopen("libm.so.6", RTLD_NOW);
	cosine = m ? (double (*)(double))dlsym(m, "cos") : NULL;
	if (!cosine) {
		fprintf(stderr, "dlopener: libm: %s\n", dlerror());
		return 1;
	}
	printf("done %d %.1f\n", v, cosine(0.0));
	dlclose(m);
	dlclose(h);
	return 0;
}
