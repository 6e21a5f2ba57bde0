// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ownprotect — what mariadbd does with its own .data: make one page of
 * it read-only at start-up, and writable again at shutdown.  Prints
 * "ready ADDR" once the page is read-only, then waits for a line on
 * stdin (or its end), makes the page writable again, writes to it and
 * prints "ok"; exit 1 (and the errno's name) when the kernel refuses.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Three pages of .data, so that one whole page lies inside. */
static char data[3 * 65536] = { 1 };

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = (char *)(((uintptr_t)data + (uintptr_t)page - 1) & ~((uintptr_t)page - 1));
	char line[16];

	if (mprotect(p, (size_t)page, PROT_READ) != 0) {
		printf("mprotect read-only: %s\n", strerrorname_np(errno));
		return 1;
	}
	printf("ready %lx\n", (unsigned long)(uintptr_t)p);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		line[0] = '\0';
	if (mprotect(p, (size_t)page, PROT_READ | PROT_WRITE) != 0) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	p[0] = 2;
	printf("ok\n");
	return 0;
}
