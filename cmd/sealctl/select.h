/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl — which processes a command acts on: the processes of a
 * systemd unit or a cgroup (verify, seal), and the sealed services that
 * verify --all and metrics judge by default (select.c has the rules).
 */
#ifndef SEALCTL_SELECT_H
#define SEALCTL_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct target;

/* Bounds on what a cgroup tree may hand us. */
#define SELECT_PIDS_MAX		65536	/* processes of one unit or cgroup */
#define SELECT_DEPTH_MAX	16	/* nested cgroups below it */
#define SELECT_DIRS_MAX		4096	/* cgroups below it, in all */
#define SELECT_UNIT_MAX		256	/* a unit name (systemd's own limit) */
#define SELECT_LABEL_MAX	(SELECT_UNIT_MAX + 8)

/* A growing list of PIDs. */
struct pid_list {
	pid_t *pid;
	size_t n, cap;
};

/* Append pid (a PID given twice is judged twice). */
int pid_list_add(struct pid_list *l, pid_t pid);
void pid_list_free(struct pid_list *l);

/*
 * The systemd unit of a process, as the system's manager sees it: the
 * first component of its cgroup path below the slices (the v2 line of
 * /proc/PID/cgroup, else the v1 name=systemd one), where it names a unit
 * holding processes (".service", ".scope").  Cgroups a process makes
 * below its unit, and units of a user's manager or a container, do not
 * change it.  true and the name in buf, or false.
 */
bool select_unit_of(int dirfd, char *buf, size_t size);

/*
 * The PIDs of cgroup PATH (relative to the cgroup v2 mount, a leading
 * '/' allowed, no "." or ".." components) and of the cgroups below it,
 * appended to l: at most SELECT_PIDS_MAX, SELECT_DEPTH_MAX deep.  0 or
 * -errno (-ENOENT: no such cgroup, -E2BIG past a bound, -EINVAL a bad
 * path, -ENODEV no cgroup v2 mount).
 */
int select_cgroup_pids(const char *path, struct pid_list *l);

/*
 * The cgroup path of UNIT ("nginx" means "nginx.service", as for
 * systemctl): systemd's own naming (system.slice/UNIT, and
 * system.slice/system-NAME.slice/NAME@INSTANCE.service for a template's
 * instance) when that cgroup exists, else the path up to UNIT of a
 * running process that /proc shows in it.  No systemd need be running.
 * 0, or -ENOENT (no process is in it), -EINVAL (not a unit name).
 */
int select_unit_cgroup(const char *unit, char *buf, size_t size);

/*
 * The processes of a unit (unit set) or a cgroup (cgroup set), added to
 * l, which is then in PID order with each PID once; a message on stderr when they cannot be listed or there are
 * none.  0 or -errno.
 */
int select_targets(const char *unit, const char *cgroup, struct pid_list *l);

/* The default selection of verify --all and metrics. */
struct selection {
	bool every;			/* --every: every process is judged */
	char **units;			/* --unit patterns and drop-in units (fnmatch) */
	size_t nunits;
	pid_t self;			/* this process */
	bool skip_own_unit;		/* run from sealtools-metrics.service */
	char own_unit[SELECT_UNIT_MAX];
};

/* What one process is to the default selection. */
enum select_class {
	SELECT_SKIP,			/* the collector itself: never counted */
	SELECT_OTHER,			/* not chosen: at most an aggregate */
	SELECT_JUDGE,			/* a sealed service's: judged */
	SELECT_BOUNDARY,		/* sealed, past a documented boundary */
};

/* Set up: this process's own unit.  0 or -ENOMEM. */
int select_init(struct selection *s);
/* Add a unit pattern ("nginx.service", "postgresql@*.service").
 * 0, -EINVAL or -ENOMEM. */
int select_add_unit(struct selection *s, const char *pattern);
/* Add every unit DIR (e.g. /etc/systemd/system) has a sealtools.conf
 * drop-in for (DIR/UNIT.d/sealtools.conf, the file sealctl unit writes).
 * A missing DIR adds none.  0 or -errno. */
int select_add_dropins(struct selection *s, const char *dir);
void select_free(struct selection *s);

/* Is the sealrun sealer (or its exec guard) mapped in the process, as
 * the kernel shows its mappings?  Read already by judge_read(). */
bool select_sealer_mapped(const struct target *t);

/*
 * The class of a process: pid, its unit (NULL: none), and t when it
 * could be read (NULL: it could not).
 */
enum select_class select_classify(const struct selection *s, pid_t pid, const char *unit,
				  const struct target *t);

/*
 * The stable label of a process: its unit (login sessions grouped as
 * "session.scope", user managers as "user@.service"), else "comm:" and
 * the command name the kernel set at exec (the name the program was run
 * by, symlinks not followed, at most 15 bytes).
 */
void select_label(const char *unit, const char *comm, char *buf, size_t size);

#endif /* SEALCTL_SELECT_H */
