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
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inject.h"
#include "maps.h"
#include "syscall_nr.h"

/* The kernel's own [vdso] mapping (no file: inode 0, the exact name). */
static int is_vdso(const struct seal_mapping *m, void *ctx)
{
	struct seal_mapping *found = ctx;

	if (m->cut || m->inode || m->path_len != 6 || memcmp(m->path, "[vdso]", 6))
		return 0;
	*found = *m;
	return 1;
}

/* The [vdso] line of /proc/TID/maps: its start and end. */
static int vdso_range(pid_t tid, uint64_t *start, uint64_t *end)
{
	char path[64], line[SEAL_MAPS_LINE_MIN];
	struct seal_mapping vdso;
	int fd, rc;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	rc = seal_maps_each(fd, line, sizeof(line), is_vdso, &vdso);
	close(fd);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return -ENOENT;
	*start = vdso.start;
	*end = vdso.end;
	return 0;
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

int seal_inject_begin_vdso(struct seal_inject *in, pid_t tid, uint64_t vdso_start,
			   uint64_t vdso_end)
{
	uint64_t all = ~(uint64_t)0;
	int err;

	memset(in, 0, sizeof(*in));
	in->tid = tid;
	if (seal_inject_getregs(tid, &in->saved) != 0 ||
	    ptrace(PTRACE_GETSIGMASK, tid, (void *)sizeof(in->sigmask), &in->sigmask) != 0)
		return errno == ESRCH ? -ESRCH : -EIO;
	err = find_site(tid, vdso_start, vdso_end, &in->site);
	if (err)
		return err;
	/* Signals wait in their queues until end() (see inject.h). */
	if (ptrace(PTRACE_SETSIGMASK, tid, (void *)sizeof(all), &all) != 0)
		return errno == ESRCH ? -ESRCH : -EIO;
	return 0;
}

int seal_inject_begin(struct seal_inject *in, pid_t tid)
{
	uint64_t start, end;
	int err = vdso_range(tid, &start, &end);

	if (err) {
		memset(in, 0, sizeof(*in));
		return err;
	}
	return seal_inject_begin_vdso(in, tid, start, end);
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

/* Single-step the thread until it has run the instruction at in->site. */
static int step_over_site(struct seal_inject *in, struct seal_inject_regs *regs)
{
	int err = 0;

	for (;;) {
		siginfo_t si;
		int status, sig, event;

		if (ptrace(PTRACE_SINGLESTEP, in->tid, NULL, NULL) != 0)
			return errno == ESRCH ? -ESRCH : -EIO;
		if (waitpid(in->tid, &status, __WALL) < 0)
			return errno == ECHILD ? -ESRCH : -errno;
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
		 * process, and may add a hardware step trap on the way. */
		if (sig == SIGTRAP && (si.si_code > 0 || (si.si_code == SI_USER && si.si_pid == 0))) {
			if (seal_inject_getregs(in->tid, regs) != 0)
				return errno == ESRCH ? -ESRCH : -EIO;
			if (seal_inject_pc(regs) == in->site + SEAL_INJECT_INSN_LEN)
				return err;
			continue;
		}
		/* A signal for the program, stopped before our instruction
		 * ran: keep it, resume without it. */
		if (record_signal(in, &si) != 0)
			err = -ENOBUFS;
	}
}

int seal_inject_syscall(struct seal_inject *in, long *result, long nr,
			long a0, long a1, long a2, long a3, long a4, long a5)
{
	const long a[6] = { a0, a1, a2, a3, a4, a5 };
	struct seal_inject_regs regs = in->saved;
	int err;

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

int seal_inject_end(struct seal_inject *in)
{
	pid_t tgid = 0;
	char path[64], line[128];
	FILE *f;
	int i, err = 0;

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
