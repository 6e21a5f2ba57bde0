/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * System calls run inside a ptrace-stopped thread, without writing into
 * its memory: the thread is pointed at a system-call instruction of its
 * own vDSO ("syscall" on x86_64, "svc #0" on AArch64), single-stepped
 * over it, and given back its registers.  Internal to sealtools (not in
 * libseal.so's interface); the per-ISA registers are arch/<isa>/inject_arch.h.
 *
 *	struct seal_inject in;
 *	long r;
 *	seal_inject_begin(&in, tid);	tid in a ptrace-stop of ours
 *	seal_inject_syscall(&in, &r, SEAL_NR_mseal, addr, len, 0, 0, 0, 0);
 *	seal_inject_end(&in);		registers back, signals re-queued
 *
 * The stop at begin may be any ptrace-stop but a syscall-entry-stop: a
 * PTRACE_INTERRUPT or group-stop (PTRACE_EVENT_STOP), a signal-delivery-
 * stop, an exec or other event stop.  A thread taken inside a blocking
 * call (read, epoll_wait, futex, nanosleep, ...) restarts it after end()
 * as the kernel would have done without us: the last stop of an injection
 * is a signal-delivery-stop, where the kernel applies its restart rules
 * to the registers end() restores (see arch/<isa>/inject_arch.h).  Calls
 * that end with EINTR after any ptrace stop (epoll_wait, see signal(7))
 * do so here too.
 *
 * Signals that arrive while calls are injected are not delivered then:
 * begin() blocks every signal in the thread (PTRACE_SETSIGMASK) and end()
 * gives it its own mask back, so they wait in their queues, siginfo and
 * all, however many.  One that cannot be blocked (SIGSTOP) is recorded
 * and sent again to the thread by end(), with its siginfo where the
 * kernel lets a tracer queue it (sigqueue-style codes), otherwise by
 * tgkill (the handler then sees SI_TKILL from the tracer).
 *
 * After end(), the caller resumes or detaches the thread as usual.
 *
 * The thread may be hostile.  The site is the kernel's own [vdso] (no
 * file, at AT_SYSINFO_EHDR), executable, checked once the thread is
 * stopped; a call that faults at the site, that steps anywhere but just
 * past it, that takes more than SEAL_INJECT_STOPS_MAX stops or
 * SEAL_INJECT_STEP_MS ends with an error, and the thread is then left
 * for end() to restore.  A signal handler of the caller's (installed
 * without SA_RESTART) interrupts a call: -EINTR, and end() restores the
 * thread all the same.
 */
#ifndef SEAL_INJECT_H
#define SEAL_INJECT_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "inject_arch.h"

#define SEAL_INJECT_SIGNALS_MAX 16
#define SEAL_INJECT_STOPS_MAX	64	/* stops in one call */
#define SEAL_INJECT_STEP_MS	1000	/* time for one call */

struct seal_inject {
	pid_t tid;
	uint64_t site;			/* the system-call instruction used */
	struct seal_inject_regs saved;	/* the registers at begin() */
	uint64_t sigmask;		/* its signal mask at begin() */
	int nsignals;			/* recorded meanwhile, for end() */
	siginfo_t signal[SEAL_INJECT_SIGNALS_MAX];
	int ready;			/* begun: end() has a thread to restore */
	int running;			/* left single-stepping by an error */
};

/*
 * Where calls would be injected into tid, found without touching it (no
 * ptrace): the system-call instruction of its kernel [vdso].  0 and
 * *site, or -errno: -ENOENT no vDSO (or only a file named like it) or no
 * such instruction in it, -ENOEXEC a vDSO that is not executable,
 * -ESRCH/-EACCES.  begin() checks the same again once tid is stopped.
 */
int seal_inject_site(pid_t tid, uint64_t *site);

/*
 * Save the registers and signal mask of tid (in a ptrace-stop of the
 * caller's, see above), find a system-call instruction in its vDSO, and
 * block every signal in it until end().  0 or -errno: -ESRCH
 * no such thread or not stopped for us, -ENOENT no vDSO or no system-call
 * instruction in it, -ENOEXEC a vDSO not executable, -EIO/-EACCES its
 * registers or vDSO not readable.  Nothing is changed on failure.
 */
int seal_inject_begin(struct seal_inject *in, pid_t tid);

/*
 * Run system call nr with arguments a0..a5 in the thread.  Two layers of
 * result, never mixed: the return value is ours, 0 when the call ran
 * (its own result, a value or -errno as the raw call gives it, is in
 * *result) or -errno when it could not be run: -ESRCH the thread exited
 * or was killed, -ENOBUFS more than SEAL_INJECT_SIGNALS_MAX signals came
 * meanwhile (the call may or may not have run), -EIO registers refused,
 * -EFAULT the site faulted or was not the instruction read there,
 * -ETIME/-ETIMEDOUT past the bounds above, -EINTR a handler of the
 * caller's ran.  After any error, only end() is left to call.
 */
int seal_inject_syscall(struct seal_inject *in, long *result, long nr,
			long a0, long a1, long a2, long a3, long a4, long a5);

/*
 * Seal [start, end) in the thread's process and check it with the kernel,
 * as the sealer does inside a program: mseal, then an mprotect of its
 * first page to prot, its present protection, which a sealed page must
 * refuse with EPERM.  0 sealed; a positive errno: mseal itself failed
 * with it, nothing was sealed; -EEXIST: the kernel did not refuse the
 * mprotect (a seccomp filter or a kernel that does not seal); another
 * -errno: seal_inject_syscall()'s.
 */
int seal_inject_seal(struct seal_inject *in, uint64_t start, uint64_t end, int prot,
		     size_t page);

/*
 * Restore the registers and the signal mask saved by begin() exactly and
 * queue again the signals recorded meanwhile; a thread an error left
 * running is stopped first (SEAL_INJECT_STEP_MS at most).  0 or -errno
 * (-ESRCH the thread is gone, -ETIMEDOUT it could not be stopped: only
 * the tracer's exit lets it go then).  Nothing to do after a failed
 * begin().
 */
int seal_inject_end(struct seal_inject *in);

#endif
