/*
 * The one escaper for bytes a target process or a file name controls
 * (paths, command names), for text and JSON output (escape.c).
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

/* Write s escaped for text (esc_str() with ESC_CONTROL). */
void fputs_esc(const char *s, FILE *f);

/* Write str as a JSON string, quotes included: valid UTF-8 whatever the
 * bytes (esc_str(), then JSON's own escapes). */
void json_string_to(FILE *f, const char *str);
void json_string(const char *str);

#endif /* SEAL_ESCAPE_H */
