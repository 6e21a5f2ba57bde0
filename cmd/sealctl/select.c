// SPDX-License-Identifier: GPL-2.0-or-later
// SPDX-FileCopyrightText: 2026 The sealtools authors
/*
 * sealctl — which processes a command acts on.
 *
 * A unit or a cgroup (verify --unit/--cgroup, seal --unit/--cgroup): the
 * PIDs in cgroup.procs of its cgroup in the cgroup v2 hierarchy and of
 * every cgroup below it, as systemd itself counts a unit's processes.
 * The hierarchy is found in our own /proc/self/mountinfo; the unit's
 * cgroup by systemd's naming, else from /proc/PID/cgroup of a process in
 * it, so that no running systemd is needed.  cgroup.procs and the
 * directories below are the kernel's and the admin's, but a delegated
 * subtree is a user's: every list is bounded (select.h).
 *
 * The default selection (verify --all, metrics): the services an admin
 * chose to seal.  A process is judged when
 *  - the sealrun sealer (or its exec guard) is mapped in it, as the
 *    kernel lists its mappings: sealrun started it, or it was started
 *    by a sealed program that handed sealing on.  The sealer seals its
 *    own mappings, so a sealed process cannot drop out of the selection
 *    by unmapping it; a process that maps a file of that name only opts
 *    in to being judged;
 *  - or its unit matches --unit, or has a sealtools.conf drop-in (the
 *    file sealctl unit writes), so that a sealed service started
 *    unsealed by mistake is judged, and fails.
 * A process with the sealer mapped inside a login session
 * (session-N.scope, user@UID.service) is past a documented boundary: a
 * sealed sshd starts sessions, whose programs are the users'.  It is
 * counted as such, never as a failure of the service.  Everything else
 * is "other".  The collector is never counted: sealctl's own process,
 * and, when it runs in sealtools-metrics.service, that unit.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sealctl.h"
#include "judge.h"
#include "safeopen.h"
#include "select.h"

#define COLLECTOR_UNIT	"sealtools-metrics.service"

/* ---- PID lists ------------------------------------------------------------ */

int pid_list_add(struct pid_list *l, pid_t pid)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		void *p = realloc(l->pid, cap * sizeof(*l->pid));

		if (!p)
			return -ENOMEM;
		l->pid = p;
		l->cap = cap;
	}
	l->pid[l->n++] = pid;
	return 0;
}

static int by_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* In PID order, each once (units and cgroups named twice, or nested). */
static void pid_list_unique(struct pid_list *l)
{
	size_t i, n = 0;

	if (!l->n)
		return;
	qsort(l->pid, l->n, sizeof(*l->pid), by_pid);
	for (i = 1; i < l->n; i++)
		if (l->pid[i] != l->pid[n])
			l->pid[++n] = l->pid[i];
	l->n = n + 1;
}

void pid_list_free(struct pid_list *l)
{
	free(l->pid);
	*l = (struct pid_list){ 0 };
}

/* ---- the unit of a process ------------------------------------------------ */

static bool is_unit(const char *name, size_t len)
{
	static const char *const suffix[] = { ".service", ".scope" };

	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		size_t sl = strlen(suffix[i]);

		if (len > sl && memcmp(name + len - sl, suffix[i], sl) == 0)
			return true;
	}
	return false;
}

static bool selected(const struct selection *s, const char *unit)
{
	for (size_t i = 0; s && unit && i < s->nunits; i++)
		if (fnmatch(s->units[i], unit, 0) == 0)
			return true;
	return false;
}

/*
 * The unit of a cgroup path (up to its end or newline): the
 * unit systemd itself sees there, the first component below the slices.
 * A unit's processes may make cgroups below it (Delegate=, or root) and
 * name them like another unit or a login session: they stay that unit's,
 * and a delegated subtree (a user's manager, a container) cannot pass for
 * a unit of the system.  That component and its length, or NULL when it
 * is no unit; unit_of_path copies it into buf.
 */
static const char *unit_component(const char *path, size_t *len)
{
	const char *end = path + strcspn(path, "\n");

	for (const char *c = path + strspn(path, "/"); c < end; ) {
		size_t n = strcspn(c, "/\n");

		if (n > 6 && memcmp(c + n - 6, ".slice", 6) == 0) {
			c += n;
			c += strspn(c, "/");
			continue;
		}
		*len = n;
		return is_unit(c, n) ? c : NULL;
	}
	return NULL;
}

static bool unit_of_path(const char *path, char *buf, size_t size)
{
	size_t n;
	const char *c = unit_component(path, &n);

	if (!c || n >= size)
		return false;
	memcpy(buf, c, n);
	buf[n] = '\0';
	return true;
}

/* The path of the line of /proc/PID/cgroup for want ("" the v2 line
 * "0::PATH", "name=systemd" the v1 one), up to its newline, or NULL. */
static const char *cgroup_line(const char *cg, const char *want)
{
	const char *line, *next;

	for (line = cg; *line; line = next) {
		size_t len = strcspn(line, "\n");
		const char *ctl = memchr(line, ':', len), *path;

		next = line + len + (line[len] == '\n');
		if (!ctl++)
			continue;
		path = memchr(ctl, ':', (size_t)(line + len - ctl));
		if (!path++ || (size_t)(path - 1 - ctl) != strlen(want) ||
		    memcmp(ctl, want, strlen(want)) != 0 ||
		    (!*want && (ctl - line != 2 || line[0] != '0')))
			continue;
		return path;
	}
	return NULL;
}

bool select_unit_of(int dirfd, char *buf, size_t size)
{
	static const char *const want[] = { "", "name=systemd" };
	char cg[8192];

	if (proc_read_small(dirfd, "cgroup", cg, sizeof(cg)) < 0)
		return false;
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		const char *path = cgroup_line(cg, want[w]);

		if (path && unit_of_path(path, buf, size))
			return true;
	}
	return false;
}

/* ---- the processes of a cgroup -------------------------------------------- */

/* The cgroup v2 mount, from our own mountinfo: an O_PATH directory fd,
 * or -errno (-ENODEV: none). */
static int cgroup_root(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL, *dir = NULL;
	size_t cap = 0;
	int fd = -ENODEV;

	if (!f)
		return -errno;
	while (getline(&line, &cap, f) > 0) {
		char root[16], mnt[4096];
		const char *sep = strstr(line, " - ");

		/* "ID PARENT MAJ:MIN ROOT MOUNTPOINT ... - FSTYPE ..." */
		if (!sep || strncmp(sep + 3, "cgroup2 ", 8) != 0 ||
		    sscanf(line, "%*s %*s %*s %15s %4095s", root, mnt) != 2 ||
		    strcmp(root, "/") != 0 || strchr(mnt, '\\'))
			continue;
		dir = strdup(mnt);
		break;
	}
	free(line);
	fclose(f);
	if (dir) {
		fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			fd = -errno;
		free(dir);
	}
	return fd;
}

/* No empty, "." or ".." component; relative (a leading '/' skipped). */
static const char *clean_path(const char *path)
{
	const char *p;

	while (*path == '/')
		path++;
	for (p = path; *p;) {
		size_t len = strcspn(p, "/");

		if ((len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return NULL;
		p += len;
		if (*p == '/') {
			p++;
			if (*p == '/' || !*p)
				return NULL;
		}
	}
	return *path ? path : ".";
}

struct walk {
	struct pid_list *l;
	size_t dirs;
};

/* The PIDs of the cgroup open on dirfd, then those of its children. */
static int walk_cgroup(struct walk *w, int dirfd, unsigned int depth)
{
	char *text = NULL, *p, *end;
	int truncated = 0, fd, rc;
	ssize_t n;
	DIR *dir;
	struct dirent *d;

	if (++w->dirs > SELECT_DIRS_MAX || depth > SELECT_DEPTH_MAX)
		return -E2BIG;
	fd = seal_open_regular_at(dirfd, "cgroup.procs", NULL);
	if (fd < 0)
		return fd;
	/* A PID is at most 7 digits and a newline (pid_max <= 2^22). */
	n = seal_read_capped(fd, (size_t)SELECT_PIDS_MAX * 8, &text, &truncated);
	close(fd);
	if (n < 0)
		return (int)n;
	if (truncated) {
		free(text);
		return -E2BIG;
	}
	for (p = text; *p; p = end + (*end == '\n')) {
		long v = strtol(p, &end, 10);

		if (end == p || (*end != '\n' && *end) || v <= 0 || v > 0x7fffffff) {
			free(text);
			return -EBADMSG;
		}
		if (w->l->n >= SELECT_PIDS_MAX) {
			free(text);
			return -E2BIG;
		}
		rc = pid_list_add(w->l, (pid_t)v);
		if (rc < 0) {
			free(text);
			return rc;
		}
	}
	free(text);

	fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return -errno;
	}
	rc = 0;
	while (rc == 0 && (errno = 0, d = readdir(dir))) {
		int sub;

		if (d->d_type != DT_DIR || d->d_name[0] == '.')
			continue;
		sub = openat(dirfd, d->d_name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0) {
			if (errno == ENOENT)
				continue;	/* removed since listed */
			rc = -errno;
			break;
		}
		rc = walk_cgroup(w, sub, depth + 1);
		close(sub);
		if (rc == -ENOENT)
			rc = 0;			/* removed while read */
	}
	if (rc == 0 && errno)
		rc = -errno;
	closedir(dir);
	return rc;
}

int select_cgroup_pids(const char *path, struct pid_list *l)
{
	const char *rel = clean_path(path);
	struct walk w = { .l = l };
	int root, fd, rc;

	if (!rel)
		return -EINVAL;
	root = cgroup_root();
	if (root < 0)
		return root;
	/* cgroupfs has no symlinks; O_NOFOLLOW keeps it so for the last
	 * component, and the kernel's cgroupfs does not mount others. */
	fd = openat(root, rel, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	rc = fd < 0 ? -errno : walk_cgroup(&w, fd, 0);
	if (fd >= 0)
		close(fd);
	close(root);
	return rc;
}

/* ---- the cgroup of a unit -------------------------------------------------- */

static bool exists_at(int root, const char *path)
{
	struct stat st;

	return fstatat(root, path, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

struct find_unit {
	const char *unit;
	char *buf;
	size_t size;
	bool found;
};

static int find_unit_of(void *ctx, pid_t pid)
{
	struct find_unit *f = ctx;
	char cg[8192];
	char *path;
	const char *p;
	int dirfd = proc_open(pid);
	size_t ul = strlen(f->unit), n;

	if (dirfd < 0)
		return 0;		/* gone, or not ours to read */
	if (proc_read_small(dirfd, "cgroup", cg, sizeof(cg)) < 0 ||
	    !(path = (char *)cgroup_line(cg, ""))) {
		close(dirfd);
		return 0;
	}
	close(dirfd);
	/* Where the system's manager sees the unit, as for labels: not a
	 * cgroup of that name inside another unit's subtree. */
	p = unit_component(path, &n);
	if (p && n == ul && memcmp(p, f->unit, ul) == 0 && (size_t)(p + ul - path) < f->size) {
		memcpy(f->buf, path, (size_t)(p + ul - path));
		f->buf[p + ul - path] = '\0';
		f->found = true;
		return -ECANCELED;	/* found: stops the walk */
	}
	return 0;
}

int select_unit_cgroup(const char *unit, char *buf, size_t size)
{
	char name[SELECT_UNIT_MAX], guess[2 * SELECT_UNIT_MAX + 64];
	struct find_unit f = { .unit = name, .buf = buf, .size = size };
	const char *at;
	int root;

	if (!*unit || strchr(unit, '/') || strlen(unit) + sizeof(".service") > sizeof(name) ||
	    unit[0] == '.')
		return -EINVAL;
	snprintf(name, sizeof(name), is_unit(unit, strlen(unit)) ? "%s" : "%s.service", unit);
	root = cgroup_root();
	if (root < 0)
		return root;
	snprintf(guess, sizeof(guess), "system.slice/%s", name);
	at = strchr(name, '@');
	if (!exists_at(root, guess) && at)
		snprintf(guess, sizeof(guess), "system.slice/system-%.*s.slice/%s",
			 (int)(at - name), name, name);
	if (exists_at(root, guess) && strlen(guess) < size) {
		close(root);
		snprintf(buf, size, "%s", guess);
		return 0;
	}
	close(root);
	proc_each_pid(find_unit_of, &f);
	return f.found ? 0 : -ENOENT;
}

int select_targets(const char *unit, const char *cgroup, struct pid_list *l)
{
	char path[4096];
	size_t before = l->n;
	const char *what = unit ? unit : cgroup;
	int rc = 0;

	if (unit) {
		rc = select_unit_cgroup(unit, path, sizeof(path));
		cgroup = path;
	}
	if (rc == 0)
		rc = select_cgroup_pids(cgroup, l);
	if (rc == 0 && l->n == before)
		rc = -ESRCH;
	pid_list_unique(l);
	switch (rc) {
	case 0:
		break;
	case -ENOENT:
		sealctl_warn("%s: %s", what, unit ? "no cgroup of that unit (not running?)" :
			     "no such cgroup");
		break;
	case -ESRCH:
		sealctl_warn("%s: no process in %s", what, unit ? "that unit" : "that cgroup");
		break;
	case -EINVAL:
		sealctl_warn("%s: %s", what, unit ? "not a unit name" :
			     "not a cgroup path (no '.' or '..' components)");
		break;
	case -ENODEV:
		sealctl_warn("%s: no cgroup v2 hierarchy mounted", what);
		break;
	case -E2BIG:
		sealctl_warn("%s: more than %d processes, %d cgroups or %d levels below it",
			     what, SELECT_PIDS_MAX, SELECT_DIRS_MAX, SELECT_DEPTH_MAX);
		break;
	default:
		sealctl_warn("%s: %s", what, err_cause(-rc));
	}
	return rc;
}

/* ---- the default selection ------------------------------------------------- */

int select_init(struct selection *s)
{
	int dirfd = proc_open(getpid());

	s->self = getpid();
	if (dirfd >= 0) {
		if (select_unit_of(dirfd, s->own_unit, sizeof(s->own_unit)))
			s->skip_own_unit = strcmp(s->own_unit, COLLECTOR_UNIT) == 0;
		close(dirfd);
	}
	return 0;
}

int select_add_unit(struct selection *s, const char *pattern)
{
	char *p;
	void *u;

	if (!*pattern || strchr(pattern, '/') || strlen(pattern) >= SELECT_UNIT_MAX)
		return -EINVAL;
	u = realloc(s->units, (s->nunits + 1) * sizeof(*s->units));
	if (!u)
		return -ENOMEM;
	s->units = u;
	/* "nginx" means nginx.service, as for systemctl. */
	if (asprintf(&p, is_unit(pattern, strlen(pattern)) || strpbrk(pattern, "*?[") ?
		     "%s" : "%s.service", pattern) < 0)
		return -ENOMEM;
	s->units[s->nunits++] = p;
	return 0;
}

int select_add_dropins(struct selection *s, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int dfd, rc = 0;

	if (!d)
		return errno == ENOENT ? 0 : -errno;
	dfd = dirfd(d);
	while (rc == 0 && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char conf[SELECT_UNIT_MAX + 32], unit[SELECT_UNIT_MAX];
		struct stat st;

		if (len < 3 || len - 2 >= sizeof(unit) || strcmp(e->d_name + len - 2, ".d") != 0)
			continue;
		memcpy(unit, e->d_name, len - 2);
		unit[len - 2] = '\0';
		if (!is_unit(unit, len - 2))
			continue;
		snprintf(conf, sizeof(conf), "%s/sealtools.conf", e->d_name);
		if (fstatat(dfd, conf, &st, 0) < 0 || !S_ISREG(st.st_mode))
			continue;
		/* A template's drop-in (NAME@.service) covers its instances. */
		if (strstr(unit, "@.")) {
			char *at = strstr(unit, "@.");
			char pat[SELECT_UNIT_MAX + 2];

			snprintf(pat, sizeof(pat), "%.*s@*%s", (int)(at - unit), unit, at + 1);
			rc = select_add_unit(s, pat);
		} else {
			rc = select_add_unit(s, unit);
		}
	}
	closedir(d);
	return rc;
}

void select_free(struct selection *s)
{
	for (size_t i = 0; i < s->nunits; i++)
		free(s->units[i]);
	free(s->units);
	s->units = NULL;
	s->nunits = 0;
}

bool select_sealer_mapped(const struct target *t)
{
	return t->sealer_mapped;
}

static bool has_affix(const char *s, const char *prefix, const char *suffix)
{
	size_t l = strlen(s), pl = strlen(prefix), sl = strlen(suffix);

	return l > pl + sl && strncmp(s, prefix, pl) == 0 && strcmp(s + l - sl, suffix) == 0;
}

static bool is_session(const char *unit)
{
	return unit && (has_affix(unit, "session-", ".scope") ||
			has_affix(unit, "user@", ".service"));
}

enum select_class select_classify(const struct selection *s, pid_t pid, const char *unit,
				  const struct target *t)
{
	bool sealer = t && select_sealer_mapped(t);

	if (pid == s->self || (unit && s->skip_own_unit && strcmp(unit, s->own_unit) == 0))
		return SELECT_SKIP;
	if (is_session(unit) && sealer)
		return SELECT_BOUNDARY;
	if (sealer || s->every)
		return SELECT_JUDGE;
	return selected(s, unit) ? SELECT_JUDGE : SELECT_OTHER;
}

void select_label(const char *unit, const char *comm, char *buf, size_t size)
{
	if (unit && has_affix(unit, "session-", ".scope"))
		snprintf(buf, size, "session.scope");
	else if (unit && has_affix(unit, "user@", ".service"))
		snprintf(buf, size, "user@.service");
	else if (unit)
		snprintf(buf, size, "%s", unit);
	else
		snprintf(buf, size, "comm:%s", comm && *comm ? comm : "?");
}
