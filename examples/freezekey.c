/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * freezekey — read a key file into sealed memory and watch the kernel
 * defend it.
 *
 *   freezekey [--wait] KEYFILE
 *
 * The key goes straight from the file into a region from seal_alloc(),
 * never through a buffer of its own that would linger: left out of core
 * dumps, locked in memory, named "example-key" so that it can be found
 * from outside, then frozen.  Then the program tries what an attacker
 * holding a memory-corruption bug would try: make it writable, unmap it
 * (to map something else there), move it.  The kernel refuses each.
 *
 * With --wait it prints "ready PID" and waits for its input to close, so
 * that `sealctl inspect PID` can look at it.
 *
 * Exit status: 0 every change refused, 1 one was allowed or sealing
 * failed, 2 bad usage or an unreadable file.
 *
 * Build: cc -o freezekey freezekey.c $(pkg-config --cflags --libs libseal)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <seal.h>

/* Report what the kernel said to one attempt; 1 if it allowed it. */
static int attempt(const char *what, int failed)
{
	if (!failed) {
		printf("%s: allowed\n", what);
		return 1;
	}
	printf("%s: refused: %s\n", what, strerror(errno));
	return 0;
}

static int read_all(int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;	/* shorter than fstat said */
		got += (size_t)n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int wait = argc > 1 && !strcmp(argv[1], "--wait");
	const char *path = argv[1 + wait];
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int fd, rc, allowed = 0;
	struct stat st;
	void *key;

	if (argc != 2 + wait) {
		fprintf(stderr, "usage: freezekey [--wait] KEYFILE\n");
		return 2;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "freezekey: %s: %s\n", path, strerror(errno));
		return 2;
	}
	if (st.st_size <= 0) {
		fprintf(stderr, "freezekey: %s: empty\n", path);
		return 2;
	}

	rc = seal_alloc(&key, (size_t)st.st_size, SEAL_ALLOC_NODUMP | SEAL_ALLOC_LOCK,
			"example-key");
	if (rc < 0) {
		fprintf(stderr, "freezekey: seal_alloc: %s\n", strerror(-rc));
		return 1;
	}
	rc = read_all(fd, key, (size_t)st.st_size);
	close(fd);
	if (rc < 0) {
		fprintf(stderr, "freezekey: %s: %s\n", path, strerror(-rc));
		seal_free(key);		/* clears what was read */
		return 2;
	}
	rc = seal_freeze(key);
	if (rc < 0) {
		fprintf(stderr, "freezekey: seal_freeze: %s\n", strerror(-rc));
		seal_free(key);
		return 1;
	}
	printf("key: %lld bytes from %s, frozen at %p\n", (long long)st.st_size, path, key);

	allowed += attempt("mprotect to read-write",
			   mprotect(key, page, PROT_READ | PROT_WRITE) < 0);
	allowed += attempt("munmap", munmap(key, page) < 0);
	allowed += attempt("mremap to grow or move it",
			   mremap(key, page, 2 * page, MREMAP_MAYMOVE) == MAP_FAILED);
	allowed += attempt("seal_free", (errno = -seal_free(key)) != 0);
	fflush(stdout);

	if (wait) {
		char c;

		printf("ready %d\n", (int)getpid());
		fflush(stdout);
		while (read(STDIN_FILENO, &c, 1) > 0)
			;
	}
	return allowed ? 1 : 0;
}
