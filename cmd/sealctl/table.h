/*
 * sealctl — the one table module in front of libsmartcols.
 *
 * A command describes its columns and hands over a cell function; the
 * module prints every format util-linux's list tools have: aligned,
 * --raw, --pairs and --noheadings through libsmartcols, --json through
 * the one JSON writer (json.h).  It hides what speed and memory need:
 * rows go to libsmartcols in chunks, and plain ASCII rows of an aligned
 * table are written directly with the same bytes libsmartcols would
 * write (see table.c).
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
	const char *name;
	double whint;			/* minimum width, 0: the data decides */
	int flags;			/* SCOLS_FL_* */
	int json_type;			/* SCOLS_JSON_*: STRING, NUMBER, BOOLEAN
					   or BOOLEAN_OPTIONAL */
	bool text;			/* may hold text other than printable
					   ASCII (paths, names) */
};

struct table_spec {
	const char *name;		/* the JSON document's key */
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
};

/* Print the table to stdout (or into t->json).  0 or -errno. */
int table_print(const struct table_spec *t);

#endif /* SEALCTL_TABLE_H */
