/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Can the sealer reach the program an exec is about to run?  The one
 * judgement sealrun makes of PROGRAM before it execs, and its supervisor
 * (cmd/sealrun/supervise.c) makes of every program the sealed tree
 * starts.  Internal to sealtools: not part of libseal's API.
 *
 * Everything here is async-signal-safe in glibc (no malloc, no stdio
 * stream, no locale).  A struct seal_exec is large (about 17 KiB): keep
 * it off small stacks.
 */
#ifndef SEAL_EXEC_H
#define SEAL_EXEC_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "seal_elf.h"

/* Exit statuses of sealrun, as env(1) and timeout(1). */
#define SEAL_EXEC_FAILED	125	/* refused, or failed */
#define SEAL_EXEC_CANNOT	126	/* found but not executable */
#define SEAL_EXEC_NOENT		127	/* not found */

/* A refusal: the status to exit with, one line saying why and what to do
 * instead, and, when the exec would fail in the kernel anyway (not found,
 * not executable, no format the kernel knows), the errno it would fail
 * with: then there is nothing to refuse. */
struct seal_refusal {
	int status;
	int kernel_errno;
	char why[1024];
};

/* What an exec will run. */
struct seal_exec {
	char path[PATH_MAX];		/* the file exec'd (after a PATH search) */
	bool via_sh;			/* neither ELF nor "#!": execvp's /bin/sh */
	struct seal_target target;	/* the ELF file finally run */
	bool loaded;			/* in: mapped by our loader run as a
					 * program, not run by the kernel */
	bool no_cwd;			/* in: relative names cannot be looked up
					 * (the task's directory is not ours to
					 * search): they fail with EACCES */
};

/* Fill r in; returns status. */
__attribute__((format(printf, 3, 4)))
int seal_refuse(struct seal_refusal *r, int status, const char *fmt, ...);

/*
 * Resolve name as execvp does when search is true (a PATH search, with
 * path_env the PATH value or NULL for the default, unless the name has a
 * '/'; a file that is neither ELF nor "#!" is run by /bin/sh), else as
 * execve does (the name as it is); then follow "#!" to the ELF file.
 * 0, or a refusal filled in.
 */
int seal_exec_find(const char *name, bool search, const char *path_env,
		   struct seal_exec *x, struct seal_refusal *r);

/* Can the sealer reach this ELF file: 64-bit, this machine, dynamically
 * linked by this process's own loader (or, with static_ok, statically
 * linked: sealrun seals those from outside)?  0, or a refusal filled in. */
int seal_exec_check_elf(const struct seal_exec *x, bool static_ok, struct seal_refusal *r);

/* Statically linked (no PT_INTERP), and not this process's loader run
 * as a program. */
bool seal_exec_static(const struct seal_exec *x);

/* The ids of the process that execs (another one: sealrun's supervisor
 * judges for the tasks of its tree, from /proc/TID/status). */
struct seal_exec_creds {
	unsigned int ruid, euid, rgid, egid;
	bool nnp;			/* no_new_privs */
};

/* Would the kernel start it in secure mode (AT_SECURE, so that the loader
 * ignores LD_AUDIT), for a process with credentials c?  0, or a refusal. */
int seal_exec_check_secure_as(const struct seal_exec *x, const struct seal_exec_creds *c,
			      struct seal_refusal *r);

/* When x (judged) is the loader itself run as a program, the program
 * argv gives it (after ld.so's options) in *prog (NULL: none, --verify,
 * or x is not the loader).  0, or a refusal (--audit, a bare name). */
int seal_exec_loader_program(char *const *argv, const struct seal_exec *x, const char **prog,
			     struct seal_refusal *r);

/* Judge name, the file the loader x is asked to load, as check_elf
 * judges a program (a static one included: the loader executes it
 * again); one that cannot be found or read is refused, one that is not
 * ELF let go (the loader refuses it).  x is left as it is.  0, or a
 * refusal. */
int seal_exec_check_loaded(const char *name, const struct seal_exec *x, struct seal_refusal *r);

/* The two above, name as given (from this process's view). */
int seal_exec_check_loader_run(char *const *argv, const struct seal_exec *x,
			       struct seal_refusal *r);

/* find, check_elf and check_secure_as with this process's credentials,
 * in order, as sealrun judges PROGRAM (static programs pass: sealrun
 * seals them from outside). */
int seal_exec_judge(const char *name, bool search, const char *path_env,
		    struct seal_exec *x, struct seal_refusal *r);

/* Is the file at path a whole shared object the loader can load into a
 * program of this machine, readable with this process's credentials
 * under its root?  what names it in the message ("the sealer").
 * 0, or a refusal filled in. */
int seal_exec_check_module(const char *path, const char *what, struct seal_refusal *r);

#endif /* SEAL_EXEC_H */
