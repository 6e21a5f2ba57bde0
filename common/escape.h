/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * The one escaper for bytes a target process or a file name controls
 * (paths, command names), for text and JSON output (escape.c; the
 * writers to streams and JSON in escape_file.c).
 * Private to sealtools.
 */
#ifndef SEAL_ESCAPE_H
#define SEAL_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* Also escape control characters (C0, DEL, C1): for text output. */
#define ESC_CONTROL	1u

/*
 * s with every byte that is not valid UTF-8 (and, with ESC_CONTROL,
 * every control character) written as a backslash and three octal
 * digits.  Returns s itself when nothing needs it, else out, which must
 * hold 4 * strlen(s) + 1 bytes.
 */
const char *esc_str(const char *s, char *out, unsigned int flags);

/*
 * The bytes s[0..n) escaped as esc_str() does, into out, at most cap
 * bytes: cut short before an escape or a UTF-8 sequence that would not
 * fit whole.  Returns the number of bytes written (no NUL).
 */
size_t esc_bytes(const char *s, size_t n, char *out, size_t cap, unsigned int flags);

/* Write s escaped for text (esc_str() with ESC_CONTROL), whatever its
 * length. */
void fputs_esc(const char *s, FILE *f);

/* s as a JSON string, quotes included, whatever its length and bytes:
 * esc_str(), then JSON's own escapes, so valid UTF-8 JSON; handed to
 * put() in pieces.  The JSON writer (cmd/sealctl/json.h) writes every
 * string through this. */
void esc_json(const char *s, void (*put)(void *ctx, const char *p, size_t n), void *ctx);

/* The length of s when esc_json() writes it as it is, between quotes
 * (printable ASCII but '"' and '\\', the usual case), else SIZE_MAX. */
size_t esc_json_plain(const char *s);

#endif /* SEAL_ESCAPE_H */
