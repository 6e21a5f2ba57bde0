/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealrun for static programs: no loader reads LD_AUDIT, so they are
 * sealed from outside, by a tracer, through system calls injected into
 * the program (common/inject.c: the vDSO's system-call instruction, nothing
 * written into the program).
 *
 *  1. sealrun forks; the child forks the tracer and exits at once, so
 *     the tracer is reparented away and is never a child (nor a zombie)
 *     of the program.  The tracer moves into its own session, out of the
 *     terminal's signals.
 *  2. sealrun names the tracer with PR_SET_PTRACER (Yama: the tracer is
 *     no ancestor of ours) and tells it to go; the tracer PTRACE_SEIZEs
 *     sealrun with EXITKILL (if the tracer dies, the program dies with
 *     it) and TRACEEXEC, and answers with 0 or its errno.  A tracer that
 *     dies before seizing closes the pipe: refused, nothing run.
 *     sealrun clears PR_SET_PTRACER, then execs in place.
 *  3. At the exec stop, before the program's first instruction: mseal
 *     what the policy names of the program's span except RELRO, and the
 *     system mappings; each seal checked with the kernel (mprotect of
 *     its first page to its own protection must fail with EPERM).
 *  4. RELRO, which static glibc's start-up makes read-only itself: the
 *     tracer follows the program's system calls until an mprotect that
 *     succeeded over the RELRO's first page, and seals it then.  Bound:
 *     STATIC_SYSCALLS_MAX system calls, or STATIC_IDLE_S seconds with no
 *     system call (blocked: then interrupted); a program that never
 *     protects it (musl) gets it sealed as it is then, writable, like data.
 *     An exec meanwhile starts again at 3 with the new image.
 *  5. Detach (the program is no longer traced: gdb and strace can attach)
 *     and exit.  If sealing fails, the program is made to exit 125 (an
 *     injected exit_group), or killed.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "msg.h"
#include "inject.h"
#include "maps.h"
#include "seal_policy.h"
#include "sealrun.h"
#include "syscall_nr.h"

/* Start-up system calls followed for the RELRO's mprotect (static glibc
 * makes it in its first twenty or so). */
#define STATIC_SYSCALLS_MAX	4096
/* ... or until it has made none for this long (blocked, or never to). */
#define STATIC_IDLE_S		1

struct tracer {
	pid_t pid;
	unsigned int policy;
	bool verbose;
	size_t page;
	bool at_exec;			/* started at the exec stop already */
};

__attribute__((format(printf, 2, 3)))
static void say(const struct tracer *t, const char *fmt, ...)
{
	char prog[32];
	va_list ap;

	seal_format(prog, sizeof(prog), "sealrun: %d", (int)t->pid);
	va_start(ap, fmt);
	seal_vsay(STDERR_FILENO, prog, fmt, ap);
	va_end(ap);
}

/* The program's mappings, read once per stop. */
#define STATIC_MAPS_MAX		256

struct vma {
	uintptr_t start, end;
	int prot;
	unsigned long long offset, inode;
	char name[32];			/* [vdso], [stack], …; "" for a file */
};

static struct vma maps[STATIC_MAPS_MAX];
static size_t nmaps;

/* A change of protection seen since the mappings were read: an mprotect
 * that succeeded, from its arguments (saves reading them again). */
static struct {
	uintptr_t start, end;
	int prot;
} changed;

static int keep_vma(const struct seal_mapping *m, void *ctx)
{
	struct vma *v = &maps[nmaps];

	(void)ctx;
	if (nmaps == STATIC_MAPS_MAX)
		return -E2BIG;
	*v = (struct vma){ .start = m->start, .end = m->end, .prot = m->prot,
			   .offset = m->offset, .inode = m->inode };
	/* The kernel's own mappings' names ([vdso], [stack], …); no file's. */
	if (!m->inode && !m->cut && m->path_len < sizeof(v->name))
		memcpy(v->name, m->path, m->path_len);
	nmaps++;
	return 0;
}

static int read_maps(pid_t pid)
{
	char path[64], line[SEAL_MAPS_LINE_MIN];
	int fd, rc;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	nmaps = 0;
	changed.start = changed.end = 0;
	rc = seal_maps_each(fd, line, sizeof(line), keep_vma, NULL);
	close(fd);
	return rc;
}

/* The protection of the mapping holding addr (-1: none). */
static int prot_at(uintptr_t addr)
{
	if (changed.start <= addr && addr < changed.end)
		return changed.prot;
	for (size_t i = 0; i < nmaps; i++)
		if (maps[i].start <= addr && addr < maps[i].end)
			return maps[i].prot;
	return -1;
}

/* mseal [start, end) in the stopped program and check it took.  0 or -errno. */
static int seal_range(const struct tracer *t, struct seal_inject *in, uintptr_t start,
		      uintptr_t end)
{
	int prot = prot_at(start);
	int rc;

	if (prot < 0)
		return -ENOMEM;
	rc = seal_inject_seal(in, start, end, prot, t->page);
	if (rc == -EEXIST)
		say(t, "%#lx-%#lx: the kernel did not refuse mprotect after mseal",
		    (unsigned long)start, (unsigned long)end);
	if (rc > 0) {
		say(t, "mseal %#lx-%#lx: %s", (unsigned long)start, (unsigned long)end,
		    seal_strerror(rc));
		return -rc;
	}
	if (rc < 0)
		return rc;
	if (t->verbose)
		say(t, "sealed %#lx-%#lx", (unsigned long)start, (unsigned long)end);
	return 0;
}

/* Spans for parts of the program read (elf, mapped at base). */
static int spans_of(const struct tracer *t, const struct seal_elf *elf, uintptr_t base,
		    unsigned int parts, struct seal_span *out)
{
	/* The holes apart from the rest, so that seal_spans can tell them. */
	int rc = seal_object_spans(elf->segment, elf->nsegments, base, t->page,
				   parts & ~SEAL_POLICY_HOLES, out, SEAL_SPANS_MAX);

	if (rc >= 0 && (parts & SEAL_POLICY_HOLES)) {
		int holes = seal_object_spans(elf->segment, elf->nsegments, base, t->page,
					      SEAL_POLICY_HOLES, out + rc, SEAL_SPANS_MAX - rc);

		rc = holes < 0 ? holes : rc + holes;
	}
	return rc;
}

/* The program's spans, from its file (read once) and where it is mapped:
 * parts but RELRO in now (their count in *nnow), RELRO in relro if parts
 * name it (the count returned).  0 or more, or -errno. */
static int program_spans(const struct tracer *t, unsigned int parts, struct seal_span *now,
			 int *nnow, struct seal_span *relro)
{
	char path[64];
	static struct seal_elf elf;
	uintptr_t base = 0, low = UINTPTR_MAX;
	struct stat st;
	int fd, rc;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)t->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = seal_elf_read(fd, &elf);
	if (rc == 0 && fstat(fd, &st) < 0)
		rc = -errno;
	close(fd);
	if (rc < 0)
		return rc;
	if (elf.nsegments > SEAL_SEGMENTS_MAX || elf.phnum > SEAL_PHDRS_MAX)
		return -E2BIG;
	if (elf.type == ET_DYN) {
		/* static-pie: the lowest mapping of the file, from offset 0. */
		for (size_t i = 0; i < nmaps; i++)
			if (maps[i].inode == st.st_ino && maps[i].offset == 0 && maps[i].start < low)
				low = maps[i].start;
		for (size_t i = 0; i < elf.nsegments && low != UINTPTR_MAX; i++)
			if (elf.segment[i].type == PT_LOAD) {
				base = low - (elf.segment[i].vaddr & ~(uint64_t)(t->page - 1));
				break;
			}
		if (low == UINTPTR_MAX)
			return -ENOENT;
	}
	rc = spans_of(t, &elf, base, parts & ~SEAL_POLICY_RELRO, now);
	if (rc < 0)
		return rc;
	*nnow = rc;
	return parts & SEAL_POLICY_RELRO ? spans_of(t, &elf, base, SEAL_POLICY_RELRO, relro) : 0;
}

/* The pieces to seal at one stop, in address order once sorted. */
#define STATIC_PIECES_MAX	(2 * STATIC_MAPS_MAX)

struct pieces {
	struct seal_span v[STATIC_PIECES_MAX];
	size_t n;
};

static int add_piece(struct pieces *p, uintptr_t start, uintptr_t end)
{
	if (p->n == STATIC_PIECES_MAX)
		return -E2BIG;
	p->v[p->n++] = (struct seal_span){ .start = start, .end = end };
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const struct seal_span *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

/*
 * What to seal of the spans, cut to what is mapped: the kernel maps a
 * static program's segments alone, and where their alignment is larger
 * than the page (64K on AArch64) leaves the gaps between them unmapped.
 * A hole is sealed only where an inaccessible mapping covers it; anything
 * else there is not the program's.  With kernel, also the system mappings
 * (and the main stack) the policy names.
 */
static int collect(const struct tracer *t, const struct seal_span *sp, int n, bool kernel,
		   struct pieces *p)
{
	int rc = 0;

	p->n = 0;
	for (size_t i = 0; i < nmaps && rc == 0; i++) {
		if (kernel &&
		    (((t->policy & SEAL_POLICY_SYSTEM) && seal_policy_system_path(maps[i].name)) ||
		     ((t->policy & SEAL_POLICY_STACK) && strcmp(maps[i].name, "[stack]") == 0))) {
			rc = add_piece(p, maps[i].start, maps[i].end);
			continue;
		}
		for (int k = 0; k < n && rc == 0; k++) {
			uintptr_t s = maps[i].start > sp[k].start ? maps[i].start : sp[k].start;
			uintptr_t e = maps[i].end < sp[k].end ? maps[i].end : sp[k].end;

			if (s < e && (sp[k].parts != SEAL_POLICY_HOLES || maps[i].prot == 0))
				rc = add_piece(p, s, e);
		}
	}
	return rc;
}

/* Seal spans (n of them) in the program stopped for us: pieces that
 * touch in one call (text and data, [vvar] and [vdso]), each checked. */
static int seal_spans(const struct tracer *t, const struct seal_span *sp, int n, bool kernel)
{
	static struct pieces p;
	struct seal_inject in;
	int rc, end;

	rc = collect(t, sp, n, kernel, &p);
	if (rc < 0) {
		say(t, "too many mappings to seal");
		kill(t->pid, SIGKILL);
		return rc;
	}
	if (p.n > 1)
		qsort(p.v, p.n, sizeof(p.v[0]), by_start);
	rc = seal_inject_begin(&in, t->pid);
	if (rc < 0) {
		say(t, "cannot inject system calls: %s", seal_strerror(-rc));
		kill(t->pid, SIGKILL);
		return rc;
	}
	for (size_t i = 0; i < p.n && rc == 0; i++) {
		uintptr_t start = p.v[i].start, stop = p.v[i].end;

		while (i + 1 < p.n && p.v[i + 1].start <= stop) {
			if (p.v[i + 1].end > stop)
				stop = p.v[i + 1].end;
			i++;
		}
		rc = seal_range(t, &in, start, stop);
	}
	if (rc < 0) {
		long res;

		/* Fail closed: the program exits 125 before running unsealed. */
		seal_inject_syscall(&in, &res, SEAL_NR_exit_group, EXIT_FAILED, 0, 0, 0, 0, 0);
		kill(t->pid, SIGKILL);
		return rc;
	}
	end = seal_inject_end(&in);
	return end;
}

/* Resume with the signal a stop carries (event stops: none).  A SIGTRAP
 * is the program's when a process sent it or an instruction of its own
 * raised it (SI_KERNEL: int3); a trap from single-stepping (TRAP_*) can
 * only be the tracer's, left over from an injection. */
static int resume(pid_t pid, int status, enum __ptrace_request how)
{
	int sig = WSTOPSIG(status);
	siginfo_t si;

	if (sig == SIGTRAP && (status >> 16) == 0 &&
	    (ptrace(PTRACE_GETSIGINFO, pid, 0, &si) < 0 ||
	     (si.si_code > 0 && si.si_code != SI_KERNEL)))
		sig = 0;
	if (sig == (SIGTRAP | 0x80) || (status >> 16) != 0)
		sig = 0;
	/* A group-stop (SIGSTOP, SIGTSTP, ...): stays stopped until SIGCONT,
	 * which ends the listening with another PTRACE_EVENT_STOP. */
	if ((status >> 16) == PTRACE_EVENT_STOP && WSTOPSIG(status) != SIGTRAP)
		how = PTRACE_LISTEN;
	return ptrace(how, pid, 0, sig) < 0 ? -errno : 0;
}

/*
 * The kernel's view of the image at an exec stop: did it put an
 * interpreter in (AT_BASE)?  Then no static program runs, whatever was
 * judged static: its path changed after the judgement.  (Secure mode
 * does not matter here: sealed from outside, a static program's seals
 * ask nothing of a loader.)  true also when the vector cannot be read
 * whole (closed, not open).
 */
static bool not_static(pid_t pid)
{
	char path[64];
	uint64_t av[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/auxv", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return true;
	n = read(fd, av, sizeof(av));
	close(fd);
	for (ssize_t i = 0; i + 1 < n / 8; i += 2) {
		if (av[i] == 0)
			return false;
		if (av[i] == 7 /* AT_BASE */ && av[i + 1])
			return true;
	}
	return true;
}

/* SIGALRM only interrupts the tracer's waitpid (STATIC_IDLE_S). */
static void on_alarm(int sig)
{
	(void)sig;
}

/* The tracer, once it holds the program; never returns. */
static __attribute__((noreturn)) void trace(struct tracer *t)
{
	struct seal_span now[SEAL_SPANS_MAX], relro[SEAL_SPANS_MAX];
	int status, nnow = 0, nrelro = 0, calls = 0;
	long nr = -1;
	uint64_t args[6] = { 0 };
	uintptr_t relro_lo = 0, relro_hi = 0;
	unsigned int objects = t->policy & SEAL_POLICY_OBJECTS;
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	bool late = false;

	sigaction(SIGALRM, &sa, NULL);

	/* Until the exec: pass every signal on.  The tracee is the one
	 * task this tracer traces: waited for as any (-1), since a thread
	 * that execs takes its process's ID at the exec. */
	while (!t->at_exec) {
		pid_t w = waitpid(-1, &status, __WALL);

		if (w < 0 || !WIFSTOPPED(status))
			_exit(0);
		t->pid = w;
		if ((status >> 8) == (SIGTRAP | (PTRACE_EVENT_EXEC << 8)))
			break;
		if (resume(t->pid, status, PTRACE_CONT) < 0)
			_exit(0);
	}
	/* An exec stop: sealrun's, or one the program made before its
	 * start-up was done (the new image is sealed all over again). */
exec_stop:
	alarm(0);
	late = false;
	nrelro = 0;
	calls = 0;
	nr = -1;
	relro_lo = relro_hi = 0;
	/*
	 * The exec stop is inside execve: a single-step from there traps on
	 * the way out of the call, before any instruction.  Move to a clean
	 * stop first: an interrupt taken on the way to user mode, still
	 * before the program's first instruction.
	 */
	if (not_static(t->pid)) {
		say(t, "refusing to run it unsealed: the kernel loaded a dynamic program, not "
		    "the static program judged: its path changed after the "
		    "judgement; killed at its exec");
		kill(t->pid, SIGKILL);
		_exit(1);
	}
	if (ptrace(PTRACE_INTERRUPT, t->pid, 0, 0) < 0 || ptrace(PTRACE_CONT, t->pid, 0, 0) < 0)
		_exit(0);
	for (;;) {
		if (waitpid(t->pid, &status, __WALL) < 0 || !WIFSTOPPED(status))
			_exit(0);
		if ((status >> 16) == PTRACE_EVENT_STOP)
			break;
		if (resume(t->pid, status, PTRACE_CONT) < 0)
			_exit(0);
	}
	if (read_maps(t->pid) < 0) {
		say(t, "cannot read its mappings");
		kill(t->pid, SIGKILL);
		_exit(1);
	}
	nrelro = program_spans(t, objects, now, &nnow, relro);
	if (nrelro < 0) {
		say(t, "cannot tell the program's segments: %s", seal_strerror(-nrelro));
		kill(t->pid, SIGKILL);
		_exit(1);
	}
	if (seal_spans(t, now, nnow, true) < 0)
		_exit(1);
	/* RELRO: follow the start-up to its mprotect, with a bound. */
	for (int i = 0; i < nrelro; i++) {
		relro_lo = i == 0 || relro[i].start < relro_lo ? relro[i].start : relro_lo;
		relro_hi = relro[i].end > relro_hi ? relro[i].end : relro_hi;
	}
	while (nrelro > 0) {
		struct __ptrace_syscall_info si;
		bool done = false;

		if (ptrace(PTRACE_SYSCALL, t->pid, 0, 0) < 0)
			_exit(0);
		for (;;) {
			alarm(STATIC_IDLE_S);
			if (waitpid(t->pid, &status, __WALL) < 0) {
				if (errno != EINTR)
					_exit(0);
				/* Idle that long: stop it where it is (at
				 * the next stop but a syscall-entry one). */
				if (ptrace(PTRACE_INTERRUPT, t->pid, 0, 0) < 0)
					_exit(0);
				late = true;
				continue;
			}
			alarm(0);
			if (!WIFSTOPPED(status))
				_exit(0);
			if (WSTOPSIG(status) == (SIGTRAP | 0x80))
				break;
			if ((status >> 8) == (SIGTRAP | (PTRACE_EVENT_EXEC << 8)))
				goto exec_stop;
			if (late && (status >> 16) == PTRACE_EVENT_STOP && WSTOPSIG(status) == SIGTRAP)
				break;		/* our interrupt */
			if (resume(t->pid, status, PTRACE_SYSCALL) < 0)
				_exit(0);
		}
		if ((status >> 16) == PTRACE_EVENT_STOP)
			si.op = PTRACE_SYSCALL_INFO_NONE;
		else if (ptrace(PTRACE_GET_SYSCALL_INFO, t->pid, sizeof(si), &si) < 0)
			_exit(0);
		if (si.op == PTRACE_SYSCALL_INFO_ENTRY) {
			nr = (long)si.entry.nr;
			memcpy(args, si.entry.args, sizeof(args));
			continue;
		}
		if (si.op == PTRACE_SYSCALL_INFO_EXIT)
			calls++;
		/* Interrupted after STATIC_IDLE_S (the interrupt's own stop, or
		 * the exit of the call it cut short): sealed as it is. */
		if (late && (si.op == PTRACE_SYSCALL_INFO_EXIT ||
			     (status >> 16) == PTRACE_EVENT_STOP)) {
			if (read_maps(t->pid) < 0)
				nmaps = 0;	/* seal_range then fails: killed */
			if (t->verbose)
				say(t, "RELRO not protected after %d s without a system call; "
				    "sealed as it is", STATIC_IDLE_S);
			if (seal_spans(t, relro, nrelro, false) < 0)
				_exit(1);
			break;
		}
		if (si.op != PTRACE_SYSCALL_INFO_EXIT)
			continue;
		if (nr == SEAL_NR_mprotect && si.exit.rval == 0 && args[0] < relro_hi &&
		    args[0] + args[1] > relro_lo) {
			if (args[0] <= relro_lo && args[0] + args[1] >= relro_hi) {
				/* All of it, as glibc does: its arguments say how. */
				changed.start = (uintptr_t)args[0];
				changed.end = (uintptr_t)(args[0] + args[1]);
				changed.prot = (int)args[2];
				done = args[2] == PROT_READ;
			} else if (read_maps(t->pid) == 0) {
				/* Part of it: done once every piece is read-only. */
				done = true;
				for (int i = 0; i < nrelro; i++)
					done = done && prot_at(relro[i].start) == PROT_READ &&
					       prot_at(relro[i].end - 1) == PROT_READ;
			}
		}
		if (!done && calls >= STATIC_SYSCALLS_MAX) {
			if (read_maps(t->pid) < 0)
				nmaps = 0;	/* seal_spans then fails: killed */
			if (t->verbose)
				say(t, "RELRO not protected after %d system calls; sealed as it is",
				    calls);
			done = true;
		}
		if (done) {
			if (seal_spans(t, relro, nrelro, false) < 0)
				_exit(1);
			break;
		}
	}
	ptrace(PTRACE_DETACH, t->pid, 0, 0);
	_exit(0);
}

/* The tracer, forked by the middle child; never returns. */
static __attribute__((noreturn)) void tracer_main(struct tracer *t, int go[2], int ans[2])
{
	char c;
	int err = 0;

	close(go[1]);
	close(ans[0]);
	setsid();
	if (read(go[0], &c, 1) != 1)
		_exit(0);
	if (ptrace(PTRACE_SEIZE, t->pid, 0, PTRACE_O_EXITKILL | PTRACE_O_TRACEEXEC |
		   PTRACE_O_TRACESYSGOOD) < 0)
		err = errno;
	if (write(ans[1], &err, sizeof(err)) != sizeof(err) || err)
		_exit(0);
	close(ans[1]);
	trace(t);
}

int static_attach(unsigned int policy, bool verbose, struct seal_refusal *r)
{
	/* Static: the middle child writes here, in our memory. */
	static struct tracer t;
	static int go[2], ans[2];
	static volatile pid_t tracer;
	int err = 0;
	pid_t mid;
	ssize_t n;

	t = (struct tracer){ getpid(), policy, verbose, (size_t)sysconf(_SC_PAGESIZE), false };
	tracer = 0;
	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(ans, O_CLOEXEC) < 0)
		return seal_refuse(r, EXIT_FAILED, "cannot start the tracer: %s", seal_strerror(errno));
	/*
	 * The middle child shares our memory and we wait while it runs
	 * (vfork: no copy of the address space is made for it).  It forks
	 * the tracer, a copy of us as we are, leaves its PID in tracer and
	 * exits, so that the tracer is reparented away.
	 */
	mid = vfork();
	if (mid == 0) {
		pid_t me = fork();

		if (me == 0)
			tracer_main(&t, go, ans);
		tracer = me;
		_exit(me < 0);
	}
	err = errno;
	if (mid > 0)
		waitpid(mid, NULL, 0);
	if (mid < 0 || tracer <= 0) {
		close(go[0]), close(go[1]), close(ans[0]), close(ans[1]);
		return seal_refuse(r, EXIT_FAILED, "cannot start the tracer: %s",
				   seal_strerror(mid < 0 ? err : EAGAIN));
	}
	err = 0;
	close(go[0]);
	close(ans[1]);
	/* Yama ptrace_scope 1: the tracer is no ancestor of ours. */
	prctl(PR_SET_PTRACER, (unsigned long)tracer, 0, 0, 0);
	n = write(go[1], "g", 1);
	close(go[1]);
	if (n == 1)
		n = read(ans[0], &err, sizeof(err));
	close(ans[0]);
	prctl(PR_SET_PTRACER, 0, 0, 0, 0);
	if (n != sizeof(err))
		return seal_refuse(r, EXIT_FAILED, "the tracer died before it could trace the program "
			      "(seccomp or a security module may forbid ptrace)");
	if (err)
		return seal_refuse(r, EXIT_FAILED, "a static program is sealed through ptrace, which is "
			      "denied here: %s (Yama ptrace_scope, a container or seccomp; see "
			      "sealrun(1))", seal_strerror(err));
	return 0;
}

void static_trace(pid_t pid, unsigned int policy, bool verbose, bool at_exec)
{
	static struct tracer t;

	t = (struct tracer){ pid, policy, verbose, (size_t)sysconf(_SC_PAGESIZE), at_exec };
	trace(&t);
}

int static_resume(pid_t pid, int status)
{
	return resume(pid, status, PTRACE_CONT);
}
