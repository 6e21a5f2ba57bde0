/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl — the one JSON writer (json.h).
 *
 * A large document (inspect -J of 60,000 mappings: 12 MB) is over a million
 * small pieces: they are gathered in the writer's own buffer and written
 * out in blocks.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "json.h"

static void drain(struct json *j)
{
	fwrite(j->buf, 1, j->len, j->out);
	j->len = 0;
}

/* Room for n bytes at the end of buf (n at most its size). */
static char *room(struct json *j, size_t n)
{
	if (n > sizeof(j->buf) - j->len)
		drain(j);
	return j->buf + j->len;
}

static void put(void *ctx, const char *s, size_t n)
{
	struct json *j = ctx;

	if (n > sizeof(j->buf)) {
		drain(j);
		fwrite(s, 1, n, j->out);
		return;
	}
	memcpy(room(j, n), s, n);
	j->len += n;
}

static void puts_(struct json *j, const char *s)
{
	put(j, s, strlen(s));
}

/* s between quotes, through the one escaper unless it would write s as
 * it is. */
static void string(struct json *j, const char *s)
{
	size_t len = esc_json_plain(s);
	char *o;

	if (len > sizeof(j->buf) - 2) {
		esc_json(s, put, j);
		return;
	}
	o = room(j, len + 2);
	*o = '"';
	memcpy(o + 1, s, len);
	o[len + 1] = '"';
	j->len += len + 2;
}

/*
 * What goes before a value: a comma after the one before it; a new line
 * and the indentation before a member, and before the first element of
 * an array (the next ones follow the comma: "},{"); then the key and a
 * colon.
 */
static void prefix(struct json *j, const char *key)
{
	static const char indent[] = "\n                        ";	/* 8 levels */
	size_t n = 3 * (size_t)j->depth;
	char *o;

	if (n > sizeof(indent) - 2)
		n = sizeof(indent) - 2;
	o = room(j, n + 2);
	if (!j->fresh)
		*o++ = ',';
	if (j->fresh || key) {
		memcpy(o, indent, n + 1);
		o += n + 1;
	}
	j->len = (size_t)(o - j->buf);
	j->fresh = false;
	if (key) {
		string(j, key);
		put(j, ": ", 2);
	}
}

void json_begin(struct json *j, FILE *out)
{
	j->out = out;
	j->depth = 1;
	j->lost = 0;
	j->fresh = true;
	j->closer[0] = '}';
	j->len = 0;
	put(j, "{", 1);
}

static void open_container(struct json *j, const char *key, char opener, char closer)
{
	if (j->lost) {
		j->lost++;
		return;
	}
	if (j->depth == JSON_DEPTH_MAX) {
		json_null(j, key);
		j->lost = 1;
		return;
	}
	prefix(j, key);
	put(j, &opener, 1);
	j->closer[j->depth++] = closer;
	j->fresh = true;
}

void json_object(struct json *j, const char *key)
{
	open_container(j, key, '{', '}');
}

void json_array(struct json *j, const char *key)
{
	open_container(j, key, '[', ']');
}

void json_close(struct json *j)
{
	if (j->lost) {
		j->lost--;
		return;
	}
	if (!j->depth)
		return;
	j->depth--;
	if (!j->fresh) {
		j->fresh = true;	/* no comma: a new line and the indentation */
		prefix(j, NULL);
	}
	put(j, &j->closer[j->depth], 1);
	if (!j->depth)
		put(j, "\n", 1);
	j->fresh = false;
}

void json_end(struct json *j)
{
	j->lost = 0;
	while (j->depth)
		json_close(j);
	drain(j);
}

/* A value may only go where something is open. */
static bool value_prefix(struct json *j, const char *key)
{
	if (j->lost || !j->depth)
		return false;
	prefix(j, key);
	return true;
}

void json_null(struct json *j, const char *key)
{
	if (value_prefix(j, key))
		put(j, "null", 4);
}

void json_string(struct json *j, const char *key, const char *s)
{
	if (!s)
		json_null(j, key);
	else if (value_prefix(j, key))
		string(j, s);
}

void json_bool(struct json *j, const char *key, bool v)
{
	if (value_prefix(j, key))
		puts_(j, v ? "true" : "false");
}

void json_u64(struct json *j, const char *key, uint64_t v)
{
	char buf[24];

	if (value_prefix(j, key))
		put(j, buf, (size_t)snprintf(buf, sizeof(buf), "%" PRIu64, v));
}

void json_i64(struct json *j, const char *key, int64_t v)
{
	char buf[24];

	if (value_prefix(j, key))
		put(j, buf, (size_t)snprintf(buf, sizeof(buf), "%" PRId64, v));
}

static const char *digits(const char *p)
{
	const char *start = p;

	while (*p >= '0' && *p <= '9')
		p++;
	return p > start ? p : NULL;
}

/* JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool is_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (!(*p >= '1' && *p <= '9') || !(p = digits(p)))
		return false;
	if (*p == '.' && !(p = digits(p + 1)))
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(p = digits(p)))
			return false;
	}
	return *p == '\0';
}

void json_number(struct json *j, const char *key, const char *text)
{
	if (!text || !is_number(text))
		json_null(j, key);
	else if (value_prefix(j, key))
		puts_(j, text);
}
