/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * The escaper's writers (escape.h): text to a stdio stream and JSON
 * strings, whatever their length.  Not in the sealer (stdio, and a
 * large buffer).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "seal.h"

/* Longest string escaped in one piece: a path as smaps prints it
 * (tests/unit/test_json.c tries lengths around it). */
#define ESC_MAX_IN	SEAL_SMAPS_PATH_MAX

/*
 * Strings longer than ESC_MAX_IN are escaped by pieces: at most
 * ESC_MAX_IN bytes each, and a piece never ends inside a valid UTF-8
 * sequence (so that it is not taken for invalid bytes).  The length of
 * the piece that starts at s (len bytes left).
 */
static size_t piece_len(const char *s, size_t len)
{
	size_t n = ESC_MAX_IN, k;

	if (len <= ESC_MAX_IN)
		return len;
	/* s[n] starts the next piece: not a continuation byte. */
	for (k = 0; k < 3 && ((unsigned char)s[n] & 0xc0) == 0x80; k++)
		n--;
	return ((unsigned char)s[n] & 0xc0) == 0x80 ? ESC_MAX_IN : n;
}

/* Call fn with each piece of s escaped (esc_str() with flags). */
static void esc_pieces(const char *s, unsigned int flags,
		       void (*fn)(const char *esc, void *ctx), void *ctx)
{
	static char buf[4 * ESC_MAX_IN + 1];
	char piece[ESC_MAX_IN + 1];
	size_t len = strlen(s), n;

	if (len <= ESC_MAX_IN) {
		fn(esc_str(s, buf, flags), ctx);
		return;
	}
	for (; len; s += n, len -= n) {
		n = piece_len(s, len);
		memcpy(piece, s, n);
		piece[n] = '\0';
		fn(esc_str(piece, buf, flags), ctx);
	}
}

static void put_text(const char *esc, void *ctx)
{
	fputs(esc, ctx);
}

void fputs_esc(const char *s, FILE *f)
{
	esc_pieces(s, ESC_CONTROL, put_text, f);
}

struct json_sink {
	void (*put)(void *ctx, const char *p, size_t n);
	void *ctx;
};

/* JSON's own escapes, on text that is valid UTF-8 (esc_str()'s): the
 * short ones where JSON has them, else \u00XX (DEL too). */
static void put_json(const char *s, void *ctx)
{
	static const char hex[] = "0123456789abcdef";
	const struct json_sink *k = ctx;
	const char *run = s;

	for (;; s++) {
		unsigned char c = (unsigned char)*s;
		char e[6] = { '\\', (char)c };
		size_t n = 2;

		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
			continue;
		if (s > run)
			k->put(k->ctx, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '\0':
			return;
		case '"':
		case '\\':
			break;
		case '\b':
			e[1] = 'b';
			break;
		case '\f':
			e[1] = 'f';
			break;
		case '\n':
			e[1] = 'n';
			break;
		case '\r':
			e[1] = 'r';
			break;
		case '\t':
			e[1] = 't';
			break;
		default:
			memcpy(e + 1, "u00", 3);
			e[4] = hex[c >> 4];
			e[5] = hex[c & 15];
			n = 6;
			break;
		}
		k->put(k->ctx, e, n);
	}
}

size_t esc_json_plain(const char *s)
{
	const char *p;

	for (p = s; *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\'; p++)
		;
	return *p ? SIZE_MAX : (size_t)(p - s);
}

void esc_json(const char *s, void (*put)(void *ctx, const char *p, size_t n), void *ctx)
{
	struct json_sink k = { put, ctx };
	size_t len = esc_json_plain(s);

	put(ctx, "\"", 1);
	if (len == SIZE_MAX)
		esc_pieces(s, 0, put_json, &k);
	else
		put(ctx, s, len);
	put(ctx, "\"", 1);
}
