/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * /proc/PID/maps lines (maps.h).  Every line is checked against what the
 * kernel writes; nothing is guessed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "maps.h"

/* 1..16 hex digits; advances *p. */
static int parse_hex(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int n = 0;

	for (; s < end; s++, n++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else
			break;
		if (n == 16)
			return -1;
		v = v << 4 | d;
	}
	if (n == 0)
		return -1;
	*p = s;
	*out = v;
	return 0;
}

static int parse_dec(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	if (s == end || *s < '0' || *s > '9')
		return -1;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*p = s;
	*out = v;
	return 0;
}

static int expect(const char **p, const char *end, char c)
{
	if (*p == end || **p != c)
		return -1;
	(*p)++;
	return 0;
}

int seal_maps_parse(const char *line, size_t len, struct seal_mapping *m)
{
	static const char perm_set[4][2] = {
		{ 'r', '-' }, { 'w', '-' }, { 'x', '-' }, { 'p', 's' },
	};
	const char *p = line, *end = line + len;
	uint64_t major, minor;

	if (parse_hex(&p, end, &m->start) || expect(&p, end, '-') ||
	    parse_hex(&p, end, &m->end) || expect(&p, end, ' ') || m->start >= m->end)
		return -EBADMSG;
	if (end - p < 5)
		return -EBADMSG;
	for (int i = 0; i < 4; i++) {
		if (p[i] != perm_set[i][0] && p[i] != perm_set[i][1])
			return -EBADMSG;
		m->perms[i] = p[i];
	}
	m->perms[4] = '\0';
	m->prot = (p[0] == 'r' ? PROT_READ : 0) | (p[1] == 'w' ? PROT_WRITE : 0) |
		  (p[2] == 'x' ? PROT_EXEC : 0);
	p += 4;
	if (expect(&p, end, ' ') || parse_hex(&p, end, &m->offset) ||
	    expect(&p, end, ' ') || parse_hex(&p, end, &major) ||
	    expect(&p, end, ':') || parse_hex(&p, end, &minor) ||
	    expect(&p, end, ' ') || parse_dec(&p, end, &m->inode))
		return -EBADMSG;
	if (major > 0xfff || minor > 0xfffff)
		return -EBADMSG;
	m->dev_major = (unsigned)major;
	m->dev_minor = (unsigned)minor;
	/* The kernel pads with spaces up to the path column; everything
	 * after the padding, trailing spaces included, is the path. */
	if (p < end && *p != ' ')
		return -EBADMSG;
	while (p < end && *p == ' ')
		p++;
	m->path = p;
	m->path_len = (size_t)(end - p);
	m->cut = false;
	return 0;
}

int seal_maps_each(int fd, char *buf, size_t size,
		   int (*fn)(const struct seal_mapping *m, void *ctx), void *ctx)
{
	size_t len = 0;			/* bytes of the current line in buf */
	bool cut = false;
	char chunk[2048];

	if (size < SEAL_MAPS_LINE_MIN)
		return -EINVAL;
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return len || cut ? -EBADMSG : 0;
		for (ssize_t i = 0; i < n; i++) {
			struct seal_mapping m;
			int rc;

			if (chunk[i] != '\n') {
				if (len < size)
					buf[len++] = chunk[i];
				else
					cut = true;
				continue;
			}
			if (seal_maps_parse(buf, len, &m) < 0)
				return -EBADMSG;
			m.cut = cut;
			len = 0;
			cut = false;
			rc = fn(&m, ctx);
			if (rc)
				return rc;
		}
	}
}
