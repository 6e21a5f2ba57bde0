/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * The one reader of /proc/PID/maps lines, for every product: the header
 * line of an smaps record is the same line.  Freestanding (string
 * functions and read(2)), so that the sealer, which links no libc,
 * compiles this very file.  Private to sealtools; libseal's public
 * seal_smaps_parse_header() is built on it.
 */
#ifndef SEAL_MAPS_H
#define SEAL_MAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One mapping, as its line shows it. */
struct seal_mapping {
	uint64_t start, end;		/* end exclusive */
	uint64_t offset, inode;
	unsigned int dev_major, dev_minor;
	char perms[5];			/* "r-xp", NUL-terminated */
	int prot;			/* PROT_READ | PROT_WRITE | PROT_EXEC */
	const char *path;		/* as printed ("" when none); not terminated */
	size_t path_len;
	bool cut;			/* the line was longer than the reader's
					   buffer: path holds only its start */
};

/*
 * Parse "start-end perms offset major:minor inode   path" (len bytes, no
 * newline).  path points into line.  0, or -EBADMSG for anything the
 * kernel does not write.
 */
int seal_maps_parse(const char *line, size_t len, struct seal_mapping *m);

/*
 * Read the maps file open on fd to its end, size bytes of buf at a time,
 * and call fn for each line, in order, until fn returns non-zero (that
 * value is returned).  A line longer than buf is passed with its start
 * only (m->cut); the fields before the path always fit when size is at
 * least SEAL_MAPS_LINE_MIN.  0 at the end, -EBADMSG for a line that does
 * not parse or input that does not end in a newline, or the -errno of
 * read(2).
 */
#define SEAL_MAPS_LINE_MIN	192
int seal_maps_each(int fd, char *buf, size_t size,
		   int (*fn)(const struct seal_mapping *m, void *ctx), void *ctx);

#endif /* SEAL_MAPS_H */
