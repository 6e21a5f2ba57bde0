/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * oddmaps DIR — a process whose mappings are the awkward cases for an
 * smaps reader, for tests/bats/badinput.bats and the fuzz seeds.
 *
 * In DIR it creates, maps (one page, read-only, private) and seals:
 *   "name with spaces", "new\nline", "quote\"s 'and' back\\slash",
 *   and a file it then deletes (smaps says "(deleted)").
 * Also, sealed: a memfd named "odd memfd", an anonymous page named
 * "odd name" with PR_SET_VMA_ANON_NAME (when the kernel has it), and a
 * 1 TiB PROT_NONE reservation (MAP_NORESERVE: it costs no memory).
 *
 * Output: "pid N", then "LABEL START-END" per mapping (addresses as /proc
 * prints them; "anon-name" is missing when the kernel cannot name), then
 * "ready".  It then waits until killed.
 * Exit: 1 on failure (the message names the call), 2 without mseal.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "seal.h"

#ifndef PR_SET_VMA
#define PR_SET_VMA		0x53564d41
#define PR_SET_VMA_ANON_NAME	0
#endif

static size_t page;

static void die(const char *what)
{
	fprintf(stderr, "oddmaps: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void report(const char *label, void *p, size_t len)
{
	int rc = seal_range(p, len);

	if (rc == -ENOSYS)
		exit(2);
	if (rc < 0) {
		errno = -rc;
		die(label);
	}
	printf("%s %lx-%lx\n", label, (unsigned long)p, (unsigned long)p + len);
}

static void *map_fd(int fd, const char *what)
{
	void *p;

	if (ftruncate(fd, (off_t)page) < 0)
		die(what);
	p = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		die(what);
	close(fd);
	return p;
}

static void map_file(const char *dir, const char *name, const char *label, int unlink_it)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		die(path);
	void *p = map_fd(fd, path);

	if (unlink_it && unlink(path) < 0)
		die(path);
	report(label, p, page);
}

int main(int argc, char **argv)
{
	const size_t tib = (size_t)1 << 40;
	void *p;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: oddmaps DIR\n");
		return 64;
	}
	page = (size_t)sysconf(_SC_PAGESIZE);
	printf("pid %d\n", (int)getpid());

	map_file(argv[1], "name with spaces", "spaces", 0);
	map_file(argv[1], "new\nline", "newline", 0);
	map_file(argv[1], "quote\"s 'and' back\\slash", "quotes", 0);
	map_file(argv[1], "gone", "deleted", 1);

	fd = memfd_create("odd memfd", MFD_CLOEXEC);
	if (fd < 0)
		die("memfd_create");
	report("memfd", map_fd(fd, "memfd"), page);

	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap");
	/* EINVAL: a kernel without CONFIG_ANON_VMA_NAME; the line is left out. */
	if (prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, p, page, "odd name") == 0)
		report("anon-name", p, page);

	p = mmap(NULL, tib, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		die("mmap 1 TiB");
	report("tib", p, tib);

	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
