/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * The loader's namespaces, walked from inside the process (the sealer
 * and the exec guard; lib/linkmap.c reads the same chain in another
 * process, with the same bound).  glibc >= 2.35 keeps one
 * r_debug_extended per link-map namespace, chained by r_next once
 * r_version is 2; the first is the one the loader writes into the main
 * program's DT_DEBUG and exports as _r_debug.
 */
#ifndef SEALTOOLS_RDEBUG_H
#define SEALTOOLS_RDEBUG_H

#include <link.h>
#include "seal_limits.h"

/* The first namespace's r_debug, from a dynamic section (the main
 * program's); NULL where it has no DT_DEBUG. */
static inline const struct r_debug_extended *rdebug_of(const ElfW(Dyn) *d)
{
	const struct r_debug_extended *r = NULL;

	for (; d && d->d_tag != DT_NULL; d++)
		if (d->d_tag == DT_DEBUG)
			r = (const struct r_debug_extended *)d->d_un.d_ptr;
	return r;
}

/* Each namespace's r_debug from FIRST on, SEAL_LINK_NAMESPACES_MAX at
 * most (a list the program corrupted ends there). */
#define rdebug_for_each(r, first)						\
	for (int rdebug_n_ = ((r) = (first), 0);				\
	     (r) && rdebug_n_ < SEAL_LINK_NAMESPACES_MAX;			\
	     rdebug_n_++, (r) = (r)->base.r_version >= 2 ? (r)->r_next : NULL)

#endif
