/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * libseal — the sealing policy vocabulary, shared by `sealrun --policy`,
 * the in-target sealer and `sealctl verify --policy`, and the range
 * arithmetic that turns a loaded object's program headers into the
 * page ranges a policy names.
 *
 * Words (comma-separated, applied left to right; "-WORD" removes):
 *
 *   code      executable PT_LOAD segments
 *   rodata    read-only PT_LOAD segments (ELF headers, .rodata, .eh_frame)
 *   relro     PT_GNU_RELRO: .got, .data.rel.ro, … once the loader made them
 *             read-only
 *   data      writable PT_LOAD segments (.data, .bss); they stay writable
 *   holes     the PROT_NONE gaps a loader leaves between segments
 *   objects   all five: every loaded object's whole span
 *   dlopen    objects loaded after start-up, by dlopen/dlmopen
 *   stack     the main thread's stack
 *   system    the kernel's [vdso], [vvar] and [vvar_vclock]
 *   default   objects,dlopen,system
 *   strict    default,stack
 *
 * The heap and thread stacks have no word: their owners must be able to
 * shrink and free them, so they are never sealed.
 */
#ifndef SEAL_POLICY_H
#define SEAL_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal_elf.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
	SEAL_POLICY_CODE	= 1u << 0,
	SEAL_POLICY_RODATA	= 1u << 1,
	SEAL_POLICY_RELRO	= 1u << 2,
	SEAL_POLICY_DATA	= 1u << 3,
	SEAL_POLICY_HOLES	= 1u << 4,
	SEAL_POLICY_DLOPEN	= 1u << 5,
	SEAL_POLICY_STACK	= 1u << 6,
	SEAL_POLICY_SYSTEM	= 1u << 7,

	SEAL_POLICY_OBJECTS	= SEAL_POLICY_CODE | SEAL_POLICY_RODATA |
				  SEAL_POLICY_RELRO | SEAL_POLICY_DATA |
				  SEAL_POLICY_HOLES,
	SEAL_POLICY_DEFAULT	= SEAL_POLICY_OBJECTS | SEAL_POLICY_DLOPEN |
				  SEAL_POLICY_SYSTEM,
	SEAL_POLICY_STRICT	= SEAL_POLICY_DEFAULT | SEAL_POLICY_STACK,
	SEAL_POLICY_ALL		= SEAL_POLICY_STRICT,
};

struct seal_policy_word {
	const char *name;
	unsigned int mask;
	const char *help;		/* one line, for --help and man pages */
};

/* The vocabulary, in documentation order; *count gets its length. */
const struct seal_policy_word *seal_policy_words(size_t *count);

/*
 * Parse a policy list such as "default,-dlopen" or "code,relro,system".
 * Returns the mask (>= 0), or -EINVAL with *where set to the byte offset
 * of the offending word (an unknown word, an empty item, a lone "-").
 * The mask may be 0 ("-default"); the caller decides whether that is
 * useful.
 */
int seal_policy_parse(const char *text, size_t *where);

/*
 * Canonical text of a non-zero mask, which seal_policy_parse() reads back
 * to the same mask: "default", "strict", or the words in vocabulary order
 * with "objects" standing for all five parts ("" for 0).  Returns the
 * length, or
 * -ENOSPC when size is too small (buf then holds a truncated string).
 */
int seal_policy_format(unsigned int mask, char *buf, size_t size);

/*
 * Is path (as smaps and /proc/PID/maps print it) one of the kernel's
 * mappings the word "system" names: [vdso], [vvar], [vvar_vclock]?
 * ([vsyscall] is no VMA of the process and cannot be sealed; [uprobes]
 * appears only once a uprobe fires.)
 */
bool seal_policy_system_path(const char *path);

/* ---- object spans ------------------------------------------------------ */

/* One page range of a loaded object and the parts it holds. */
struct seal_span {
	uintptr_t start;
	uintptr_t end;			/* exclusive */
	unsigned int parts;		/* SEAL_POLICY_CODE … SEAL_POLICY_HOLES */
};

/*
 * The page ranges of an object loaded at base with the given PT_LOAD and
 * PT_GNU_RELRO headers, restricted to the parts in `parts`, sorted and
 * merged where they touch.  page is the page size (a power of two).
 *
 * The object's span runs from its lowest PT_LOAD page to the page after
 * its highest PT_LOAD byte.  Inside it, a page is relro if the loader
 * makes it read-only after relocation (PT_GNU_RELRO, whole pages only,
 * as glibc rounds it), otherwise code, data or rodata by the flags of the
 * PT_LOAD segments covering it (a page two segments share is both), and
 * a hole if none covers it.
 *
 * Returns the number of ranges written to out (0: no PT_LOAD, or no part
 * selected); -ENOSPC when more than max are needed; -EOVERFLOW when the
 * headers wrap around the address space; -EINVAL for a bad page size.
 */
int seal_object_spans(const struct seal_segment *seg, size_t nseg, uintptr_t base,
		      size_t page, unsigned int parts, struct seal_span *out, size_t max);

#ifdef __cplusplus
}
#endif

#endif /* SEAL_POLICY_H */
