/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * wxattack — try each way of getting memory that is writable and
 * executable, or executable after the fact, and say what the kernel
 * answered.  One line per attempt: "NAME OK PERMS", PERMS the mapping's
 * as /proc/self/maps shows it once granted, or "NAME ERRNO-NAME".
 *
 *   wxattack [FILE]      FILE: a file to map (default: /proc/self/exe)
 *
 * The first line, "state mdwe=N seccomp=N", is PR_GET_MDWE and the
 * Seccomp: field of /proc/self/status.  The last two attempts are
 * controls that W^X must leave alone: a new read+execute file mapping
 * (what every dynamic loader does) and dropping write access.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <unistd.h>

#ifndef PR_GET_MDWE
# define PR_GET_MDWE	66
#endif

static size_t page;

/* The permissions /proc/self/maps shows for addr, e.g. "rwxp". */
static void perms(const void *addr, char out[5])
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long lo, hi;
	char p[5];

	strcpy(out, "????");
	while (f && fscanf(f, "%lx-%lx %4s%*[^\n]", &lo, &hi, p) == 3) {
		if ((uintptr_t)addr >= lo && (uintptr_t)addr < hi) {
			strcpy(out, p);
			break;
		}
	}
	if (f)
		fclose(f);
}

/* Report one attempt: rc < 0 means refused with errno. */
static void report(const char *name, int rc, const void *addr)
{
	char p[5];

	if (rc < 0) {
		printf("%s %s\n", name, strerrorname_np(errno) ? strerrorname_np(errno) : "E?");
		return;
	}
	perms(addr, p);
	printf("%s OK %s\n", name, p);
}

static void *anon(int prot)
{
	void *p = mmap(NULL, page, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("wxattack: mmap");
		exit(2);
	}
	return p;
}

static void try_mmap(const char *name, int prot, int fd)
{
	void *p = mmap(NULL, page, prot, MAP_PRIVATE | (fd < 0 ? MAP_ANONYMOUS : 0), fd, 0);

	report(name, p == MAP_FAILED ? -1 : 0, p);
}

static void try_mprotect(const char *name, void *p, int prot)
{
	report(name, mprotect(p, page, prot), p);
}

int main(int argc, char **argv)
{
	const char *file = argc > 1 ? argv[1] : "/proc/self/exe";
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	char line[256], seccomp[32] = "?";
	FILE *st = fopen("/proc/self/status", "r");
	void *p;
	int id, persona;

	page = (size_t)sysconf(_SC_PAGESIZE);
	if (fd < 0) {
		fprintf(stderr, "wxattack: %s: %s\n", file, strerror(errno));
		return 2;
	}
	while (st && fgets(line, sizeof(line), st))
		sscanf(line, "Seccomp: %31s", seccomp);
	if (st)
		fclose(st);
	printf("state mdwe=%d seccomp=%s\n", prctl(PR_GET_MDWE, 0, 0, 0, 0), seccomp);

	try_mmap("mmap-rwx", PROT_READ | PROT_WRITE | PROT_EXEC, -1);

	p = anon(PROT_READ | PROT_WRITE);
	memset(p, 0xc3, page);		/* "code" written while writable */
	try_mprotect("mprotect-rw-rx", p, PROT_READ | PROT_EXEC);

	try_mprotect("mprotect-anon-add-x", anon(PROT_READ), PROT_READ | PROT_EXEC);

	p = mmap(NULL, page, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		perror("wxattack: mmap file");
		return 2;
	}
	try_mprotect("mprotect-file-add-x", p, PROT_READ | PROT_EXEC);

	p = anon(PROT_READ);
	report("pkey_mprotect-add-x", pkey_mprotect(p, page, PROT_READ | PROT_EXEC, -1), p);

	id = shmget(IPC_PRIVATE, page, IPC_CREAT | 0600);
	if (id < 0) {
		printf("shmat-exec %s\n", strerrorname_np(errno));
	} else {
		p = shmat(id, NULL, SHM_EXEC);
		report("shmat-exec", p == (void *)-1 ? -1 : 0, p);
		shmctl(id, IPC_RMID, NULL);
	}

	/* READ_IMPLIES_EXEC: then a plain read+write mapping is rwx. */
	persona = personality(0xffffffff);
	if (personality((unsigned long)persona | READ_IMPLIES_EXEC) < 0) {
		report("personality-rie", -1, NULL);
	} else {
		try_mmap("personality-rie", PROT_READ | PROT_WRITE, -1);
		personality((unsigned long)persona);
	}

	try_mmap("control-mmap-file-rx", PROT_READ | PROT_EXEC, fd);
	try_mprotect("control-mprotect-rw-r", anon(PROT_READ | PROT_WRITE), PROT_READ);
	return fflush(stdout) == 0 ? 0 : 1;
}
