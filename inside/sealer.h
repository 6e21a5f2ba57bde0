/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Private to libsealrun.so.  Include it after the system headers and
 * inside "#pragma GCC visibility push(hidden)": nothing declared here
 * is exported.
 */
#ifndef SEALER_H
#define SEALER_H

#include <stddef.h>
#include <stdint.h>

#include "protocol.h"

/* ---- sys.c: raw system calls; they return -errno and leave errno be ---- */

long sys_write(int fd, const void *buf, size_t len);
long sys_mseal(uintptr_t addr, size_t len);
long sys_mprotect(uintptr_t addr, size_t len, int prot);
long sys_madvise(uintptr_t addr, size_t len, int advice);
void sys_munmap(void *addr, size_t len);
_Noreturn void sys_exit(int status);
long sys_prctl(int op, unsigned long arg);
long sys_memfd_create(const char *name, unsigned int flags);
long sys_mmap(uintptr_t addr, size_t len, int prot, int flags, int fd);
long sys_read_self(void *dst, uintptr_t addr, size_t len);	/* bytes read, or -errno */
uint64_t sys_now_us(void);

/* What -fstack-protector calls; reports and exits 125. */
_Noreturn void __stack_chk_fail(void);


#endif /* SEALER_H */
