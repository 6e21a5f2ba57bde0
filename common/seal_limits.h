/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Limits every product applies alike, each defined once.  Past one of
 * them an object is refused the same way everywhere: the sealer fails
 * closed (exit 125), seal_self() fails, sealctl judges the object by the
 * kernel's view of its mappings and says so.  Private to sealtools.
 */
#ifndef SEAL_LIMITS_H
#define SEAL_LIMITS_H

/* Program headers of any type in one loaded object, as read from its
 * memory.  Real objects have 7 to 14. */
#define SEAL_PHDRS_MAX		64

/* Its PT_LOAD and PT_GNU_RELRO headers.  Real objects have 2 to 6.  libseal's
 * public SEAL_OBJECT_SEGMENTS_MAX (seal.h) is this value: lib/linkmap.c
 * checks that they agree. */
#define SEAL_SEGMENTS_MAX	32

/* The pieces seal_object_spans() can cut one object into: every segment
 * adds at most two boundaries, and one more piece lies past the last. */
#define SEAL_SPANS_MAX		(2 * SEAL_SEGMENTS_MAX + 2)

/* Link-map namespaces followed along the loader's r_debug_extended
 * chain (glibc has 16), in the process itself (inside/rdebug.h) and in
 * another (lib/linkmap.c).  libseal's public SEAL_NAMESPACES_MAX is this
 * value. */
#define SEAL_LINK_NAMESPACES_MAX	64

#endif /* SEAL_LIMITS_H */
