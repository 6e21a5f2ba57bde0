/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * The private protocol between sealrun and its in-target sealer
 * (libsealrun.so): environment variable names, exit status, file names.
 * Read by sealrun, the sealer, the exec guard, and sealctl (the MDWE
 * witness's name, below); they are not an interface.
 *
 * sealrun puts the sealer first in LD_AUDIT (the user's own audit
 * modules follow it, so the loader announces them to the sealer too),
 * the exec guard (libsealexec.so) first in LD_PRELOAD, and sets:
 *   SEALRUN_POLICY      canonical policy text (seal_policy_format)
 *   SEALRUN_VERBOSE     "1": report objects, ranges and mseal calls
 *   SEALRUN_BEST_EFFORT "1": --best-effort, for the programs it starts
 *   SEALRUN_SEALER      the sealer's path, as in LD_AUDIT
 *   SEALRUN_GUARD       the exec guard's path, as in LD_PRELOAD
 *   SEALRUN_EXE         sealrun's own path
 *   SEALRUN_JUDGED      "1": the supervisor's seccomp filter binds the
 *                       tree; the sealer leaves a witness of it, so
 *                       that sealctl does not count that filter as W^X
 *   SEALRUN_NO_INHERIT  "1": before any constructor runs, the sealer
 *                       takes itself out of LD_AUDIT and removes these
 *                       variables, so that programs the target execs
 *                       run unsealed (sealrun then preloads no guard)
 * Without SEALRUN_NO_INHERIT all of it stays: the guard judges every
 * program the target execs through the C library, and gives it the
 * same variables again (sealrun_env_build), so that it is sealed the
 * same way or refused.
 */
#ifndef SEALRUN_PROTOCOL_H
#define SEALRUN_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>

#define SEALRUN_ENV_AUDIT	"LD_AUDIT"
#define SEALRUN_ENV_POLICY	"SEALRUN_POLICY"
#define SEALRUN_ENV_VERBOSE	"SEALRUN_VERBOSE"
#define SEALRUN_ENV_NO_INHERIT	"SEALRUN_NO_INHERIT"
#define SEALRUN_ENV_BEST_EFFORT	"SEALRUN_BEST_EFFORT"
#define SEALRUN_ENV_SEALER	"SEALRUN_SEALER"
#define SEALRUN_ENV_GUARD	"SEALRUN_GUARD"
#define SEALRUN_ENV_EXE		"SEALRUN_EXE"
#define SEALRUN_ENV_JUDGED	"SEALRUN_JUDGED"
#define SEALRUN_ENV_PRELOAD	"LD_PRELOAD"
#define SEALRUN_ENV_TUNABLES	"GLIBC_TUNABLES"
/* Every variable of the protocol starts so. */
#define SEALRUN_ENV_PREFIX	"SEALRUN_"

/* ld.so splits LD_AUDIT at colons only, LD_PRELOAD also at blanks. */
#define SEALRUN_AUDIT_SEPARATORS	":"
#define SEALRUN_PRELOAD_SEPARATORS	": \t"

/*
 * Static TLS.  With any module in LD_AUDIT, glibc (rtld.c, dl_main) sets
 * up TLS before it loads the program's libraries, so the initial-exec
 * TLS of every one of them must fit the optional surplus, as a dlopen'd
 * object's would: Debian's libjemalloc (2.6 KiB) fails glibc's default
 * of 512 bytes ("cannot allocate memory in static TLS block").  The
 * protocol raises glibc.rtld.optional_static_tls to at least this many
 * bytes in GLIBC_TUNABLES (the user's own tunables kept, their own value
 * kept when larger).  glibc carves each thread's static TLS out of its
 * stack: the bound is what jemalloc needs (1536 measured) with room,
 * and small enough that a thread of PTHREAD_STACK_MIN (16 KiB) still
 * runs dlopen (6144 does, 8192 does not: glibc 2.36).
 * ThreadSanitizer's runtime needs ~770 KiB: such programs set the
 * tunable themselves (sealrun(1), "Static TLS").
 */
#define SEALRUN_STATIC_TLS	"glibc.rtld.optional_static_tls"
#define SEALRUN_STATIC_TLS_MIN	4096

/* Where sealrun looks for the sealer, relative to its own directory. */
#define SEALRUN_SEALER_NAME	"libsealrun.so"
#define SEALRUN_GUARD_NAME	"libsealexec.so"
#define SEALRUN_SEALER_SUBDIR	"sealtools"

/*
 * The kernel shows a process's MDWE to that process only.  When the
 * sealer finds PR_MDWE_REFUSE_EXEC_GAIN in force (sealrun --deny-wx),
 * it leaves a witness `sealctl verify` can read in smaps: a sealed,
 * inaccessible page of an empty memfd of this name, which smaps shows
 * as SEALRUN_MDWE_PATH.  MDWE cannot be switched off once set.
 */
#define SEALRUN_MDWE_MARK	"sealrun:mdwe"
#define SEALRUN_MDWE_PATH	"/memfd:" SEALRUN_MDWE_MARK " (deleted)"

/*
 * The supervisor's seccomp filter (SEALRUN_JUDGED) judges execs and
 * denies no memory: its witness, left by the sealer like MDWE's, tells
 * sealctl to count one filter less when it looks for a W^X filter.
 */
#define SEALRUN_FILTER_MARK	"sealrun:exec-filter"
#define SEALRUN_FILTER_PATH	"/memfd:" SEALRUN_FILTER_MARK " (deleted)"

/* The value of the first entry name= in env (NULL: empty), or NULL. */
const char *sealrun_env_get(char *const *env, const char *name);

/* Is that value "1" (SEALRUN_VERBOSE and the other switches)? */
bool sealrun_env_flag(char *const *env, const char *name);

/*
 * Copy the list `list` (entries split at any byte of seps) to out
 * without the entries for which drop(entry, len, ctx) is true, joined
 * by ':'.  out must hold strlen(list) + 1 bytes and may be list itself.
 * Returns the length written (0: nothing left).
 */
size_t sealrun_list_filter(const char *list, const char *seps,
			   int (*drop)(const char *entry, size_t len, void *ctx), void *ctx,
			   char *out);

/*
 * What the protocol puts in a program's environment (see the top).  The
 * same for sealrun's PROGRAM and, built again by the exec guard, for
 * each program a sealed program starts.
 */
struct sealrun_protocol {
	const char *sealer;		/* absolute path: first in LD_AUDIT */
	const char *guard;		/* absolute path: first in LD_PRELOAD; NULL: none */
	const char *policy;		/* SEALRUN_POLICY */
	int verbose, best_effort, no_inherit, judged;	/* "1" when set */
	const char *preload;		/* after the user's LD_PRELOAD entries, or NULL */
	const char *exe;		/* sealrun's path (SEALRUN_EXE), or NULL */
};

/*
 * Build, from the environment env (NULL: empty), the one the program
 * gets: env's entries less every LD_AUDIT, LD_PRELOAD and SEALRUN_*
 * entry (duplicates included: the loader reads every LD_AUDIT and obeys
 * the last LD_PRELOAD, the sealer the first SEALRUN_*), then exactly one
 * of each:
 *   LD_AUDIT=SEALER[:the user's modules, from every LD_AUDIT entry]
 *   LD_PRELOAD=GUARD[:the last LD_PRELOAD's entries][:PRELOAD]
 *   SEALRUN_*
 * and the last GLIBC_TUNABLES entry with SEALRUN_STATIC_TLS appended
 * when no entry sets it to SEALRUN_STATIC_TLS_MIN or more (a new entry
 * when there is none).
 * without any entry naming the sealer's or the guard's file (by device
 * and inode) among the user's.  No allocation: out holds *nout
 * pointers, buf size bytes; sealrun_env_size says how much is needed.
 * Returns 0, or -ENOSPC.  *theirs points at the user's audit modules
 * within the LD_AUDIT value ("" when none).
 */
int sealrun_env_build(char *const *env, const struct sealrun_protocol *p,
		      char **out, size_t nout, char *buf, size_t size, const char **theirs);

/* Pointers and bytes sealrun_env_build needs for env and p. */
void sealrun_env_size(char *const *env, const struct sealrun_protocol *p,
		      size_t *nout, size_t *size);

/* Does env's GLIBC_TUNABLES give static TLS room of at least
 * SEALRUN_STATIC_TLS_MIN, as sealrun_env_build leaves it? */
int sealrun_env_tls_ok(char *const *env);

/* The sealer's exit status when it cannot seal: env(1)'s "failed". */
#define SEALRUN_EXIT_FAILED	125

#endif /* SEALRUN_PROTOCOL_H */
