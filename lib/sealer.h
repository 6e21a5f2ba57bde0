/*
 * Private to libsealrun.so (lib/sealer*.c).  Include it after the system
 * headers and inside "#pragma GCC visibility push(hidden)", like every
 * other project header there: nothing declared here is exported.
 */
#ifndef SEALER_H
#define SEALER_H

#include <stdbool.h>
#include <stddef.h>

/* The policy mask, 0 for none.  The first call, from whichever
 * dlopen or constructor comes first, reads the settings (once); it
 * fails closed on bad ones. */
unsigned int sealer_policy(void);

/* Must an object dlopen'd now be made RTLD_NODELETE?  Yes if it is to
 * be sealed: when the policy names dlopen, and before the start-up walk. */
bool sealer_nodelete(void);

/*
 * Seal every loaded object not sealed yet, pinning each with
 * RTLD_NODELETE first.  Called after a dlopen or dlmopen returns.  Fails
 * closed: on error it reports and _exits, never returns half-done.
 */
void sealer_after_dlopen(void);

/* Report to stderr with the "sealrun: " prefix; no allocation. */
void sealer_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Report and _exit(SEALRUN_EXIT_FAILED): the sealer's only way out. */
_Noreturn void sealer_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The loader's own dlmopen, found with RTLD_NEXT (never our wrapper). */
void *sealer_real_dlmopen(long ns, const char *file, int mode);

/*
 * glibc resolves a bare dlopen name along the caller's RPATH/RUNPATH and
 * expands $ORIGIN from the caller's directory.  Through our wrapper, the
 * caller it sees is this library; this returns the name that makes the
 * real dlopen find what the program's caller would have found: file
 * itself, or a path written to buf.
 */
const char *sealer_as_caller(const char *file, const void *caller, long ns,
			     char *buf, size_t size);

#endif /* SEALER_H */
