/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * libseal's mseal: every seal the public library makes goes through
 * seal_range().  With glibc 2.43 or later the build uses its mseal();
 * otherwise the raw system call from arch/.  The choice is made by the
 * Makefile (HAVE_LIBC_MSEAL), never by ISA.  (The sealer, which links no
 * libc, issues the raw call itself, inside/sys.c; sealctl seal and
 * sealrun's tracer make the target issue it, common/inject.c.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "seal.h"

#ifdef HAVE_LIBC_MSEAL

static int do_mseal(void *addr, size_t len)
{
	return mseal(addr, len, 0) == 0 ? 0 : -errno;
}

const char *seal_backend(void)
{
	return "libc";
}

#else

#include "syscall_arch.h"

/* The raw call returns -errno itself; no errno is touched. */
static int do_mseal(void *addr, size_t len)
{
	return (int)seal_syscall3(SEAL_NR_mseal, (long)addr, (long)len, 0);
}

const char *seal_backend(void)
{
	return "syscall";
}

#endif

int seal_range(void *addr, size_t len)
{
	long page = sysconf(_SC_PAGESIZE);

	if (page <= 0 || ((uintptr_t)addr & ((uintptr_t)page - 1)))
		return -EINVAL;
	return do_mseal(addr, len);
}

int seal_probe(void)
{
	/* Any mapped, aligned address will do for a zero-length seal; the
	 * kernel checks flags and alignment, then returns at once. */
	static const char anchor __attribute__((aligned(16))) = 0;
	long page = sysconf(_SC_PAGESIZE);

	if (page <= 0)
		return -EINVAL;
	return do_mseal((void *)((uintptr_t)&anchor & ~((uintptr_t)page - 1)), 0);
}
