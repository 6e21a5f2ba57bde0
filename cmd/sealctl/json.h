/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl — the one JSON writer.  Every JSON document sealctl prints
 * (inspect, verify, status) is written through it.
 *
 * Valid by construction: every string, keys included, goes through the
 * one escaper (esc_json(): any bytes give valid UTF-8 JSON; what it would
 * write as it is, esc_json_plain() says, is copied), text that is not a
 * JSON number is written as null, the commas, colons and brackets are the
 * writer's own, and json_end() closes whatever is still open.  The
 * layout is util-linux's: three spaces a level, one member a line, the
 * objects of an array joined by "},{"; an empty array is "[]".
 *
 * Members of an object are given a key; elements of an array a NULL key.
 */
#ifndef SEALCTL_JSON_H
#define SEALCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Deeper containers are written as null, with all they would hold. */
#define JSON_DEPTH_MAX	8

struct json {
	FILE *out;
	unsigned int depth;		/* containers open, the document included */
	unsigned int lost;		/* containers opened past JSON_DEPTH_MAX */
	bool fresh;			/* the innermost has nothing in it yet */
	char closer[JSON_DEPTH_MAX];	/* '}' or ']' for each open container */
	size_t len;			/* bytes in buf, not yet written to out */
	char buf[8192];
};

/* The document: one object, written to out.  json_end() closes it and
 * all it holds, and writes out what is buffered: nothing else may write
 * to out in between. */
void json_begin(struct json *j, FILE *out);
void json_end(struct json *j);

void json_object(struct json *j, const char *key);
void json_array(struct json *j, const char *key);
void json_close(struct json *j);

/* s NULL: null. */
void json_string(struct json *j, const char *key, const char *s);
/* A number as text ("12", "99.5"); anything else is null. */
void json_number(struct json *j, const char *key, const char *text);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_i64(struct json *j, const char *key, int64_t v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);

#endif /* SEALCTL_JSON_H */
