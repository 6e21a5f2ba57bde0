/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
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
 *  - JSON strings (esc_json(), escape_file.c) then escape '"', '\' and
 *    control characters as JSON requires, so that the document is valid
 *    UTF-8 JSON whatever the bytes.
 *
 * This file is freestanding (string functions only): the sealer compiles
 * it for its messages (msg.c).
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
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

size_t esc_bytes(const char *s, size_t n, char *out, size_t cap, unsigned int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;

	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t len = utf8_seq(p + i, n - i, &c);

		if (len && !((flags & ESC_CONTROL) && is_control(c))) {
			if (o + len > cap)
				break;
			memcpy(out + o, p + i, len);
			o += len;
			i += len;
			continue;
		}
		/* A control character escapes byte by byte, as invalid bytes do. */
		if (o + 4 * (len ? len : 1) > cap)
			break;
		for (size_t k = 0; k < (len ? len : 1); k++, i++) {
			out[o++] = '\\';
			out[o++] = (char)('0' + (p[i] >> 6));
			out[o++] = (char)('0' + ((p[i] >> 3) & 7));
			out[o++] = (char)('0' + (p[i] & 7));
		}
	}
	return o;
}

const char *esc_str(const char *s, char *out, unsigned int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i;

	/* Printable ASCII, the usual case: nothing to do. */
	for (i = 0; i < n && p[i] >= 0x20 && p[i] < 0x7f; i++)
		;
	if (i == n)
		return s;
	out[esc_bytes(s, n, out, 4 * n, flags)] = '\0';
	return out;
}
