/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * common/msg.c as TAP: the formatter against this C library's snprintf,
 * the errno text against its strerror, and message lines that stay one
 * line of text whatever their arguments hold.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "msg.h"
#include "tap.h"

static char mine[256], libc[256];

#define SAME(...) do {							\
	size_t n_ = seal_format(mine, sizeof(mine), __VA_ARGS__);	\
	int m_ = snprintf(libc, sizeof(libc), __VA_ARGS__);		\
	ok(n_ == (size_t)m_ && !strcmp(mine, libc), "%s: \"%s\" as snprintf \"%s\"", \
	   #__VA_ARGS__, mine, libc);					\
} while (0)

static size_t msg(char *buf, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = seal_vmsg(buf, "prog", fmt, ap);
	va_end(ap);
	return n;
}

int main(void)
{
	char small[8], line[SEAL_MSG_MAX], big[3 * SEAL_MSG_MAX];
	int known = 0;
	size_t n;

	/* The conversions messages use, with their flags and modifiers. */
	SAME("%s and %d", "text", -42);
	SAME("%u %lu %llu %zu", 7u, 123456789012ul, 18446744073709551615ull, (size_t)99);
	SAME("%#lx %llx %x %X %#X %#x", 0x7f00dead000ul, 0xffffffffffffull, 0u, 0xabcu, 0xabcu, 0u);
	SAME("%o %#o %#o", 8u, 8u, 0u);
	SAME("%.*s|%.3s|%.0s", 4, "abcdefgh", "xyz123", "gone");
	SAME("[%-9s][%9s][%*s][%-*s]", "left", "right", 6, "w", 6, "m");
	SAME("[%012llx][%08d][%-8d][%+d][% d][%.5d][%8.3d]", 0x1234ull, -17, 5, 5, 5, 42, -7);
	SAME("%ld %lld %hd %hhu %jd %td", -1l, (long long)INT64_MIN, (short)-3, (unsigned char)255,
	     (intmax_t)-9, (ptrdiff_t)-11);
	SAME("%c%c%c", 'a', '-', 'z');
	SAME("%p %p", (void *)0x1000, (void *)&known);
	SAME("%%d %s %%", "lit");
	SAME("%s", (const char *)"");
	SAME("%.0d|%.0x|%#.0o", 0, 0u, 0u);

	/* Truncation: at most cap - 1 bytes and a NUL, the length written. */
	n = seal_format(small, sizeof(small), "%s", "0123456789");
	ok(n == 7 && !strcmp(small, "0123456"), "cut to cap - 1 bytes: \"%s\" (%zu)", small, n);
	n = seal_format(small, 1, "%s", "x");
	ok(n == 0 && small[0] == '\0', "cap 1: empty");

	/* Every text of the table is glibc's own. */
	for (int e = 1; e < 200; e++) {
		const char *t = seal_strerror(e);

		if (!strcmp(t, "Unknown error"))
			continue;
		known++;
		if (strcmp(t, strerror(e)))
			ok(0, "errno %d: \"%s\", strerror says \"%s\"", e, t, strerror(e));
	}
	ok(known >= 40, "%d errno values known, each as strerror words it", known);
	ok(!strcmp(seal_strerror(0x7fff), "Unknown error"), "an unknown value");

	/* A message is one line whatever its arguments hold. */
	n = msg(line, "refusing %s: %s", "/tmp/a\nsealrun: forged", "why");
	ok(memchr(line, '\n', n - 1) == NULL && line[n - 1] == '\n',
	   "a newline in an argument is escaped: %.*s", (int)n - 1, line);
	ok(!memcmp(line, "prog: refusing /tmp/a\\012sealrun: forged: why\n", n),
	   "as \\012, the rest as it was");
	n = msg(line, "%s", "\033]0;title\007 \xff\xfe ok \xc3\xa9");
	ok(!memcmp(line, "prog: \\033]0;title\\007 \\377\\376 ok \xc3\xa9\n", n),
	   "escape sequences, invalid UTF-8 escaped; valid UTF-8 kept: %.*s", (int)n - 1, line);
	n = msg(line, "%s|%s|%s", "\xe2\x82" "A", "\xe2\x82\xac", "\xf0\x9f\x98");
	ok(!memcmp(line, "prog: \\342\\202A|\xe2\x82\xac|\\360\\237\\230\n", n),
	   "a cut sequence escaped byte by byte, a whole one kept: %.*s", (int)n - 1, line);
	memset(big, '\n', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	n = msg(line, "%s", big);
	ok(n <= SEAL_MSG_MAX && line[n - 1] == '\n' && memchr(line, '\n', n - 1) == NULL,
	   "a long argument is cut to %zu bytes, still one line", n);
	ok((n - 1 - strlen("prog: ")) % 4 == 0, "cut between escapes, never inside one");
	return tap_done();
}
