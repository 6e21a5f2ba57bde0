/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * ownprotect [relro] — what mariadbd does with its own .data: make one
 * page of it read-only at start-up, and writable again at shutdown.
 * Prints "ready ADDR" once the page is read-only, then waits for a line
 * on stdin (or its end), makes the page writable again, writes to it
 * and prints "ok"; exit 1 (and the errno's name) when the kernel
 * refuses.  With "relro": the same with the first page of its own RELRO,
 * made writable, then read-only again (a GOT hooker's dance).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Three pages of .data, so that one whole page lies inside. */
static char data[3 * 65536] = { 1 };

/* The first page of the main program's RELRO, or NULL. */
static int find_relro(struct dl_phdr_info *info, size_t size, void *ctx)
{
	(void)size;
	for (size_t i = 0; i < info->dlpi_phnum; i++)
		if (info->dlpi_phdr[i].p_type == PT_GNU_RELRO) {
			*(char **)ctx = (char *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
			return 1;
		}
	return 1;		/* the main program comes first */
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = (char *)(((uintptr_t)data + (uintptr_t)page - 1) & ~((uintptr_t)page - 1));
	int now = PROT_READ, later = PROT_READ | PROT_WRITE;
	char line[16];

	if (argc > 1 && !strcmp(argv[1], "relro")) {
		p = NULL;
		dl_iterate_phdr(find_relro, &p);
		if (!p) {
			printf("no RELRO\n");
			return 1;
		}
		p = (char *)((uintptr_t)p & ~((uintptr_t)page - 1));
		now = PROT_READ | PROT_WRITE;
		later = PROT_READ;
	}
	if (mprotect(p, (size_t)page, now) != 0) {
		printf("mprotect: %s\n", strerrorname_np(errno));
		return 1;
	}
	printf("ready %lx\n", (unsigned long)(uintptr_t)p);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		line[0] = '\0';
	if (mprotect(p, (size_t)page, later) != 0) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	if (later & PROT_WRITE)
		p[0] = 2;
	printf("ok\n");
	return 0;
}
