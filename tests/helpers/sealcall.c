/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Maps three pages, prints the range it will seal, seals it through
 * seal_range() and prints the result.  Used to check, under qemu-aarch64
 * or strace, that the system call issued is mseal(addr, len, 0).
 *
 * Output:  range 0xADDR LEN
 *          result 0|-ERRNO NAME
 * Exit:    0 sealed, 2 not supported (ENOSYS), 1 any other failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "seal.h"

int main(void)
{
	size_t len = 3 * (size_t)sysconf(_SC_PAGESIZE);
	void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int rc;

	if (p == MAP_FAILED) {
		perror("sealcall: mmap");
		return 1;
	}
	printf("range %p %zu\n", p, len);
	fflush(stdout);
	rc = seal_range(p, len);
	printf("result %d %s\n", rc, rc ? strerrorname_np(-rc) : "OK");
	return rc == 0 ? 0 : rc == -ENOSYS ? 2 : 1;
}
