// SPDX-License-Identifier: GPL-2.0-or-later
// SPDX-FileCopyrightText: 2026 The sealtools authors
/*
 * sealrun's supervisor: one judge for every exec of the sealed tree,
 * whoever issues it (the C library of any link-map namespace, a raw
 * system call, a static or Go program).
 *
 *  1. sealrun forks; the child forks the supervisor and exits, so that
 *     the supervisor is no child of the program (a daemon that reaps
 *     unknown children or kills its process group never touches it); it
 *     moves to its own session, closes every descriptor it inherited
 *     (a command substitution around a daemon must not wait for it).
 *  2. sealrun installs a seccomp filter whose only rule hands execve and
 *     execveat to a user-space listener (seccomp_unotify(2)); without
 *     CAP_SYS_ADMIN the kernel demands no_new_privs first (set-user-ID
 *     and file capabilities then grant nothing to what the tree runs).
 *     The filter binds sealrun and all it starts, for good.  sealrun
 *     hands the listener over a socket (SCM_RIGHTS) and keeps no copy.
 *  3. For each exec the supervisor reads the path, the arguments and the
 *     environment from /proc/TID/mem (bounded; the notification checked
 *     still valid once the file is open, so that a reused ID cannot
 *     answer), resolves the path in the task's working directory, and
 *     judges it with common/exec.c under the task's credentials
 *     (/proc/TID/status): the same judgement sealrun makes of PROGRAM.
 *     A dynamic program must carry the sealer first in LD_AUDIT and a
 *     policy at least as strong (the exec guard puts them back for
 *     execs through the C library; a raw exec without them is refused).
 *     Then the call goes on (SECCOMP_USER_NOTIF_FLAG_CONTINUE), held
 *     (5.), or fails with EACCES and one line on the task's standard
 *     error, "sealrun: refusing to run PATH unsealed: WHY".
 *  4. When no task of the tree is left, the listener reports POLLHUP and
 *     the supervisor exits.  If it dies first, every exec of the tree
 *     fails with ENOSYS, and what it holds is killed (PTRACE_O_EXITKILL):
 *     closed, not open.
 *  5. The race seccomp_unotify(2) warns of: CONTINUE lets the kernel
 *     read the path, arguments and environment again, and open the file
 *     or descriptor again; anyone may have changed them in between (a
 *     rename over the path, a descriptor table shared through
 *     CLONE_FILES, another thread, shared or ptrace-written memory).  So
 *     every exec let go is held by ptrace before it goes on and judged
 *     again at its exec stop on what the kernel loaded (hold(),
 *     exec_stopped()): a dynamic program by the supervisor itself, the
 *     tracer of every task in an exec (no fork); a static one by a
 *     tracer forked for it (static.c), which seals the new image there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/fsuid.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>

#include "msg.h"
#include "seal.h"
#include "seal_exec.h"
#include "seal_policy.h"
#include "sealrun.h"
#include "protocol.h"
#include "syscall_nr.h"

/* Linux 6.6's synchronous wake-ups (older headers lack them). */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS	SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP	(1UL << 0)
#endif

/* judge(): a task held since an exec that failed, let go (release). */
#define RELEASED	1000

/* Bounds on what is read of a task. */
#define SUP_ARGS_MAX	128		/* arguments read (ld.so's options) */
#define SUP_ENV_MAX	(1 << 20)	/* environment entries scanned */
#define SUP_VALUE_MAX	8192		/* an LD_AUDIT or SEALRUN_* entry */

struct sup {
	const struct supervise_opts *o;
	int listener;
	int sigfd;			/* SIGCHLD: the stops of the tasks held */
	pid_t first;			/* sealrun: its first exec is PROGRAM */
	pid_t me;			/* the supervisor */
	bool first_done;
	pid_t static_tracer;		/* sealrun's tracer of a static PROGRAM, */
	unsigned long long static_tracer_start;	/* and its start time */
	long base_filters;		/* PROGRAM's seccomp filters at its exec
					 * (sealrun's and what it was started
					 * under); -1: unknown */
	struct stat self, root;		/* this sealrun's file; "/" */
	ino_t mntns;
	dev_t procdev;
	int rootfd;			/* our root, to come back to */
	bool chrooted;			/* judging under a task's root */
	bool plain_open;		/* root, or no capabilities: opens as checks do */
};

/* Everything read of one exec, static: the supervisor is one thread. */
static struct {
	char path[PATH_MAX];
	char name[PATH_MAX + 64];
	char loaded[PATH_MAX + 64];	/* the loader's PROGRAM, as the task finds it */
	char cwd[PATH_MAX];		/* where its relative names start (cwd_base) */
	char argbuf[SUP_ARGS_MAX][PATH_MAX];
	char *argv[SUP_ARGS_MAX + 2];
	char audit[SUP_VALUE_MAX], policy[SUP_VALUE_MAX];
	bool has_audit, has_policy, no_inherit;
	char heads[256][32];		/* environment entries' first bytes */
	struct iovec iov_l[256], iov_r[256];
	struct seal_exec x;
	struct seal_refusal r;
	struct seal_exec_creds creds;
	unsigned int fsuid, fsgid;
	unsigned long long ambient;	/* CapAmb: what the exec leaves effective */
	gid_t groups[256];
	int ngroups;
	pid_t tracer;
	long filters;			/* Seccomp_filters: -1 unknown */
} E;

/* Put after LD_AUDIT's value for each further LD_AUDIT entry, which the
 * loader reads too; named so in a refusal. */
#define SUP_AUDIT_MORE	":(another LD_AUDIT entry)"

/* Is the notification id still waiting (its task alive, in the call)? */
static bool id_valid(int listener, uint64_t id)
{
	return ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
}

/* ---- reading the task ---------------------------------------------------------- */

/* A string at addr: 0, -EFAULT unreadable, -ENAMETOOLONG no NUL within size. */
static int read_str(int mem, uint64_t addr, char *buf, size_t size)
{
	ssize_t n = pread(mem, buf, size - 1, (off_t)addr);

	if (n <= 0)
		return -EFAULT;
	buf[n] = '\0';
	if (strlen(buf) == (size_t)n && (size_t)n == size - 1)
		return -ENAMETOOLONG;
	return 0;
}

static int read_ptr(int mem, uint64_t addr, uint64_t *p)
{
	return pread(mem, p, sizeof(*p), (off_t)addr) == sizeof(*p) ? 0 : -EFAULT;
}

/* argv: at most SUP_ARGS_MAX; more are cut with an argument no option
 * and no path ("…"), so that ld.so's judgement refuses rather than
 * misses what follows. */
static int read_argv(int mem, uint64_t addr)
{
	size_t i;
	int rc;

	for (i = 0; addr && i < SUP_ARGS_MAX; i++) {
		uint64_t p;

		if (read_ptr(mem, addr + 8 * i, &p) < 0)
			return -EFAULT;
		if (!p)
			break;
		/* A longer argument is cut: only ld.so's options and its
		 * PROGRAM are read from them, which a path this long cannot be. */
		rc = read_str(mem, p, E.argbuf[i], sizeof(E.argbuf[i]));
		if (rc == -EFAULT)
			return rc;
		E.argv[i] = E.argbuf[i];
	}
	if (i == SUP_ARGS_MAX)
		E.argv[i++] = (char *)"\xe2\x80\xa6";
	E.argv[i] = NULL;
	return 0;
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* The environment's protocol entries: the first LD_AUDIT, the first
 * SEALRUN_POLICY, any SEALRUN_NO_INHERIT.  Every other LD_AUDIT makes
 * the first one not alone: recorded as its continuation. */
static int read_env(pid_t tid, int mem, uint64_t addr)
{
	uint64_t ptrs[256];
	char head[32];

	E.has_audit = E.has_policy = E.no_inherit = false;
	/* A NULL environment is an empty one to the kernel. */
	for (size_t i = 0; addr; ) {
		ssize_t n = pread(mem, ptrs, sizeof(ptrs), (off_t)(addr + 8 * i));

		if (n < 8)
			return -EFAULT;
		size_t m = (size_t)n / 8, got = 0;

		/* The entries' first bytes in one call (process_vm_readv),
		 * where it can; an entry it could not read whole (near the end
		 * of a mapping) is read again alone. */
		for (size_t k = 0; k < m && ptrs[k]; k++) {
			E.iov_l[k] = (struct iovec){ E.heads[k], sizeof(E.heads[k]) };
			E.iov_r[k] = (struct iovec){ (void *)(uintptr_t)ptrs[k], sizeof(E.heads[k]) };
			got = k + 1;
		}
		n = got ? process_vm_readv(tid, E.iov_l, got, E.iov_r, got, 0) : 0;
		got = n > 0 ? (size_t)n / sizeof(E.heads[0]) : 0;
		for (size_t k = 0; k < m; k++, i++) {
			char *v;

			if (!ptrs[k])
				return 0;
			if (i >= SUP_ENV_MAX)
				return -E2BIG;
			if (k < got) {
				memcpy(head, E.heads[k], sizeof(head) - 1);
				head[sizeof(head) - 1] = '\0';
			} else if (read_str(mem, ptrs[k], head, sizeof(head)) == -EFAULT) {
				return -EFAULT;
			}
			if (starts(head, SEALRUN_ENV_NO_INHERIT "="))
				E.no_inherit = true;
			if (starts(head, SEALRUN_ENV_AUDIT "=")) {
				if (E.has_audit) {
					/* A second entry: the loader reads it too. */
					if (strlen(E.audit) + sizeof(SUP_AUDIT_MORE) < sizeof(E.audit))
						strcat(E.audit, SUP_AUDIT_MORE);
					continue;
				}
				v = E.audit;
			} else if (starts(head, SEALRUN_ENV_POLICY "=") && !E.has_policy) {
				v = E.policy;
			} else {
				continue;
			}
			if (read_str(mem, ptrs[k], v, SUP_VALUE_MAX) < 0)
				return -E2BIG;
			memmove(v, strchr(v, '=') + 1, strlen(strchr(v, '=') + 1) + 1);
			if (v == E.audit)
				E.has_audit = true;
			else
				E.has_policy = true;
		}
	}
	return 0;
}

/* The task's ids and no_new_privs, and its tracer. */
static int read_status(int dir, struct seal_exec_creds *c, pid_t *tracer)
{
	char buf[4096], *l;
	int fd = openat(dir, "status", O_RDONLY | O_CLOEXEC);
	ssize_t n;
	int got = 0;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	*tracer = 0;
	E.filters = -1;
	c->nnp = false;
	for (l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		unsigned int saved;

		if (sscanf(l, "Uid: %u %u %u %u", &c->ruid, &c->euid, &saved, &E.fsuid) == 4)
			got |= 1;
		else if (sscanf(l, "Gid: %u %u %u %u", &c->rgid, &c->egid, &saved, &E.fsgid) == 4)
			got |= 2;
		else if (starts(l, "Groups:")) {
			char *p = l + 7, *end;

			E.ngroups = 0;
			for (;;) {
				unsigned long g = strtoul(p, &end, 10);

				if (end == p || E.ngroups == (int)(sizeof(E.groups) / sizeof(*E.groups)))
					break;
				E.groups[E.ngroups++] = (gid_t)g;
				p = end;
			}
		}
		else if (starts(l, "CapAmb:"))
			E.ambient = strtoull(l + 7, NULL, 16);
		else if (starts(l, "NoNewPrivs:"))
			c->nnp = atoi(l + 11) == 1;
		else if (starts(l, "Seccomp_filters:"))
			E.filters = strtol(l + 16, NULL, 10);
		else if (starts(l, "TracerPid:"))
			*tracer = (pid_t)atoi(l + 10);
	}
	return got == 3 ? 0 : -EIO;
}

/* sealrun's standard error as the supervisor started, or -1. */
static int own_stderr = -1;

/* Can fd take a line of n bytes now: a file, a terminal, a socket, a
 * pipe with room; not /dev/null? */
static bool takes_line(int fd, size_t n)
{
	struct stat st;
	int size, used;

	if (fstat(fd, &st) < 0)
		return false;
	if (S_ISCHR(st.st_mode))
		return st.st_rdev != makedev(1, 3);
	if (S_ISFIFO(st.st_mode))
		return (size = fcntl(fd, F_GETPIPE_SZ)) > 0 && ioctl(fd, FIONREAD, &used) == 0 &&
		       (size_t)(size - used) >= n;
	return S_ISREG(st.st_mode) || S_ISSOCK(st.st_mode);
}

/*
 * One line on the task's standard error, escaped as every message is:
 * its own descriptor 2 (pidfd_getfd: the same open file, so that the
 * line lands where the task's own writes land), when that is a regular
 * file, a terminal, a pipe with room for the line or a socket (the
 * journal's stream; sent without waiting); never blocking on a full
 * pipe.  A task whose standard error cannot take it (closed, a full
 * pipe, /dev/null as PAM's helpers a daemon runs have it) has its line
 * on sealrun's own standard error instead.  Written by a child of the
 * supervisor's that gets 2 seconds (a terminal with its output stopped,
 * a file on a file system that hangs) and is waited for 0.5 s at most:
 * the supervisor, the judge of the whole tree, never waits long on a
 * file one task chose.
 */
__attribute__((format(printf, 2, 3)))
static void tell(pid_t tid, const char *fmt, ...)
{
	char buf[SEAL_MSG_MAX];
	struct pollfd p = { -1, POLLIN, 0 };
	va_list ap;
	size_t n;
	int done[2];
	pid_t w;

	va_start(ap, fmt);
	n = seal_vmsg(buf, "sealrun", fmt, ap);
	va_end(ap);
	if (pipe2(done, O_CLOEXEC) < 0)
		return;
	/* The child does all of it, the task's descriptor included: the
	 * supervisor never holds it (a close of a lingering socket's last
	 * reference would wait). */
	w = fork();
	if (w == 0) {
		struct stat st;
		int pidfd, fd = -1;

		close(done[0]);
		alarm(2);
		pidfd = (int)syscall(SYS_pidfd_open, tid, 0);
		if (pidfd >= 0)
			fd = (int)syscall(SYS_pidfd_getfd, pidfd, 2, 0);
		/* A task whose standard error cannot take the line (closed,
		 * /dev/null as PAM's helpers run by a daemon have it, a full
		 * pipe) would lose it: it goes to sealrun's own then (the
		 * journal, for a service). */
		if (fd < 0 || !takes_line(fd, n))
			fd = own_stderr >= 0 && takes_line(own_stderr, n) ? own_stderr : -1;
		if (fd >= 0 && fstat(fd, &st) == 0) {
			if (S_ISSOCK(st.st_mode))
				(void)!send(fd, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL);
			else
				(void)!write(fd, buf, n);
		}
		_exit(0);	/* done[1] closes: written */
	}
	/* The line before the task goes on, as a rule. */
	close(done[1]);
	p.fd = done[0];
	if (w > 0)
		(void)poll(&p, 1, 500);
	close(done[0]);
}

/* ---- the path as the task sees it ------------------------------------------------ */

/*
 * The path the task names, resolved so that the supervisor's lookups
 * find what the task's would: symbolic links are followed here one by
 * one, and procfs's own links that depend on who reads them ("self",
 * "thread-self") are taken as the task's; procfs's other links (exe,
 * fd/N, cwd: the task's, by its ID) are left for the kernel to follow.
 * A relative path starts at base: the task's directory by name, or a
 * procfs link to it (base_link: /proc/TID/cwd, the execveat directory).
 * 0, -ELOOP (too many links, or ".." after a procfs link), -ENAMETOOLONG.
 */
#define SUP_LINKS_MAX	40

static int resolve_as(pid_t tid, dev_t procdev, const char *base, bool base_link,
		      const char *path, char *out, size_t size, bool *changed)
{
	char rest[PATH_MAX * 2], link[PATH_MAX], comp[NAME_MAX + 1];
	size_t len = 0;
	int links = 0;
	bool magic = false;		/* out ends in a procfs link kept as is */

	if (path[0] == '/') {
		out[0] = '\0';
	} else {
		if (snprintf(out, size, "%s", base) >= (int)size)
			return -ENAMETOOLONG;
		len = strlen(out);
		magic = base_link;
	}
	if (snprintf(rest, sizeof(rest), "%s", path) >= (int)sizeof(rest))
		return -ENAMETOOLONG;
	for (char *r = rest; *r; ) {
		size_t n = strcspn(r, "/");
		struct stat st;
		ssize_t k;

		if (n > NAME_MAX)
			return -ENAMETOOLONG;
		memcpy(comp, r, n);
		comp[n] = '\0';
		r += n;
		r += strspn(r, "/");
		if (!n || !strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			if (magic)
				return -ELOOP;
			while (len && out[len - 1] != '/')
				len--;
			if (len)
				len--;
			out[len] = '\0';
			continue;
		}
		if (len + 1 + n + 1 > size)
			return -ENAMETOOLONG;
		out[len++] = '/';
		memcpy(out + len, comp, n + 1);
		len += n;
		magic = false;
		if (lstat(out, &st) < 0 || !S_ISLNK(st.st_mode))
			continue;	/* a missing one: the kernel fails as we do */
		if (st.st_dev == procdev) {
			/* /proc/self and /proc/thread-self: the task's. */
			if (!strcmp(out, "/proc/self")) {
				len = (size_t)snprintf(out, size, "/proc/%d", (int)tid);
				*changed = true;
			} else if (!strcmp(out, "/proc/thread-self")) {
				len = (size_t)snprintf(out, size, "/proc/%d/task/%d", (int)tid,
						       (int)tid);
				*changed = true;
			} else {
				magic = true;
			}
			continue;
		}
		if (++links > SUP_LINKS_MAX)
			return -ELOOP;
		k = readlink(out, link, sizeof(link) - 1);
		if (k <= 0)
			return -ELOOP;
		link[k] = '\0';
		/* The link's target, then what was left. */
		if ((size_t)k + 1 + strlen(r) + 1 > sizeof(rest))
			return -ENAMETOOLONG;
		memmove(rest + k + 1, r, strlen(r) + 1);
		memcpy(rest, link, (size_t)k);
		rest[k] = '/';
		r = rest;
		if (link[0] == '/') {
			len = 0;
		} else {
			while (len && out[len - 1] != '/')
				len--;
			if (len)
				len--;
		}
		out[len] = '\0';
	}
	if (!len)
		snprintf(out, size, "/");
	return 0;
}

/* ---- the judgement ---------------------------------------------------------------- */

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/*
 * Does binfmt_misc have a handler registered and enabled?  Any entry of
 * /proc/sys/fs/binfmt_misc but "register" and "status", unless the
 * status says disabled.  Without /proc mounted there: none seen.
 */
static bool binfmt_handlers(void)
{
	char buf[4096], st[16] = "";
	int fd = open("/proc/sys/fs/binfmt_misc/status", O_RDONLY | O_CLOEXEC);
	bool any = false;
	long n;

	if (fd < 0)
		return false;
	n = read(fd, st, sizeof(st) - 1);
	close(fd);
	if (n > 0 && !strncmp(st, "disabled", 8))
		return false;
	fd = open("/proc/sys/fs/binfmt_misc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return false;
	while (!any && (n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0)
		for (long off = 0; off < n; ) {
			struct { uint64_t ino; int64_t off; unsigned short len; unsigned char type;
				 char name[]; } *d = (void *)(buf + off);

			if (strcmp(d->name, ".") && strcmp(d->name, "..") &&
			    strcmp(d->name, "register") && strcmp(d->name, "status"))
				any = true;
			off += d->len;
		}
	close(fd);
	return any;
}

/* Is name one of the --allow-unsealed files? */
static bool allowed(const struct sup *s, const char *name)
{
	struct stat a, b;

	/* A relative name where the task's directory is not ours: the
	 * kernel fails it, or finds what we cannot see (not allowed). */
	if (!s->o->allow || (E.x.no_cwd && name[0] != '/') || stat(name, &a) < 0)
		return false;
	for (char *const *p = s->o->allow; *p; p++)
		if (stat(*p, &b) == 0 && same_file(&a, &b))
			return true;
	return false;
}

/* Forward: the environment check, used again after the exec. */
static int env_seals(const struct sup *s, struct seal_refusal *r);

/* Up to size bytes of /proc/PID/name, to its end: the count, or -1. */
static ssize_t proc_read(pid_t pid, const char *name, void *buf, size_t size)
{
	char path[64];
	ssize_t n, len = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while ((size_t)len < size && (n = read(fd, (char *)buf + len, size - (size_t)len)) > 0)
		len += n;
	close(fd);
	return len;
}

/*
 * Does the kernel check the task's lookups as ours: the same
 * file-system ids, in the same user namespace (where a task that maps
 * itself to root may search what its owner may not)?  Read afresh:
 * at an exec stop the ids may be the new program's.
 */
static bool same_searcher(pid_t pid)
{
	char buf[4096], *u, *g;
	unsigned int ruid, euid, suid, fsuid, rgid, egid, sgid, fsgid;
	struct stat a, b;
	char path[64];
	ssize_t n = proc_read(pid, "status", buf, sizeof(buf) - 1);

	if (n <= 0)
		return false;
	buf[n] = '\0';
	u = strstr(buf, "\nUid:");
	g = strstr(buf, "\nGid:");
	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	return u && g && sscanf(u, "\nUid: %u %u %u %u", &ruid, &euid, &suid, &fsuid) == 4 &&
	       sscanf(g, "\nGid: %u %u %u %u", &rgid, &egid, &sgid, &fsgid) == 4 &&
	       fsuid == (unsigned int)geteuid() && fsgid == (unsigned int)getegid() &&
	       stat(path, &a) == 0 && stat("/proc/self/ns/user", &b) == 0 && same_file(&a, &b);
}

/*
 * The task's directory is ours while judging: a relative name, "#!"
 * interpreter or PT_INTERP is found where the kernel finds it.  One we
 * may not search (a 0700 directory of another user's) is not entered:
 * the kernel's lookup of a relative name from there fails as ours would,
 * with EACCES (E.x.no_cwd), and an absolute name does not need it.
 * 0; -ESRCH when the task is gone; -EACCES when it may search there
 * with other ids than ours (nothing from there can be judged).
 */
static int enter_cwd(pid_t pid)
{
	char path[64];
	int fd, rc, err;

	E.x.no_cwd = false;
	snprintf(path, sizeof(path), "/proc/%d/cwd", (int)pid);
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -ESRCH;
	rc = fchdir(fd);
	err = errno;
	close(fd);
	if (rc == 0)
		return 0;
	if (err != EACCES)
		return -ESRCH;
	if (!same_searcher(pid))
		return -EACCES;
	E.x.no_cwd = true;
	return 0;
}

/*
 * Where the task's name starts, from our root (chrooted to its own when
 * it has another): "/" for an absolute one; for a relative one its
 * directory, ours now, by name, so that ".." is followed as the kernel
 * follows it, or, where that has no name from here (outside that root,
 * removed, or not ours to enter), its procfs link (*link).
 */
static const char *cwd_base(pid_t tid, const char *name, bool *link)
{
	*link = false;
	if (name[0] == '/')
		return "/";
	*link = E.x.no_cwd || !getcwd(E.cwd, sizeof(E.cwd)) || E.cwd[0] != '/';
	if (*link)
		snprintf(E.cwd, sizeof(E.cwd), "/proc/%d/cwd", (int)tid);
	return E.cwd;
}

/*
 * When E.x is the loader run as a program: the program it is asked to
 * load, found as the task will find it (its /proc/self, its directory,
 * which is ours now) and judged.  0, or a refusal.
 */
static int loaded_program(const struct sup *s, pid_t tid, struct seal_refusal *r)
{
	const char *prog, *base;
	bool link, changed = false;
	int rc = seal_exec_loader_program(E.argv, &E.x, &prog, r);

	if (rc || !prog)
		return rc;
	base = cwd_base(tid, prog, &link);
	rc = resolve_as(tid, s->procdev, base, link, prog, E.loaded, sizeof(E.loaded), &changed);
	if (rc < 0)
		return seal_refuse(r, EXIT_FAILED, "%s is asked to load %s, which cannot be "
				   "judged: %s", E.x.path, prog, seal_strerror(-rc));
	return seal_exec_check_loaded(changed ? E.loaded : prog, &E.x, r);
}

/*
 * The loader run as a program ("ld.so [OPTION]... PROGRAM"), at its exec
 * stop: its options and PROGRAM judged again on the arguments the kernel
 * gave it (/proc/PID/cmdline, at most SUP_ARGS_MAX of them, each cut at
 * PATH_MAX: none of ld.so's options is longer), PROGRAM found from the
 * task's directory.  Under another root directory than sealrun's:
 * refused (the judge there is chrooted; here it is not).  0, or a
 * refusal.
 */
static int loader_run(const struct sup *s, pid_t pid, struct seal_refusal *r)
{
	static char buf[SUP_ARGS_MAX * 256];
	char path[64];
	struct stat st;
	ssize_t len;
	size_t i = 0;
	int rc;

	snprintf(path, sizeof(path), "/proc/%d/root", (int)pid);
	if (stat(path, &st) < 0 || !same_file(&st, &s->root))
		return seal_refuse(r, EXIT_FAILED, "the loader is run as a program under another "
				   "root directory, where its program cannot be checked at its exec");
	len = proc_read(pid, "cmdline", buf, sizeof(buf) - 1);
	if (len <= 0)
		return seal_refuse(r, EXIT_FAILED, "cannot read the loader's arguments");
	buf[len] = '\0';
	for (char *a = buf; a < buf + len && i < SUP_ARGS_MAX; a += strlen(a) + 1) {
		size_t k = strnlen(a, sizeof(E.argbuf[i]) - 1);

		memcpy(E.argbuf[i], a, k);
		E.argbuf[i][k] = '\0';
		E.argv[i] = E.argbuf[i];
		i++;
	}
	/* More than were read: an argument no option and no path (read_argv). */
	if (i == SUP_ARGS_MAX || (size_t)len == sizeof(buf) - 1)
		E.argv[i++] = (char *)"\xe2\x80\xa6";
	E.argv[i] = NULL;
	if (enter_cwd(pid) < 0)
		return seal_refuse(r, EXIT_FAILED, "cannot enter the working directory of the "
				   "loader, which is asked to load a program from there");
	rc = loaded_program(s, pid, r);
	if (fchdir(s->rootfd) < 0)
		_exit(1);	/* lost our own directory: fail closed */
	return rc;
}

/* The task's seccomp filters (/proc/PID/status, Linux 5.9), or -1. */
static long filters_of(pid_t pid)
{
	char buf[4096], *l;
	ssize_t n = proc_read(pid, "status", buf, sizeof(buf) - 1);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	l = strstr(buf, "\nSeccomp_filters:");
	return l ? strtol(l + 17, NULL, 10) : -1;
}

/*
 * Filters added inside the tree can answer the sealer's system calls
 * (its mseal, the mprotect that checks it) with made-up results, from
 * a program's first instruction on: what such a task starts cannot be
 * known sealed.  0, or a refusal.
 */
static int filters_added(const struct sup *s, long now, struct seal_refusal *r)
{
	if (s->base_filters < 0 || (now >= 0 && now <= s->base_filters))
		return 0;
	if (now < 0)
		return seal_refuse(r, EXIT_FAILED, "cannot count its seccomp filters "
				   "(/proc/PID/status)");
	return seal_refuse(r, EXIT_FAILED, "it runs under %ld seccomp filter%s of its own, added "
			   "inside the sealed tree, which could answer the sealer's system calls "
			   "with made-up results", now - s->base_filters,
			   now - s->base_filters == 1 ? "" : "s");
}

/*
 * The kernel's view, at the exec stop of a task held (by the supervisor
 * or a static watcher): the program the kernel loaded (/proc/PID/exe),
 * whether it put an interpreter in (AT_BASE) and runs it in secure mode
 * (AT_SECURE), and the environment it was given (/proc/PID/environ): no
 * other thread is left to change them.  0: a dynamic program that will
 * be sealed; 1: static, to seal from outside; else a refusal.
 */
static int after_exec(const struct sup *s, pid_t pid, struct seal_refusal *r)
{
	char path[64];
	uint64_t av[512];		/* the kernel keeps some 50 entries */
	int rc;
	static char env[1 << 22];	/* the kernel's own bound is smaller */
	ssize_t n, len;
	bool end = false, interp = false;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	E.x.via_sh = false;
	snprintf(E.x.path, sizeof(E.x.path), "%s", path);
	rc = seal_target_read(path, true, &E.x.target);
	if (rc < 0)
		return seal_refuse(r, EXIT_FAILED, "cannot read the program it runs: %s",
				   seal_strerror(-rc));
	rc = seal_exec_check_elf(&E.x, true, r);
	if (rc == 0)
		rc = filters_added(s, filters_of(pid), r);
	if (rc)
		return rc;
	if (seal_exec_static(&E.x))
		return 1;
	/* The auxiliary vector in one read, to its AT_NULL: AT_SECURE, and
	 * AT_BASE, where the kernel put an interpreter (none: static, what
	 * ever the file says now). */
	n = proc_read(pid, "auxv", av, sizeof(av));
	for (ssize_t i = 0; !end && i + 1 < n / 8; i += 2) {
		if (av[i] == 23 /* AT_SECURE */ && av[i + 1])
			return seal_refuse(r, EXIT_FAILED, "the kernel started it in secure mode, "
					   "where the loader ignores the sealer");
		interp |= av[i] == 7 /* AT_BASE */ && av[i + 1];
		end = av[i] == 0;
	}
	if (!end)
		return seal_refuse(r, EXIT_FAILED, "cannot read its auxiliary vector");
	/* No interpreter: static, unless the file is the loader itself,
	 * run as a program (which the file says: no PT_INTERP, our ld.so). */
	if (!interp && E.x.target.elf.has_interp)
		return 1;
	if (!interp && (rc = loader_run(s, pid, r)) != 0)
		return rc;
	len = proc_read(pid, "environ", env, sizeof(env) - 1);
	if (len < 0)
		len = 0;
	env[len] = '\0';
	E.has_audit = E.has_policy = E.no_inherit = false;
	for (char *e = env; e < env + len; e += strlen(e) + 1) {
		if (starts(e, SEALRUN_ENV_NO_INHERIT "="))
			E.no_inherit = true;
		else if (starts(e, SEALRUN_ENV_AUDIT "=") && E.has_audit)
			strcat(E.audit, strlen(E.audit) + sizeof(SUP_AUDIT_MORE) < sizeof(E.audit) ?
			       SUP_AUDIT_MORE : "");
		else if (starts(e, SEALRUN_ENV_AUDIT "=") && !E.has_audit)
			E.has_audit = snprintf(E.audit, sizeof(E.audit), "%s", e + 9) > 0 || true;
		else if (starts(e, SEALRUN_ENV_POLICY "=") && !E.has_policy)
			E.has_policy = snprintf(E.policy, sizeof(E.policy), "%s",
						e + sizeof(SEALRUN_ENV_POLICY)) > 0 || true;
	}
	return env_seals(s, r);
}

/*
 * The static watcher: a tracer forked for one exec judged static, which
 * takes the task at its exec stop and judges what the kernel actually
 * loaded (after_exec): a static program is sealed from outside there
 * (static.c, which follows its start-up to RELRO), a dynamic one that
 * will be sealed is let go, anything else is killed before its first
 * instruction, with its line.  An exec that fails leaves the watcher
 * attached for the task's next one, judged the same way.
 */
static __attribute__((noreturn)) void watch(const struct sup *s)
{
	static struct seal_refusal r;
	char exe[64];
	int status, rc;
	pid_t w;

	for (;;) {
		w = waitpid(-1, &status, __WALL);
		if (w < 0 || !WIFSTOPPED(status))
			_exit(0);
		if ((status >> 8) == (SIGTRAP | (PTRACE_EVENT_EXEC << 8)))
			break;
		if (static_resume(w, status) < 0)
			_exit(0);
	}
	snprintf(exe, sizeof(exe), "/proc/%d/exe", (int)w);
	rc = allowed(s, exe) ? 0 : after_exec(s, w, &r);
	if (rc == 1)
		static_trace(w, s->o->policy, s->o->verbose, true);
	if (rc) {
		if (s->o->best_effort) {
			tell(w, "warning: running %s unsealed (--best-effort): %s", E.path, r.why);
		} else {
			tell(w, "refusing to run %s unsealed: %s; killed at its exec", E.path, r.why);
			kill(w, SIGKILL);
			_exit(0);
		}
	}
	ptrace(PTRACE_DETACH, w, 0, 0);
	_exit(0);
}

/* The refusal of a task ptrace cannot take. */
static int untraceable(bool is_static, int err, struct seal_refusal *r)
{
	return seal_refuse(r, EXIT_FAILED, "%s, through ptrace, which is denied here: %s "
			   "(Yama ptrace_scope, a container, seccomp, or a process that made "
			   "itself not dumpable; see sealrun(1))",
			   is_static ? "it is statically linked and sealed from outside"
			   : "every exec is checked at its exec stop on what the kernel loaded",
			   seal_strerror(err));
}

/* A process's parent and start time (/proc/PID/stat); 0 or -1. */
static int stat_of(pid_t pid, pid_t *ppid, unsigned long long *start)
{
	char buf[1024], *p;
	ssize_t n = proc_read(pid, "stat", buf, sizeof(buf) - 1);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* After the command name's last ')': state, ppid, ... starttime
	 * (field 22). */
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d "
			 "%*d %*d %*d %*d %*d %llu", ppid, start) != 2)
		return -1;
	return 0;
}

/*
 * Is tracer one of sealrun's own, which judge at the exec stop too: the
 * supervisor, a watcher it forked, or the tracer sealrun gave a static
 * PROGRAM (seen at PROGRAM's exec, before any program of the tree ran)?
 * Not by its file: any program of the tree can run sealrun's file with
 * a library of its own preloaded and trace from there.
 */
static bool own_tracer(const struct sup *s, pid_t tracer)
{
	unsigned long long start;
	pid_t ppid;

	if (tracer == s->me)
		return true;
	if (stat_of(tracer, &ppid, &start) < 0)
		return false;
	return ppid == s->me ||
	       (s->static_tracer && tracer == s->static_tracer && start == s->static_tracer_start);
}

/*
 * Hold the task until its exec stop, before its exec goes on.
 *
 * Nothing about an exec is settled when the judgement is made: the path
 * may be renamed over, a descriptor swapped through a table another
 * process shares (clone(CLONE_FILES)), the path, arguments and
 * environment rewritten in memory another thread, a CLONE_VM child's
 * parent, a MAP_SHARED peer or any process allowed to ptrace the task
 * can write.  None of these is provably out of reach for any exec, so
 * every exec let go is held: the kernel's own view at the exec stop
 * (exec_stopped: /proc/PID/exe, AT_SECURE, /proc/PID/environ), never
 * the task's memory or a path read earlier, decides.
 *
 * A program judged static gets a watcher of its own (forked: it follows
 * the start-up to RELRO, which the supervisor, the judge of the whole
 * tree, cannot wait on).  Any other is seized by the supervisor itself:
 * no fork, one PTRACE_SEIZE now and one stop at the exec.  Should the
 * supervisor die meanwhile, PTRACE_O_EXITKILL kills what it holds.
 * 0, or a refusal.
 */
static int hold(const struct sup *s, pid_t tid, pid_t tracer, bool is_static,
		struct seal_refusal *r)
{
	char path[64];
	struct stat st;
	int ans[2], err = 0;
	pid_t t;
	ssize_t n;

	/* Already traced by a tracer of sealrun's (a static program's, or
	 * a watcher left by an exec that failed): it judges at the exec stop
	 * too.  Any other tracer (a debugger, strace) could let the exec go
	 * unchecked and change what runs: refused, closed rather than open. */
	if (tracer) {
		snprintf(path, sizeof(path), "/proc/%d/exe", (int)tracer);
		if (own_tracer(s, tracer) && stat(path, &st) == 0 && same_file(&st, &s->self))
			return 0;
		return seal_refuse(r, EXIT_FAILED, "it is traced by process %d, so sealrun cannot "
				   "seal it from outside or check it at its exec", (int)tracer);
	}
	if (!is_static) {
		if (ptrace(PTRACE_SEIZE, tid, 0, PTRACE_O_EXITKILL | PTRACE_O_TRACEEXEC) < 0)
			return untraceable(false, errno, r);
		return 0;
	}
	if (pipe2(ans, O_CLOEXEC) < 0)
		return seal_refuse(r, EXIT_FAILED, "cannot start a tracer: %s", seal_strerror(errno));
	t = fork();
	if (t == 0) {
		sigset_t chld;

		/* The tracer reads /proc from sealrun's root. */
		if (s->chrooted && (fchdir(s->rootfd) < 0 || chroot(".") < 0))
			_exit(0);
		close(ans[0]);
		close(s->listener);
		close(s->sigfd);
		sigemptyset(&chld);
		sigaddset(&chld, SIGCHLD);
		sigprocmask(SIG_UNBLOCK, &chld, NULL);
		signal(SIGCHLD, SIG_DFL);
		if (ptrace(PTRACE_SEIZE, tid, 0, PTRACE_O_EXITKILL | PTRACE_O_TRACEEXEC |
			   PTRACE_O_TRACESYSGOOD) < 0)
			err = errno;
		if (write(ans[1], &err, sizeof(err)) != sizeof(err) || err)
			_exit(0);
		close(ans[1]);
		watch(s);
	}
	close(ans[1]);
	n = t < 0 ? -1 : read(ans[0], &err, sizeof(err));
	close(ans[0]);
	if (n != sizeof(err))
		return seal_refuse(r, EXIT_FAILED, "its tracer died before it could trace it");
	if (err)
		return untraceable(true, err, r);
	return 0;
}

/*
 * The tasks held for an --allow-unsealed script: the interpreter the
 * kernel will load for it, by identity.  A few at a time (execs of
 * scripts allowed, in flight); the oldest entry gives way.
 */
#define ALLOWED_HELD_MAX	64
static struct {
	pid_t pid;
	dev_t dev;
	ino_t ino;
} allowed_held[ALLOWED_HELD_MAX];
static unsigned int allowed_next;

static void allowed_hold(pid_t pid, const char *interp)
{
	struct stat st;

	if (!interp || stat(interp, &st) < 0)
		return;
	allowed_held[allowed_next % ALLOWED_HELD_MAX].pid = pid;
	allowed_held[allowed_next % ALLOWED_HELD_MAX].dev = st.st_dev;
	allowed_held[allowed_next % ALLOWED_HELD_MAX].ino = st.st_ino;
	allowed_next++;
}

/* Is exe what an allowed file of pid's loads: the file itself, or the
 * interpreter of an allowed script?  The entry is used up. */
static bool allowed_loaded(const struct sup *s, pid_t pid, const char *exe)
{
	struct stat st;
	bool ok = false;

	if (allowed(s, exe))
		return true;
	for (size_t i = 0; i < ALLOWED_HELD_MAX; i++) {
		if (allowed_held[i].pid != pid)
			continue;
		ok = ok || (stat(exe, &st) == 0 && st.st_dev == allowed_held[i].dev &&
			    st.st_ino == allowed_held[i].ino);
		allowed_held[i].pid = 0;
	}
	return ok;
}

/*
 * A task the supervisor holds stopped at its exec: what the kernel
 * loaded is judged (after_exec; an --allow-unsealed file lets it go).
 * A static program here was judged dynamic: its path or descriptor
 * changed after the judgement.  Let go, or killed before its first
 * instruction with its line (a warning under --best-effort).
 */
static void exec_stopped(const struct sup *s, pid_t pid)
{
	static struct seal_refusal r;
	char exe[64], name[PATH_MAX];
	ssize_t n;
	int rc;

	snprintf(exe, sizeof(exe), "/proc/%d/exe", (int)pid);
	rc = allowed_loaded(s, pid, exe) ? 0 : after_exec(s, pid, &r);
	if (rc == 1)
		rc = seal_refuse(&r, EXIT_FAILED, "the kernel loaded a static program, not the "
				 "program judged: its path or descriptor changed after the "
				 "judgement");
	if (rc) {
		n = readlink(exe, name, sizeof(name) - 1);
		name[n > 0 ? n : 0] = '\0';
		if (s->o->best_effort) {
			tell(pid, "warning: running %s unsealed (--best-effort): %s",
			     n > 0 ? name : exe, r.why);
		} else {
			tell(pid, "refusing to run %s unsealed: %s; killed at its exec",
			     n > 0 ? name : exe, r.why);
			kill(pid, SIGKILL);
		}
	}
	ptrace(PTRACE_DETACH, pid, 0, 0);
}

/* One stop of a task held: its exec stop judged, any other let go with
 * its signal. */
static void on_stop(const struct sup *s, pid_t w, int status)
{
	if ((status >> 8) == (SIGTRAP | (PTRACE_EVENT_EXEC << 8)))
		exec_stopped(s, w);
	else
		ptrace(PTRACE_DETACH, w, 0, (status >> 16) ? 0 : WSTOPSIG(status));
}

/*
 * Every stop of the tasks the supervisor holds, as SIGCHLD reports them.
 * The exec stop is judged; any other stop (a signal, a group-stop, an
 * interrupt) comes after an exec that failed: the task is let go with
 * its signal, as it was.  An exit is only reaped (its parent is told
 * then).
 */
static void stops(const struct sup *s)
{
	struct signalfd_siginfo si;
	int status;
	pid_t w;

	while (read(s->sigfd, &si, sizeof(si)) == sizeof(si))
		;
	while ((w = waitpid(-1, &status, WNOHANG | __WALL)) > 0)
		if (WIFSTOPPED(status))
			on_stop(s, w, status);
}

/*
 * A task held since an exec of its that failed after the judgement
 * (E2BIG, the file gone), now in another exec: interrupted (its call is
 * cut short and starts again, ERESTARTSYS), let go, and its next
 * notification judged afresh.
 */
static void release(const struct sup *s, pid_t tid)
{
	int status;

	if (ptrace(PTRACE_INTERRUPT, tid, 0, 0) < 0)
		return;
	/* Another thread's exec may have taken the task's ID meanwhile
	 * (the kernel's de_thread): its exec stop comes back here, and is
	 * judged like any other. */
	if (waitpid(tid, &status, __WALL) == tid && WIFSTOPPED(status))
		on_stop(s, tid, status);
}

/* Does the environment the program gets seal it as the tree is sealed? */
static int env_seals(const struct sup *s, struct seal_refusal *r)
{
	size_t n = strlen(s->o->sealer);
	size_t where = 0;
	int mask;

	if (!E.has_audit || strncmp(E.audit, s->o->sealer, n) ||
	    (E.audit[n] != '\0' && E.audit[n] != ':'))
		return seal_refuse(r, EXIT_FAILED, "its environment lost sealrun's variables (the "
				   "sealer is not first in LD_AUDIT), so it would run unsealed; an "
				   "exec through the C library gets them back, a direct system call "
				   "does not");
	if (E.audit[n] == ':' && !s->o->best_effort)
		return seal_refuse(r, EXIT_FAILED, "LD_AUDIT names other audit modules (%s), whose "
				   "loads after start-up would stay unsealed", E.audit + n + 1);
	if (E.no_inherit)
		return seal_refuse(r, EXIT_FAILED, "its environment asks for --no-inherit, which "
				   "the sealed tree does not allow");
	mask = E.has_policy ? seal_policy_parse(E.policy, &where) : -1;
	if (mask <= 0 || ((unsigned int)mask & s->o->policy) != s->o->policy)
		return seal_refuse(r, EXIT_FAILED, "its environment names a weaker policy (%s) than "
				   "the tree's", E.has_policy ? E.policy : "none");
	return 0;
}

/* The file a module was last found whole as, by its identity: any
 * write, chmod, chown or rename over it changes its ctime or inode. */
static struct module_seen {
	bool valid;
	struct stat st;
} seen_sealer, seen_guard;

static bool same_identity(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mode == b->st_mode && a->st_uid == b->st_uid && a->st_gid == b->st_gid &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* One module whole: read and checked (seal_exec_check_module), or, where
 * the supervisor's opening is the plain one that check makes (root, or
 * no capabilities), opened again and found the very file last checked
 * (3 system calls, not 10). */
static int module_whole(const struct sup *s, const char *path, const char *what,
			struct module_seen *seen, struct seal_refusal *r)
{
	struct stat before, after;
	int fd, rc;

	if (seen->valid && s->plain_open) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			rc = fstat(fd, &after);
			close(fd);
			if (rc == 0 && same_identity(&after, &seen->st))
				return 0;
		}
	}
	seen->valid = false;
	if (stat(path, &before) < 0)
		before.st_ino = 0;
	rc = seal_exec_check_module(path, what, r);
	if (rc == 0 && before.st_ino && stat(path, &after) == 0 && same_identity(&before, &after)) {
		seen->st = after;
		seen->valid = true;
	}
	return rc;
}

/* The sealer and the exec guard whole (a broken guard is skipped by the
 * loader, and the sealer then stops the program: say it here). */
static int modules_whole(const struct sup *s, struct seal_refusal *r)
{
	int rc = module_whole(s, s->o->sealer, "the sealer", &seen_sealer, r);

	if (rc == 0 && s->o->guard)
		rc = module_whole(s, s->o->guard, "the exec guard", &seen_guard, r);
	return rc;
}

/*
 * Can the task's loader read the sealer?  It would skip a module it
 * cannot load, with a warning, and run the program unsealed: after a
 * drop of privileges, a sealer under a directory the new user cannot
 * enter; a sealer replaced by a broken file.  Checked as the guard
 * checked it, and under the task's file-system ids and groups when they
 * are not the supervisor's (set for the one open, then put back).
 */
static int sealer_readable(const struct sup *s, struct seal_refusal *r)
{
	gid_t mine[256];
	int nmine, rc;
	bool as = E.fsuid != (unsigned int)geteuid() || E.fsgid != (unsigned int)getegid();
	/* Exec leaves a task whose ids are all non-zero its ambient
	 * capabilities only; the file-system ones there read anything. */
	unsigned long long dac = 1ull << CAP_DAC_OVERRIDE | 1ull << CAP_DAC_READ_SEARCH;

	if (!as || (E.ambient & dac))
		return modules_whole(s, r);
	nmine = getgroups(256, mine);
	if (nmine < 0 || setgroups((size_t)E.ngroups, E.groups) < 0)
		return seal_refuse(r, EXIT_FAILED, "cannot tell whether uid %u can read the sealer "
				   "%s: %s", E.fsuid, s->o->sealer, seal_strerror(errno));
	setfsgid(E.fsgid);
	setfsuid(E.fsuid);
	rc = open(s->o->sealer, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (rc < 0)
		rc = -errno;
	else
		close(rc), rc = 0;
	setfsuid(geteuid());
	setfsgid(getegid());
	setgroups((size_t)nmine, mine);
	if (rc < 0)
		return seal_refuse(r, EXIT_FAILED, "cannot read the sealer %s as uid %u: %s",
				   s->o->sealer, E.fsuid, seal_strerror(-rc));
	return modules_whole(s, r);
}

/* 0: let it run, held (hold); 1: let it run unsealed (--allow-unsealed),
 * held; RELEASED: no answer (release); other > 0: refused (r); < 0: fail
 * with that errno, unsaid (the kernel would fail the exec the same way). */
static int judge(struct sup *s, const struct seccomp_notif *req, struct seal_refusal *r)
{
	pid_t tid = (pid_t)req->pid, tracer = 0;
	bool at = req->data.nr == SEAL_NR_execveat;
	uint64_t a_path = at ? req->data.args[1] : req->data.args[0];
	uint64_t a_argv = at ? req->data.args[2] : req->data.args[1];
	uint64_t a_envp = at ? req->data.args[3] : req->data.args[2];
	int dirfd = (int)req->data.args[0], flags = (int)req->data.args[4];
	char path[64];
	struct stat st;
	int dir, mem, rc;
	bool changed = false, link;
	const char *base;

	r->status = 0;
	r->kernel_errno = 0;
	E.x.path[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d", (int)tid);
	dir = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return -ESRCH;
	mem = openat(dir, "mem", O_RDONLY | O_CLOEXEC);
	/* Opened for the task that waits, not one that took its ID. */
	if (mem < 0 || !id_valid(s->listener, req->id)) {
		rc = mem < 0 ? seal_refuse(r, EXIT_FAILED, "cannot read its memory: %s",
					   seal_strerror(errno)) : -ESRCH;
		goto out;
	}
	rc = read_str(mem, a_path, E.path, sizeof(E.path));
	if (rc < 0) {
		rc = rc == -EFAULT ? -EFAULT : -ENAMETOOLONG;
		goto out;
	}
	if (read_argv(mem, a_argv) < 0 || (rc = read_env(tid, mem, a_envp)) < 0) {
		rc = rc == -E2BIG ? seal_refuse(r, EXIT_FAILED, "its environment is too large to "
						"judge") : -EFAULT;
		goto out;
	}
	/* Still the task that waits (process_vm_readv went by its ID). */
	if (read_status(dir, &E.creds, &tracer) < 0 ||
	    !id_valid(s->listener, req->id)) {
		rc = -ESRCH;
		goto out;
	}
	/* Held since an exec of its that failed after the judgement: let
	 * go, and its call, which starts again, judged afresh (release). */
	if (tracer == s->me) {
		rc = RELEASED;
		goto out;
	}
	/* Paths as the task sees them: its mounts must be ours (another
	 * mount namespace's are not judged from here). */
	if (fstatat(dir, "ns/mnt", &st, 0) < 0 || st.st_ino != s->mntns) {
		rc = seal_refuse(r, EXIT_FAILED, "it runs in another mount namespace than "
				 "sealrun, where the supervisor cannot judge paths");
		goto out;
	}
	rc = enter_cwd(tid);
	if (rc == -EACCES)
		rc = seal_refuse(r, EXIT_FAILED, "it works in a directory the supervisor may not "
				 "search, under other ids or another user namespace than "
				 "sealrun's, from where its paths cannot be judged");
	if (rc)
		goto out;
	/* Its root directory (chroot): judged from there, and ours given
	 * back at the end (the supervisor is root when a task could
	 * chroot: CAP_SYS_CHROOT). */
	if (fstatat(dir, "root", &st, 0) < 0) {
		rc = -ESRCH;
		goto out;
	}
	if (!same_file(&st, &s->root)) {
		snprintf(path, sizeof(path), "/proc/%d/root", (int)tid);
		if (chroot(path) < 0) {
			rc = seal_refuse(r, EXIT_FAILED, "it runs under another root directory, "
					 "from which the supervisor cannot judge: %s",
					 seal_strerror(errno));
			goto out;
		}
		s->chrooted = true;
	}
	if (at && dirfd != AT_FDCWD) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)tid, dirfd);
		base = path;
		link = true;
	} else {
		base = cwd_base(tid, E.path, &link);
	}
	if (at && (flags & AT_EMPTY_PATH) && !E.path[0])
		snprintf(E.name, sizeof(E.name), "%s", base);
	else if ((rc = resolve_as(tid, s->procdev, base, link, E.path, E.name, sizeof(E.name),
				  &changed)) < 0) {
		if (rc == -ELOOP)
			rc = seal_refuse(r, EXIT_FAILED, "%s: cannot follow its path as the kernel "
					 "would (links through /proc, or too many)", E.path);
		goto out;
	}
	/* Nothing that depends on who looks: the name as the task gave it
	 * (from its directory, ours now), and so in messages. */
	if (!changed && !(at && dirfd != AT_FDCWD && E.path[0] != '/'))
		snprintf(E.name, sizeof(E.name), "%s", E.path);

	if (allowed(s, E.name)) {
		/* Held by the supervisor, static or not: at the exec stop
		 * the file loaded must be the one allowed, or, for an allowed
		 * script, the interpreter its "#!" names now. */
		struct seal_refusal ignored;

		rc = hold(s, tid, tracer, false, r);
		if (rc == 0)
			allowed_hold(tid, seal_exec_find(E.name, false, NULL, &E.x, &ignored) == 0 &&
				     E.x.target.depth ? E.x.target.path : NULL);
		rc = rc ? rc : 1;
		goto out;
	}
	rc = seal_exec_find(E.name, false, NULL, &E.x, r);
	/* A file the kernel knows no format for: unless binfmt_misc has a
	 * handler that may run it, the exec fails on its own. */
	if (rc && r->kernel_errno == ENOEXEC && binfmt_handlers()) {
		rc = seal_refuse(r, EXIT_FAILED, "%s is neither ELF nor \"#!\", and binfmt_misc "
				 "handlers are registered, whose interpreter the supervisor cannot "
				 "judge", E.path);
		goto out;
	}
	/* The kernel would fail it: fail it as the kernel would. */
	if (rc && r->kernel_errno) {
		rc = -r->kernel_errno;
		goto out;
	}
	if (rc == 0)
		rc = seal_exec_check_elf(&E.x, true, r);
	if (rc == 0)
		rc = seal_exec_check_secure_as(&E.x, &E.creds, r);
	if (rc == 0)
		rc = loaded_program(s, tid, r);
	if (rc == 0)
		rc = filters_added(s, E.filters, r);
	if (rc == 0 && !seal_exec_static(&E.x))
		rc = env_seals(s, r);
	if (rc == 0 && !seal_exec_static(&E.x))
		rc = sealer_readable(s, r);
	/* What was judged is not yet what the kernel runs: held until the
	 * exec stop, and judged again there on what it loaded (hold). */
	if (rc == 0)
		rc = hold(s, tid, tracer, seal_exec_static(&E.x), r);
out:
	if (s->chrooted && (fchdir(s->rootfd) < 0 || chroot(".") < 0))
		_exit(1);	/* cannot judge from the right root again: fail closed */
	s->chrooted = false;
	/* Hold no task's directory (an unmount would find it busy). */
	if (fchdir(s->rootfd) < 0)
		_exit(1);
	if (mem >= 0)
		close(mem);
	close(dir);
	return rc;
}

/* The name a message gives the program. */
static const char *shown(void)
{
	return E.x.path[0] ? E.x.path : E.path[0] ? E.path : "the program";
}

/* The reason, less a leading "PROGRAM:" the message already says. */
static const char *reason(const char *who, const char *why)
{
	size_t n = strlen(who);

	if (!strncmp(why, who, n) && why[n] == ':')
		why += n + 1 + (why[n + 1] == ' ');
	return why;
}

/*
 * PROGRAM's exec, which sealrun has judged: held like any other (a path
 * may be renamed over after sealrun's judgement too), unless sealrun's
 * static tracer holds it already.  0, or a refusal.
 */
static int first_exec(struct sup *s, pid_t tid, struct seal_refusal *r)
{
	char path[64];
	struct stat self, st;
	int dir, rc;
	pid_t tracer = 0;

	if (ptrace(PTRACE_SEIZE, tid, 0, PTRACE_O_EXITKILL | PTRACE_O_TRACEEXEC) == 0)
		return 0;
	if (errno != EPERM)
		return seal_refuse(r, EXIT_FAILED, "cannot hold it to its exec stop: %s",
				   seal_strerror(errno));
	/* Traced already: by sealrun's tracer (static), or another. */
	snprintf(path, sizeof(path), "/proc/%d", (int)tid);
	dir = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	rc = dir < 0 ? -EIO : read_status(dir, &E.creds, &tracer);
	if (dir >= 0)
		close(dir);
	if (rc < 0 || !tracer)
		return untraceable(false, EPERM, r);
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)tracer);
	if (stat("/proc/self/exe", &self) == 0 && stat(path, &st) == 0 && same_file(&st, &self)) {
		pid_t ppid;

		/* No program of the tree has run yet: this is sealrun's. */
		if (stat_of(tracer, &ppid, &s->static_tracer_start) == 0)
			s->static_tracer = tracer;
		return 0;
	}
	return seal_refuse(r, EXIT_FAILED, "it is traced by process %d, so sealrun cannot "
			   "check it at its exec", (int)tracer);
}

/* The path PROGRAM's exec names, for a refusal's line; else none. */
static void first_name(pid_t tid, uint64_t addr)
{
	char path[64];
	int mem;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)tid);
	mem = open(path, O_RDONLY | O_CLOEXEC);
	if (mem < 0 || read_str(mem, addr, E.path, sizeof(E.path)) < 0)
		E.path[0] = '\0';
	if (mem >= 0)
		close(mem);
}

/* false: no answer to send (the task's call was cut short). */
static bool answer(struct sup *s, struct seccomp_notif *req, struct seccomp_notif_resp *resp)
{
	int rc;

	resp->id = req->id;
	resp->val = 0;
	resp->error = 0;
	resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	if (!s->first_done && (pid_t)req->pid == s->first) {
		s->first_done = true;
		s->base_filters = filters_of((pid_t)req->pid);
		E.path[0] = E.x.path[0] = '\0';
		rc = first_exec(s, (pid_t)req->pid, &E.r);
		if (rc)
			first_name((pid_t)req->pid, req->data.nr == SEAL_NR_execveat
					 ? req->data.args[1] : req->data.args[0]);
	} else {
		rc = judge(s, req, &E.r);
	}
	if (rc == RELEASED) {
		release(s, (pid_t)req->pid);
		return false;
	}
	if (rc == 0)
		return true;
	if (rc == 1) {
		tell((pid_t)req->pid, "%s: runs unsealed (--allow-unsealed)", E.name);
		return true;
	}
	if (rc < 0) {
		resp->flags = 0;
		resp->error = rc;
		return true;
	}
	/* The words of sealrun's refusals of old: scripts and tests read them. */
	if (s->o->best_effort) {
		tell((pid_t)req->pid, "warning: running %s unsealed (--best-effort): %s", shown(),
		     reason(shown(), E.r.why));
		return true;
	}
	tell((pid_t)req->pid, "refusing to run %s unsealed: %s; sealrun --allow-unsealed=%s runs "
	     "it anyway, --best-effort runs everything", shown(), reason(shown(), E.r.why),
	     shown()[0] == '/' ? shown() : "PATH");
	resp->flags = 0;
	resp->error = -EACCES;
	return true;
}

/* What the judge needs of the supervisor, and no descriptor of sealrun's
 * kept (a command substitution around a daemon must end).  Done once,
 * before the first judgement; true, or the supervisor exits (every exec
 * then fails closed). */
static bool settle(struct sup *s, int sock)
{
	struct stat st;

	if (stat("/proc/self/exe", &s->self) < 0 || stat("/", &s->root) < 0 ||
	    stat("/proc/self/ns/mnt", &st) < 0)
		_exit(1);
	s->mntns = st.st_ino;
	if (stat("/proc", &st) < 0)
		_exit(1);
	s->procdev = st.st_dev;
	{
		struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
		struct __user_cap_data_struct cap[2];

		s->plain_open = getuid() == 0 || geteuid() == 0 ||
				(syscall(SYS_capget, &head, cap) == 0 && cap[0].effective == 0 &&
				 cap[1].effective == 0);
	}
	close(sock);
	/* Nothing of sealrun's is kept: every other descriptor closed (a
	 * command substitution around a daemon must end) but the listener
	 * and sealrun's standard error (tell). */
	{
		unsigned int lo = 3, keep[3] = { (unsigned int)s->listener, (unsigned int)s->sigfd,
						 (unsigned int)(own_stderr < 0 ? s->listener
									     : own_stderr) };

		/* In order (three: by hand). */
		for (int i = 0; i < 2; i++)
			for (int j = 0; j < 2 - i; j++)
				if (keep[j] > keep[j + 1]) {
					unsigned int t = keep[j];

					keep[j] = keep[j + 1], keep[j + 1] = t;
				}
		for (int i = 0; i < 3; i++) {
			if (keep[i] > lo)
				syscall(SYS_close_range, lo, keep[i] - 1, 0);
			lo = keep[i] + 1 > lo ? keep[i] + 1 : lo;
		}
		syscall(SYS_close_range, lo, ~0u, 0);
	}
	/* Judged from the root between judgements (no directory of the
	 * caller's held busy, none a relative name could be found in). */
	s->rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (s->rootfd < 0 || fchdir(s->rootfd) < 0)
		_exit(1);
	/* The task that execs sleeps until the answer: the kernel hands the
	 * CPU straight over, to us and back (Linux 6.6; before, each hand-over
	 * waits for a CPU, milliseconds on a busy machine).  Scheduling only:
	 * where the kernel lacks it, nothing else changes. */
	(void)ioctl(s->listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	return true;
}

/* The supervisor, forked by the middle child; never returns. */
static __attribute__((noreturn)) void supervisor_main(const struct supervise_opts *o, int sock,
						      pid_t first)
{
	static struct sup s;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	char c[CMSG_SPACE(sizeof(int))], byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c,
			     .msg_controllen = sizeof(c) };
	struct sigaction sa = { .sa_handler = SIG_DFL, .sa_flags = SA_NOCLDWAIT };
	sigset_t chld;
	struct seccomp_notif_sizes sizes;
	bool sealed = false, settled = false;
	struct cmsghdr *cm;
	struct stat st;
	int null;

	setsid();
	/* Out of the tree's reach before the listener comes: the tree runs
	 * as the same user, who may otherwise trace a dumpable process or
	 * copy its descriptors (pidfd_getfd), take the listener and answer
	 * its own execs.  Not dumpable, only CAP_SYS_PTRACE may. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		_exit(1);
	/* Standard streams to /dev/null, the socket above them first: with
	 * one of them closed in sealrun, the socket or the listener would
	 * land there. */
	null = fcntl(sock, F_DUPFD_CLOEXEC, 3);
	if (null < 0)
		_exit(1);
	close(sock);
	sock = null;
	/* sealrun's standard error kept aside for the lines of tasks whose
	 * own is /dev/null (tell): a terminal, a file or a socket (the
	 * journal's stream), never a pipe, whose reader would wait for its
	 * end as long as the supervisor lives. */
	if (fstat(STDERR_FILENO, &st) == 0 &&
	    (S_ISCHR(st.st_mode) || S_ISREG(st.st_mode) || S_ISSOCK(st.st_mode)) &&
	    !(S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3)))
		own_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	for (int fd = 0; fd < 3 && null >= 0; fd++)
		if (fd != null)
			dup2(null, fd);
	if (null > 2)
		close(null);
	/* Tracers are forked per static program, writers per line (tell):
	 * nobody waits for them (SA_NOCLDWAIT).  The tasks held to their
	 * exec stop are waited for: their stops come as SIGCHLD, read from
	 * a signalfd beside the listener (a handler would interrupt the
	 * judgement). */
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, NULL) < 0 ||
	    (s.sigfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK)) < 0)
		_exit(1);
	signal(SIGPIPE, SIG_IGN);
	/* A stop signals every process of a systemd unit at once (KillMode=
	 * control-group), the supervisor and its tracers among them: they
	 * stay, so that what the daemon execs while it shuts down is still
	 * judged (a tracer's death would kill its tracee), and go when the
	 * tree is gone.  SIGKILL still ends them; execs then fail closed. */
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	s.o = o;
	s.first = first;
	s.base_filters = -1;
	s.me = getpid();
	if (recvmsg(sock, &mh, MSG_CMSG_CLOEXEC) != 1 || !(cm = CMSG_FIRSTHDR(&mh)) ||
	    cm->cmsg_type != SCM_RIGHTS)
		_exit(0);
	memcpy(&s.listener, CMSG_DATA(cm), sizeof(int));
	/* sealrun went on as soon as it sent the listener: its exec of
	 * PROGRAM, which it judged itself, is answered first; what only the
	 * judge needs comes after (settle). */
	/* The kernel's sizes, not libseccomp's. */
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) < 0)
		_exit(1);
	req = calloc(1, sizes.seccomp_notif > sizeof(*req) ? sizes.seccomp_notif : sizeof(*req));
	resp = calloc(1, sizes.seccomp_notif_resp > sizeof(*resp) ? sizes.seccomp_notif_resp
								  : sizeof(*resp));
	if (!req || !resp)
		_exit(1);
	for (;;) {
		struct pollfd p[2] = { { s.listener, POLLIN, 0 }, { s.sigfd, POLLIN, 0 } };

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		/* Stops first: a task held at its exec waits for nothing else. */
		if (p[1].revents & POLLIN)
			stops(&s);
		if (!(p[0].revents & POLLIN)) {
			/* No task of the tree left: none held either (a task
			 * held is one of the tree). */
			if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))
				_exit(0);
			continue;
		}
		memset(req, 0, sizes.seccomp_notif);
		if (ioctl(s.listener, SECCOMP_IOCTL_NOTIF_RECV, req) < 0)
			continue;	/* the task went away meanwhile */
		if (!settled && (s.first_done || (pid_t)req->pid != s.first))
			settled = settle(&s, sock);
		if (answer(&s, req, resp))
			ioctl(s.listener, SECCOMP_IOCTL_NOTIF_SEND, resp);
		/* Once PROGRAM's exec has gone on, off its way: the rest of
		 * the set-up, and the supervisor sealed itself where it can be
		 * (hardening; where mseal fails, the sealer reports it for
		 * the program). */
		if (!settled)
			settled = settle(&s, sock);
		if (!sealed) {
			(void)seal_self("default");
			sealed = true;
		}
	}
}

/* Is CAP_SYS_ADMIN in this process's effective set?  Then the filter
 * needs no no_new_privs. */
static bool sys_admin(void)
{
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct cap[2];

	if (syscall(SYS_capget, &head, cap) < 0)
		return false;
	return cap[CAP_SYS_ADMIN / 32].effective & (1u << (CAP_SYS_ADMIN % 32));
}

/*
 * The filter, by hand (libseccomp's loading probes the kernel's API with
 * a dozen system calls, and its library costs every sealrun a load): execve
 * and execveat of this ABI to the listener; another ABI (i386's int 0x80,
 * x32's numbers, a 32-bit Arm task) would go past the rule, so the task
 * is killed, as --deny-wx's filter does.  Numbers and AUDIT_ARCH from
 * arch/<isa>/syscall_nr.h.
 */
#define SUP_LD(field)	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define SUP_RET(what)	BPF_STMT(BPF_RET | BPF_K, (what))

static const struct sock_filter sup_filter[] = {
	SUP_LD(arch),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SEAL_AUDIT_ARCH, 1, 0),
	SUP_RET(SECCOMP_RET_KILL_PROCESS),
	SUP_LD(nr),
#ifdef SEAL_X32_SYSCALL_BIT
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, SEAL_X32_SYSCALL_BIT, 0, 1),
	SUP_RET(SECCOMP_RET_KILL_PROCESS),
#endif
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SEAL_NR_execve, 1, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SEAL_NR_execveat, 0, 1),
	SUP_RET(SECCOMP_RET_USER_NOTIF),
	SUP_RET(SECCOMP_RET_ALLOW),
};

#if defined(__x86_64__)
_Static_assert(SEAL_AUDIT_ARCH == AUDIT_ARCH_X86_64 && SEAL_NR_execve == __NR_execve &&
	       SEAL_NR_execveat == __NR_execveat, "arch/x86_64/syscall_nr.h");
#elif defined(__aarch64__)
_Static_assert(SEAL_AUDIT_ARCH == AUDIT_ARCH_AARCH64 && SEAL_NR_execve == __NR_execve &&
	       SEAL_NR_execveat == __NR_execveat, "arch/aarch64/syscall_nr.h");
#endif

/* Install the filter; the listener in *listener.  0 or -errno (-EBUSY:
 * a filter of the chain has a listener already). */
static int install(int *listener)
{
	struct sock_fprog prog = {
		.len = sizeof(sup_filter) / sizeof(sup_filter[0]),
		.filter = (struct sock_filter *)sup_filter,
	};
	long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
			  &prog);

	if (fd < 0)
		return -errno;
	*listener = (int)fd;
	return 0;
}

/* The middle child shares our memory while we wait (vfork: no copy
 * made for it); it forks the supervisor and exits at once, as static.c's
 * does for its tracer.  Its PID, or -1. */
static volatile pid_t supervisor_pid;	/* the middle child writes it */

static __attribute__((noinline)) pid_t fork_supervisor(const struct supervise_opts *o,
						       const int sv[2], pid_t me)
{
	pid_t mid;

	supervisor_pid = 0;
	mid = vfork();
	if (mid == 0) {
		pid_t p = fork();

		if (p == 0) {
			close(sv[0]);
			supervisor_main(o, sv[1], me);
		}
		supervisor_pid = p;
		_exit(p < 0);
	}
	return mid;
}

int supervise_start(const struct supervise_opts *o, struct seal_refusal *r)
{
	char c[CMSG_SPACE(sizeof(int))] = { 0 }, byte = 'l';
	struct iovec iov = { &byte, 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c,
			     .msg_controllen = sizeof(c) };
	struct cmsghdr *cm;
	pid_t me = getpid(), mid;
	int sv[2], listener = -1, rc, status;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -!!seal_refuse(r, EXIT_FAILED, "cannot start the supervisor: %s",
				   seal_strerror(errno));
	mid = fork_supervisor(o, sv, me);
	close(sv[1]);
	if (mid < 0 || waitpid(mid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		close(sv[0]);
		return -!!seal_refuse(r, EXIT_FAILED, "cannot start the supervisor: %s",
				   seal_strerror(mid < 0 ? errno : EAGAIN));
	}
	if (!sys_admin() && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		rc = -errno;
	else
		rc = install(&listener);
	if (rc < 0) {
		close(sv[0]);	/* the supervisor ends */
		/* One listener per chain of filters: an enclosing sealrun's
		 * supervisor judges this tree already. */
		if (rc == -EBUSY && getenv(SEALRUN_ENV_SEALER))
			return 1;
		return -!!seal_refuse(r, EXIT_FAILED, "cannot install the seccomp filter that hands "
				   "every exec of the tree to the supervisor: %s",
				   seal_strerror(-rc));
	}
	/* Yama's ptrace_scope 1: the supervisor is no ancestor of ours, yet
	 * holds PROGRAM's exec (this process's) to its exec stop. */
	if (supervisor_pid > 0)
		prctl(PR_SET_PTRACER, (unsigned long)supervisor_pid, 0, 0, 0);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &listener, sizeof(int));
	/*
	 * No answer awaited: the listener queues the tree's first exec until
	 * the supervisor takes it from the socket and polls.  Fail closed all
	 * the same: a supervisor that dies first drops the listener with the
	 * socket, and every exec of the tree then fails (ENOSYS).
	 */
	rc = sendmsg(sv[0], &mh, MSG_NOSIGNAL) == 1 ? 0 : -EPIPE;
	close(listener);
	close(sv[0]);
	if (rc < 0)
		return -!!seal_refuse(r, EXIT_FAILED, "the supervisor died before it took the "
				   "listener; nothing can be executed");
	return 0;
}
