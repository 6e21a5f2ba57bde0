/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl seal — seal a running process in place.
 *
 * Steps, per process, in this order; nothing is sealed before every
 * check has passed:
 *
 *  1. refuse what cannot be sealed: no such process, a zombie, a kernel
 *     thread, a process another tracer holds (TracerPid), one without an
 *     executable kernel [vdso] to make system calls from;
 *  2. judge the process, while it runs, exactly as verify does (judge.c):
 *     the objects the kernel shows, labelled by the loader's list where
 *     it agrees.  The plan is every mapping the policy names that is not
 *     sealed yet, merged where mappings touch.  Refused while the loader
 *     is changing its list, or has none yet though the program has an
 *     interpreter (r_state not RT_CONSISTENT, or a RELRO mapping still
 *     writable): after a short sleep it is tried again, a few times;
 *  3. stop every thread: PTRACE_SEIZE and PTRACE_INTERRUPT each one in
 *     /proc/PID/task, then list the tasks again until no new one shows
 *     (a stopped thread creates none, so the set is then complete); then
 *     check that what the plan rests on still holds: its mappings there
 *     and unchanged, every r_state consistent (else let go and start
 *     again at 2);
 *  4. in one thread, through common/inject.c (refused if its seccomp filters
 *     would not let it make these calls, see seccomp.c): mseal each range, then check
 *     with the kernel that it took, as the sealer does: an mprotect of
 *     the range's first page to its own protection must fail with EPERM;
 *  5. restore that thread's registers, detach every thread (a signal
 *     that stopped a thread is handed back at detach);
 *  6. read smaps again: every range must show sealed ("checked" is the
 *     kernel's word, not the target's).
 *
 * The target may be hostile (sealctl(8), THREAT MODEL).  What is sealed
 * is what the kernel shows (judge.c), whatever its loader's list says;
 * before anything is touched, its system-call site must be the kernel's
 * own [vdso], executable (common/inject.c); every wait has a bound
 * (STOP_WAIT_MS a thread, STOP_ALL_MS all of them, SEAL_INJECT_STEP_MS a
 * call).  Signals that would kill sealctl are blocked while threads are
 * stopped (dying mid-injection would leave a thread with the wrong
 * registers), but SIGINT, SIGTERM and SIGHUP: they end the seal at once,
 * the target restored exactly (registers, signal mask) and let go, and
 * sealctl exits 1.
 */
#define _GNU_SOURCE
#include <argp.h>
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/audit.h>

#include "inject.h"
#include "maps.h"
#include "seccomp.h"
#include "seal.h"
#include "seal_policy.h"
#include "sealctl.h"
#include "judge.h"
#include "select.h"
#include "syscall_nr.h"

/* Exit statuses, as verify's (sealctl(8)). */
#define SEAL_EXIT_SEALED	0
#define SEAL_EXIT_FAILED	1
#define SEAL_EXIT_REFUSED	2

#define LOADER_TRIES		5
#define LOADER_WAIT_MS		20
/* How long a thread may take to stop: one in vfork (or any killable-only
 * wait) stops only when that ends, and every other thread waits with it. */
#define STOP_WAIT_MS		1000
/* How long stopping every thread may take (a process that makes threads
 * as fast as they are stopped is refused then). */
#define STOP_ALL_MS		10000

/* SIGINT, SIGTERM or SIGHUP received: the seal ends, the target let go. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

struct sealcmd {
	unsigned int policy;
	bool dry_run, quiet;
	pid_t *pids;
	size_t npids;
	struct pid_list members;	/* processes of --unit and --cgroup */
	bool members_bad;		/* one could not be listed */
	size_t ntargets;
	size_t page;
};

/* A thread we hold. */
struct thread {
	pid_t tid;
	int sig;			/* a signal it stopped with, for detach */
};

struct stopped {
	struct thread *t;
	size_t n, cap;
	uint64_t ns;			/* when the first thread was interrupted */
};

struct range {
	uint64_t start, end;
	int prot;			/* of its first mapping */
	size_t first;			/* its first mapping, in the target */
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- refusals before touching the process ------------------------------- */

/* The number after "name" in /proc/PID/status text, -1 when absent. */
static long status_number(const char *text, const char *name)
{
	const char *p = strstr(text, name);

	return p ? strtol(p + strlen(name), NULL, 10) : -1;
}

/* 0, or -errno with *why set to a reason for a refusal of our own. */
static int refuse_early(int dirfd, const char **why)
{
	char status[4096], stat[1024];
	const char *p;
	unsigned long flags = 0;
	int field;

	if (proc_read_small(dirfd, "status", status, sizeof(status)) < 0 ||
	    proc_read_small(dirfd, "stat", stat, sizeof(stat)) < 0)
		return -ESRCH;
	p = strrchr(stat, ')');
	if (p && (p[2] == 'Z' || p[2] == 'X')) {
		*why = "a zombie: it has no address space";
		return -EINVAL;
	}
	/* Field 9 of stat: the task flags; PF_KTHREAD is 0x00200000. */
	for (field = 2; p && field < 9; field++)
		p = strchr(p + 1, ' ');
	if (p)
		flags = strtoul(p + 1, NULL, 10);
	if (flags & 0x00200000) {
		*why = "a kernel thread: it has no address space of its own";
		return -EINVAL;
	}
	if (status_number(status, "\nTracerPid:") > 0) {
		*why = "traced by another process (TracerPid)";
		return -EBUSY;
	}
	return 0;
}

/* ---- stopping and letting go --------------------------------------------- */

static bool holding(const struct stopped *s, pid_t tid)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->t[i].tid == tid)
			return true;
	return false;
}

/* Wait for tid's next stop (or end), STOP_WAIT_MS at most: 0 with *st,
 * -ETIMEDOUT, -EINTR (a stop signal came), or -errno.  SIGCHLD, blocked
 * by the caller, says when to look again: the kernel sends it to the
 * tracer at each ptrace-stop. */
static int wait_stop(pid_t tid, int *st)
{
	uint64_t end = now_ns() + STOP_WAIT_MS * 1000000ull, t;
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	for (;;) {
		pid_t got = waitpid(tid, st, __WALL | WNOHANG);
		struct timespec left;

		if (got == tid)
			return 0;
		if (got < 0)
			return -errno;
		t = now_ns();
		if (t >= end)
			return -ETIMEDOUT;
		left.tv_sec = (time_t)((end - t) / 1000000000u);
		left.tv_nsec = (long)((end - t) % 1000000000u);
		if (sigtimedwait(&chld, NULL, &left) < 0 && errno == EINTR && stop_signal)
			return -EINTR;
	}
}

/* Seize and interrupt one thread and wait for its stop.  0, 1 when it
 * is gone (a thread that exits meanwhile), or -errno (-ETIMEDOUT: it
 * does not stop; it stays seized, not stopped, until sealctl exits). */
static int stop_thread(struct stopped *s, pid_t tid)
{
	int st, sig = 0, rc;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		void *p = realloc(s->t, cap * sizeof(*s->t));

		if (!p)
			return -ENOMEM;
		s->t = p;
		s->cap = cap;
	}
	if (ptrace(PTRACE_SEIZE, tid, NULL, NULL) != 0) {
		char path[64], stat[512];
		const char *p = NULL;
		int err = errno, fd;
		ssize_t n;

		if (err == ESRCH)
			return 1;
		/* A thread that has exited (a zombie first thread) runs
		 * nothing and cannot be seized: nothing to stop. */
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)tid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		n = fd < 0 ? -1 : read(fd, stat, sizeof(stat) - 1);
		if (fd >= 0)
			close(fd);
		if (n > 0) {
			stat[n] = 0;
			p = strrchr(stat, ')');
		}
		return p && (p[2] == 'Z' || p[2] == 'X') ? 1 : -err;
	}
	if (!s->n)
		s->ns = now_ns();
	s->t[s->n++] = (struct thread){ tid, 0 };
	if (ptrace(PTRACE_INTERRUPT, tid, NULL, NULL) != 0 && errno != ESRCH)
		return -errno;
	rc = wait_stop(tid, &st);
	if (rc < 0)
		return rc;
	if (!WIFSTOPPED(st)) {
		s->n--;			/* exited meanwhile */
		return 1;
	}
	/* A signal-delivery-stop came before the interrupt: the signal is
	 * handed back when the thread is let go. */
	if (st >> 16 == 0)
		sig = WSTOPSIG(st);
	s->t[s->n - 1].sig = sig;
	return 0;
}

/* Stop every thread of the process, until listing finds no new one,
 * STOP_ALL_MS at most (-ETIME). */
static int stop_all(struct stopped *s, int dirfd)
{
	uint64_t end = now_ns() + STOP_ALL_MS * 1000000ull;
	bool added = true;
	int rc;

	while (added) {
		int fd = openat(dirfd, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		struct dirent *d;
		DIR *dir;

		/* dirfd may be /proc/PID/task/TID (proc_open: the first
		 * thread has exited): its parent is the list. */
		if (fd < 0 && errno == ENOENT)
			fd = openat(dirfd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (fd < 0)
			return errno == ENOENT ? -ESRCH : -errno;
		dir = fdopendir(fd);
		if (!dir) {
			close(fd);
			return -errno;
		}
		added = false;
		while ((d = readdir(dir))) {
			pid_t tid = (pid_t)strtol(d->d_name, NULL, 10);

			if (tid <= 0 || holding(s, tid))
				continue;
			rc = stop_signal ? -EINTR : now_ns() > end ? -ETIME : stop_thread(s, tid);
			if (rc < 0) {
				closedir(dir);
				return rc;
			}
			if (rc == 0)
				added = true;
		}
		closedir(dir);
	}
	return s->n ? 0 : -ESRCH;
}

static void let_go(struct stopped *s)
{
	for (size_t i = 0; i < s->n; i++)
		ptrace(PTRACE_DETACH, s->t[i].tid, NULL, (void *)(long)s->t[i].sig);
	s->n = 0;
}

/* ---- the plan --------------------------------------------------------------- */

static int prot_of(const char *perms)
{
	return (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0) |
	       (perms[2] == 'x' ? PROT_EXEC : 0);
}

/* Is there an interpreter (AT_BASE in auxv)?  1, 0, or -errno. */
static int has_interp(int dirfd)
{
	unsigned long aux[512];
	ssize_t n = proc_read_small(dirfd, "auxv", (char *)aux, sizeof(aux));

	if (n < 0)
		return (int)n;
	for (size_t i = 0; i + 1 < (size_t)n / sizeof(aux[0]); i += 2)
		if (aux[i] == AT_BASE)
			return aux[i + 1] != 0;
	return 0;
}

/*
 * Does mapping m carry the protection the loader leaves for the parts of
 * its object it holds (its segment's p_flags; RELRO read-only)?  A
 * program may change the protection of its own pages for a while
 * (mariadbd makes a page of its .data read-only, and writable again at
 * shutdown); sealing would freeze that change for good.  The loader's
 * own unfinished work shows the same way: RELRO still writable.
 */
static bool as_loaded(const struct mapping *m)
{
	int prot = prot_of(m->perms);

	if ((m->parts & SEAL_POLICY_CODE) && !(prot & PROT_EXEC))
		return false;
	if ((m->parts & SEAL_POLICY_DATA) && !(prot & PROT_WRITE))
		return false;
	if ((m->parts & (SEAL_POLICY_RODATA | SEAL_POLICY_RELRO)) &&
	    (prot & (PROT_WRITE | PROT_EXEC)))
		return false;
	return true;
}

/*
 * The ranges to seal: the named, unsealed mappings, merged where they
 * touch; mappings whose protection is not the loader's are left out and
 * listed in *left (the first SEAL_LEFT_MAX; *nleft counts them all).
 * 0, or -EAGAIN while the loader is changing its list (last: on the
 * last try, a RELRO still writable is left out too), or -errno (-E2BIG
 * with *why: not all of it known).
 */
#define SEAL_LEFT_MAX	8
struct left {
	uint64_t start, end;
	char perms[5];
	bool relro;			/* RELRO still writable */
	char path[128];
};

static int plan(const struct target *t, int dirfd, bool last, struct range **out,
		size_t *nout, struct left *left, size_t *nleft, const char **why)
{
	struct range *r;
	size_t i, n = 0;

	*nleft = 0;
	/* Past the bound on the names of its mappings, some are not known
	 * (judge.h): sealing the others and saying "sealed" would be a lie. */
	if (t->paths_cut) {
		*why = "the paths of its mappings pass the bound sealctl keeps (JUDGE_PATHS_MAX)";
		return -E2BIG;
	}
	/* A loader that has listed nothing yet is still starting the
	 * program (its RELRO not protected yet); one whose list is changing
	 * is loading.  A list that cannot be read may be one changing as it
	 * is read (a dlopen in another thread, half done): wait for it, but
	 * on the last try only what the kernel shows counts.  A list that
	 * disagrees with the kernel changes nothing: what is sealed is what
	 * the kernel shows (judge.c). */
	/* Its code moved while it was read, every time: what it is is not
	 * known, so neither is what to seal. */
	if (t->code_moved) {
		if (!last)
			return -EAGAIN;
		*why = "its executable memory kept moving while it was read";
		return -E2BIG;
	}
	if (!t->objs && t->objs_err == -ENOENT && has_interp(dirfd) != 0)
		return -EAGAIN;
	if (!t->objs && !last && has_interp(dirfd) != 0)
		return -EAGAIN;
	if (t->objs && !t->objs->consistent)
		return -EAGAIN;
	r = calloc(t->n ? t->n : 1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	for (i = 0; i < t->n; i++) {
		const struct mapping *m = &t->map[i];

		if (!m->parts || m->sealed)
			continue;
		if (!as_loaded(m)) {
			bool relro = (m->parts & SEAL_POLICY_RELRO) && m->perms[1] == 'w';

			/* RELRO the loader has not made read-only yet (glibc
			 * <= 2.40 marks a dlopen consistent before it
			 * relocates): wait for it; on the last try leave it,
			 * never seal it (the loader's mprotect would fail). */
			if (relro && !last) {
				free(r);
				return -EAGAIN;
			}
			if (*nleft < SEAL_LEFT_MAX) {
				struct left *l = &left[*nleft];

				l->start = m->start;
				l->end = m->end;
				memcpy(l->perms, m->perms, sizeof(l->perms));
				l->relro = relro;
				snprintf(l->path, sizeof(l->path), "%s", judge_path(t, m));
			}
			(*nleft)++;
			continue;
		}
		if (n && r[n - 1].end == m->start) {
			r[n - 1].end = m->end;
			continue;
		}
		r[n++] = (struct range){ m->start, m->end, prot_of(m->perms), i };
	}
	*out = r;
	*nout = n;
	return 0;
}

/* Say what plan() left out, and why. */
static void say_left(pid_t pid, const char *comm, const struct left *left, size_t nleft)
{
	for (size_t k = 0; k < nleft && k < SEAL_LEFT_MAX; k++)
		sealctl_warn("%d (%s): left unsealed: %llx-%llx %s %s: %s", (int)pid, comm,
			     (unsigned long long)left[k].start, (unsigned long long)left[k].end,
			     left[k].perms, left[k].path,
			     left[k].relro ? "RELRO still writable (its loader has not finished it, "
					     "or the program made it writable)"
					   : "the program changed its protection from what its loader "
					     "left (sealing would freeze that change)");
	if (nleft > SEAL_LEFT_MAX)
		sealctl_warn("%d (%s): left unsealed: %zu more such mappings", (int)pid, comm,
			     nleft - SEAL_LEFT_MAX);
}

/* The next mapping of the plan from map[i] on (t->n: none). */
static size_t next_planned(const struct target *t, size_t i)
{
	while (i < t->n && (!t->map[i].parts || t->map[i].sealed))
		i++;
	return i;
}

/*
 * Once every thread is stopped: does the plan still hold?  Each mapping
 * it seals still there, the same (start, end, permissions, offset,
 * inode: not unmapped, not re-protected), and every namespace's r_state
 * consistent.  Other mappings may have changed meanwhile (thread stacks,
 * an object loaded since: left for later, as if loaded after sealing).
 * 0, or -EAGAIN when not (judge again), or -errno.  The list is read
 * again through the /proc directory (judge_read_list()).
 */
struct still {
	const struct target *t;
	size_t j;			/* the next planned mapping */
};

/* One line of maps against the plan: 1 (stop) once a planned mapping is
 * gone or changed, or when the plan is all seen. */
static int still_there(const struct seal_mapping *l, void *ctx)
{
	struct still *c = ctx;
	const struct mapping *m = &c->t->map[c->j];

	if (m->end <= l->start)
		return 1;		/* gone */
	if (m->start < l->end) {
		if (m->start != l->start || m->end != l->end || m->offset != l->offset ||
		    m->inode != l->inode || strncmp(m->perms, l->perms, 4) != 0)
			return 1;	/* changed */
		c->j = next_planned(c->t, c->j + 1);
	}
	return c->j == c->t->n;
}

static int unchanged(const struct target *t, int dirfd)
{
	char line[SEAL_MAPS_LINE_MIN];
	struct still c = { t, next_planned(t, 0) };
	struct seal_objects *now = NULL;
	int fd, rc = 0;

	fd = openat(dirfd, "maps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -ESRCH;
	if (c.j < t->n)
		rc = seal_maps_each(fd, line, sizeof(line), still_there, &c);
	close(fd);
	if (rc < 0)
		return rc;
	if (c.j < t->n)
		return -EAGAIN;
	if (!t->objs)
		return 0;
	/* The loader's state, read again as the judge reads lists (by its
	 * child, in bounded time: the process may have put a page of it
	 * on a file system whose server never answers). */
	rc = judge_read_list(dirfd, t->objs->count + 16, SEAL_OBJECTS_NO_PHDRS, &now);
	if (rc == 0 && !now->consistent)
		rc = -EAGAIN;
	else if (rc < 0 && rc != -ESRCH && rc != -ENOMEM)
		rc = rc == -ETIMEDOUT || rc == -EACCES || rc == -EPERM ? -EACCES : -EAGAIN;
	seal_objects_free(now);
	return rc;
}

/* The plan, paths and command name escaped as everywhere (escape.h). */
static void print_plan(const struct target *t, const struct range *r, size_t n,
		       const char *comm)
{
	printf("%d (%s): would seal %zu range%s\n", (int)t->pid, comm, n, n == 1 ? "" : "s");
	for (size_t k = 0; k < n; k++) {
		const struct mapping *m = &t->map[r[k].first];

		printf("  %llx-%llx %s ", (unsigned long long)r[k].start,
		       (unsigned long long)r[k].end, m->perms);
		fputs_esc(judge_path(t, m), stdout);
		putchar('\n');
	}
}

/* The ranges sealed, as smaps shows them now: every VMA inside one must
 * carry "sl".  The kernel's answer, which no thread of the target can
 * fake (the mprotect checks run inside it). */
struct sealed_check {
	const struct range *r;
	size_t n, k;
	uint64_t bad;			/* the start of a range not sealed, or 0 */
	bool found;
};

static int check_vma(void *ctx, const struct seal_vma *v)
{
	struct sealed_check *c = ctx;

	while (c->k < c->n && c->r[c->k].end <= v->start)
		c->k++;
	if (c->k < c->n && v->start < c->r[c->k].end && v->end > c->r[c->k].start && !v->sealed &&
	    !c->found) {
		c->bad = c->r[c->k].start;
		c->found = true;
	}
	return 0;
}

static int sealed_now(int dirfd, const struct range *r, size_t n, uint64_t *bad)
{
	struct sealed_check c = { r, n, 0, 0, false };
	int rc = proc_each_vma(dirfd, check_vma, &c, NULL);

	*bad = c.bad;
	return rc < 0 ? rc : c.found ? -EEXIST : 0;
}

/* ---- sealing ---------------------------------------------------------------- */

/* SEAL_AUDIT_ARCH: arch/<isa>/syscall_nr.h. */

/*
 * Does the thread's seccomp let it make the calls seal_ranges injects,
 * exactly as it will make them?  A filter may kill it on mseal (or
 * strict mode on anything), raise SIGSYS, or fake the result.  0, or
 * -errno with *why: refused, nothing done.
 */
static int seccomp_allows(const struct sealcmd *c, const struct seal_inject *in,
			  const struct range *r, size_t n, const char **why)
{
	char path[64], status[4096];
	ssize_t len;
	long mode;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)in->tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -ESRCH;
	len = read(fd, status, sizeof(status) - 1);
	close(fd);
	if (len <= 0)
		return -ESRCH;
	status[len] = 0;
	mode = status_number(status, "\nSeccomp:");
	if (mode <= 0)
		return 0;
	if (mode == 1) {
		*why = "in seccomp strict mode (mseal would kill it)";
		return -EPERM;
	}
	for (size_t k = 0; k < 2 * n; k++) {
		const struct range *g = &r[k / 2];
		bool mseal = k % 2 == 0;
		struct seccomp_data d = {
			.nr = mseal ? SEAL_NR_mseal : SEAL_NR_mprotect,
			.arch = SEAL_AUDIT_ARCH,
			.instruction_pointer = in->site + SEAL_INJECT_INSN_LEN,
			.args = { g->start, mseal ? g->end - g->start : c->page,
				  mseal ? 0 : (uint64_t)g->prot },
		};
		unsigned int action;
		int rc = seccomp_action(in->tid, &d, &action);

		if (rc < 0) {
			*why = rc == -EACCES || rc == -EPERM ?
			       "its seccomp filters cannot be read (that needs CAP_SYS_ADMIN) "
			       "to tell whether they allow mseal" :
			       "its seccomp filters cannot be read to tell whether they allow mseal";
			return rc;
		}
		action &= SECCOMP_RET_ACTION_FULL;
		if (action != SECCOMP_RET_ALLOW && action != SECCOMP_RET_LOG) {
			*why = mseal ? "its seccomp filter would not let it call mseal" :
			       "its seccomp filter would not let it call mprotect (the check)";
			return -EPERM;
		}
	}
	return 0;
}

/* Why the system-call site refuses a seal. */
static const char *site_refusal(int err)
{
	return err == -ENOEXEC ? "its vDSO is not executable: no system call can be made there" :
	       err == -ENOENT ? "it has no vDSO with a system-call instruction (the kernel's "
				"[vdso], executable, is the only site used)" :
	       "cannot inject system calls into it";
}

/* The thread id of a /proc directory (/proc/PID or /proc/PID/task/TID). */
static pid_t dir_tid(int dirfd)
{
	char stat[64];

	return proc_read_small(dirfd, "stat", stat, sizeof(stat)) > 0 ?
	       (pid_t)strtol(stat, NULL, 10) : -1;
}

/* mseal each range, then the kernel's check; 0, or -errno with *why. */
static int seal_ranges(const struct sealcmd *c, struct stopped *s, const struct range *r,
		       size_t n, const char **why, size_t *bad, bool *refused)
{
	struct seal_inject in;
	int rc, end;
	size_t k;

	/* The process's first thread, if it is still there. */
	rc = seal_inject_begin(&in, s->t[0].tid);
	if (rc < 0) {
		*why = site_refusal(rc);
		*refused = rc == -ENOENT || rc == -ENOEXEC;
		return rc;
	}
	rc = seccomp_allows(c, &in, r, n, why);
	if (rc < 0) {
		/* Nothing injected, but begin() blocked every signal. */
		*refused = true;
		seal_inject_end(&in);
		return rc;
	}
	for (k = 0; k < n && rc == 0; k++) {
		rc = stop_signal ? -EINTR :
		     seal_inject_seal(&in, r[k].start, r[k].end, r[k].prot, c->page);
		if (rc == -EEXIST)
			*why = "the kernel did not refuse mprotect after mseal";
		if (rc > 0) {
			*why = "mseal refused";
			rc = -rc;
		}
		if (*why)
			*bad = k;
	}
	if (rc == -EFAULT && !*why)
		*why = "its system-call site faulted (its vDSO changed under us)";
	if (rc < 0 && !*why)
		*why = "injecting a system call failed";
	end = seal_inject_end(&in);
	if (end < 0 && rc == 0) {
		*why = "restoring its registers failed";
		rc = end;
	}
	return rc;
}

/* The signal mask while threads are held: everything blocked (SIGCHLD
 * is waited for) but the three signals that end a seal. */
static void hold_mask(sigset_t *m)
{
	sigfillset(m);
	sigdelset(m, SIGINT);
	sigdelset(m, SIGTERM);
	sigdelset(m, SIGHUP);
}

/* One process: SEAL_EXIT_* */
static int seal_one(const struct sealcmd *c, pid_t pid)
{
	struct stopped s = { 0 };
	char comm[64] = "?", ebuf[4 * sizeof(comm) + 1];
	const char *why = NULL, *ec;
	size_t n = 0, bad = SIZE_MAX, nleft = 0;
	struct left left[SEAL_LEFT_MAX];
	struct range *r = NULL;
	sigset_t hold, old;
	uint64_t site;
	int dirfd, rc = 0, tries;
	bool refused = false;

	dirfd = proc_open(pid);
	if (dirfd < 0) {
		sealctl_warn("%d: %s", (int)pid, err_cause(-dirfd));
		return SEAL_EXIT_REFUSED;
	}
	proc_comm(dirfd, comm, sizeof(comm));
	ec = esc_str(comm, ebuf, ESC_CONTROL);
	rc = refuse_early(dirfd, &why);
	/* Where system calls would be made: refused before anything is
	 * touched if the kernel's vDSO is not there and executable. */
	if (rc == 0) {
		rc = seal_inject_site(dir_tid(dirfd), &site);
		if (rc == -ENOENT || rc == -ENOEXEC)
			why = site_refusal(rc);
		else if (rc == -EACCES || rc == -EPERM)
			rc = 0;		/* ptrace will say why, below */
	}
	if (rc < 0) {
		sealctl_warn("%d (%s): refused: %s", (int)pid, comm, why ? why : err_cause(-rc));
		close(dirfd);
		return SEAL_EXIT_REFUSED;
	}

	hold_mask(&hold);
	for (tries = 0; tries < LOADER_TRIES && !stop_signal; tries++) {
		struct target t = { .pid = pid, .dirfd = -1 };
		uint64_t stopped_ns, unsealed;

		if (tries)
			usleep(LOADER_WAIT_MS * 1000);
		/* Judged while it runs (smaps and the loader's list are the
		 * slow part); what the plan rests on is checked again once
		 * every thread is stopped. */
		rc = judge_read(&t, c->policy, c->page, comm, sizeof(comm));
		ec = esc_str(comm, ebuf, ESC_CONTROL);
		if (rc == 0)
			rc = plan(&t, dirfd, tries == LOADER_TRIES - 1, &r, &n, left, &nleft, &why);
		if (rc == 0 && t.disagree && tries == 0) {
			/* sealctl_warn() escapes what it writes (ec is for stdout). */
			sealctl_warn("%d (%s): the loader's list disagrees with the kernel: %s; "
				     "sealing what the kernel shows", (int)pid, comm, t.why);
		}
		if (rc < 0 || stop_signal)
			goto next;
		sigprocmask(SIG_SETMASK, &hold, &old);
		rc = stop_all(&s, dirfd);
		if (rc < 0) {
			let_go(&s);
			sigprocmask(SIG_SETMASK, &old, NULL);
			if (rc == -EINTR)
				goto next;
			why = NULL;
			if (rc == -EPERM && refuse_early(dirfd, &why) == 0)
				why = "permission denied (ptrace)";
			if (rc == -ETIMEDOUT)
				why = "a thread does not stop (waiting in vfork, or in an "
				      "uninterruptible wait)";
			if (rc == -ETIME)
				why = "its threads did not all stop within 10 s";
			sealctl_warn("%d (%s): cannot stop it: %s", (int)pid, comm,
				     why ? why : err_cause(-rc));
			rc = SEAL_EXIT_REFUSED;
			judge_free(&t);
			free(r);
			r = NULL;
			break;
		}
		/* Read through a thread we hold: the first one may have
		 * exited (a zombie has no address space to read). */
		rc = n ? unchanged(&t, dirfd) : 0;
		if (rc == 0 && c->dry_run) {
			let_go(&s);
			sigprocmask(SIG_SETMASK, &old, NULL);
			print_plan(&t, r, n, ec);
			say_left(pid, comm, left, nleft);
		} else if (rc == 0) {
			rc = n ? seal_ranges(c, &s, r, n, &why, &bad, &refused) : 0;
			let_go(&s);
			stopped_ns = now_ns() - s.ns;
			sigprocmask(SIG_SETMASK, &old, NULL);
			if (stop_signal)
				goto next;
			/* "checked": smaps shows every range sealed. */
			if (rc == 0 && n && (rc = sealed_now(dirfd, r, n, &unsealed)) == -EEXIST)
				sealctl_warn("%d (%s): the kernel does not show %llx sealed", (int)pid,
					     comm, (unsigned long long)unsealed);
			else if (rc == 0 && !c->quiet)
				printf("%d (%s): sealed %zu range%s, checked; stopped %.2f ms\n",
				       (int)pid, ec, n, n == 1 ? "" : "s", stopped_ns / 1e6);
			if (rc == 0)
				say_left(pid, comm, left, nleft);
			else if (rc < 0 && refused)
				sealctl_warn("%d (%s): refused: %s", (int)pid, comm, why);
			else if (rc < 0 && bad != SIZE_MAX)
				sealctl_warn("%d (%s): %s for %llx-%llx: %s", (int)pid, comm, why,
					     (unsigned long long)r[bad].start,
					     (unsigned long long)r[bad].end, err_cause(-rc));
			else if (rc < 0 && rc != -EEXIST)
				sealctl_warn("%d (%s): %s: %s", (int)pid, comm,
					     why ? why : "sealing failed", err_cause(-rc));
			rc = rc < 0 ? (refused ? SEAL_EXIT_REFUSED : SEAL_EXIT_FAILED) :
			     SEAL_EXIT_SEALED;
		} else {
			let_go(&s);
			sigprocmask(SIG_SETMASK, &old, NULL);
		}
next:
		judge_free(&t);
		free(r);
		r = NULL;
		if (rc != -EAGAIN || stop_signal)
			break;
	}
	if (stop_signal) {
		sealctl_warn("%d (%s): interrupted by %s: let go as it was (its registers and "
			     "signal mask restored)", (int)pid, comm, strsignal(stop_signal));
		rc = SEAL_EXIT_FAILED;
	} else if (rc == -EAGAIN) {
		sealctl_warn("%d (%s): refused: its loader is changing its list of objects "
			     "(tried %d times)", (int)pid, comm, LOADER_TRIES);
		rc = SEAL_EXIT_FAILED;
	} else if (rc == -E2BIG && why) {
		sealctl_warn("%d (%s): refused: %s", (int)pid, comm, why);
		rc = SEAL_EXIT_REFUSED;
	} else if (rc < 0) {
		sealctl_warn("%d (%s): %s%s%s", (int)pid, comm, why ? why : "", why ? ": " : "",
			     err_cause(-rc));
		rc = rc == -ENOMEM ? SEAL_EXIT_FAILED : SEAL_EXIT_REFUSED;
	}
	free(s.t);
	close(dirfd);
	return rc;
}

/* ---- options ------------------------------------------------------------- */

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct sealcmd *c = state->input;
	const char *bad = NULL;
	size_t badlen = 0;
	bool wx = false;
	pid_t pid;
	int rc;

	switch (key) {
	case 'p':
		rc = judge_parse_policy(arg, &c->policy, &wx, &bad, &badlen);
		if (rc == -ENOMEM)
			argp_failure(state, SEAL_EXIT_FAILED, ENOMEM, "policy");
		if (rc < 0)
			argp_error(state, badlen ? "invalid policy '%s': unknown word '%.*s' "
				   "(see --help for the words)" : "invalid policy '%s': an empty "
				   "item%.*s", arg, (int)badlen, bad);
		if (wx)
			argp_error(state, "policy '%s': 'wx' is verify's; seal cannot "
				   "enforce W^X in a running process", arg);
		if ((c->policy & ~SEAL_POLICY_DLOPEN) == 0)
			argp_error(state, "policy '%s' names nothing to seal", arg);
		break;
	case 'n':
		c->dry_run = true;
		break;
	case 'q':
		c->quiet = true;
		break;
	case ARGP_KEY_ARG:
		if (parse_pid(arg, &pid) < 0)
			argp_error(state, "invalid PID '%s': a number from 1", arg);
		if (pid == getpid())
			argp_error(state, "sealctl cannot seal itself (PID %s)", arg);
		c->pids[c->npids++] = pid;
		break;
	case 'u':
	case 'c':
		c->ntargets++;
		if (select_targets(key == 'u' ? arg : NULL, key == 'c' ? arg : NULL,
				   &c->members) < 0)
			c->members_bad = true;
		break;
	case ARGP_KEY_END:
		if (!c->npids && !c->ntargets)
			argp_error(state, "no PID given");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* The policy words at the end of --help; wx is verify's. */
static char *help_filter(int key, const char *text, void *input)
{
	(void)input;
	return judge_policy_help(key, text, false);
}

int cmd_seal(int argc, char **argv)
{
	static const struct argp_option options[] = {
		{ "policy", 'p', "LIST", 0, "what to seal (default: default)", 0 },
		{ "dry-run", 'n', NULL, 0, "print the ranges it would seal; change nothing", 0 },
		{ "quiet", 'q', NULL, 0, "print nothing on success", 0 },
		{ "unit", 'u', "UNIT", 0, "every process of systemd unit UNIT (its cgroup "
		  "and those below it)", 0 },
		{ "cgroup", 'c', "PATH", 0, "every process of cgroup PATH (cgroup v2)", 0 },
		{ 0 }
	};
	static const struct argp argp = {
		.options = options,
		.parser = parse_opt,
		.args_doc = "PID...\n--unit=UNIT|--cgroup=PATH...",
		.doc = "Seal running processes in place: stop every thread, seal what "
		       "the policy names of the objects the loader has loaded (for a "
		       "static program, its ELF segments), check with the kernel that "
		       "each seal took, and let the threads go on as they were.  Objects "
		       "loaded later are not sealed.  Needs ptrace access (root or the "
		       "same user, as Yama allows).\v"
		       "Exit status: 0 every process sealed and checked, 1 sealing one "
		       "failed (or its loader kept changing), 2 one was refused (no such "
		       "process, permission denied, traced by another, a zombie or "
		       "kernel thread, a thread that does not stop, a seccomp filter "
		       "that forbids mseal), 64 on a usage error.",
		.help_filter = help_filter,
	};
	struct sealcmd c = { .policy = SEAL_POLICY_DEFAULT };
	int worst = SEAL_EXIT_SEALED, rc;
	size_t i;

	c.page = (size_t)sysconf(_SC_PAGESIZE);
	signal(SIGCHLD, SIG_DFL);	/* its stops are waited for (wait_stop) */
	/* No SA_RESTART: a wait in progress returns, and the seal ends. */
	{
		struct sigaction sa = { .sa_handler = on_stop_signal };

		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
	}
	c.pids = calloc((size_t)argc, sizeof(*c.pids));
	if (!c.pids) {
		sealctl_warn("%s", err_cause(ENOMEM));
		return SEAL_EXIT_FAILED;
	}
	sealctl_argp_parse(&argp, argc, argv, 0, &c);
	if (c.members_bad)
		worst = SEAL_EXIT_REFUSED;
	for (i = 0; i < c.members.n && !stop_signal; i++) {
		/* Never ourselves (sealctl seal --cgroup of its own cgroup). */
		if (c.members.pid[i] == getpid())
			continue;
		rc = seal_one(&c, c.members.pid[i]);
		if (rc > worst)
			worst = rc;
	}
	for (i = 0; i < c.npids && !stop_signal; i++) {
		rc = seal_one(&c, c.pids[i]);
		if (rc > worst)
			worst = rc;
	}
	/* Interrupted: 1, whatever was done before (sealctl(8)). */
	if (stop_signal)
		worst = SEAL_EXIT_FAILED;
	free(c.pids);
	pid_list_free(&c.members);
	return worst;
}
