/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl inspect — the output: the text of each cell, in one switch,
 * and the table through the table module (table.h), which owns every
 * format; with --summary, the W^X of each target after it (in JSON, a
 * second key of the document).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "seal.h"
#include "inspect.h"
#include "table.h"

static const char *const table_names[] = {
	[MODE_MAPPINGS] = "mappings",
	[MODE_OBJECTS] = "objects",
	[MODE_PROCESSES] = "processes",
};

/* ---- formatting ------------------------------------------------------------- */


static char *fmt_u64(char *p, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10));
	while (n)
		*p++ = tmp[--n];
	*p = '\0';
	return p;
}

/* Lower-case hex, at least min digits, as /proc prints addresses. */
static char *fmt_hex(char *p, uint64_t v, int min)
{
	static const char digits[] = "0123456789abcdef";
	int n = v ? (64 - __builtin_clzll(v) + 3) / 4 : 1, i;

	if (n < min)
		n = min;
	for (i = n - 1; i >= 0; i--, v >>= 4)
		p[i] = digits[v & 15];
	p[n] = '\0';
	return p + n;
}

/*
 * Binary units with one decimal, as util-linux prints sizes: 4096 is
 * "4K", 1572864 "1.5M"; the decimal is rounded half up and dropped when
 * it is 0.
 */
static void fmt_size_human(char *p, uint64_t bytes)
{
	static const char units[] = "KMGTPE";
	unsigned int shift = 10, u = 0;
	uint64_t whole, frac, thousandths, tenths;

	if (bytes < 1024) {
		p = fmt_u64(p, bytes);
		*p++ = 'B';
		*p = '\0';
		return;
	}
	while (u < 5 && bytes >> (shift + 10)) {
		shift += 10;
		u++;
	}
	whole = bytes >> shift;
	frac = bytes & ((UINT64_C(1) << shift) - 1);
	/* frac < 2^shift, so frac * 1000 only overflows for exbibytes. */
	if (shift <= 50)
		thousandths = frac * 1000 >> shift;
	else
		thousandths = (frac >> 10) * 1000 >> (shift - 10);
	tenths = (thousandths + 50) / 100;
	if (tenths == 10) {
		whole++;
		tenths = 0;
	}
	p = fmt_u64(p, whole);
	if (tenths) {
		*p++ = '.';
		*p++ = (char)('0' + tenths);
	}
	*p++ = units[u];
	*p = '\0';
}

static void fmt_size(const struct inspect *ctl, char *p, uint64_t bytes)
{
	if (ctl->bytes || ctl->json)
		fmt_u64(p, bytes);
	else
		fmt_size_human(p, bytes);
}

/* Percent with one decimal, truncated: only all of it is 100.0. */
static void fmt_percent(char *p, uint64_t part, uint64_t whole)
{
	uint64_t tenths = whole ? (uint64_t)((unsigned __int128)part * 1000 / whole) : 0;

	p = fmt_u64(p, tenths / 10);
	*p++ = '.';
	*p++ = (char)('0' + tenths % 10);
	*p = '\0';
}

/* Paths and names through the one escaper (escape.c): in text, invalid
 * UTF-8 and control characters as "\377"; the JSON writer escapes its
 * strings itself. */
static const char *safe(const struct inspect *ctl, const char *s)
{
	return ctl->json ? s : esc_str(s, ctl->scratch, ESC_CONTROL);
}

/* The text of one cell: in buf (TABLE_CELL_MAX bytes), the pool or a constant. */
static const char *cell(const struct inspect *ctl, const struct row *r, int col,
			char *buf)
{
	const char *s;

	switch (col) {
	case COL_PID:
		fmt_u64(buf, (uint64_t)r->pid);
		return buf;
	case COL_COMM:
		return safe(ctl, pool_str(&ctl->pool, r->str));
	case COL_START:
		fmt_hex(buf, r->start, 8);
		return buf;
	case COL_END:
		fmt_hex(buf, r->end, 8);
		return buf;
	case COL_PERMS:
		memcpy(buf, r->perms, 4);
		buf[4] = '\0';
		return buf;
	case COL_OFFSET:
		fmt_hex(buf, r->offset, 8);
		return buf;
	case COL_DEV: {
		char *p = fmt_hex(buf, r->dev >> 20, 2);

		*p++ = ':';
		fmt_hex(p, r->dev & 0xfffff, 2);
		return buf;
	}
	case COL_INODE:
		fmt_u64(buf, r->inode);
		return buf;
	case COL_SIZE:
		fmt_size(ctl, buf, r->size);
		return buf;
	case COL_SEALED:
		return r->sealed ? "yes" : "no";
	case COL_KIND:
		return seal_kind_name(r->kind);
	case COL_PATH:
		s = pool_str(&ctl->pool, r->str);
		if (ctl->mode == MODE_OBJECTS && !*s)
			return "[anon]";	/* anonymous memory without a name */
		return safe(ctl, s);
	case COL_VMFLAGS:
		return pool_str(&ctl->pool, r->vmflags);
	case COL_VMAS:
		fmt_u64(buf, r->nvmas);
		return buf;
	case COL_NSEALED:
		fmt_u64(buf, r->nsealed);
		return buf;
	case COL_SEALED_SIZE:
		fmt_size(ctl, buf, r->sealed_size);
		return buf;
	case COL_COVERAGE:
		fmt_percent(buf, r->sealed_size, r->size);
		return buf;
	case COL_POLICY_SIZE:
		fmt_size(ctl, buf, r->policy_size);
		return buf;
	case COL_POLICY:
		if (!r->policy_size)
			return ctl->json ? "" : "-";	/* JSON: null */
		fmt_percent(buf, r->policy_sealed, r->policy_size);
		return buf;
	case COL_MEETS:
		if (ctl->mode == MODE_PROCESSES ? r->meets < 0 : !r->policy_size)
			return ctl->json ? "" : "-";	/* JSON: null */
		if (ctl->mode == MODE_PROCESSES)
			return r->meets ? "yes" : "no";
		return r->policy_sealed == r->policy_size ? "yes" : "no";
	}
	return "";
}

/* --sealed / --unsealed: does the row hold such a mapping?  (VMA rows
 * were filtered as they were read.) */
static bool row_wanted(const struct inspect *ctl, const struct row *r)
{
	if (ctl->mode == MODE_MAPPINGS)
		return true;
	if (ctl->sealed_only)
		return r->nsealed > 0;
	if (ctl->unsealed_only)
		return r->nvmas > r->nsealed;
	return true;
}

/* ---- the table ----------------------------------------------------------------- */

static const char *table_cell(void *ctx, size_t row, size_t col, char *buf)
{
	const struct inspect *ctl = ctx;

	return cell(ctl, &ctl->rows[row], ctl->columns[col], buf);
}

static bool table_wanted(void *ctx, size_t row)
{
	const struct inspect *ctl = ctx;

	return row_wanted(ctl, &ctl->rows[row]);
}

static int print_rows(struct inspect *ctl, struct json *json)
{
	struct table_column cols[MAX_COLUMNS];
	struct table_spec t = {
		.name = table_names[ctl->mode], .cols = cols, .ncols = ctl->ncolumns,
		.nrows = ctl->nrows, .cell = table_cell, .wanted = table_wanted, .ctx = ctl,
		.json = json, .raw = ctl->raw, .pairs = ctl->pairs,
		.shell = ctl->shell, .noheadings = ctl->noheadings,
	};
	size_t c;

	for (c = 0; c < ctl->ncolumns; c++) {
		int id = ctl->columns[c];

		cols[c] = (struct table_column){
			.name = infos[id].name, .whint = infos[id].whint,
			.flags = infos[id].flags, .json_type = infos[id].json_type,
		};
	}
	return table_print(&t);
}

/* ---- --summary: W^X ------------------------------------------------------------ */

/* The "wx" key of the JSON document: one object per target read. */
static void wx_json(const struct inspect *ctl, struct json *j)
{
	size_t i;

	json_array(j, "wx");
	for (i = 0; i < ctl->nwx; i++) {
		json_object(j, NULL);
		json_i64(j, "pid", ctl->wx[i].pid);
		proc_wx_json(j, &ctl->wx[i].wx);
		json_close(j);
	}
	json_close(j);
}

/* After the table: one line per target. */
static void wx_lines(const struct inspect *ctl)
{
	size_t i;

	for (i = 0; i < ctl->nwx; i++) {
		printf("%d: W^X: ", (int)ctl->wx[i].pid);
		proc_wx_print(stdout, &ctl->wx[i].wx);
		putchar('\n');
	}
}


int inspect_print(struct inspect *ctl)
{
	struct json json;
	int rc;

	if (!ctl->json) {
		rc = print_rows(ctl, NULL);
		if (rc == 0 && ctl->wx && !ctl->raw && !ctl->pairs && !ctl->noheadings)
			wx_lines(ctl);
		return rc;
	}
	json_begin(&json, stdout);
	rc = print_rows(ctl, &json);
	if (rc == 0 && ctl->wx)
		wx_json(ctl, &json);
	json_end(&json);
	return rc;
}
