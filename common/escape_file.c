/*
 * The escaper's writers to a stdio stream (escape.h): text and JSON.
 */
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "seal.h"

/* Longest string written in one piece: a path as smaps prints it. */
#define ESC_MAX_IN	SEAL_SMAPS_PATH_MAX

void fputs_esc(const char *s, FILE *f)
{
	static char buf[4 * ESC_MAX_IN + 1];
	size_t len = strlen(s);

	if (len > ESC_MAX_IN) {
		/* Longer than any path the smaps reader accepts: by pieces. */
		char piece[ESC_MAX_IN + 1];

		for (size_t i = 0; i < len; i += ESC_MAX_IN) {
			size_t k = len - i < ESC_MAX_IN ? len - i : ESC_MAX_IN;

			memcpy(piece, s + i, k);
			piece[k] = '\0';
			fputs(esc_str(piece, buf, ESC_CONTROL), f);
		}
		return;
	}
	fputs(esc_str(s, buf, ESC_CONTROL), f);
}

void json_string_to(FILE *f, const char *str)
{
	static char buf[4 * ESC_MAX_IN + 1];
	const char *s;

	putc('"', f);
	s = strlen(str) > ESC_MAX_IN ? "" : esc_str(str, buf, 0);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			putc(c, f);
	}
	putc('"', f);
}

void json_string(const char *str)
{
	json_string_to(stdout, str);
}
