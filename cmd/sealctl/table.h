/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl — the one table module.
 *
 * A command describes its columns and hands over a cell function; the
 * module prints the rows in every format util-linux's list tools have:
 * aligned, --raw, --pairs and --noheadings through libsmartcols, --json
 * through the one JSON writer (json.h).  It hides what speed and memory
 * need (see table.c): libsmartcols is given the rows in chunks, and the
 * rows of plain ASCII of a long table are laid out here, in columns
 * whose widths libsmartcols chose.
 */
#ifndef SEALCTL_TABLE_H
#define SEALCTL_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "json.h"

/* Cells other than text columns are formatted into this many bytes. */
#define TABLE_CELL_MAX		64
#define TABLE_COLUMNS_MAX	64

struct table_column {
	const char *name;		/* header; lower-cased, the JSON key */
	double whint;			/* minimum width, 0: the data decides
					   (no relative width: see table.c) */
	int flags;			/* 0 or SCOLS_FL_RIGHT */
	int json_type;			/* SCOLS_JSON_*: STRING, NUMBER, BOOLEAN
					   or BOOLEAN_OPTIONAL */
};

struct table_spec {
	const char *name;		/* JSON: the key of the array of rows */
	const struct table_column *cols;
	size_t ncols;			/* at most TABLE_COLUMNS_MAX */
	size_t nrows;
	/* The text of cell (row, col): a constant, the caller's own, or
	 * buf (TABLE_CELL_MAX bytes); valid until the next call.  In JSON,
	 * "" is null. */
	const char *(*cell)(void *ctx, size_t row, size_t col, char *buf);
	bool (*wanted)(void *ctx, size_t row);	/* NULL: every row */
	void *ctx;
	struct json *json;		/* JSON: the rows go into this document */
	bool raw, pairs, noheadings;
	/* Column names as shell variables (libsmartcols' shellvar names:
	 * SEALED_SIZE for SEALED-SIZE) in every format; --pairs always has
	 * them, so that its output can be given to eval. */
	bool shell;
};

/* Print the table to stdout (or into t->json).  0 or -errno. */
int table_print(const struct table_spec *t);

#endif /* SEALCTL_TABLE_H */
