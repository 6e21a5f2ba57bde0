/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/* sealrun: what its files share.  Only cmd/sealrun prints and exits. */
#ifndef SEALRUN_H
#define SEALRUN_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "seal_elf.h"
#include "seal_exec.h"
#include "protocol.h"

/* Exit statuses, as env(1) and timeout(1). */
#define EXIT_FAILED		SEAL_EXEC_FAILED	/* 125: failed or refused */
#define EXIT_CANNOT_INVOKE	SEAL_EXEC_CANNOT	/* found but not executable */
#define EXIT_ENOENT		SEAL_EXEC_NOENT		/* not found */

/* The sealer library, found next to this sealrun (see sealrun(1)).
 * 0, or a refusal filled in. */
int find_sealer(char *path, size_t size, struct seal_refusal *r);

/* The exec guard (libsealexec.so), in the sealer's directory.  0, or a
 * refusal filled in. */
int find_guard(const char *sealer, char *path, size_t size, struct seal_refusal *r);

/* ---- --preload-nss (nss.c) ---- */

/* The NSS modules the nsswitch.conf at conf names and this machine has
 * (files and dns are built into glibc; no conf, glibc's defaults: none),
 * then libgcc_s.so.1, which glibc loads the same way, as absolute paths
 * joined by ':', into out.  The length (0: none), or -errno. */
int nss_modules(const char *conf, char *out, size_t size);

/* ---- --deny-wx (denywx.c) ---- */

enum wx_mode { WX_OFF, WX_AUTO, WX_PRCTL, WX_SECCOMP };

struct wx_plan {
	enum wx_mode want;		/* what the user asked for */
	enum wx_mode mode;		/* the backend: WX_OFF, WX_PRCTL or WX_SECCOMP */
	bool nnp;			/* seccomp: sealrun sets no_new_privs */
};

/* "auto", "prctl" or "seccomp": 0, or -EINVAL. */
int wx_parse(const char *text, enum wx_mode *mode);
const char *wx_name(enum wx_mode mode);

/* Pick the backend for want (auto prefers prctl), changing nothing.
 * 0, or a refusal filled in. */
int wx_choose(enum wx_mode want, struct wx_plan *plan, struct seal_refusal *r);

/* Put the plan into force for this process and all it executes; cannot
 * be undone.  Auto may still fall back to seccomp here.  0, or a
 * refusal filled in. */
int wx_apply(struct wx_plan *plan, struct seal_refusal *r);

/* One line: the backend and what it does. */
void wx_describe(const struct wx_plan *plan, char *buf, size_t size);

/* ---- static programs (static.c) ---- */

/* Start a tracer that holds this process through its exec and seals the
 * static program from outside (see static.c).  0 once it holds us, or a
 * refusal filled in (ptrace denied, the tracer could not start). */
int static_attach(unsigned int policy, bool verbose, struct seal_refusal *r);

/* The same tracer's work for a task the caller has just seized
 * (PTRACE_SEIZE with EXITKILL, TRACEEXEC and TRACESYSGOOD) before its
 * exec of a static program: seal the new image at its exec stop (now,
 * with at_exec: the task is in that stop), follow its start-up to the
 * RELRO, detach, exit.  The caller must trace no other task.  Never
 * returns. */
__attribute__((noreturn)) void static_trace(pid_t pid, unsigned int policy, bool verbose,
					    bool at_exec);

/* Resume a task in a ptrace stop of ours, with the signal the stop
 * carries (a group-stop: listening).  0 or -errno. */
int static_resume(pid_t pid, int status);

/* ---- the supervisor (supervise.c) ---- */

struct supervise_opts {
	unsigned int policy;		/* what every program of the tree is sealed with */
	bool verbose, best_effort;
	const char *sealer;		/* the sealer's path, as in LD_AUDIT */
	const char *guard;		/* the exec guard's, as in LD_PRELOAD */
	char *const *allow;		/* --allow-unsealed paths, NULL-ended, or NULL */
};

/*
 * Judge every exec of this process and all it starts from now on: fork a
 * supervisor (out of this process's tree and session), install a seccomp
 * filter that hands it each execve and execveat, and hand it the
 * filter's listener.  The first exec of this process (PROGRAM, judged
 * by sealrun itself) passes.  0; 1 when a supervisor of an enclosing
 * sealrun already judges this tree (a filter may have one listener);
 * or -1 and a refusal filled in.
 */
int supervise_start(const struct supervise_opts *o, struct seal_refusal *r);

#endif /* SEALRUN_H */
