/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Where sealrun finds its sealer (see sealrun(1)).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"
#include "seal_exec.h"
#include "sealrun.h"
#include "protocol.h"

/* ---- the sealer ----------------------------------------------------------------- */

/*
 * Built with -DSEAL_LIBDIR (the configured LIBDIR) and -DSEAL_BIN_TO_LIB
 * (the relative path from BINDIR to LIBDIR, e.g. "../lib" or
 * "../lib/x86_64-linux-gnu"); see the Makefile.
 */
#ifndef SEAL_LIBDIR
#define SEAL_LIBDIR "/usr/local/lib"
#endif
#ifndef SEAL_BIN_TO_LIB
#define SEAL_BIN_TO_LIB "../lib"
#endif

/*
 * Without any environment variable, in this order: where the installed
 * layout puts it relative to this sealrun's own directory
 * (BINDIR/SEAL_BIN_TO_LIB/sealtools/), so that a tree staged under
 * DESTDIR or moved elsewhere as a whole is consistent with itself; then
 * the build tree (the same directory as sealrun); last the absolute
 * LIBDIR compiled in, for a sealrun copied away from its tree.
 */
int find_sealer(char *path, size_t size, struct seal_refusal *r)
{
	char self[PATH_MAX], dir[PATH_MAX];
	char cand[3][PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n < 0)
		return seal_refuse(r, EXIT_FAILED, "cannot find itself (/proc/self/exe): %s; is /proc "
			      "mounted?", seal_strerror(errno));
	self[n] = '\0';
	snprintf(dir, sizeof(dir), "%s", self);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	/* The configured paths go in as arguments: a '%' in them is no format. */
	snprintf(cand[0], sizeof(cand[0]), "%s/%s/%s/%s", dir, SEAL_BIN_TO_LIB,
		 SEALRUN_SEALER_SUBDIR, SEALRUN_SEALER_NAME);
	snprintf(cand[1], sizeof(cand[1]), "%s/%s", dir, SEALRUN_SEALER_NAME);
	snprintf(cand[2], sizeof(cand[2]), "%s/%s/%s", SEAL_LIBDIR, SEALRUN_SEALER_SUBDIR,
		 SEALRUN_SEALER_NAME);
	for (int i = 0; i < 3; i++) {
		struct stat st;

		if (stat(cand[i], &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (!realpath(cand[i], path) || strlen(path) >= size)
			continue;
		/* ld.so splits LD_AUDIT at colons. */
		if (strpbrk(path, SEALRUN_AUDIT_SEPARATORS))
			return seal_refuse(r, EXIT_FAILED, "the sealer's path %s contains a colon, "
				      "which LD_AUDIT cannot carry (install it elsewhere)", path);
		return seal_exec_check_module(path, "the sealer", r);
	}
	return seal_refuse(r, EXIT_FAILED, "cannot find the sealer " SEALRUN_SEALER_NAME " (looked "
		      "in %s, %s and %s; reinstall sealtools)", cand[0], cand[1], cand[2]);
}

/*
 * The exec guard: beside the sealer, always (sealrun checks the pair).
 * LD_PRELOAD splits at blanks too.
 */
int find_guard(const char *sealer, char *path, size_t size, struct seal_refusal *r)
{
	const char *slash = strrchr(sealer, '/');
	int n = snprintf(path, size, "%.*s/%s", slash ? (int)(slash - sealer) : 1,
			 slash ? sealer : ".", SEALRUN_GUARD_NAME);

	if (n < 0 || (size_t)n >= size)
		return seal_refuse(r, EXIT_FAILED, "the exec guard's path is too long");
	if (strpbrk(path, SEALRUN_PRELOAD_SEPARATORS))
		return seal_refuse(r, EXIT_FAILED, "the exec guard's path %s contains a colon or a "
				   "blank, which LD_PRELOAD cannot carry (install it elsewhere)", path);
	return seal_exec_check_module(path, "the exec guard", r);
}
