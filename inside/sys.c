/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * The little of a C library the sealer needs, on raw system calls from
 * arch/.  The sealer links no libc: an auditor that did would bring a
 * second libc copy into its own link-map namespace, one more object to
 * map and seal, and state the program's libc does not share.
 *
 * Everything here is hidden (sealer.h): the functions libseal's reused
 * sources call (pread, fstat, memcpy, strlen, …) bind to these copies
 * inside libsealrun.so and never to anything of the program's.
 *
 * errno: one variable.  Every audit hook runs under glibc's loader lock
 * (start-up is single-threaded; dlopen, dlmopen, dlclose, dlsym and exit
 * take dl_load_lock), so the sealer's code never runs in two threads at
 * once.  The program's own errno is never touched.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#pragma GCC visibility push(hidden)
#include "sealer.h"
#include "syscall_arch.h"

static int sealer_errno;

int *__errno_location(void)
{
	return &sealer_errno;
}

/* -errno from the raw call into errno and -1, as libc would. */
static long ret(long r)
{
	if (r < 0 && r > -4096) {
		sealer_errno = (int)-r;
		return -1;
	}
	return r;
}

int open(const char *path, int flags, ...)
{
	return (int)ret(seal_syscall4(SEAL_NR_openat, AT_FDCWD, (long)path, flags | O_CLOEXEC, 0));
}

int close(int fd)
{
	return (int)ret(seal_syscall1(SEAL_NR_close, fd));
}

ssize_t read(int fd, void *buf, size_t len)
{
	return ret(seal_syscall3(SEAL_NR_read, fd, (long)buf, (long)len));
}

ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	return ret(seal_syscall4(SEAL_NR_pread64, fd, (long)buf, (long)len, (long)off));
}

int fstat(int fd, struct stat *st)
{
	return (int)ret(seal_syscall2(SEAL_NR_fstat, fd, (long)st));
}

/* ---- raw calls for the sealer itself: -errno, errno untouched ---------- */

long sys_write(int fd, const void *buf, size_t len)
{
	return seal_syscall3(SEAL_NR_write, fd, (long)buf, (long)len);
}

long sys_mseal(uintptr_t addr, size_t len)
{
	return seal_syscall3(SEAL_NR_mseal, (long)addr, (long)len, 0);
}

long sys_mprotect(uintptr_t addr, size_t len, int prot)
{
	return seal_syscall3(SEAL_NR_mprotect, (long)addr, (long)len, prot);
}

long sys_madvise(uintptr_t addr, size_t len, int advice)
{
	return seal_syscall3(SEAL_NR_madvise, (long)addr, (long)len, advice);
}

void sys_munmap(void *addr, size_t len)
{
	seal_syscall2(SEAL_NR_munmap, (long)addr, (long)len);
}

_Noreturn void sys_exit(int status)
{
	for (;;)
		seal_syscall1(SEAL_NR_exit_group, status);
}

uint64_t sys_now_us(void)
{
	struct timespec ts = { 0, 0 };

	seal_syscall2(SEAL_NR_clock_gettime, CLOCK_MONOTONIC, (long)&ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* ---- what -fstack-protector and the compiler may call -------------------- */

_Noreturn void __stack_chk_fail(void)
{
	static const char msg[] = "sealrun: stack smashing detected in the sealer\n";

	sys_write(2, msg, sizeof(msg) - 1);
	sys_exit(SEALRUN_EXIT_FAILED);
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++)
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !strchr(reject, s[n]))
		n++;
	return n;
}

size_t strspn(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] && strchr(accept, s[n]))
		n++;
	return n;
}

/* The unused arguments are 0: PR_GET_MDWE refuses anything else. */
long sys_prctl(int op, unsigned long arg)
{
	return seal_syscall6(SEAL_NR_prctl, op, (long)arg, 0, 0, 0, 0);
}

long sys_memfd_create(const char *name, unsigned int flags)
{
	return seal_syscall2(SEAL_NR_memfd_create, (long)name, flags);
}

/* Copy len bytes of this process's own memory at addr, or fail with
 * -EFAULT where any of it is not readable: a read that cannot fault. */
long sys_read_self(void *dst, uintptr_t addr, size_t len)
{
	struct { void *base; size_t len; } local = { dst, len }, remote = { (void *)addr, len };
	long pid = seal_syscall1(SEAL_NR_getpid, 0);

	return seal_syscall6(SEAL_NR_process_vm_readv, pid, (long)&local, 1, (long)&remote, 1, 0);
}

long sys_mmap(uintptr_t addr, size_t len, int prot, int flags, int fd)
{
	return seal_syscall6(SEAL_NR_mmap, (long)addr, (long)len, prot, flags, fd, 0);
}
