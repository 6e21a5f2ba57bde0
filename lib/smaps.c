/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Streaming reader for /proc/PID/smaps.
 *
 * The input is read in large blocks into one fixed buffer and cut into
 * lines in place: memory stays constant whatever the number of VMAs.  A
 * record is a header line ("start-end perms offset maj:min inode path")
 * followed by "Name: value" lines; it ends where the next header begins
 * or at the end of input.  Only the header and VmFlags are kept.
 *
 * Bad input is an error (-EBADMSG, with the line number), never a guess:
 * a field before any header, a header that does not parse, a NUL byte, a
 * last line without its newline (the kernel always ends lines).  A record
 * is only returned once its end is seen, so input that breaks off never
 * yields the record it broke into.  A record
 * with no VmFlags line (kernels before 3.8) is returned with has_vmflags
 * false.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "maps.h"
#include "seal.h"

/* Large enough that one read(2) takes many records from the kernel, and
 * that the longest header (path limit plus fields) always fits. */
#define SMAPS_BUF	(64 * 1024)

struct seal_smaps {
	seal_read_fn read;
	void *ctx;
	int fd;			/* the descriptor fd_read() reads */
	bool own_fd;		/* close fd in seal_smaps_close() */
	int err;		/* sticky error, 0 when none */
	unsigned long line;	/* lines consumed so far */
	int eof;
	int pending;		/* pend holds a header not yet returned */
	struct seal_vma pend;
	size_t head, tail;	/* unconsumed bytes are buf[head, tail) */
	size_t nul;		/* offset of the first NUL in buf, SIZE_MAX: none */
	char path[SEAL_SMAPS_PATH_MAX + 1];
	char flags[SEAL_SMAPS_FLAGS_MAX + 1];
	char buf[SMAPS_BUF];
};

static ssize_t fd_read(void *ctx, void *buf, size_t len)
{
	int fd = *(int *)ctx;
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

int seal_smaps_open_fn(struct seal_smaps **reader, seal_read_fn fn, void *ctx)
{
	struct seal_smaps *r = malloc(sizeof(*r));

	if (!r)
		return -ENOMEM;
	r->read = fn;
	r->ctx = ctx;
	r->fd = -1;
	r->own_fd = false;
	r->err = 0;
	r->line = 0;
	r->eof = 0;
	r->pending = 0;
	r->head = r->tail = 0;
	r->nul = SIZE_MAX;
	*reader = r;
	return 0;
}

static int open_fd(struct seal_smaps **reader, int fd, bool own)
{
	int rc = seal_smaps_open_fn(reader, fd_read, NULL);

	if (rc < 0) {
		if (own)
			close(fd);
		return rc;
	}
	(*reader)->fd = fd;
	(*reader)->own_fd = own;
	(*reader)->ctx = &(*reader)->fd;
	return 0;
}

int seal_smaps_open_fd(struct seal_smaps **reader, int fd)
{
	return open_fd(reader, fd, false);
}

int seal_smaps_open_path(struct seal_smaps **reader, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	return open_fd(reader, fd, true);
}

int seal_smaps_open(struct seal_smaps **reader, pid_t pid)
{
	char path[32];

	if (pid < 0)
		return -EINVAL;
	if (pid == 0)
		snprintf(path, sizeof(path), "/proc/self/smaps");
	else
		snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
	return seal_smaps_open_path(reader, path);
}

void seal_smaps_close(struct seal_smaps *r)
{
	if (!r)
		return;
	if (r->own_fd)
		close(r->fd);
	free(r);
}

unsigned long seal_smaps_line(const struct seal_smaps *r)
{
	return r->line;
}

/*
 * Read more input after the unconsumed bytes.  0, or -errno.
 *
 * The new bytes are searched for a NUL here, once per block, rather than
 * each line on its own: one long memchr costs far less than a million
 * short ones.  Bytes before the first NUL were all consumed without
 * error, so only its offset is kept.
 */
static int fill(struct seal_smaps *r)
{
	const char *nul;
	ssize_t n;

	if (r->head > 0) {
		memmove(r->buf, r->buf + r->head, r->tail - r->head);
		r->tail -= r->head;
		if (r->nul != SIZE_MAX)
			r->nul -= r->head;
		r->head = 0;
	}
	if (r->tail == sizeof(r->buf))
		return -ENAMETOOLONG;
	n = r->read(r->ctx, r->buf + r->tail, sizeof(r->buf) - r->tail);
	if (n < 0)
		return (int)n;
	if ((size_t)n > sizeof(r->buf) - r->tail)
		return -EIO;		/* a source claiming more than it had room for */
	if (n == 0)
		r->eof = 1;
	if (r->nul == SIZE_MAX && (nul = memchr(r->buf + r->tail, '\0', (size_t)n)))
		r->nul = (size_t)(nul - r->buf);
	r->tail += (size_t)n;
	return 0;
}

/*
 * Find the next whole line without consuming it.  1 with *line and *len
 * set (no newline), 0 at a clean end of input, or -errno.
 */
static int peek_line(struct seal_smaps *r, const char **line, size_t *len)
{
	size_t scanned = 0;

	for (;;) {
		const char *start = r->buf + r->head;
		size_t avail = r->tail - r->head;
		const char *nl = memchr(start + scanned, '\n', avail - scanned);
		int rc;

		if (nl) {
			*line = start;
			*len = (size_t)(nl - start);
			if (r->nul < (size_t)(nl - r->buf))
				return -EBADMSG;
			return 1;
		}
		if (r->eof)
			return avail ? -EBADMSG : 0;	/* unterminated last line */
		scanned = avail;
		rc = fill(r);
		if (rc < 0)
			return rc;
	}
}

static void consume(struct seal_smaps *r, size_t len)
{
	r->head += len + 1;
	r->line++;
}

/*
 * The device of the kernel's internal shmem mount, where shared anonymous
 * mappings (MAP_SHARED|MAP_ANONYMOUS, which maps name "/dev/zero
 * (deleted)") and memfds live alike: read once from a memfd of our own.
 * 0 when it cannot be learnt (then no mapping is taken for one).
 */
static dev_t shmem_dev(void)
{
	static dev_t dev;	/* written once, the same value by any thread */
	struct stat st;
	int fd;

	if (dev == 0) {
		fd = memfd_create("sealtools-shmem-dev", MFD_CLOEXEC);
		if (fd < 0)
			return 0;
		if (fstat(fd, &st) == 0)
			__atomic_store_n(&dev, st.st_dev, __ATOMIC_RELAXED);
		close(fd);
	}
	return __atomic_load_n(&dev, __ATOMIC_RELAXED);
}

/* Shared anonymous memory (a JIT's double mapping, an IPC area): named
 * "/dev/zero (deleted)" by the kernel, on the internal shmem mount, so
 * that a file someone named so elsewhere is still a file. */
static bool is_shared_anon(const struct seal_vma *v)
{
	static const char name[] = "/dev/zero (deleted)";
	dev_t d = shmem_dev();

	return v->path_len == sizeof(name) - 1 && memcmp(v->path, name, v->path_len) == 0 &&
	       d != 0 && major(d) == v->dev_major && minor(d) == v->dev_minor;
}

int seal_smaps_parse_header(const char *line, size_t len, struct seal_vma *v)
{
	struct seal_mapping m;

	if (seal_maps_parse(line, len, &m) < 0)
		return -EBADMSG;
	v->start = m.start;
	v->end = m.end;
	v->offset = m.offset;
	v->inode = m.inode;
	v->dev_major = m.dev_major;
	v->dev_minor = m.dev_minor;
	memcpy(v->perms, m.perms, sizeof(v->perms));
	v->path = m.path;
	v->path_len = m.path_len;
	v->kind = is_shared_anon(v) ? SEAL_KIND_SHM :
		  seal_classify(v->path, v->path_len, v->perms, v->inode);
	v->vmflags = "";
	v->has_vmflags = false;
	v->sealed = false;
	return 0;
}

/* Does the space-separated flag list hold the two-letter flag "sl"? */
static bool flags_have_sealed(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i;

		while (j < len && s[j] != ' ')
			j++;
		if (j - i == 2 && s[i] == 's' && s[i + 1] == 'l')
			return true;
		i = j + 1;
	}
	return false;
}

/* Field names are letters, digits and '_' (Rss, THPeligible, …).  A
 * table, because this test runs on every byte of every name: about
 * twenty lines per VMA. */
static const unsigned char name_char[256] = {
	['0' ... '9'] = 1, ['A' ... 'Z'] = 1, ['a' ... 'z'] = 1, ['_'] = 1,
};

/*
 * A "Name: value" line; VmFlags is stored, the rest only checked.  The
 * line comes from peek_line(), so line[len] is its newline, which is no
 * name character: the name loop needs no bound of its own.
 */
static int take_field(struct seal_smaps *r, const char *line, size_t len)
{
	static const char vmflags[] = "VmFlags";
	const size_t vlen = sizeof(vmflags) - 1;
	size_t i = 0;

	while (name_char[(unsigned char)line[i]])
		i++;
	if (i == 0 || i >= len || line[i] != ':')
		return -EBADMSG;

	if (i == vlen && memcmp(line, vmflags, vlen) == 0) {
		const char *v = line + vlen + 1;
		size_t n = len - vlen - 1;

		if (r->pend.has_vmflags)
			return -EBADMSG;	/* twice in one record */
		while (n && *v == ' ') {
			v++;
			n--;
		}
		while (n && v[n - 1] == ' ')
			n--;
		if (n > SEAL_SMAPS_FLAGS_MAX)
			return -ENAMETOOLONG;
		memcpy(r->flags, v, n);
		r->flags[n] = '\0';
		r->pend.vmflags = r->flags;
		r->pend.has_vmflags = true;
		r->pend.sealed = flags_have_sealed(v, n);
	}
	return 0;
}

static int is_header(const char *line, size_t len)
{
	return len > 0 && ((line[0] >= '0' && line[0] <= '9') ||
			   (line[0] >= 'a' && line[0] <= 'f'));
}

static int fail(struct seal_smaps *r, int err)
{
	r->err = err;
	return err;
}

int seal_smaps_next(struct seal_smaps *r, struct seal_vma *vma)
{
	const char *line;
	size_t len;
	int rc;

	if (r->err)
		return r->err;

	for (;;) {
		rc = peek_line(r, &line, &len);
		if (rc < 0) {
			/* Report the line that could not be completed. */
			if (rc == -EBADMSG || rc == -ENAMETOOLONG)
				r->line++;
			return fail(r, rc);
		}
		if (rc == 0 || is_header(line, len)) {
			if (r->pending) {
				/* The record ends here; its header stays
				 * unconsumed for the next call. */
				r->pending = 0;
				*vma = r->pend;
				return 1;
			}
			if (rc == 0)
				return 0;
			r->line++;
			rc = seal_smaps_parse_header(line, len, &r->pend);
			if (rc < 0)
				return fail(r, rc);
			if (r->pend.path_len > SEAL_SMAPS_PATH_MAX)
				return fail(r, -ENAMETOOLONG);
			/* Copy the path out: the buffer moves on refills. */
			memcpy(r->path, r->pend.path, r->pend.path_len);
			r->path[r->pend.path_len] = '\0';
			r->pend.path = r->path;
			r->pending = 1;
			r->head += len + 1;
			continue;
		}
		if (!r->pending) {
			r->line++;
			return fail(r, -EBADMSG);	/* field before any header */
		}
		rc = take_field(r, line, len);
		consume(r, len);
		if (rc < 0)
			return fail(r, rc);
	}
}
