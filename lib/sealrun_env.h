/*
 * Private to sealrun and its in-target sealer (libsealrun.so): the names
 * of the environment variables by which the launcher instructs the
 * sealer.  Nothing else reads them; they are not an interface.
 *
 * The launcher prepends the sealer to LD_PRELOAD and sets:
 *   SEALRUN_POLICY      canonical policy text (seal_policy_format)
 *   SEALRUN_VERBOSE     "1": report objects, ranges and mseal calls
 *   SEALRUN_NO_INHERIT  "1": before main, the sealer removes itself from
 *                       LD_PRELOAD and removes these variables, so that
 *                       programs the target execs run unsealed
 * Without SEALRUN_NO_INHERIT the sealer leaves all of it in place: a
 * program the target execs is sealed the same way.
 */
#ifndef SEALRUN_ENV_H
#define SEALRUN_ENV_H

#define SEALRUN_ENV_POLICY	"SEALRUN_POLICY"
#define SEALRUN_ENV_VERBOSE	"SEALRUN_VERBOSE"
#define SEALRUN_ENV_NO_INHERIT	"SEALRUN_NO_INHERIT"

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

#include <stddef.h>

/*
 * Copy the LD_PRELOAD list `list` to out without any entry equal to
 * path, the entries joined by ':'.  out must hold strlen(list) + 1
 * bytes.  Returns the length written (0: nothing left).
 */
size_t sealrun_preload_without(const char *list, const char *path, char *out);

/* The sealer's exit status when it cannot seal: env(1)'s "failed". */
#define SEALRUN_EXIT_FAILED	125

#endif /* SEALRUN_ENV_H */
