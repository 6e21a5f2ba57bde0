/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * loadprobe [-n LIB] [-q] MODE [ARG] — make the loader load something in
 * one of the ways a program can, then stop, for tests/bats/loads.bats.
 *
 *   dlmopen LIB INNER   dlmopen(LM_ID_NEWLM, LIB), then LIB's
 *                       probe_load(INNER) dlopens INNER from there
 *   deepbind LIB INNER  the same with dlopen(LIB, RTLD_DEEPBIND)
 *   iconv CHARSET       iconv_open(CHARSET, "UTF-8"): glibc loads a
 *                       gconv module by itself
 *   pthread_exit        a thread calls pthread_exit: glibc loads libgcc_s
 *   getpwnam NAME       getpwnam(NAME): glibc loads the NSS modules
 *                       /etc/nsswitch.conf names, in turn until one
 *                       knows NAME (whether any does does not matter)
 *   dlopen LIB          plain dlopen(LIB, RTLD_NOW)
 *   none                nothing
 *
 *   -n LIB   then dlopen LIB as well: a later loader event
 *   -q       do not stop: print and exit
 *
 * Prints "loaded", stops itself (SIGSTOP) so that a test can read its
 * smaps, and exits 0 when continued; 1 with a message when a step fails.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int die(const char *what, const char *why)
{
	printf("%s: %s\n", what, why ? why : "failed");
	return 1;
}

static void *exits(void *arg)
{
	(void)arg;
	pthread_exit(NULL);
}

/* dlopen from inside LIB, in LIB's namespace and with its binding. */
static int from_inside(void *h, const char *inner)
{
	void (*load)(const char *) = h ? (void (*)(const char *))dlsym(h, "probe_load") : NULL;

	if (!load)
		return die("probe_load", dlerror());
	load(inner);
	return 0;
}

int main(int argc, char **argv)
{
	const char *next = NULL;
	int opt, stop = 1;
	const char *mode;

	while ((opt = getopt(argc, argv, "+n:q")) != -1) {
		if (opt == 'n')
			next = optarg;
		else if (opt == 'q')
			stop = 0;
		else
			return 2;
	}
	if (optind >= argc)
		return 2;
	mode = argv[optind];
	if (!strcmp(mode, "dlmopen") && argc - optind == 3) {
		if (from_inside(dlmopen(LM_ID_NEWLM, argv[optind + 1], RTLD_NOW),
				argv[optind + 2]))
			return 1;
	} else if (!strcmp(mode, "deepbind") && argc - optind == 3) {
		if (from_inside(dlopen(argv[optind + 1], RTLD_NOW | RTLD_DEEPBIND),
				argv[optind + 2]))
			return 1;
	} else if (!strcmp(mode, "iconv") && argc - optind == 2) {
		if (iconv_open(argv[optind + 1], "UTF-8") == (iconv_t)-1)
			return die("iconv_open", strerror(errno));
	} else if (!strcmp(mode, "pthread_exit") && argc - optind == 1) {
		pthread_t t;

		if (pthread_create(&t, NULL, exits, NULL) != 0 || pthread_join(t, NULL) != 0)
			return die("pthread", NULL);
	} else if (!strcmp(mode, "getpwnam") && argc - optind == 2) {
		getpwnam(argv[optind + 1]);
	} else if (!strcmp(mode, "dlopen") && argc - optind == 2) {
		if (!dlopen(argv[optind + 1], RTLD_NOW))
			return die("dlopen", dlerror());
	} else if (strcmp(mode, "none") != 0) {
		return 2;
	}
	if (next && !dlopen(next, RTLD_NOW))
		return die("dlopen", dlerror());
	printf("loaded\n");
	fflush(stdout);
	if (stop)
		raise(SIGSTOP);
	return 0;
}
