/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Writing a message line (msg.h) to a descriptor, for the programs that
 * have a C library: in one write(2) where it can, so that lines from
 * several processes do not interleave; errno as it was.
 */
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

#include "msg.h"

void seal_vsay(int fd, const char *prog, const char *fmt, va_list ap)
{
	char line[SEAL_MSG_MAX];
	size_t n = seal_vmsg(line, prog, fmt, ap);
	int saved = errno;

	for (const char *p = line; n > 0;) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		n -= (size_t)w;
	}
	errno = saved;
}

void seal_say(int fd, const char *prog, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seal_vsay(fd, prog, fmt, ap);
	va_end(ap);
}
