/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealmap — a process with known sealed and unsealed mappings, for tests
 * and benchmarks of sealctl inspect.
 *
 *   sealmap [-qx] [-n PAGES] [-e EVERY] [-f FILE] [-F FILE]
 *
 *   -n PAGES  map PAGES anonymous pages (default 6), each its own VMA:
 *             even pages are read-write, odd pages read-only, so that no
 *             two neighbours merge; a PROT_NONE guard page on each side
 *             keeps them apart from any other mapping.
 *   -e EVERY  seal page i when i % EVERY == 0 (default 2; 0: seal none).
 *   -f FILE   also map FILE read-only (its whole length, private), unsealed.
 *   -F FILE   likewise, and seal it.
 *   -q        do not list the anonymous pages (large -n).
 *   -x        exit once ready instead of waiting.
 *
 * Output: "pid N", then one line per mapping it made,
 * "sealed|unsealed START-END" with addresses as /proc prints them, then
 * "ready".  It then waits until killed (or exits 0 with -x).
 *
 * Exit: 1 on any failure (the message names the call), 2 when mseal is
 * not supported here (ENOSYS), so tests can skip.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seal.h"

static long page;

static void die(const char *what, int err)
{
	fprintf(stderr, "sealmap: %s: %s\n", what, strerror(err));
	exit(err == ENOSYS ? 2 : 1);
}

static void show(int sealed, const char *p, size_t len)
{
	printf("%s %08lx-%08lx\n", sealed ? "sealed" : "unsealed",
	       (unsigned long)p, (unsigned long)(p + len));
}

static void seal(void *p, size_t len, const char *what)
{
	int rc = seal_range(p, len);

	if (rc < 0)
		die(what, -rc);
}

static void map_pages(long n, long every, int quiet)
{
	size_t len = (size_t)(n + 2) * (size_t)page;
	char *base = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long i;

	if (base == MAP_FAILED)
		die("mmap", errno);
	for (i = 0; i < n; i++) {
		char *p = base + (size_t)(i + 1) * (size_t)page;
		int prot = i % 2 ? PROT_READ : PROT_READ | PROT_WRITE;
		int sealed = every > 0 && i % every == 0;

		if (mprotect(p, (size_t)page, prot) < 0)
			die("mprotect", errno);
		if (sealed)
			seal(p, (size_t)page, "mseal (anonymous page)");
		if (!quiet)
			show(sealed, p, (size_t)page);
	}
}

static void map_file(const char *path, int sealed)
{
	struct stat st;
	size_t len;
	char *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0)
		die(path, errno);
	if (st.st_size == 0) {
		fprintf(stderr, "sealmap: %s: empty file\n", path);
		exit(1);
	}
	len = ((size_t)st.st_size + (size_t)page - 1) & ~((size_t)page - 1);
	p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		die(path, errno);
	close(fd);
	if (sealed)
		seal(p, len, path);
	show(sealed, p, len);
}

static long number(const char *s, const char *opt)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 1000000) {
		fprintf(stderr, "sealmap: %s: bad number '%s'\n", opt, s);
		exit(1);
	}
	return v;
}

int main(int argc, char **argv)
{
	long pages = 6, every = 2;
	int quiet = 0, leave = 0, c;

	page = sysconf(_SC_PAGESIZE);
	printf("pid %d\n", (int)getpid());
	while ((c = getopt(argc, argv, "qxn:e:f:F:")) != -1) {
		switch (c) {
		case 'q':
			quiet = 1;
			break;
		case 'x':
			leave = 1;
			break;
		case 'n':
			pages = number(optarg, "-n");
			break;
		case 'e':
			every = number(optarg, "-e");
			break;
		case 'f':
		case 'F':
			map_file(optarg, c == 'F');
			break;
		default:
			fprintf(stderr, "usage: sealmap [-qx] [-n PAGES] [-e EVERY] "
				"[-f FILE] [-F FILE]\n");
			return 1;
		}
	}
	if (pages > 0)
		map_pages(pages, every, quiet);
	printf("ready\n");
	fflush(stdout);
	if (leave)
		return 0;
	for (;;)
		pause();
}
