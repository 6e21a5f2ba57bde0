/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl inspect — what its three parts share: the options
 * (inspect.c), the model (inspect_model.c: smaps streamed into one
 * compact struct row per VMA, per object with --summary, or per process
 * with --all, strings in one pool) and the output (inspect_output.c:
 * the cells of each row, printed through the table module).
 */
#ifndef SEALCTL_INSPECT_H
#define SEALCTL_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sealctl.h"

enum mode {
	MODE_MAPPINGS,			/* one row per VMA */
	MODE_OBJECTS,			/* --summary: one row per object */
	MODE_PROCESSES,			/* --all: one row per process */
};

#define M_MAP	(1 << MODE_MAPPINGS)
#define M_OBJ	(1 << MODE_OBJECTS)
#define M_PROC	(1 << MODE_PROCESSES)
#define M_ALL	(M_MAP | M_OBJ | M_PROC)

/* Column IDs. */
enum {
	COL_PID,
	COL_COMM,
	COL_START,
	COL_END,
	COL_PERMS,
	COL_OFFSET,
	COL_DEV,
	COL_INODE,
	COL_SIZE,
	COL_SEALED,
	COL_KIND,
	COL_PATH,
	COL_VMFLAGS,
	COL_VMAS,
	COL_NSEALED,
	COL_SEALED_SIZE,
	COL_COVERAGE,
	COL_POLICY_SIZE,
	COL_POLICY,
	COL_MEETS,
	COL_COUNT
};

struct colinfo {
	const char *name;
	double whint;			/* minimum width, 0: the data decides */
	int flags;			/* SCOLS_FL_* */
	const char *help;
	int json_type;			/* SCOLS_JSON_* */
	unsigned int modes;		/* M_*: where the column exists */
};

/* The columns, by ID (inspect.c). */
extern const struct colinfo infos[];
#define NCOLS		((size_t)COL_COUNT)
#define MAX_COLUMNS	64

/* One row of output: a VMA, an object or a process. */
struct row {
	uint64_t start, end;		/* VMA */
	uint64_t offset, inode;		/* VMA */
	uint64_t size, sealed_size;	/* all: the VMA's own size, or sums */
	uint64_t policy_size;		/* objects, processes: what the policy */
	uint64_t policy_sealed;		/* names, and of it what is sealed */
	int8_t meets;			/* processes: 1 yes, 0 no, -1 not known */
	uint32_t nvmas, nsealed;	/* objects, processes */
	uint32_t str;			/* path or comm: offset in the pool */
	uint32_t vmflags;		/* offset in the pool (VMFLAGS shown) */
	uint32_t dev;			/* major << 20 | minor */
	pid_t pid;
	char perms[4];
	uint8_t kind;			/* enum seal_kind */
	bool sealed;
};

/* NUL-terminated strings referred to by offset; offset 0 is "". */
struct pool {
	char *buf;
	size_t len, cap;
	uint32_t last;			/* the last string added, for reuse */
	size_t last_len;
};

struct inspect {
	enum mode mode;
	int columns[MAX_COLUMNS];
	size_t ncolumns;

	struct row *rows;
	size_t nrows, cap;
	struct pool pool;

	/* --summary: the current target's objects by path (row indexes). */
	uint32_t *objects;
	size_t objects_size;		/* a power of two, 0 before first use */
	size_t first_object;		/* first row of the current target */

	char *scratch;			/* for escaped copies of strings (text) */
	unsigned long bad_line;		/* where the last failed read stopped */

	const char *outarg;		/* -o, parsed once the mode is known */
	pid_t *pids;
	size_t npids;

	/* --summary: W^X state of each target read, printed after the rows. */
	struct wx_state {
		pid_t pid;
		struct proc_wx wx;
	} *wx;
	size_t nwx;

	unsigned int	json:1,
			raw:1,
			pairs:1,
			shell:1,
			noheadings:1,
			bytes:1,
			sealed_only:1,
			unsealed_only:1,
			verbose:1,
			all:1,
			summary:1,
			list_columns:1,
			output_all:1,
			want_vmflags:1,
			want_policy:1,
			policy_given:1;
	unsigned int policy;		/* --policy, for the policy columns */
	bool policy_wx;
	size_t page;
};

/* ---- the model (inspect_model.c) ------------------------------------------- */

/* The string at offset off of the pool ("" for 0). */
const char *pool_str(const struct pool *p, uint32_t off);

/* One target given on the command line; all of /proc (--all), the
 * number not read in *unreadable.  0 or -errno. */
int inspect_read_target(struct inspect *ctl, pid_t pid);
int inspect_read_all(struct inspect *ctl, unsigned long *unreadable);

/* "sealctl: PID: CAUSE (smaps)", with the line for malformed input. */
void inspect_warn(const struct inspect *ctl, pid_t pid, int err);

/* ---- the output (inspect_output.c) ------------------------------------------- */

/* The rows, and with --summary the W^X of each target.  0 or -errno. */
int inspect_print(struct inspect *ctl);

#endif /* SEALCTL_INSPECT_H */
