/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
#ifndef SEAL_ARCH_INJECT_H
#define SEAL_ARCH_INJECT_H

/*
 * x86_64 registers for common/inject.c.  The kernel's restart fix-up runs
 * after the tracer's stop (arch_do_signal_or_restart: orig_rax >= 0 and
 * rax one of -ERESTART*: rax = orig_rax, or __NR_restart_syscall, and
 * rip -= 2), so the saved registers carry everything a restart needs.
 * An injected call sets orig_rax = -1 so that no fix-up touches it.
 */
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/ptrace.h>
#include <elf.h>

#define SEAL_INJECT_INSN	"\x0f\x05"	/* syscall */
#define SEAL_INJECT_INSN_LEN	2
#define SEAL_INJECT_INSN_ALIGN	1

struct seal_inject_regs {
	struct user_regs_struct r;
};

static inline int seal_inject_getregs(pid_t tid, struct seal_inject_regs *regs)
{
	struct iovec iov = { &regs->r, sizeof(regs->r) };

	return ptrace(PTRACE_GETREGSET, tid, (void *)NT_PRSTATUS, &iov) == 0 &&
	       iov.iov_len == sizeof(regs->r) ? 0 : -1;
}

static inline int seal_inject_setregs(pid_t tid, const struct seal_inject_regs *regs)
{
	struct iovec iov = { (void *)&regs->r, sizeof(regs->r) };

	return ptrace(PTRACE_SETREGSET, tid, (void *)NT_PRSTATUS, &iov);
}

static inline void seal_inject_setup(struct seal_inject_regs *regs, uint64_t site,
				     long nr, const long a[6])
{
	regs->r.rip = site;
	regs->r.rax = (unsigned long)nr;
	regs->r.orig_rax = (unsigned long)-1;
	regs->r.rdi = (unsigned long)a[0];
	regs->r.rsi = (unsigned long)a[1];
	regs->r.rdx = (unsigned long)a[2];
	regs->r.r10 = (unsigned long)a[3];
	regs->r.r8 = (unsigned long)a[4];
	regs->r.r9 = (unsigned long)a[5];
}

static inline long seal_inject_result(const struct seal_inject_regs *regs)
{
	return (long)regs->r.rax;
}

static inline uint64_t seal_inject_pc(const struct seal_inject_regs *regs)
{
	return regs->r.rip;
}

static inline void seal_inject_set_pc(struct seal_inject_regs *regs, uint64_t pc)
{
	regs->r.rip = pc;
}

#endif
