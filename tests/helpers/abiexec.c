/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * abiexec ABI PROGRAM: execve PROGRAM through another system-call ABI than
 * the process's own, past a filter that only knows the native numbers:
 *   i386  int 0x80, execve = 11 (AUDIT_ARCH_I386)
 *   x32   syscall, execve = 520 | __X32_SYSCALL_BIT (AUDIT_ARCH_X86_64)
 * Prints the errno if the call comes back (the kernel may lack the ABI:
 * ENOSYS); exits 2 where the ABI cannot be asked for (not x86_64: 77).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	long ret = -ENOSYS;

	if (argc != 3) {
		fprintf(stderr, "usage: abiexec i386|x32 PROGRAM\n");
		return 2;
	}
#if defined(__x86_64__)
	static char *args[2];

	args[0] = argv[2];
	if (strcmp(argv[1], "i386") == 0) {
		/* int 0x80 takes 32-bit pointers: static storage of a
		 * non-PIE is low enough; otherwise the kernel says EFAULT,
		 * which is still an answer. */
		__asm__ __volatile__("int $0x80"
				     : "=a"(ret)
				     : "a"(11L), "b"(argv[2]), "c"(args), "d"(0L)
				     : "memory");
	} else if (strcmp(argv[1], "x32") == 0) {
		__asm__ __volatile__("syscall"
				     : "=a"(ret)
				     : "a"(520L | 0x40000000L), "D"(argv[2]), "S"(args), "d"(0L)
				     : "rcx", "r11", "memory");
	} else {
		return 2;
	}
#else
	(void)ret;
	(void)argv;
	return 77;
#endif
	printf("%s\n", strerror((int)-ret));
	return 1;
}
