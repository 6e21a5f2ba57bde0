/*
 * The one escaper for text and JSON output.
 *
 * Paths and command names come from the kernel as bytes: they need not
 * be UTF-8 and may hold control characters (a file named "x\e[2K\r"
 * would erase its own line on a terminal).  Every command writes such
 * strings through here:
 *
 *  - a byte that is not part of valid UTF-8 becomes a backslash and
 *    three octal digits ("\377"), the way the kernel writes a newline in
 *    a path in /proc/PID/maps;
 *  - for text (ESC_CONTROL), so do C0 and C1 control characters and DEL;
 *  - JSON strings (esc_json()) then escape '"', '\' and control
 *    characters as JSON requires, so that the document is valid UTF-8
 *    JSON whatever the bytes.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

static bool is_control(uint32_t c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
}

const char *esc_str(const char *s, char *out, unsigned int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i;
	char *o = out;

	/* Printable ASCII, the usual case: nothing to do. */
	for (i = 0; i < n && p[i] >= 0x20 && p[i] < 0x7f; i++)
		;
	if (i == n)
		return s;
	for (i = 0; i < n;) {
		uint32_t c;
		size_t len = utf8_seq(p + i, n - i, &c);

		if (len && !((flags & ESC_CONTROL) && is_control(c))) {
			memcpy(o, p + i, len);
			o += len;
			i += len;
			continue;
		}
		/* A control character escapes byte by byte, as invalid bytes do. */
		for (size_t k = 0; k < (len ? len : 1); k++, i++) {
			*o++ = '\\';
			*o++ = (char)('0' + (p[i] >> 6));
			*o++ = (char)('0' + ((p[i] >> 3) & 7));
			*o++ = (char)('0' + (p[i] & 7));
		}
	}
	*o = '\0';
	return out;
}

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
