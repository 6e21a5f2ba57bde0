/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
#ifndef SEAL_ARCH_SYSCALL_NR_H
#define SEAL_ARCH_SYSCALL_NR_H

#define SEAL_NR_openat		56
#define SEAL_NR_close		57
#define SEAL_NR_read		63
#define SEAL_NR_write		64
#define SEAL_NR_pread64		67
#define SEAL_NR_fstat		80
#define SEAL_NR_exit_group	94
#define SEAL_NR_clock_gettime	113
#define SEAL_NR_prctl		167
#define SEAL_NR_munmap		215
#define SEAL_NR_madvise		233
#define SEAL_NR_mmap		222
#define SEAL_NR_mprotect	226
#define SEAL_NR_memfd_create	279
#define SEAL_NR_getpid		172
#define SEAL_NR_process_vm_readv	270
#define SEAL_NR_openat2		437
#define SEAL_NR_mseal		462
#define SEAL_NR_execve		221
#define SEAL_NR_execveat	281

/* The seccomp filter's view: this ABI's AUDIT_ARCH (AArch64; a 32-bit
 * Arm task has another).  No x32-like ABI shares it. */
#define SEAL_AUDIT_ARCH		0xc00000b7u	/* AUDIT_ARCH_AARCH64 */

#endif
