/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * manyvmas [N [OBJECTS]] — a process with N one-page VMAs, a quarter of
 * them sealed, for the benchmarks in tests/bench/.
 *
 * N (default 60000) pages are spread over OBJECTS (default 4) mappings:
 * one anonymous, the others MAP_PRIVATE mappings of memfds named
 * "manyvmas-1", "manyvmas-2", … (so that a per-object summary has more
 * than one key).  Inside each mapping the pages alternate between r-- and
 * rw-, so that no two neighbours merge: each page is one VMA.  Pages whose
 * index in their mapping is 0 or 5 modulo 8 (one r--, one rw-) are sealed
 * one by one with seal_range(): exactly a quarter when the mapping's page
 * count is a multiple of 8 (it is for the defaults: 4 x 15000).
 *
 * No page is touched: the process stays small whatever N is.
 *
 * N plus the mappings the process already has must stay under
 * vm.max_map_count (65530 by default); the helper checks this first and
 * refuses rather than fail half-way.
 *
 * Output:  stdout "ready PID" once every VMA is mapped and sealed;
 *          stderr one line "manyvmas: N vmas, S sealed, ..." (details).
 * Then it waits until stdin reaches end of file (the caller closes its
 * end of the pipe) or SIGTERM/SIGINT/SIGHUP arrives, and exits 0.
 * Run with stdin at end of file (e.g. </dev/null), it exits at once.
 * Exit:    0 done, 1 on any failure (with a message), 64 usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "seal.h"

#define DEFAULT_VMAS	60000UL
#define DEFAULT_OBJECTS	4UL
#define MAX_OBJECTS	64UL
/* Head-room for what the kernel or libc may still map after the count. */
#define SLACK		16UL

static const char *prog = "manyvmas";

static void die(const char *what, int err)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(err));
	exit(1);
}

static unsigned long parse_count(const char *s, const char *what,
				 unsigned long min, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < min || v > max) {
		fprintf(stderr, "%s: %s must be an integer in [%lu, %lu]: '%s'\n",
			prog, what, min, max, s);
		fprintf(stderr, "usage: %s [N [OBJECTS]]\n", prog);
		exit(64);
	}
	return v;
}

/* Number of lines of /proc/self/maps, i.e. of VMAs; -errno on failure. */
static long count_vmas(void)
{
	FILE *f = fopen("/proc/self/maps", "re");
	long n = 0;
	int c;

	if (!f)
		return -errno;
	while ((c = getc(f)) != EOF)
		n += c == '\n';
	if (ferror(f)) {
		int err = errno ? errno : EIO;

		fclose(f);
		return -err;
	}
	fclose(f);
	return n;
}

static long read_max_map_count(void)
{
	FILE *f = fopen("/proc/sys/vm/max_map_count", "re");
	long v = -1;

	if (!f)
		return -errno;
	if (fscanf(f, "%ld", &v) != 1 || v <= 0)
		v = -EBADMSG;
	fclose(f);
	return v;
}

static void on_signal(int sig)
{
	(void)sig;
	_exit(0);
}

/*
 * Map one object of npages pages (anonymous when idx == 0, else a memfd),
 * split it into one VMA per page by alternating protections, and seal a
 * quarter of the pages.  Returns the number of pages sealed.
 */
static unsigned long map_object(unsigned long idx, unsigned long npages, size_t pg)
{
	size_t len = npages * pg;
	char *base;
	unsigned long j, sealed = 0;
	char what[96];

	if (idx == 0) {
		base = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (base == MAP_FAILED)
			die("mmap (anonymous)", errno);
	} else {
		char name[32];
		int fd;

		snprintf(name, sizeof(name), "manyvmas-%lu", idx);
		fd = memfd_create(name, MFD_CLOEXEC);
		if (fd < 0)
			die("memfd_create", errno);
		if (ftruncate(fd, (off_t)len) < 0)
			die("ftruncate (memfd)", errno);
		base = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (base == MAP_FAILED)
			die("mmap (memfd)", errno);
		close(fd);
	}

	for (j = 1; j < npages; j += 2) {
		if (mprotect(base + j * pg, pg, PROT_READ | PROT_WRITE) < 0) {
			snprintf(what, sizeof(what), "mprotect (object %lu, page %lu)", idx, j);
			die(what, errno);
		}
	}
	for (j = 0; j < npages; j++) {
		int rc;

		if (j % 8 != 0 && j % 8 != 5)
			continue;
		rc = seal_range(base + j * pg, pg);
		if (rc < 0) {
			snprintf(what, sizeof(what), "seal_range (object %lu, page %lu)", idx, j);
			die(what, -rc);
		}
		sealed++;
	}
	return sealed;
}

int main(int argc, char **argv)
{
	unsigned long nvmas = DEFAULT_VMAS, nobj = DEFAULT_OBJECTS;
	unsigned long i, per, sealed = 0;
	long have, limit, total;
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	struct sigaction sa;
	char buf[256];
	ssize_t r;
	int rc;

	if (argc > 3) {
		fprintf(stderr, "usage: %s [N [OBJECTS]]\n", prog);
		return 64;
	}
	if (argc > 1)
		nvmas = parse_count(argv[1], "N", 1, INT_MAX);
	if (argc > 2)
		nobj = parse_count(argv[2], "OBJECTS", 1, MAX_OBJECTS);
	if (nobj > nvmas)
		nobj = nvmas;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) < 0 || sigaction(SIGINT, &sa, NULL) < 0 ||
	    sigaction(SIGHUP, &sa, NULL) < 0)
		die("sigaction", errno);

	rc = seal_probe();
	if (rc < 0)
		die("mseal not usable", -rc);

	limit = read_max_map_count();
	if (limit < 0)
		die("/proc/sys/vm/max_map_count", (int)-limit);
	have = count_vmas();
	if (have < 0)
		die("/proc/self/maps", (int)-have);
	if ((unsigned long)have + nvmas + SLACK > (unsigned long)limit) {
		fprintf(stderr, "%s: %lu VMAs + %ld already mapped (+%lu slack) exceed "
			"vm.max_map_count = %ld; ask for fewer\n",
			prog, nvmas, have, SLACK, limit);
		return 1;
	}

	per = nvmas / nobj;
	for (i = 0; i < nobj; i++)
		sealed += map_object(i, per + (i == 0 ? nvmas % nobj : 0), pg);

	total = count_vmas();
	if (total < 0)
		die("/proc/self/maps", (int)-total);
	fprintf(stderr, "%s: %lu vmas, %lu sealed, %lu objects; %ld vmas in all (limit %ld)\n",
		prog, nvmas, sealed, nobj, total, limit);

	if (printf("ready %ld\n", (long)getpid()) < 0 || fflush(stdout) == EOF)
		die("stdout", errno ? errno : EIO);

	/* Wait for end of file on stdin, or a signal (handled above). */
	for (;;) {
		r = read(STDIN_FILENO, buf, sizeof(buf));
		if (r == 0)
			break;
		if (r < 0 && errno != EINTR)
			die("stdin", errno);
	}
	return 0;
}
