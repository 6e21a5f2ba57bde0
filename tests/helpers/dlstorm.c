/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * dlstorm DIR [-s|-p] — eight threads dlopen and dlclose libraries while the
 * main thread works, for tests/bats/concurrency.bats.
 *
 * Thread T (0..7) loads DIR/libstormN.so for N = 2T and 2T+1 in turn, 100
 * times in all, each time calling storm_value() and asking the kernel
 * whether the library is sealed: mprotect() of the page holding its ELF
 * header, to the protection it already has, changes nothing on an open
 * mapping and fails with EPERM on a sealed one.  Meanwhile the main
 * thread allocates, fills and frees memory.  At the end every object in
 * dl_iterate_phdr's list (but the vDSO) gets the same question.
 *
 * Output: "sealed S open O" for the checks made after dlopen, then
 * "objects: sealed S open O" for the final walk, then "done".  With -s
 * it then stops itself (SIGSTOP) so that a test can read its smaps.  With
 * -p each thread pauses 2 ms after each round, so that the loader's list
 * is consistent most of the time (for a tracer that needs it so).
 * Exit: 0 when every check saw a sealed library, 2 when some saw an open
 * one (as without sealrun), 1 on a failure (the message names it).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define NTHREADS	8
#define ROUNDS		100

static const char *dir;
static uintptr_t page;
static unsigned long nsealed, nopen;	/* atomics */
static int stop_work;
static unsigned int pause_us;

static void die(const char *what, const char *why)
{
	printf("dlstorm: %s: %s\n", what, why);
	fflush(stdout);
	_exit(1);
}

/* Is the page at addr sealed?  An mprotect that changes nothing tells:
 * only a sealed mapping refuses it.  prot: the page's protection. */
static int is_sealed(uintptr_t addr, int prot)
{
	if (mprotect((void *)(addr & ~(page - 1)), page, prot) == 0)
		return 0;
	if (errno == EPERM)
		return 1;
	die("mprotect", strerror(errno));
	return -1;
}

static void count(int sealed)
{
	__atomic_add_fetch(sealed ? &nsealed : &nopen, 1, __ATOMIC_RELAXED);
}

static void *storm(void *arg)
{
	unsigned int t = (unsigned int)(uintptr_t)arg;
	char path[4096];

	for (unsigned int i = 0; i < ROUNDS; i++) {
		unsigned int n = 2 * t + (i & 1);
		int (*value)(void);
		Dl_info info;
		void *h;

		snprintf(path, sizeof(path), "%s/libstorm%u.so", dir, n);
		h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
		if (!h)
			die(path, dlerror());
		value = (int (*)(void))dlsym(h, "storm_value");
		if (!value || value() != (int)n)
			die(path, "storm_value: wrong answer");
		/* The ELF header is the first page of the object: read-only. */
		if (!dladdr((void *)value, &info))
			die(path, "dladdr");
		count(is_sealed((uintptr_t)info.dli_fbase, PROT_READ));
		if (dlclose(h))
			die(path, dlerror());
		if (pause_us)
			usleep(pause_us);
	}
	return NULL;
}

static void *work(void *arg)
{
	uint64_t sum = 0;

	(void)arg;
	while (!__atomic_load_n(&stop_work, __ATOMIC_RELAXED)) {
		size_t len = 1 + (sum % 65536);
		unsigned char *p = malloc(len);

		if (!p)
			die("malloc", strerror(ENOMEM));
		memset(p, (int)(sum & 0xff), len);
		sum += p[len / 2] + len;
		free(p);
	}
	return (void *)(uintptr_t)sum;
}

/* Every loaded object but the vDSO: its first PT_LOAD's first page. */
static int check_object(struct dl_phdr_info *info, size_t size, void *ctx)
{
	(void)size;
	(void)ctx;
	if (info->dlpi_name && !strncmp(info->dlpi_name, "linux-vdso", 10))
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		int prot = 0;

		/* The first read-only or executable segment: its protection
		 * is the one in the header (a writable one may have become
		 * read-only in part, by RELRO). */
		if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W))
			continue;
		if (ph->p_flags & PF_R)
			prot |= PROT_READ;
		if (ph->p_flags & PF_X)
			prot |= PROT_EXEC;
		count(is_sealed(info->dlpi_addr + ph->p_vaddr, prot));
		return 0;
	}
	return 0;
}

int main(int argc, char **argv)
{
	pthread_t th[NTHREADS], worker;
	unsigned long s, o;
	int stop = argc > 2 && !strcmp(argv[2], "-s");

	if (argc < 2 || (argc > 2 && !stop && strcmp(argv[2], "-p"))) {
		printf("usage: dlstorm DIR [-s|-p]\n");
		return 64;
	}
	if (argc > 2 && !stop)
		pause_us = 2000;
	dir = argv[1];
	page = (uintptr_t)sysconf(_SC_PAGESIZE);
	if (pthread_create(&worker, NULL, work, NULL))
		die("pthread_create", "worker");
	for (uintptr_t t = 0; t < NTHREADS; t++)
		if (pthread_create(&th[t], NULL, storm, (void *)t))
			die("pthread_create", "storm");
	for (int t = 0; t < NTHREADS; t++)
		pthread_join(th[t], NULL);
	__atomic_store_n(&stop_work, 1, __ATOMIC_RELAXED);
	pthread_join(worker, NULL);
	s = nsealed;
	o = nopen;
	printf("sealed %lu open %lu\n", s, o);
	nsealed = nopen = 0;
	dl_iterate_phdr(check_object, NULL);
	printf("objects: sealed %lu open %lu\ndone\n", nsealed, nopen);
	fflush(stdout);
	if (stop)
		raise(SIGSTOP);
	return o || nopen ? 2 : 0;
}
