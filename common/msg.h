/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Messages: the one errno text, the one formatter and the one writer of
 * message lines, for every product (the sealer included: everything here
 * is freestanding and async-signal-safe, no allocation, no locale, no
 * stdio).  Private to sealtools.
 */
#ifndef SEAL_MSG_H
#define SEAL_MSG_H

#include <stdarg.h>
#include <stddef.h>

/* strerror's text for err, in glibc's words; "Unknown error" for an
 * errno value the table does not hold. */
const char *seal_strerror(int err);

/*
 * vsnprintf for messages: the conversions d i u x X o c s p and %%, the
 * flags - 0 # + and space, a field width and a precision (numbers or
 * *), and the length modifiers hh h l ll z j t.  Nothing else (no floating point, no %n): an unknown conversion is
 * copied as it stands.  Writes at most cap bytes, NUL included, and
 * returns the length written without the NUL (never more than cap - 1).
 */
size_t seal_vformat(char *buf, size_t cap, const char *fmt, va_list ap);
__attribute__((format(printf, 3, 4)))
size_t seal_format(char *buf, size_t cap, const char *fmt, ...);

/* The longest message line seal_vmsg() writes, newline included. */
#define SEAL_MSG_MAX	8192

/*
 * One message line, "PROG: TEXT\n", into buf (SEAL_MSG_MAX bytes): TEXT
 * formatted as seal_vformat() does, every control character and every
 * byte that is not valid UTF-8 in it written as a backslash and three
 * octal digits as it is formatted (common/escape.c), so that whatever a
 * file name or another process put in it, the message stays one line of
 * text.  Cut short, never in the middle of an escape or a character, when
 * it does not fit.  No other buffer is used.  Returns its length; buf is
 * not NUL-terminated.
 */
size_t seal_vmsg(char *buf, const char *prog, const char *fmt, va_list ap);

/* seal_vmsg()'s line written to fd (say.c: not in the sealer, which has
 * its own write), errno kept. */
void seal_vsay(int fd, const char *prog, const char *fmt, va_list ap);
__attribute__((format(printf, 3, 4)))
void seal_say(int fd, const char *prog, const char *fmt, ...);

#endif /* SEAL_MSG_H */
