/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl — what the subcommands share.
 *
 * A subcommand is one file with one entry point, int cmd_NAME(argc, argv),
 * listed in the table in main.c.  It parses its own options with argp,
 * through sealctl_argp_parse() (argv[0] is "sealctl NAME"), returns the
 * exit status, and prints its errors through sealctl_warn().
 */
#ifndef SEALCTL_H
#define SEALCTL_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "seal.h"
#include "escape.h"

/* Exit statuses.  64 is argp's (and sysexits') status for usage errors. */
#define SEALCTL_EXIT_OK		0
#define SEALCTL_EXIT_FAIL	1
#define SEALCTL_EXIT_USAGE	64

/* Subcommands (add a prototype here and a line to the table in main.c). */
int cmd_status(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_metrics(int argc, char **argv);
int cmd_seal(int argc, char **argv);
int cmd_unit(int argc, char **argv);

/* argp_parse() with the options every command has (-h/--help, --usage,
 * -V/--version) after the command's own. */
struct argp;
void sealctl_argp_parse(const struct argp *argp, int argc, char **argv, unsigned flags,
			void *input);

/* "sealctl: MESSAGE" on stderr. */
void sealctl_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Short lower-case cause for a positive errno value: "no such process",
 * "permission denied", … */
const char *err_cause(int err);

/* A PID argument: decimal 1..INT_MAX, or "self" for this process.
 * 0 and *pid set, or -EINVAL. */
int parse_pid(const char *arg, pid_t *pid);

/* ---- -o/--output (columns.c) ------------------------------------------ */

/*
 * Parse LIST, column names separated by commas, matched without regard to
 * case: names[i] is column i's name, NULL where that column is not offered.
 * Appends the ids to ids[*n], at most max in all.  0; -EINVAL for an
 * unknown or empty name (*bad, *badlen: which); -E2BIG past max.
 */
int parse_columns(const char *list, const char *const names[], size_t nnames,
		  int ids[], size_t max, size_t *n,
		  const char **bad, size_t *badlen);

/* ---- /proc (proc.c) --------------------------------------------------- */

struct seal_vma;

/* The process's /proc directory (O_PATH), kept open so that every later
 * file is the same process's even if its PID is reused.  fd or -errno
 * (-ESRCH: no such process). */
int proc_open(pid_t pid);

/* Read a small file of that directory into buf, NUL-terminated.  Length
 * or -errno. */
ssize_t proc_read_small(int dirfd, const char *name, char *buf, size_t size);

/* The command name, without its newline.  Length or -errno. */
ssize_t proc_comm(int dirfd, char *buf, size_t size);

/* Call fn for each process listed in /proc, until it returns -errno.
 * 0, fn's error, or the error of listing /proc. */
int proc_each_pid(int (*fn)(void *ctx, pid_t pid), void *ctx);

/* Does the process still have an address space?  1 yes; 0 no (a kernel
 * thread, a zombie, a process on its way out); -ESRCH: it is gone. */
int proc_has_mm(int dirfd);

typedef int (*proc_vma_fn)(void *ctx, const struct seal_vma *vma);

/*
 * Hand each VMA of the process's smaps to fn, which returns 0 or -errno
 * (that stops the walk).  0 when the whole address space was read, or
 * -errno: -ESRCH when the process is gone or exited while being read,
 * -EACCES when we may not read it, -EBADMSG/-ENAMETOOLONG for malformed
 * smaps (*bad_line then says where), or fn's error.
 */
int proc_each_vma(int dirfd, proc_vma_fn fn, void *ctx, unsigned long *bad_line);

/* What /proc tells about W^X in a process.  -1: not known. */
struct proc_wx {
	int mdwe;		/* PR_MDWE_REFUSE_EXEC_GAIN in force */
	int seccomp;		/* 0 disabled, 1 strict, 2 filter */
	long seccomp_filters;	/* filters attached, less sealrun's exec filter */
	int exec_filter;	/* sealrun's exec filter's witness seen */
	int no_new_privs;
	size_t wx_maps;		/* mappings writable and executable */
	int64_t exec_kib;	/* VmExe + VmLib when read: -1 unknown */
};

/*
 * Fill wx from /proc/PID/status.  The kernel reports MDWE to the process
 * itself only (prctl PR_GET_MDWE), so mdwe is known for sealctl's own
 * PID and -1 for every other until proc_wx_vma() sees the sealer's
 * witness.  0 or -errno.
 */
int proc_wx(int dirfd, pid_t pid, struct proc_wx *wx);

/* The kernel's count of the process's executable memory (exec_vm:
 * VmExe + VmLib of its status, read at once), in KiB; -1 unknown. */
int64_t proc_exec_kib(int dirfd);

/* Account one VMA of that process: a writable and executable mapping,
 * or the sealrun sealer's sealed MDWE witness (see protocol.h). */
void proc_wx_vma(struct proc_wx *wx, const struct seal_vma *vma);

/* Is W^X enforced, as far as /proc shows, with no W+X mapping yet? */
bool proc_wx_enforced(const struct proc_wx *wx);

/* "MDWE yes, seccomp filters 0, writable+executable mappings 0" */
void proc_wx_print(FILE *f, const struct proc_wx *wx);

/* The JSON members "mdwe", "seccomp_filters", "no_new_privs" and
 * "writable_executable", into the object open in j. */
struct json;
void proc_wx_json(struct json *j, const struct proc_wx *wx);

#endif /* SEALCTL_H */
