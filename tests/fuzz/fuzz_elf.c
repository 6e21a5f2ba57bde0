/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * libFuzzer target: the ELF and "#!" reader (common/elf.c) and the span
 * arithmetic fed by it (common/span.c).
 *
 * The input is a whole file, written to a memfd (the reader takes a
 * descriptor and reads with pread, bounded by fstat's size).  Invariants:
 * a header read has a class of 32 or 64, a PT_INTERP that is a non-empty
 * string, segments that do not wrap; the spans of those segments are
 * sorted, page-aligned, non-empty, disjoint, and each holds a part asked
 * for; a "#!" interpreter is a non-empty word that fits.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "seal_elf.h"
#include "seal_policy.h"

#ifndef PT_GNU_RELRO
#define PT_GNU_RELRO 0x6474e552
#endif

static int memfd = -1;

static void check_spans(const struct seal_elf *elf, uintptr_t base, size_t page,
			unsigned int parts)
{
	struct seal_span out[16];
	size_t nseg = elf->nsegments < SEAL_SEGMENTS_MAX ?
		      elf->nsegments : SEAL_SEGMENTS_MAX;
	int n = seal_object_spans(elf->segment, nseg, base, page, parts, out, 16);

	if (n < 0) {
		if (n != -ENOSPC && n != -EOVERFLOW)
			abort();
		return;
	}
	for (int i = 0; i < n; i++) {
		if (out[i].start >= out[i].end || (out[i].start | out[i].end) & (page - 1))
			abort();
		/* A page two segments share holds both parts: only some of
		 * them need be the ones asked for. */
		if (!(out[i].parts & parts) || out[i].parts & ~SEAL_POLICY_OBJECTS)
			abort();
		if (i > 0 && out[i].start <= out[i - 1].end)
			abort();	/* touching spans should have merged */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct seal_elf elf;
	char interp[SEAL_SCRIPT_LINE_MAX];
	int rc;

	if (memfd < 0) {
		memfd = memfd_create("fuzz_elf", MFD_CLOEXEC);
		if (memfd < 0)
			abort();
	}
	if (ftruncate(memfd, 0) < 0 || pwrite(memfd, data, size, 0) != (ssize_t)size)
		abort();

	rc = seal_elf_read(memfd, &elf);
	if (rc == 0) {
		if (elf.elf_class != 32 && elf.elf_class != 64)
			abort();
		if (elf.has_interp &&
		    (!elf.interp[0] || !memchr(elf.interp, '\0', sizeof(elf.interp))))
			abort();
		for (size_t i = 0; i < elf.nsegments && i < SEAL_SEGMENTS_MAX; i++) {
			const struct seal_segment *s = &elf.segment[i];

			if ((s->type != PT_LOAD && s->type != PT_GNU_RELRO) ||
			    s->vaddr + s->memsz < s->vaddr)
				abort();
		}
		check_spans(&elf, 0, 4096, SEAL_POLICY_OBJECTS);
		check_spans(&elf, (uintptr_t)0x7f0000000000, 65536, SEAL_POLICY_CODE);
		check_spans(&elf, (uintptr_t)0x555555554000, 4096,
			    SEAL_POLICY_RELRO | SEAL_POLICY_HOLES | SEAL_POLICY_DATA);
	} else if (rc != -ENOEXEC && rc != -EBADMSG) {
		abort();
	}

	rc = seal_script_interp(memfd, interp, sizeof(interp));
	if (rc == 0 && (!interp[0] || strlen(interp) >= sizeof(interp)))
		abort();
	if (rc < 0 && rc != -ENOEXEC && rc != -ENAMETOOLONG)
		abort();
	return 0;
}
