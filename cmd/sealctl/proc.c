/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl — reading a process's /proc directory.
 *
 * A target is opened once as an O_PATH directory and every later file is
 * read relative to it, so that a PID reused meanwhile cannot mix two
 * processes' answers.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "seal.h"
#include "seal_mdwe.h"
#include "sealctl.h"
#include "json.h"
#include "protocol.h"


/* A missing /proc entry means the process is gone. */
static int proc_errno(int err)
{
	return err == ENOENT ? -ESRCH : -err;
}

/* The state letter in dirfd's stat ('Z' a zombie), 0 when unreadable. */
static char task_state(int dirfd)
{
	char stat[1024];
	const char *p;

	if (proc_read_small(dirfd, "stat", stat, sizeof(stat)) < 0)
		return 0;
	p = strrchr(stat, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/* A living thread of the process but its first one, as an O_PATH
 * directory (/proc/PID/task/TID), or -1. */
static int live_thread(int dirfd, pid_t pid)
{
	int taskfd = openat(dirfd, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd = -1;
	struct dirent *d;
	DIR *dir;

	if (taskfd < 0)
		return -1;
	dir = fdopendir(taskfd);
	if (!dir) {
		close(taskfd);
		return -1;
	}
	while (fd < 0 && (d = readdir(dir))) {
		char state;

		if (d->d_name[0] == '.' || strtol(d->d_name, NULL, 10) == pid)
			continue;
		fd = openat(taskfd, d->d_name, O_PATH | O_DIRECTORY | O_CLOEXEC);
		state = fd < 0 ? 0 : task_state(fd);
		if (fd >= 0 && (state == 0 || state == 'Z' || state == 'X')) {
			close(fd);
			fd = -1;
		}
	}
	closedir(dir);
	return fd;
}

int proc_open(pid_t pid)
{
	char path[32];
	int fd, live;

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return proc_errno(errno);
	/* A first thread that has exited (pthread_exit) leaves /proc/PID a
	 * zombie without mappings while the process lives on in its other
	 * threads: read it through one of those, /proc/PID/task/TID. */
	if (task_state(fd) == 'Z' && (live = live_thread(fd, pid)) >= 0) {
		close(fd);
		fd = live;
	}
	return fd;
}

ssize_t proc_read_small(int dirfd, const char *name, char *buf, size_t size)
{
	ssize_t n;
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return proc_errno(errno);
	do
		n = read(fd, buf, size - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		n = proc_errno(errno);
	else
		buf[n] = '\0';
	close(fd);
	return n;
}

ssize_t proc_comm(int dirfd, char *buf, size_t size)
{
	ssize_t n = proc_read_small(dirfd, "comm", buf, size);

	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return n;
}

/*
 * /proc/PID/stat shows a zero vsize when the task has no mm: an exiting
 * task drops its mm well before it shows as a zombie.
 */
int proc_has_mm(int dirfd)
{
	char buf[1024];
	ssize_t n = proc_read_small(dirfd, "stat", buf, sizeof(buf));
	const char *p;
	int field;

	if (n < 0)
		return (int)n;
	/* "pid (comm) state ppid ...": comm may hold spaces and ')'. */
	p = strrchr(buf, ')');
	if (!p)
		return -EBADMSG;
	/* After the comm, field 3 (state) up to field 23 (vsize). */
	for (field = 3; field <= 23; field++) {
		while (*p && *p != ' ')
			p++;
		if (*p++ != ' ')
			return -EBADMSG;
		if (field == 3 && (*p == 'Z' || *p == 'X'))
			return 0;
	}
	return *p != '0';
}

int proc_each_vma(int dirfd, proc_vma_fn fn, void *ctx, unsigned long *bad_line)
{
	struct seal_smaps *r;
	struct seal_vma v;
	unsigned long n = 0;
	int fd, rc, has_mm;

	fd = openat(dirfd, "smaps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return proc_errno(errno);
	rc = seal_smaps_open_fd(&r, fd);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	while ((rc = seal_smaps_next(r, &v)) > 0) {
		rc = fn(ctx, &v);
		if (rc < 0)
			break;
		n++;
	}
	if (rc < 0 && bad_line)
		*bad_line = seal_smaps_line(r);
	seal_smaps_close(r);
	close(fd);
	if (rc < 0)
		return rc == -ENOENT ? -ESRCH : rc;

	/*
	 * smaps of a process without an address space reads as empty: a
	 * kernel thread or a zombie has no mappings, which is an answer.
	 * But the address space also goes away when the process exits while
	 * we read, and the read then simply ends early: a process now gone,
	 * or one without an address space that gave us rows, did not give
	 * them all.
	 */
	has_mm = proc_has_mm(dirfd);
	if (has_mm == -ESRCH || (has_mm == 0 && n > 0))
		return -ESRCH;
	return 0;
}

/* The number after "Name:" in a status text, or -1 when absent. */
static long status_field(const char *status, const char *name)
{
	size_t len = strlen(name);
	const char *p;

	for (p = status; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, name, len) == 0 && p[len] == ':')
			return strtol(p + len + 1, NULL, 10);
	return -1;
}

/* VmExe + VmLib of a status text, in KiB; -1 when absent.  VmLib is
 * exec_vm less VmExe, unsigned, so the sum is taken modulo 2^54 KiB. */
static int64_t exec_kib_in(const char *status)
{
	const char *e = strstr(status, "\nVmExe:"), *l = strstr(status, "\nVmLib:");

	if (!e || !l)
		return -1;
	return (int64_t)((strtoull(e + 7, NULL, 10) + strtoull(l + 7, NULL, 10)) &
			 ((UINT64_C(1) << 54) - 1));
}

int64_t proc_exec_kib(int dirfd)
{
	char status[4096];

	if (proc_read_small(dirfd, "status", status, sizeof(status)) < 0)
		return -1;
	return exec_kib_in(status);
}

int proc_wx(int dirfd, pid_t pid, struct proc_wx *wx)
{
	char status[4096];
	ssize_t n = proc_read_small(dirfd, "status", status, sizeof(status));
	int mdwe;

	wx->exec_kib = -1;
	if (n < 0)
		return (int)n;
	wx->exec_kib = exec_kib_in(status);
	wx->seccomp = (int)status_field(status, "Seccomp");
	wx->seccomp_filters = status_field(status, "Seccomp_filters");
	wx->no_new_privs = (int)status_field(status, "NoNewPrivs");
	wx->wx_maps = 0;
	wx->exec_filter = 0;
	/* The kernel shows MDWE to the process itself only. */
	wx->mdwe = -1;
	if (pid == getpid()) {
		mdwe = prctl(PR_GET_MDWE, 0, 0, 0, 0);
		if (mdwe >= 0)
			wx->mdwe = (mdwe & PR_MDWE_REFUSE_EXEC_GAIN) != 0;
	}
	return 0;
}

void proc_wx_vma(struct proc_wx *wx, const struct seal_vma *v)
{
	if (v->perms[1] == 'w' && v->perms[2] == 'x')
		wx->wx_maps++;
	/* MDWE cannot be switched off: what the sealer saw still holds. */
	if (v->sealed && strcmp(v->path, SEALRUN_MDWE_PATH) == 0)
		wx->mdwe = 1;
	/* sealrun's supervisor filter judges execs; it denies no W^X. */
	if (v->sealed && strcmp(v->path, SEALRUN_FILTER_PATH) == 0 && !wx->exec_filter &&
	    wx->seccomp_filters > 0) {
		wx->exec_filter = 1;
		wx->seccomp_filters--;
	}
}

bool proc_wx_enforced(const struct proc_wx *wx)
{
	return wx->wx_maps == 0 && (wx->mdwe == 1 || wx->seccomp_filters > 0);
}

void proc_wx_print(FILE *f, const struct proc_wx *wx)
{
	fprintf(f, "MDWE %s, seccomp filters %ld, writable+executable mappings %zu",
	       wx->mdwe < 0 ? "unknown" : wx->mdwe ? "yes" : "no",
	       wx->seccomp_filters < 0 ? 0 : wx->seccomp_filters, wx->wx_maps);
}

void proc_wx_json(struct json *j, const struct proc_wx *wx)
{
	if (wx->mdwe < 0)
		json_null(j, "mdwe");
	else
		json_bool(j, "mdwe", wx->mdwe);
	json_i64(j, "seccomp_filters", wx->seccomp_filters < 0 ? 0 : wx->seccomp_filters);
	json_bool(j, "no_new_privs", wx->no_new_privs > 0);
	json_u64(j, "writable_executable", wx->wx_maps);
}

static bool is_pid_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int proc_each_pid(int (*fn)(void *ctx, pid_t pid), void *ctx)
{
	DIR *dir = opendir("/proc");
	struct dirent *d;
	int rc = 0;

	if (!dir)
		return -errno;
	while ((errno = 0, d = readdir(dir))) {
		if (!is_pid_name(d->d_name))
			continue;
		rc = fn(ctx, (pid_t)strtol(d->d_name, NULL, 10));
		if (rc < 0)
			break;
	}
	if (rc == 0 && errno)
		rc = -errno;
	closedir(dir);
	return rc;
}
