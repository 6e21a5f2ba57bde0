/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
#ifndef SEAL_ARCH_SYSCALL_NR_H
#define SEAL_ARCH_SYSCALL_NR_H

#define SEAL_NR_read		0
#define SEAL_NR_write		1
#define SEAL_NR_close		3
#define SEAL_NR_fstat		5
#define SEAL_NR_mmap		9
#define SEAL_NR_mprotect	10
#define SEAL_NR_munmap		11
#define SEAL_NR_madvise		28
#define SEAL_NR_pread64		17
#define SEAL_NR_exit_group	231
#define SEAL_NR_clock_gettime	228
#define SEAL_NR_prctl		157
#define SEAL_NR_openat		257
#define SEAL_NR_memfd_create	319
#define SEAL_NR_getpid		39
#define SEAL_NR_process_vm_readv	310
#define SEAL_NR_openat2		437
#define SEAL_NR_mseal		462
#define SEAL_NR_execve		59
#define SEAL_NR_execveat	322

/* The seccomp filter's view: this ABI's AUDIT_ARCH (x86_64; i386's
 * int 0x80 has another), and x32's system calls, which share it and are
 * told by this bit in the number. */
#define SEAL_AUDIT_ARCH		0xc000003eu	/* AUDIT_ARCH_X86_64 */
#define SEAL_X32_SYSCALL_BIT	0x40000000u

#endif
