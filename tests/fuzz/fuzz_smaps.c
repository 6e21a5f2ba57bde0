/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * libFuzzer target: the smaps reader (lib/smaps.c).
 *
 * The first byte picks how many bytes each read hands over (1 to 256, or
 * everything at once), so that line and buffer boundaries fall anywhere;
 * the rest is the smaps text.  Every header line the reader accepted is
 * also parsed on its own with seal_smaps_parse_header().  Invariants
 * beyond "no crash": a VMA has start < end, its path and flags are the
 * lengths it says and hold no NUL, an error is sticky.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "seal.h"
#include "../unit/memsrc.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memsrc s = { 0 };
	struct seal_smaps *r;
	struct seal_vma v, again;
	int rc;

	if (size < 1)
		return 0;
	s.chunk = data[0] == 0 ? SIZE_MAX : data[0];
	s.data = data + 1;
	s.len = size - 1;
	if (seal_smaps_open_fn(&r, memsrc_read, &s) < 0)
		abort();
	while ((rc = seal_smaps_next(r, &v)) == 1) {
		if (v.start >= v.end || v.path_len > SEAL_SMAPS_PATH_MAX ||
		    strlen(v.path) != v.path_len ||
		    strlen(v.vmflags) > SEAL_SMAPS_FLAGS_MAX ||
		    (!v.has_vmflags && (v.sealed || v.vmflags[0])) ||
		    v.kind >= SEAL_KIND_COUNT || strlen(v.perms) != 4)
			abort();
		if (seal_smaps_line(r) == 0)
			abort();
	}
	if (rc > 0 || rc < -4095)
		abort();
	if (rc < 0 && seal_smaps_next(r, &again) != rc)
		abort();		/* errors are sticky */
	seal_smaps_close(r);

	/* The header parser alone, on the whole input as one line. */
	if (seal_smaps_parse_header((const char *)data + 1, size - 1, &v) == 0) {
		if (v.start >= v.end || v.path < (const char *)data + 1 ||
		    v.path + v.path_len != (const char *)data + size)
			abort();
	}
	return 0;
}
