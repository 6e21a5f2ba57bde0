/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
#ifndef SEAL_ARCH_SYSCALL_H
#define SEAL_ARCH_SYSCALL_H

#include "syscall_nr.h"

static inline long seal_syscall1(long n, long a)
{
	unsigned long ret;

	__asm__ __volatile__ ("syscall"
		: "=a"(ret)
		: "a"(n), "D"(a)
		: "rcx", "r11", "memory");
	return (long)ret;
}

static inline long seal_syscall2(long n, long a, long b)
{
	unsigned long ret;

	__asm__ __volatile__ ("syscall"
		: "=a"(ret)
		: "a"(n), "D"(a), "S"(b)
		: "rcx", "r11", "memory");
	return (long)ret;
}

static inline long seal_syscall3(long n, long a, long b, long c)
{
	unsigned long ret;

	__asm__ __volatile__ ("syscall"
		: "=a"(ret)
		: "a"(n), "D"(a), "S"(b), "d"(c)
		: "rcx", "r11", "memory");
	return (long)ret;
}

static inline long seal_syscall4(long n, long a, long b, long c, long d)
{
	unsigned long ret;
	register long r10 __asm__("r10") = d;

	__asm__ __volatile__ ("syscall"
		: "=a"(ret)
		: "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
		: "rcx", "r11", "memory");
	return (long)ret;
}

static inline long seal_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	unsigned long ret;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;

	__asm__ __volatile__ ("syscall"
		: "=a"(ret)
		: "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
		: "rcx", "r11", "memory");
	return (long)ret;
}

#endif
