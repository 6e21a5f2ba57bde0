/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * System calls injected into a ptrace-stopped thread (common/inject.h).
 *
 * Each call: registers set for the call at the vDSO's system-call
 * instruction (orig_rax / syscallno -1, so no restart fix-up applies to
 * them), PTRACE_SINGLESTEP, and wait.  The single-step over a system call
 * is reported as a SIGTRAP signal-delivery-stop with the pc just past the
 * instruction; anything else on the way is a signal to record (its
 * delivery-stop comes before the instruction runs), a group-stop or other
 * event stop to resume through, or the thread's end.
 *
 * The thread is the adversary's (sealctl seal runs as root on any
 * process): the site must be the kernel's own vDSO, executable, checked
 * before anything is changed; a fault at the site, a step that lands
 * anywhere but just past it, more than SEAL_INJECT_STOPS_MAX stops or
 * SEAL_INJECT_STEP_MS in one call end the call with an error, never a
 * loop; and end() brings back a thread left running by such an error
 * before it restores it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <elf.h>

#include "inject.h"
#include "maps.h"
#include "syscall_nr.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* AT_SYSINFO_EHDR of tid (the kernel's copy of its auxv): 0 when none. */
static uint64_t auxv_vdso(pid_t tid)
{
	char path[64];
	uint64_t aux[128], v = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/auxv", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, aux, sizeof(aux));
	close(fd);
	for (size_t i = 0; n > 0 && i + 1 < (size_t)n / sizeof(aux[0]); i += 2)
		if (aux[i] == AT_SYSINFO_EHDR)
			v = aux[i + 1];
	return v;
}

/* The kernel's own [vdso] mapping (no file: inode 0, the exact name; a
 * file a process names "…[vdso]" shows its own path and inode), at the
 * address AT_SYSINFO_EHDR gives when known. */
struct vdso {
	uint64_t at;
	struct seal_mapping m;
};

static int is_vdso(const struct seal_mapping *m, void *ctx)
{
	struct vdso *v = ctx;

	if (m->cut || m->inode || m->path_len != 6 || memcmp(m->path, "[vdso]", 6) ||
	    m->start >= m->end || (v->at && m->start != v->at))
		return 0;
	v->m = *m;
	return 1;
}

/*
 * The kernel's [vdso] of tid.  -ENOENT: none; -ENOEXEC: it is not
 * executable (the process made it so).
 */
static int kernel_vdso(pid_t tid, uint64_t *start, uint64_t *end)
{
	char path[64], line[SEAL_MAPS_LINE_MIN];
	struct vdso v = { .at = auxv_vdso(tid) };
	int fd, rc;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	rc = seal_maps_each(fd, line, sizeof(line), is_vdso, &v);
	close(fd);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return -ENOENT;
	*start = v.m.start;
	*end = v.m.end;
	return v.m.perms[2] == 'x' ? 0 : -ENOEXEC;
}

static int find_site(pid_t tid, uint64_t start, uint64_t end, uint64_t *site)
{
	static const unsigned char insn[] = SEAL_INJECT_INSN;
	uint64_t off;
	unsigned char *buf;
	struct iovec local, remote;
	ssize_t got;
	int err;

	if (start >= end || end - start > (1u << 20))
		return -ENOENT;		/* no vDSO is that big */
	buf = malloc(end - start);
	if (!buf)
		return -ENOMEM;
	local = (struct iovec){ buf, end - start };
	remote = (struct iovec){ (void *)(uintptr_t)start, end - start };
	got = process_vm_readv(tid, &local, 1, &remote, 1, 0);
	if (got < 0) {
		err = errno == ESRCH ? -ESRCH : -EACCES;
		goto out;
	}
	err = -ENOENT;
	for (off = 0; off + SEAL_INJECT_INSN_LEN <= (uint64_t)got;
	     off += SEAL_INJECT_INSN_ALIGN) {
		if (memcmp(buf + off, insn, SEAL_INJECT_INSN_LEN) == 0) {
			*site = start + off;
			err = 0;
			break;
		}
	}
out:
	free(buf);
	return err;
}

int seal_inject_site(pid_t tid, uint64_t *site)
{
	uint64_t start, end;
	int err = kernel_vdso(tid, &start, &end);

	return err ? err : find_site(tid, start, end, site);
}

/*
 * A thread stopped inside a restartable sequence's critical section
 * (rseq(2)): the kernel moves it to the section's abort handler when it
 * next returns to user space, as after any preemption.  An injected call
 * returns to the vDSO instead, outside the section, where the kernel
 * only forgets the section; restored to the saved registers, the thread
 * would then finish a section that was interrupted.  So the saved
 * registers get the abort handler, as the kernel would have given it
 * (only where the signature before it matches: else the kernel kills the
 * thread, and so it will still).  Best effort: a kernel without
 * PTRACE_GET_RSEQ_CONFIGURATION (Linux 5.13) or a thread without rseq
 * is left as it is.
 */
#ifndef PTRACE_GET_RSEQ_CONFIGURATION
#define PTRACE_GET_RSEQ_CONFIGURATION	0x420f
#endif
static void rseq_abort(pid_t tid, struct seal_inject_regs *regs)
{
	struct {
		uint64_t rseq_abi_pointer;
		uint32_t rseq_abi_size, signature, flags, pad;
	} conf;
	struct {
		uint32_t version, flags;
		uint64_t start_ip, post_commit_offset, abort_ip;
	} cs;
	uint64_t cs_ptr = 0, pc = seal_inject_pc(regs);
	uint32_t sig;
	char path[64];
	int fd;

	if (ptrace(PTRACE_GET_RSEQ_CONFIGURATION, tid, (void *)sizeof(conf), &conf) !=
	    (long)sizeof(conf) || !conf.rseq_abi_pointer)
		return;
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	/* struct rseq: cpu_id_start, cpu_id, then rseq_cs at 8. */
	if (pread(fd, &cs_ptr, sizeof(cs_ptr), (off_t)(conf.rseq_abi_pointer + 8)) ==
	    (ssize_t)sizeof(cs_ptr) && cs_ptr &&
	    pread(fd, &cs, sizeof(cs), (off_t)cs_ptr) == (ssize_t)sizeof(cs) &&
	    pc >= cs.start_ip && pc - cs.start_ip < cs.post_commit_offset &&
	    cs.abort_ip >= 4 && pread(fd, &sig, sizeof(sig), (off_t)(cs.abort_ip - 4)) ==
	    (ssize_t)sizeof(sig) && sig == conf.signature)
		seal_inject_set_pc(regs, cs.abort_ip);
	close(fd);
}

int seal_inject_begin(struct seal_inject *in, pid_t tid)
{
	uint64_t all = ~(uint64_t)0, start, end;
	int err;

	memset(in, 0, sizeof(*in));
	in->tid = tid;
	/* The kernel's vDSO, executable, now that the thread is stopped. */
	err = kernel_vdso(tid, &start, &end);
	if (err)
		return err;
	if (seal_inject_getregs(tid, &in->saved) != 0 ||
	    ptrace(PTRACE_GETSIGMASK, tid, (void *)sizeof(in->sigmask), &in->sigmask) != 0)
		return errno == ESRCH ? -ESRCH : -EIO;
	err = find_site(tid, start, end, &in->site);
	if (err)
		return err;
	rseq_abort(tid, &in->saved);
	/* Signals wait in their queues until end() (see inject.h). */
	if (ptrace(PTRACE_SETSIGMASK, tid, (void *)sizeof(all), &all) != 0)
		return errno == ESRCH ? -ESRCH : -EIO;
	in->ready = 1;
	return 0;
}

/* Keep a signal for end(); a standard signal already kept is merged, as
 * the kernel would merge it. */
static int record_signal(struct seal_inject *in, const siginfo_t *si)
{
	int i;

	if (si->si_signo < SIGRTMIN)
		for (i = 0; i < in->nsignals; i++)
			if (in->signal[i].si_signo == si->si_signo)
				return 0;
	if (in->nsignals == SEAL_INJECT_SIGNALS_MAX)
		return -ENOBUFS;
	in->signal[in->nsignals++] = *si;
	return 0;
}

/*
 * The next stop of tid, by deadline: 0 and *status, -ETIMEDOUT, -ESRCH,
 * or -EINTR when a handler of the caller's ran (with interruptible;
 * otherwise the wait goes on).  Where the caller blocks SIGCHLD (the
 * kernel sends it to the tracer at each stop) it waits for that signal;
 * otherwise it looks again after a short sleep.
 */
static int wait_stop(pid_t tid, int *status, uint64_t deadline, bool interruptible)
{
	sigset_t mask, chld;
	bool by_signal;
	unsigned int round;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	by_signal = sigprocmask(SIG_SETMASK, NULL, &mask) == 0 && sigismember(&mask, SIGCHLD);
	for (round = 0;; round++) {
		pid_t got = waitpid(tid, status, __WALL | WNOHANG);
		uint64_t t;
		struct timespec left;
		int rc;

		if (got == tid)
			return 0;
		if (got < 0 && errno == EINTR) {
			if (interruptible)
				return -EINTR;
			continue;
		}
		if (got < 0)
			return errno == ECHILD ? -ESRCH : -errno;
		t = now_ns();
		if (t >= deadline)
			return -ETIMEDOUT;
		t = deadline - t;
		if (!by_signal && t > (20000ull << (round < 10 ? round : 10)))
			t = 20000ull << (round < 10 ? round : 10);
		left.tv_sec = (time_t)(t / 1000000000u);
		left.tv_nsec = (long)(t % 1000000000u);
		rc = by_signal ? sigtimedwait(&chld, NULL, &left) : nanosleep(&left, NULL);
		if (rc < 0 && errno == EINTR && interruptible)
			return -EINTR;
	}
}

/* Single-step the thread until it has run the instruction at in->site:
 * 0 with its registers, or -errno (see inject.h). */
static int step_over_site(struct seal_inject *in, struct seal_inject_regs *regs)
{
	uint64_t deadline = now_ns() + SEAL_INJECT_STEP_MS * 1000000ull;
	int err = 0, stops;

	for (stops = 0; stops < SEAL_INJECT_STOPS_MAX; stops++) {
		siginfo_t si;
		int status, sig, event, rc;

		if (ptrace(PTRACE_SINGLESTEP, in->tid, NULL, NULL) != 0)
			return errno == ESRCH ? -ESRCH : -EIO;
		in->running = 1;
		rc = wait_stop(in->tid, &status, deadline, true);
		if (rc < 0)
			return rc;	/* still running: end() brings it back */
		in->running = 0;
		if (!WIFSTOPPED(status))
			return -ESRCH;		/* exited or killed */
		sig = WSTOPSIG(status);
		event = status >> 16;
		if (event == PTRACE_EVENT_EXIT)
			return -ESRCH;
		if (event != 0)
			continue;		/* group-stop or other event: go on */
		if (ptrace(PTRACE_GETSIGINFO, in->tid, NULL, &si) != 0)
			return errno == ESRCH ? -ESRCH : -EIO;
		/* A trap the kernel made is ours: the thread runs nothing
		 * but our instruction.  x86_64 reports the step over a
		 * system call as TRAP_BRKPT; AArch64 as SI_USER from no
		 * process, and may add a hardware step trap on the way,
		 * before the instruction.  Anywhere else, the instruction
		 * was not the one we read: never step further. */
		if (sig == SIGTRAP && (si.si_code > 0 || (si.si_code == SI_USER && si.si_pid == 0))) {
			if (seal_inject_getregs(in->tid, regs) != 0)
				return errno == ESRCH ? -ESRCH : -EIO;
			if (seal_inject_pc(regs) == in->site + SEAL_INJECT_INSN_LEN)
				return err;
			if (seal_inject_pc(regs) != in->site)
				return -EFAULT;
			continue;
		}
		/* The site faults (a vDSO made unexecutable behind our back,
		 * by another process sharing the memory): the fault is ours,
		 * not the program's; it is not delivered. */
		if (si.si_code > 0 && (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
				       sig == SIGFPE || sig == SIGTRAP))
			return -EFAULT;
		/* A signal for the program, stopped before our instruction
		 * ran: keep it, resume without it. */
		if (record_signal(in, &si) != 0)
			err = -ENOBUFS;
	}
	return -ETIME;
}

int seal_inject_syscall(struct seal_inject *in, long *result, long nr,
			long a0, long a1, long a2, long a3, long a4, long a5)
{
	const long a[6] = { a0, a1, a2, a3, a4, a5 };
	struct seal_inject_regs regs = in->saved;
	int err;

	if (!in->ready || in->running)
		return -EINVAL;
	seal_inject_setup(&regs, in->site, nr, a);
	if (seal_inject_setregs(in->tid, &regs) != 0)
		return errno == ESRCH ? -ESRCH : -EIO;
	err = step_over_site(in, &regs);
	if (err)
		return err;
	*result = seal_inject_result(&regs);
	return 0;
}

int seal_inject_seal(struct seal_inject *in, uint64_t start, uint64_t end, int prot,
		     size_t page)
{
	long res;
	int rc = seal_inject_syscall(in, &res, SEAL_NR_mseal, (long)start, (long)(end - start), 0,
				     0, 0, 0);

	if (rc < 0)
		return rc;
	if (res < 0)
		return (int)-res;
	rc = seal_inject_syscall(in, &res, SEAL_NR_mprotect, (long)start, (long)page, prot, 0, 0, 0);
	if (rc < 0)
		return rc;
	return res == -EPERM ? 0 : -EEXIST;
}

/* A thread an error left running (single-stepping): stop it again.  The
 * step ends by itself in a moment; an interrupt covers a thread that is
 * held in the injected call. */
static int bring_back(struct seal_inject *in)
{
	uint64_t deadline = now_ns() + SEAL_INJECT_STEP_MS * 1000000ull;
	int status, rc;

	rc = wait_stop(in->tid, &status, now_ns() + 50 * 1000000ull, false);
	if (rc == -ETIMEDOUT) {
		if (ptrace(PTRACE_INTERRUPT, in->tid, NULL, NULL) != 0 && errno == ESRCH)
			return -ESRCH;
		rc = wait_stop(in->tid, &status, deadline, false);
	}
	if (rc < 0)
		return rc;
	in->running = 0;
	if (!WIFSTOPPED(status))
		return -ESRCH;
	/* A signal of the program's that stopped it on the way: kept. */
	if (status >> 16 == 0 && WSTOPSIG(status) != SIGTRAP) {
		siginfo_t si;

		if (ptrace(PTRACE_GETSIGINFO, in->tid, NULL, &si) == 0 && si.si_code <= 0)
			record_signal(in, &si);
	}
	return 0;
}

int seal_inject_end(struct seal_inject *in)
{
	pid_t tgid = 0;
	char path[64], line[128];
	FILE *f;
	int i, err = 0;

	if (!in->ready)
		return 0;
	if (in->running) {
		err = bring_back(in);
		if (err)
			return err;
	}
	in->ready = 0;
	if (seal_inject_setregs(in->tid, &in->saved) != 0 ||
	    ptrace(PTRACE_SETSIGMASK, in->tid, (void *)sizeof(in->sigmask), &in->sigmask) != 0)
		return errno == ESRCH ? -ESRCH : -EIO;
	if (!in->nsignals)
		return 0;
	/* The thread group, for rt_tgsigqueueinfo and tgkill. */
	snprintf(path, sizeof(path), "/proc/%d/status", (int)in->tid);
	f = fopen(path, "re");
	if (!f)
		return -ESRCH;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %d", &tgid) == 1)
			break;
	fclose(f);
	if (tgid <= 0)
		return -ESRCH;
	for (i = 0; i < in->nsignals; i++) {
		siginfo_t *si = &in->signal[i];

		/* The kernel queues a tracer's siginfo only with codes a
		 * process may send (negative, not SI_TKILL). */
		if (si->si_code < 0 && si->si_code != SI_TKILL &&
		    syscall(SYS_rt_tgsigqueueinfo, tgid, in->tid, si->si_signo, si) == 0)
			continue;
		if (syscall(SYS_tgkill, tgid, in->tid, si->si_signo) != 0 && !err)
			err = -errno;
	}
	in->nsignals = 0;
	return err;
}
