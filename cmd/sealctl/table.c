/*
 * sealctl — the table module (table.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "table.h"


/*
 * JSON goes through the one JSON writer, a row at a time (print_json()).
 *
 * libsmartcols keeps every line it is given, at some 600 bytes a line for
 * seven columns: 60,000 VMAs at once would take about 40 MiB.  So rows
 * are given to it in chunks, each printed and dropped before the next,
 * and the chunks print exactly as one table would:
 *
 *  - raw and pairs output has no column widths: each line stands alone;
 *    the header goes with the first chunk only;
 *  - the aligned table would size each column from its own chunk.  So
 *    the width of each column over the whole output is computed first:
 *    its widest cell or its name, whichever is wider, as libsmartcols
 *    sizes it.  libsmartcols never makes a column narrower than its
 *    header, so the header is padded to that width (on the side the
 *    column aligns to, which prints the same), and the width is also
 *    set as the width hint.  Without truncating or relative-width
 *    columns libsmartcols shrinks nothing to fit a terminal.
 *
 * One limit: the width libsmartcols gives to text it must escape or that
 * holds multibyte characters follows its own rules, so when such text is
 * in a column other than the last (which is not padded), the table is
 * printed whole.
 */
#define CHUNK_ROWS 2048

/* Display width of ASCII text, or -1 when libsmartcols would have to
 * escape or measure it by its own rules. */
static long ascii_width(const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return -1;
	return p - s;
}

/* The width of each column over every row and its name; false when a
 * column other than the last holds text whose width only libsmartcols
 * knows. */
static bool column_widths(const struct table_spec *t, size_t widths[])
{
	char buf[TABLE_CELL_MAX];
	size_t i, c;

	for (c = 0; c < t->ncols; c++) {
		const struct table_column *ci = &t->cols[c];

		widths[c] = strlen(ci->name);
		if ((size_t)ci->whint > widths[c])
			widths[c] = (size_t)ci->whint;
	}
	for (i = 0; i < t->nrows; i++) {
		if (t->wanted && !t->wanted(t->ctx, i))
			continue;
		for (c = 0; c < t->ncols; c++) {
			long w = ascii_width(t->cell(t->ctx, i, c, buf));

			if (w < 0) {
				if (c + 1 < t->ncols)
					return false;
				continue;	/* the last column is not padded */
			}
			if ((size_t)w > widths[c])
				widths[c] = (size_t)w;
		}
	}
	return true;
}

/* Fix the aligned table's column widths (see above).  0 or -ENOMEM. */
static int set_widths(const struct table_spec *t, struct libscols_table *tb,
		      const size_t widths[])
{
	size_t c;

	for (c = 0; c < t->ncols; c++) {
		struct libscols_column *cl = scols_table_get_column(tb, c);
		const struct table_column *ci = &t->cols[c];
		char *name;
		int rc;

		if (scols_column_set_whint(cl, (double)widths[c]) != 0)
			return -ENOMEM;
		if (c + 1 == t->ncols && !(ci->flags & SCOLS_FL_RIGHT))
			continue;	/* trailing blanks would show */
		/* A path is at most SEAL_SMAPS_PATH_MAX bytes: int is enough. */
		if (asprintf(&name, ci->flags & SCOLS_FL_RIGHT ? "%*s" : "%-*s",
			     (int)widths[c], ci->name) < 0)
			return -ENOMEM;
		rc = scols_cell_set_data(scols_column_get_header(cl), name);
		free(name);
		if (rc != 0)
			return -ENOMEM;
	}
	return 0;
}

static struct libscols_table *new_table(const struct table_spec *t)
{
	struct libscols_table *tb = scols_new_table();
	size_t c;

	if (!tb)
		return NULL;
	scols_table_enable_raw(tb, t->raw);
	scols_table_enable_export(tb, t->pairs);
	scols_table_enable_noheadings(tb, t->noheadings);

	for (c = 0; c < t->ncols; c++) {
		const struct table_column *ci = &t->cols[c];
		struct libscols_column *cl;

		cl = scols_table_new_column(tb, ci->name, ci->whint, ci->flags);
		if (!cl) {
			scols_unref_table(tb);
			return NULL;
		}
	}
	return tb;
}

/* Fill one line of the table from a row: one switch, in cell(). */
static int add_line(const struct table_spec *t, struct libscols_table *tb, size_t r)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char buf[TABLE_CELL_MAX];
	size_t c;

	if (!ln)
		return -ENOMEM;
	for (c = 0; c < t->ncols; c++)
		if (scols_line_set_data(ln, c, t->cell(t->ctx, r, c, buf)) != 0)
			return -ENOMEM;
	return 0;
}

/* Print the lines in tb and drop them.  0 or -errno. */
static int print_chunk(struct libscols_table *tb)
{
	int rc = scols_print_table(tb);

	scols_table_remove_lines(tb);
	/* The header belongs to the first chunk only. */
	scols_table_enable_noheadings(tb, 1);
	return rc < 0 ? rc : rc > 0 ? -rc : 0;
}

/*
 * The aligned table costs libsmartcols microseconds a row (it measures
 * every character with mbrtowc() and wcwidth(), and escapes it), several
 * times what reading smaps costs.  Rows of printable ASCII -- nearly all
 * of them -- need none of that.  Once libsmartcols has printed the header
 * and the first chunk, such rows are laid out here exactly as it lays
 * them out with the widths fixed above: one space between columns, text
 * padded to the column's width on the right, or on the left in a
 * right-aligned column, and the last column not padded unless it is
 * right-aligned.  Every other row still goes through libsmartcols.  The
 * tests compare the two ways byte for byte.
 */
static bool row_is_plain(const struct table_spec *t, size_t r)
{
	char buf[TABLE_CELL_MAX];
	size_t c;

	/* Only text columns can be other than printable ASCII. */
	for (c = 0; c < t->ncols; c++)
		if (t->cols[c].text && ascii_width(t->cell(t->ctx, r, c, buf)) < 0)
			return false;
	return true;
}

/* Plain rows are written with the _unlocked stdio calls: one thread,
 * and a few million calls for a large table. */
static void pad(size_t n)
{
	static const char spaces[] = "                                ";

	for (; n > sizeof(spaces) - 1; n -= sizeof(spaces) - 1)
		fwrite_unlocked(spaces, 1, sizeof(spaces) - 1, stdout);
	fwrite_unlocked(spaces, 1, n, stdout);
}

static void print_plain_row(const struct table_spec *t, size_t r, const size_t widths[])
{
	char buf[TABLE_CELL_MAX];
	size_t c;

	for (c = 0; c < t->ncols; c++) {
		const char *s = t->cell(t->ctx, r, c, buf);
		size_t len = strlen(s), fill = widths[c] > len ? widths[c] - len : 0;
		bool right = t->cols[c].flags & SCOLS_FL_RIGHT;

		if (c)
			fputc_unlocked(' ', stdout);
		if (right)
			pad(fill);
		fwrite_unlocked(s, 1, len, stdout);
		if (!right && c + 1 < t->ncols)
			pad(fill);
	}
	fputc_unlocked('\n', stdout);
}

/* ---- JSON ------------------------------------------------------------------ */

/* A cell as its JSON type, the way libsmartcols writes it: "" is null;
 * a boolean is false for "", "0", "n…" and "N…", else true. */
static void json_cell(struct json *j, const char *key, int type, const char *s)
{
	switch (type) {
	case SCOLS_JSON_NUMBER:
		json_number(j, key, *s ? s : NULL);
		break;
	case SCOLS_JSON_BOOLEAN_OPTIONAL:
		if (!*s || strcmp(s, "-") == 0) {
			json_null(j, key);
			break;
		}
		/* fall through */
	case SCOLS_JSON_BOOLEAN:
		json_bool(j, key, *s && *s != '0' && *s != 'n' && *s != 'N');
		break;
	default:
		json_string(j, key, *s ? s : NULL);
		break;
	}
}

static int print_json(const struct table_spec *t)
{
	char keys[TABLE_COLUMNS_MAX][32], buf[TABLE_CELL_MAX];
	size_t r, c, i;

	for (c = 0; c < t->ncols; c++) {
		const char *name = t->cols[c].name;

		for (i = 0; name[i] && i < sizeof(keys[c]) - 1; i++)
			keys[c][i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ?
					    name[i] - 'A' + 'a' : name[i]);
		keys[c][i] = '\0';
	}
	json_array(t->json, t->name);
	for (r = 0; r < t->nrows; r++) {
		if (t->wanted && !t->wanted(t->ctx, r))
			continue;
		json_object(t->json, NULL);
		for (c = 0; c < t->ncols; c++)
			json_cell(t->json, keys[c], t->cols[c].json_type,
				  t->cell(t->ctx, r, c, buf));
		json_close(t->json);
	}
	json_close(t->json);
	return 0;
}

/* ---- the table ---------------------------------------------------------------- */

int table_print(const struct table_spec *t)
{
	size_t widths[TABLE_COLUMNS_MAX], chunk = CHUNK_ROWS, inchunk = 0, i;
	const char *env = getenv("SEALCTL_CHUNK_ROWS");	/* tests only */
	struct libscols_table *tb;
	bool aligned = !t->raw && !t->pairs;
	bool fast = false;
	int rc = 0;

	if (t->ncols > TABLE_COLUMNS_MAX)
		return -E2BIG;
	if (t->json)
		return print_json(t);
	tb = new_table(t);
	if (!tb)
		return -ENOMEM;
	if (env && atol(env) > 0)
		chunk = (size_t)atol(env);
	if (aligned) {
		if (column_widths(t, widths))
			rc = set_widths(t, tb, widths);
		else
			chunk = SIZE_MAX;
	}

	for (i = 0; i < t->nrows && rc == 0; i++) {
		if (t->wanted && !t->wanted(t->ctx, i))
			continue;
		if (fast && row_is_plain(t, i)) {
			if (inchunk) {
				rc = print_chunk(tb);
				inchunk = 0;
			}
			print_plain_row(t, i, widths);
			continue;
		}
		if (inchunk == chunk) {
			rc = print_chunk(tb);
			fast = aligned;
			inchunk = 0;
		}
		if (rc == 0)
			rc = add_line(t, tb, i);
		inchunk++;
	}
	if (rc == 0 && inchunk)
		rc = print_chunk(tb);
	scols_unref_table(tb);
	return rc;
}
