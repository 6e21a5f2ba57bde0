/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * The one errno text, formatter and message-line writer (msg.h).
 * Freestanding: string functions and va_list only, so that the sealer,
 * which links no libc, compiles this very file.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "escape.h"
#include "msg.h"

/* ---- errno text ---------------------------------------------------------- */

/* glibc's words for the errors sealtools meets (tests/unit/test_msg.c
 * checks each against this machine's strerror). */
static const struct {
	int err;
	const char *text;
} errors[] = {
	{ EPERM, "Operation not permitted" },
	{ ENOENT, "No such file or directory" },
	{ ESRCH, "No such process" },
	{ EINTR, "Interrupted system call" },
	{ EIO, "Input/output error" },
	{ ENXIO, "No such device or address" },
	{ E2BIG, "Argument list too long" },
	{ ENOEXEC, "Exec format error" },
	{ EBADF, "Bad file descriptor" },
	{ ECHILD, "No child processes" },
	{ EAGAIN, "Resource temporarily unavailable" },
	{ ENOMEM, "Cannot allocate memory" },
	{ EACCES, "Permission denied" },
	{ EFAULT, "Bad address" },
	{ EBUSY, "Device or resource busy" },
	{ EEXIST, "File exists" },
	{ EXDEV, "Invalid cross-device link" },
	{ ENODEV, "No such device" },
	{ ENOTDIR, "Not a directory" },
	{ EISDIR, "Is a directory" },
	{ EINVAL, "Invalid argument" },
	{ ENFILE, "Too many open files in system" },
	{ EMFILE, "Too many open files" },
	{ ETXTBSY, "Text file busy" },
	{ EFBIG, "File too large" },
	{ ENOSPC, "No space left on device" },
	{ ESPIPE, "Illegal seek" },
	{ EROFS, "Read-only file system" },
	{ EPIPE, "Broken pipe" },
	{ ERANGE, "Numerical result out of range" },
	{ EDEADLK, "Resource deadlock avoided" },
	{ ENAMETOOLONG, "File name too long" },
	{ ENOSYS, "Function not implemented" },
	{ ELOOP, "Too many levels of symbolic links" },
	{ ENODATA, "No data available" },
	{ ETIME, "Timer expired" },
	{ EBADMSG, "Bad message" },
	{ EOVERFLOW, "Value too large for defined data type" },
	{ ELIBBAD, "Accessing a corrupted shared library" },
	{ EOPNOTSUPP, "Operation not supported" },
	{ ETIMEDOUT, "Connection timed out" },
	{ ECONNREFUSED, "Connection refused" },
	{ ECANCELED, "Operation canceled" },
	{ EOWNERDEAD, "Owner died" },
};

const char *seal_strerror(int err)
{
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		if (errors[i].err == err)
			return errors[i].text;
	return "Unknown error";
}

/* ---- the formatter ---------------------------------------------------------- */

/*
 * Where formatted text goes: buf, at most cap bytes.  With esc, every
 * byte passes through the escaper first: a UTF-8 sequence is held in
 * pend until it is whole (or proves invalid), then written escaped or
 * as it is, whole or not at all.
 */
struct out {
	char *buf;
	size_t len, cap;
	bool esc, full;
	unsigned char pend[4];
	size_t npend, want;
};

static void emit(struct out *o, const unsigned char *s, size_t n)
{
	char unit[16];
	size_t k;

	if (o->full || !n)
		return;
	k = esc_bytes((const char *)s, n, unit, sizeof(unit), ESC_CONTROL);
	if (o->len + k > o->cap) {
		o->full = true;
		return;
	}
	memcpy(o->buf + o->len, unit, k);
	o->len += k;
}

/* The length of the UTF-8 sequence a lead byte starts; 1 for ASCII and
 * for a byte that starts none (esc_bytes escapes it). */
static size_t seq_len(unsigned char c)
{
	return c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 1;
}

static void flush(struct out *o)
{
	emit(o, o->pend, o->npend);
	o->npend = 0;
}

static void put(struct out *o, char ch)
{
	unsigned char c = (unsigned char)ch;

	if (!o->esc) {
		if (o->len < o->cap)
			o->buf[o->len++] = ch;
		return;
	}
	/* A byte that cannot continue the sequence held ends it. */
	if (o->npend && (c & 0xc0) != 0x80)
		flush(o);
	if (!o->npend)
		o->want = seq_len(c);
	o->pend[o->npend++] = c;
	if (o->npend == o->want)
		flush(o);
}

static void pad(struct out *o, char c, size_t n)
{
	while (n--)
		put(o, c);
}

struct spec {
	bool left, zero, alt, space, plus;
	size_t width;
	long precision;			/* -1: none */
};

/* A field: sign or prefix, zeros, body; padded to the width. */
static void field(struct out *o, const struct spec *s, const char *prefix, const char *body,
		  size_t len, size_t zeros)
{
	size_t plen = strlen(prefix), total = plen + zeros + len;
	bool zero_pad = s->zero && !s->left && s->precision < 0;

	if (!s->left && !zero_pad && s->width > total)
		pad(o, ' ', s->width - total);
	for (size_t i = 0; i < plen; i++)
		put(o, prefix[i]);
	if (zero_pad && s->width > total)
		pad(o, '0', s->width - total);
	pad(o, '0', zeros);
	for (size_t i = 0; i < len; i++)
		put(o, body[i]);
	if (s->left && s->width > total)
		pad(o, ' ', s->width - total);
}

static void number(struct out *o, const struct spec *s, uintmax_t v, bool negative,
		   unsigned base, bool upper, bool is_signed)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char body[3 * sizeof(uintmax_t) + 1];
	const char *prefix = "";
	size_t n = sizeof(body), zeros = 0;

	/* A precision of 0 prints nothing for 0, as printf does. */
	if (!(v == 0 && s->precision == 0))
		do {
			body[--n] = digits[v % base];
			v /= base;
		} while (v);
	if (is_signed)
		prefix = negative ? "-" : s->plus ? "+" : s->space ? " " : "";
	else if (s->alt && base == 16 && n < sizeof(body) && !(n == sizeof(body) - 1 && body[n] == '0'))
		prefix = upper ? "0X" : "0x";
	else if (s->alt && base == 8 && (n == sizeof(body) || body[n] != '0'))
		prefix = "0";
	if (s->precision > 0 && (size_t)s->precision > sizeof(body) - n)
		zeros = (size_t)s->precision - (sizeof(body) - n);
	field(o, s, prefix, body + n, sizeof(body) - n, zeros);
}

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE, LEN_MAX, LEN_PTRDIFF };

static uintmax_t get_unsigned(va_list *ap, enum length l)
{
	switch (l) {
	case LEN_CHAR:		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:		return va_arg(*ap, unsigned long);
	case LEN_LLONG:		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:		return va_arg(*ap, size_t);
	case LEN_MAX:		return va_arg(*ap, uintmax_t);
	case LEN_PTRDIFF:	return (uintmax_t)va_arg(*ap, ptrdiff_t);
	default:		return va_arg(*ap, unsigned int);
	}
}

static intmax_t get_signed(va_list *ap, enum length l)
{
	switch (l) {
	case LEN_CHAR:		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:		return (short)va_arg(*ap, int);
	case LEN_LONG:		return va_arg(*ap, long);
	case LEN_LLONG:		return va_arg(*ap, long long);
	case LEN_SIZE:		return (intmax_t)va_arg(*ap, size_t);
	case LEN_MAX:		return va_arg(*ap, intmax_t);
	case LEN_PTRDIFF:	return va_arg(*ap, ptrdiff_t);
	default:		return va_arg(*ap, int);
	}
}

static size_t decimal(const char **p)
{
	size_t v = 0;

	for (; **p >= '0' && **p <= '9'; (*p)++)
		v = v * 10 + (size_t)(**p - '0');
	return v;
}

static void format(struct out *o, const char *fmt, va_list ap_in)
{
	va_list ap;

	va_copy(ap, ap_in);
	for (const char *p = fmt; *p; p++) {
		const char *start = p;
		struct spec s = { .precision = -1 };
		enum length l = LEN_INT;

		if (*p != '%') {
			put(o, *p);
			continue;
		}
		for (p++;; p++) {
			if (*p == '-')
				s.left = true;
			else if (*p == '0')
				s.zero = true;
			else if (*p == '#')
				s.alt = true;
			else if (*p == ' ')
				s.space = true;
			else if (*p == '+')
				s.plus = true;
			else
				break;
		}
		if (*p == '*') {
			int w = va_arg(ap, int);

			p++;
			s.left |= w < 0;
			s.width = w < 0 ? -(size_t)w : (size_t)w;
		} else {
			s.width = decimal(&p);
		}
		if (*p == '.') {
			p++;
			if (*p == '*') {
				int prec = va_arg(ap, int);

				p++;
				s.precision = prec < 0 ? -1 : prec;
			} else {
				s.precision = (long)decimal(&p);
			}
		}
		if (*p == 'h')
			l = *++p == 'h' ? (p++, LEN_CHAR) : LEN_SHORT;
		else if (*p == 'l')
			l = *++p == 'l' ? (p++, LEN_LLONG) : LEN_LONG;
		else if (*p == 'z')
			l = LEN_SIZE, p++;
		else if (*p == 'j')
			l = LEN_MAX, p++;
		else if (*p == 't')
			l = LEN_PTRDIFF, p++;

		switch (*p) {
		case 'd':
		case 'i': {
			intmax_t v = get_signed(&ap, l);

			number(o, &s, v < 0 ? -(uintmax_t)v : (uintmax_t)v, v < 0, 10, false, true);
			break;
		}
		case 'u':
			number(o, &s, get_unsigned(&ap, l), false, 10, false, false);
			break;
		case 'x':
		case 'X':
			number(o, &s, get_unsigned(&ap, l), false, 16, *p == 'X', false);
			break;
		case 'o':
			number(o, &s, get_unsigned(&ap, l), false, 8, false, false);
			break;
		case 'p': {
			struct spec ps = s;

			ps.alt = true;
			number(o, &ps, (uintptr_t)va_arg(ap, void *), false, 16, false, false);
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);

			field(o, &s, "", &c, 1, 0);
			break;
		}
		case 's': {
			const char *str = va_arg(ap, const char *);
			size_t len = 0;

			if (!str)
				str = "(null)";
			while (str[len] && (s.precision < 0 || len < (size_t)s.precision))
				len++;
			field(o, &s, "", str, len, 0);
			break;
		}
		case '%':
			put(o, '%');
			break;
		default:
			/* Not ours: the text as it stands. */
			for (const char *q = start; q <= p && *q; q++)
				put(o, *q);
			if (!*p)
				p--;
		}
	}
	va_end(ap);
	if (o->esc)
		flush(o);
}

size_t seal_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .cap = cap ? cap - 1 : 0 };

	format(&o, fmt, ap);
	if (cap)
		buf[o.len] = '\0';
	return o.len;
}

size_t seal_format(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = seal_vformat(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}

/* ---- message lines ------------------------------------------------------------ */

size_t seal_vmsg(char *buf, const char *prog, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .cap = SEAL_MSG_MAX - 1, .esc = true };

	for (; *prog && o.len < 64; prog++)
		buf[o.len++] = *prog;
	buf[o.len++] = ':';
	buf[o.len++] = ' ';
	format(&o, fmt, ap);
	buf[o.len++] = '\n';
	return o.len;
}
