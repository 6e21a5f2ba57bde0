/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl — the table module (table.h).
 *
 * JSON goes through the one JSON writer, a row at a time.  The other
 * formats are libsmartcols', but libsmartcols keeps every line it is
 * given (some 600 bytes a line for seven columns: 60,000 mappings at once
 * would take about 40 MiB) and measures and encodes every character with
 * mbrtowc() and wcwidth(): microseconds a row, several times what reading
 * smaps costs.  So:
 *
 *  - a table of at most CHUNK_ROWS rows is given to libsmartcols whole,
 *    and what it prints is the output;
 *  - a longer table is printed so that the output is the same bytes
 *    (tests/bats/inspect.bats compares the two, byte for byte, with the
 *    libsmartcols of Debian 12 and of Debian 13):
 *
 *    1. Aligned output: the widest cell of each column, by libsmartcols'
 *       measure, is found first (a cell of printable ASCII is as wide as
 *       it is long; any other is measured by libsmartcols, measure()).
 *       These cells make the "witness" line.
 *    2. libsmartcols prints the table holding the witness alone, into
 *       memory.  Without truncation, wrapping or relative width hints
 *       (table_print() refuses them), a column's width depends on its
 *       header, hint and flags, the terminal and, of the data, on its
 *       widest cell only: the widths it chose are those it would choose
 *       for the whole table.  The first line it printed is the header.
 *    3. The rows go out in order.  A row of plain ASCII is laid out here
 *       in those widths, as libsmartcols lays it out (lay_out()).  Any
 *       other row is given to libsmartcols, after the witness, which keeps
 *       every width as it was, and printed from the line after the witness
 *       (scols_table_print_range() prints no header then), at most
 *       CHUNK_ROWS at a time.
 *
 * Raw and pairs output has no widths: only the header comes from step 2.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsmartcols.h>

#include "table.h"

#define CHUNK_ROWS 2048

enum format { ALIGNED, RAW, PAIRS };

struct printer {
	const struct table_spec *t;
	enum format format;
	struct libscols_table *tb;	/* the witness, then lines pending */
	size_t chunk;			/* most lines pending at once */
	size_t pending;
	struct libscols_line *first;	/* the first line pending */
	size_t width[TABLE_COLUMNS_MAX];	/* aligned: libsmartcols' widths */
	char *widest[TABLE_COLUMNS_MAX];	/* aligned: the witness' cells */
	bool mixed[TABLE_COLUMNS_MAX];	/* aligned: a cell is not plain */
	const char *name[TABLE_COLUMNS_MAX];	/* pairs: libsmartcols' names */
	/* Bytes a plain row holds as they are; an ASCII byte other than
	 * these is written "\xHH" (raw, pairs) or leaves the row to
	 * libsmartcols (aligned), as does any byte past ASCII. */
	bool kept[128];
	char *out;			/* the row being laid out */
	size_t len, cap;
};

static int scols_rc(int rc)
{
	return rc < 0 ? rc : rc > 0 ? -rc : 0;
}

static struct libscols_table *new_table(const struct table_spec *t)
{
	struct libscols_table *tb = scols_new_table();
	size_t c;

	if (!tb)
		return NULL;
	scols_table_enable_raw(tb, t->raw);
	scols_table_enable_export(tb, t->pairs);
	scols_table_enable_shellvar(tb, t->shell || t->pairs);
	scols_table_enable_noheadings(tb, t->noheadings);
	for (c = 0; c < t->ncols; c++) {
		const struct table_column *ci = &t->cols[c];

		if (!scols_table_new_column(tb, ci->name, ci->whint, ci->flags)) {
			scols_unref_table(tb);
			return NULL;
		}
	}
	return tb;
}

/* A line of cell texts (text[c], or "" where NULL), or row r's; *lnp
 * set to it when not NULL.  0 or -ENOMEM. */
static int add_line(const struct table_spec *t, struct libscols_table *tb, size_t r,
		    char *const text[], struct libscols_line **lnp)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char buf[TABLE_CELL_MAX];
	size_t c;

	if (!ln)
		return -ENOMEM;
	for (c = 0; c < t->ncols; c++) {
		const char *s = text ? (text[c] ? text[c] : "") : t->cell(t->ctx, r, c, buf);

		if (scols_line_set_data(ln, c, s) != 0)
			return -ENOMEM;
	}
	if (lnp)
		*lnp = ln;
	return 0;
}

/* ---- aligned output: the widths -------------------------------------------- */

static ssize_t discard(void *cookie, const char *buf, size_t size)
{
	(void)cookie;
	(void)buf;
	return (ssize_t)size;
}

/* The width libsmartcols gives s: that of a column of s alone, without
 * a header (which would be at least 1 wide), never laid out for a
 * terminal.  *m is made on first use.  Width or -errno. */
static ssize_t measure(struct libscols_table **m, const char *s)
{
	struct libscols_line *ln;
	int rc;

	if (!*m) {
		FILE *null = fopencookie(NULL, "w", (cookie_io_functions_t){ .write = discard });

		*m = scols_new_table();
		if (!null || !*m || !scols_table_new_column(*m, NULL, 0, 0)) {
			if (null)
				fclose(null);
			scols_unref_table(*m);
			*m = NULL;
			return -ENOMEM;
		}
		/* The table owns no stream: it is closed in find_widest(). */
		scols_table_set_stream(*m, null);
		scols_table_enable_noheadings(*m, 1);
		scols_table_set_termforce(*m, SCOLS_TERMFORCE_NEVER);
	}
	ln = scols_table_new_line(*m, NULL);
	if (!ln || scols_line_set_data(ln, 0, s) != 0)
		return -ENOMEM;
	rc = scols_rc(scols_print_table(*m));
	scols_table_remove_lines(*m);
	return rc < 0 ? rc : (ssize_t)scols_column_get_width(scols_table_get_column(*m, 0));
}

/* Printable ASCII but the backslash ("\x" is one of the things
 * libsmartcols encodes): as wide as long, and printed as it is. */
static bool plain_text(const char *s, size_t *len)
{
	const char *p;

	for (p = s; *p; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '\\')
			return false;
	*len = (size_t)(p - s);
	return true;
}

/* The widest cell of each column over every row, into p->widest. */
static int find_widest(struct printer *p)
{
	const struct table_spec *t = p->t;
	size_t most[TABLE_COLUMNS_MAX] = { 0 }, r, c, w, last_w = 0;
	struct libscols_table *m = NULL;
	char buf[TABLE_CELL_MAX], *last = NULL;
	int rc = 0;

	for (r = 0; r < t->nrows && rc == 0; r++) {
		if (t->wanted && !t->wanted(t->ctx, r))
			continue;
		for (c = 0; c < t->ncols && rc == 0; c++) {
			const char *s = t->cell(t->ctx, r, c, buf);

			if (!plain_text(s, &w)) {
				p->mixed[c] = true;
				/* The VMAs of one object are neighbours: measured once. */
				if (!last || strcmp(s, last) != 0) {
					ssize_t n = measure(&m, s);

					free(last);
					last = strdup(s);
					if (n < 0 || !last) {
						rc = n < 0 ? (int)n : -ENOMEM;
						break;
					}
					last_w = (size_t)n;
				}
				w = last_w;
			}
			if (p->widest[c] && w <= most[c])
				continue;
			free(p->widest[c]);
			p->widest[c] = strdup(s);
			most[c] = w;
			if (!p->widest[c])
				rc = -ENOMEM;
		}
	}
	free(last);
	if (m) {
		FILE *null = scols_table_get_stream(m);

		scols_unref_table(m);
		fclose(null);
	}
	return rc;
}

/*
 * libsmartcols prints the witness alone into memory: the header is its
 * first line, written out; aligned, the widths are read back.  0 or
 * -errno.
 */
static int print_head(struct printer *p)
{
	bool header = !p->t->noheadings && p->format != PAIRS;
	char *doc = NULL, *nl;
	size_t len = 0, c;
	FILE *mem;
	int rc;

	if (!header && p->format != ALIGNED)
		return 0;
	mem = open_memstream(&doc, &len);
	if (!mem)
		return -errno;
	scols_table_set_stream(p->tb, mem);
	rc = scols_rc(scols_print_table(p->tb));
	if (fclose(mem) != 0 && rc == 0)
		rc = -errno;
	scols_table_set_stream(p->tb, stdout);
	if (rc == 0 && header && (nl = memchr(doc, '\n', len)))
		fwrite(doc, 1, (size_t)(nl + 1 - doc), stdout);
	free(doc);
	for (c = 0; c < p->t->ncols; c++)
		p->width[c] = scols_column_get_width(scols_table_get_column(p->tb, c));
	return rc;
}

/* ---- the rows -------------------------------------------------------------- */

static bool reserve(struct printer *p, size_t n)
{
	size_t cap = p->cap ? p->cap : 1024;
	char *out;

	if (p->len + n <= p->cap)
		return true;
	while (cap < p->len + n)
		cap *= 2;
	out = realloc(p->out, cap);
	if (!out)
		return false;
	p->out = out;
	p->cap = cap;
	return true;
}

static void pad(struct printer *p, size_t n)
{
	memset(p->out + p->len, ' ', n);
	p->len += n;
}

/* Append s (column c), kept bytes as they are, other ASCII as "\xHH".
 * False when s holds a byte that only libsmartcols may write. */
static bool append(struct printer *p, size_t c, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char *o = p->out + p->len;

	/* Aligned, a column of plain cells only (find_widest() saw them all). */
	if (p->format == ALIGNED && !p->mixed[c]) {
		memcpy(o, s, len);
		p->len += len;
		return true;
	}
	for (; len--; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x80 && p->kept[ch]) {
			*o++ = (char)ch;
		} else if (ch < 0x80 && p->format != ALIGNED) {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[ch >> 4];
			*o++ = hex[ch & 15];
		} else {
			return false;
		}
	}
	p->len = (size_t)(o - p->out);
	return true;
}

/*
 * Row r laid out into p->out as libsmartcols would print it, when it is
 * plain: 1; 0 when it is not (the row is libsmartcols'); -ENOMEM.
 *
 *  - aligned: one space between columns; each cell padded with spaces to
 *    its column's width, on the left in a right-aligned column, else on
 *    the right; nothing after the last cell (an empty right-aligned
 *    last cell is nothing at all);
 *  - raw: the cells, one space between;
 *  - pairs: NAME="cell", one space between.
 */
static int lay_out(struct printer *p, size_t r)
{
	const struct table_spec *t = p->t;
	char buf[TABLE_CELL_MAX];
	size_t c;

	p->len = 0;
	for (c = 0; c < t->ncols; c++) {
		const char *s = t->cell(t->ctx, r, c, buf);
		const char *name = p->name[c];
		size_t len = strlen(s), w = p->width[c];
		bool right = t->cols[c].flags & SCOLS_FL_RIGHT, last = c + 1 == t->ncols;

		/* Wider than its column: libsmartcols would break the line. */
		if (p->format == ALIGNED && len > w)
			return 0;
		if (!reserve(p, w + 4 * len + strlen(name) + 5))
			return -ENOMEM;
		if (c)
			p->out[p->len++] = ' ';
		if (p->format == PAIRS) {
			memcpy(p->out + p->len, name, strlen(name));
			p->len += strlen(name);
			p->out[p->len++] = '=';
			p->out[p->len++] = '"';
		}
		if (p->format == ALIGNED && right && len)
			pad(p, w - len);
		if (!append(p, c, s, len))
			return 0;
		if (p->format == PAIRS)
			p->out[p->len++] = '"';
		if (p->format == ALIGNED && !last && !(right && len))
			pad(p, w - len);
	}
	p->out[p->len++] = '\n';	/* reserve() kept room for it */
	return 1;
}

/* Print the lines pending after the witness, then leave the witness
 * alone in the table again.  0 or -errno. */
static int flush(struct printer *p)
{
	int rc;

	if (!p->pending)
		return 0;
	rc = scols_rc(scols_table_print_range(p->tb, p->first, NULL));
	if (rc == 0)
		fputc('\n', stdout);	/* as scols_print_table() ends a table */
	scols_table_remove_lines(p->tb);
	p->pending = 0;
	return rc ? rc : add_line(p->t, p->tb, 0, p->widest, NULL);
}

static int print_row(struct printer *p, size_t r)
{
	int rc = lay_out(p, r);

	if (rc < 0)
		return rc;
	if (rc == 1) {
		rc = flush(p);
		if (rc == 0)
			fwrite(p->out, 1, p->len, stdout);
		return rc;
	}
	rc = add_line(p->t, p->tb, r, NULL, p->pending ? NULL : &p->first);
	if (rc == 0 && ++p->pending == p->chunk)
		rc = flush(p);
	return rc;
}

static bool kept(enum format f, unsigned char c)
{
	if (c < 0x20 || c > 0x7e || c == '\\')
		return false;
	switch (f) {
	case RAW:
		return c != ' ';
	case PAIRS:
		return c != '"' && c != '`' && c != '$';
	default:
		return true;
	}
}

/* A table longer than one chunk (see the top of this file).  0 or -errno. */
static int print_long(const struct table_spec *t, struct libscols_table *tb, size_t chunk)
{
	struct printer p = {
		.t = t, .tb = tb, .chunk = chunk,
		.format = t->raw ? RAW : t->pairs ? PAIRS : ALIGNED,
	};
	size_t r, c;
	int rc = 0;

	for (c = 0; c < 128; c++)
		p.kept[c] = kept(p.format, (unsigned char)c);
	for (c = 0; c < t->ncols; c++) {
		struct libscols_column *cl = scols_table_get_column(tb, c);

		p.name[c] = scols_table_is_shellvar(tb) ? scols_column_get_name_as_shellvar(cl) :
			    t->cols[c].name;
		if (!p.name[c])
			return -ENOMEM;
	}
	if (p.format == ALIGNED)
		rc = find_widest(&p);
	if (rc == 0)
		rc = add_line(t, tb, 0, p.widest, NULL);
	if (rc == 0)
		rc = print_head(&p);
	for (r = 0; r < t->nrows && rc == 0; r++)
		if (!t->wanted || t->wanted(t->ctx, r))
			rc = print_row(&p, r);
	if (rc == 0)
		rc = flush(&p);
	for (c = 0; c < t->ncols; c++)
		free(p.widest[c]);
	free(p.out);
	return rc;
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

/* A column name as libsmartcols makes it a shell variable, into buf
 * (size bytes).  0 or -ENOMEM. */
static int shellvar_name(const char *name, char *buf, size_t size)
{
	struct libscols_column *cl = scols_new_column();
	const char *sv = cl && scols_column_set_name(cl, name) == 0 ?
			 scols_column_get_name_as_shellvar(cl) : NULL;

	if (sv)
		snprintf(buf, size, "%s", sv);
	scols_unref_column(cl);
	return sv ? 0 : -ENOMEM;
}

static int print_json(const struct table_spec *t)
{
	char keys[TABLE_COLUMNS_MAX][32], buf[TABLE_CELL_MAX];
	size_t r, c, i;

	for (c = 0; c < t->ncols; c++) {
		const char *name = t->cols[c].name;

		if (t->shell) {
			if (shellvar_name(name, buf, sizeof(buf)) < 0)
				return -ENOMEM;
			name = buf;
		}
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

/* ---- the table --------------------------------------------------------------- */

int table_print(const struct table_spec *t)
{
	const char *env = getenv("SEALCTL_CHUNK_ROWS");	/* tests only */
	size_t chunk = env && atol(env) > 0 ? (size_t)atol(env) : CHUNK_ROWS, n = 0, r, c;
	struct libscols_table *tb;
	int rc = 0;

	if (t->ncols > TABLE_COLUMNS_MAX)
		return -E2BIG;
	for (c = 0; c < t->ncols; c++)
		if ((t->cols[c].flags & ~SCOLS_FL_RIGHT) ||
		    (t->cols[c].whint > 0 && t->cols[c].whint < 1))
			return -EINVAL;
	if (t->json)
		return print_json(t);
	tb = new_table(t);
	if (!tb)
		return -ENOMEM;
	for (r = 0; r < t->nrows && n <= chunk; r++)
		n += !t->wanted || t->wanted(t->ctx, r);
	if (n > chunk) {
		rc = print_long(t, tb, chunk);
	} else {
		for (r = 0; r < t->nrows && rc == 0; r++)
			if (!t->wanted || t->wanted(t->ctx, r))
				rc = add_line(t, tb, r, NULL, NULL);
		if (rc == 0)
			rc = scols_rc(scols_print_table(tb));
	}
	scols_unref_table(tb);
	return rc;
}
