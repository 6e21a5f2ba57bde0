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
 */
#ifndef SEAL_INJECT_H
#define SEAL_INJECT_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "inject_arch.h"

#define SEAL_INJECT_SIGNALS_MAX 16

struct seal_inject {
	pid_t tid;
	uint64_t site;			/* the system-call instruction used */
	struct seal_inject_regs saved;	/* the registers at begin() */
	uint64_t sigmask;		/* its signal mask at begin() */
	int nsignals;			/* recorded meanwhile, for end() */
	siginfo_t signal[SEAL_INJECT_SIGNALS_MAX];
};

/*
 * Save the registers and signal mask of tid (in a ptrace-stop of the
 * caller's, see above), find a system-call instruction in its vDSO, and
 * block every signal in it until end().  0 or -errno: -ESRCH
 * no such thread or not stopped for us, -ENOENT no vDSO or no system-call
 * instruction in it, -EIO/-EACCES its registers or vDSO not readable.
 */
int seal_inject_begin(struct seal_inject *in, pid_t tid);

/*
 * The same, for a caller that has just read the thread's mappings: its
 * vDSO is [vdso_start, vdso_end), not looked up again in /proc.  -ENOENT
 * also when the range is empty or no vDSO's size.
 */
int seal_inject_begin_vdso(struct seal_inject *in, pid_t tid, uint64_t vdso_start,
			   uint64_t vdso_end);

/*
 * Run system call nr with arguments a0..a5 in the thread.  Two layers of
 * result, never mixed: the return value is ours, 0 when the call ran
 * (its own result, a value or -errno as the raw call gives it, is in
 * *result) or -errno when it could not be run: -ESRCH the thread exited
 * or was killed, -ENOBUFS more than SEAL_INJECT_SIGNALS_MAX signals came
 * meanwhile (the call may or may not have run), -EIO registers refused.
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
 * queue again the signals recorded meanwhile.  0 or -errno (-ESRCH the
 * thread is gone).
 */
int seal_inject_end(struct seal_inject *in);

#endif
