/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
#ifndef SEAL_ARCH_INJECT_H
#define SEAL_ARCH_INJECT_H

/*
 * AArch64 registers for common/inject.c.  Unlike x86_64, the kernel rewinds
 * an interrupted call before the tracer's stop (do_signal: pc back to the
 * svc, x0 = orig_x0, syscallno forgotten), so the saved pc, x0 and x8
 * re-issue the call.  The system-call number the kernel keeps apart
 * (regs->syscallno) is saved and restored through NT_ARM_SYSTEM_CALL.
 * One thing is lost: a call that asked for restart_syscall (a relative
 * nanosleep or clock_nanosleep) is switched to it only after the stop the
 * thread was taken at, which the injection ends; such a call starts
 * again with its original arguments.
 */
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/ptrace.h>
#include <elf.h>

#ifndef NT_ARM_SYSTEM_CALL
#define NT_ARM_SYSTEM_CALL 0x404
#endif

#define SEAL_INJECT_INSN	"\x01\x00\x00\xd4"	/* svc #0 */
#define SEAL_INJECT_INSN_LEN	4
#define SEAL_INJECT_INSN_ALIGN	4

struct seal_inject_regs {
	struct user_regs_struct r;
	int syscallno;
};

static inline int seal_inject_getregs(pid_t tid, struct seal_inject_regs *regs)
{
	struct iovec iov = { &regs->r, sizeof(regs->r) };
	struct iovec nr = { &regs->syscallno, sizeof(regs->syscallno) };

	if (ptrace(PTRACE_GETREGSET, tid, (void *)NT_PRSTATUS, &iov) != 0 ||
	    iov.iov_len != sizeof(regs->r))
		return -1;
	return ptrace(PTRACE_GETREGSET, tid, (void *)NT_ARM_SYSTEM_CALL, &nr);
}

static inline int seal_inject_setregs(pid_t tid, const struct seal_inject_regs *regs)
{
	struct iovec iov = { (void *)&regs->r, sizeof(regs->r) };
	struct iovec nr = { (void *)&regs->syscallno, sizeof(regs->syscallno) };

	if (ptrace(PTRACE_SETREGSET, tid, (void *)NT_PRSTATUS, &iov) != 0)
		return -1;
	return ptrace(PTRACE_SETREGSET, tid, (void *)NT_ARM_SYSTEM_CALL, &nr);
}

static inline void seal_inject_setup(struct seal_inject_regs *regs, uint64_t site,
				     long nr, const long a[6])
{
	int i;

	regs->r.pc = site;
	regs->r.regs[8] = (unsigned long long)nr;
	for (i = 0; i < 6; i++)
		regs->r.regs[i] = (unsigned long long)a[i];
	regs->syscallno = -1;
}

static inline long seal_inject_result(const struct seal_inject_regs *regs)
{
	return (long)regs->r.regs[0];
}

static inline uint64_t seal_inject_pc(const struct seal_inject_regs *regs)
{
	return regs->r.pc;
}

static inline void seal_inject_set_pc(struct seal_inject_regs *regs, uint64_t pc)
{
	regs->r.pc = pc;
}

#endif
