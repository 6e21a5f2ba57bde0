/*
 * The private protocol between sealrun and its in-target sealer
 * (libsealrun.so): environment variable names, exit status, file names.
 * Nothing else reads them; they are not an interface.
 *
 * sealrun puts the sealer first in LD_AUDIT (the user's own audit
 * modules follow it, so the loader announces them to the sealer too)
 * and sets:
 *   SEALRUN_POLICY      canonical policy text (seal_policy_format)
 *   SEALRUN_VERBOSE     "1": report objects, ranges and mseal calls
 *   SEALRUN_NO_INHERIT  "1": before any constructor runs, the sealer
 *                       takes itself out of LD_AUDIT and removes these
 *                       variables, so that programs the target execs
 *                       run unsealed
 * Without SEALRUN_NO_INHERIT all of it stays: a program the target
 * execs is sealed the same way.
 */
#ifndef SEALRUN_ENV_H
#define SEALRUN_ENV_H

#include <stddef.h>

#define SEALRUN_ENV_AUDIT	"LD_AUDIT"
#define SEALRUN_ENV_POLICY	"SEALRUN_POLICY"
#define SEALRUN_ENV_VERBOSE	"SEALRUN_VERBOSE"
#define SEALRUN_ENV_NO_INHERIT	"SEALRUN_NO_INHERIT"
/* Every variable of the protocol starts so. */
#define SEALRUN_ENV_PREFIX	"SEALRUN_"

/* ld.so splits LD_AUDIT at colons only (LD_PRELOAD also at blanks). */
#define SEALRUN_AUDIT_SEPARATORS	":"

/* Where sealrun looks for the sealer, relative to its own directory. */
#define SEALRUN_SEALER_NAME	"libsealrun.so"
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
 * Copy the list `list` (entries split at any byte of seps) to out
 * without the entries for which drop(entry, len, ctx) is true, joined
 * by ':'.  out must hold strlen(list) + 1 bytes and may be list itself.
 * Returns the length written (0: nothing left).
 */
size_t sealrun_list_filter(const char *list, const char *seps,
			   int (*drop)(const char *entry, size_t len, void *ctx), void *ctx,
			   char *out);

/* The sealer's exit status when it cannot seal: env(1)'s "failed". */
#define SEALRUN_EXIT_FAILED	125

#endif /* SEALRUN_ENV_H */
