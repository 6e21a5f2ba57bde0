/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Opening files another process controls (safeopen.h).
 *
 * Two steps, so that nothing is opened that is not a regular file:
 * O_PATH first (no FIFO is opened, no device's open runs, no writer
 * blocked on a FIFO is released), fstat, the caller's identity check,
 * then the real open for reading through /proc/self/fd/N, with
 * O_NONBLOCK (a mandatory lock or a FUSE file cannot hold us at open).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "safeopen.h"
#include "syscall_nr.h"

#define READ_FLAGS	(O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
/* FUSE: its server (which a user may run, in a user namespace of its
 * own) answers a read when it likes; O_NONBLOCK does not stop a read of
 * a regular file from waiting for it. */
#define FUSE_MAGIC	0x65735546

/* The O_PATH fd checked and opened for reading; closes it. */
static int reopen(int pathfd, const struct seal_file_id *id)
{
	char self[64];
	struct statfs sfs;
	struct stat st;
	int fd;

	if (fstat(pathfd, &st) < 0) {
		fd = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		fd = -EINVAL;
		goto out;
	}
	if (fstatfs(pathfd, &sfs) < 0 || sfs.f_type == FUSE_MAGIC) {
		fd = -EREMOTE;
		goto out;
	}
	if (id && ((id->inode && st.st_ino != id->inode) ||
		   ((id->dev_major || id->dev_minor) &&
		    (major(st.st_dev) != id->dev_major || minor(st.st_dev) != id->dev_minor)))) {
		fd = -ESTALE;
		goto out;
	}
	snprintf(self, sizeof(self), "/proc/self/fd/%d", pathfd);
	fd = open(self, READ_FLAGS);
	if (fd < 0)
		fd = -errno;
out:
	close(pathfd);
	return fd;
}

int seal_open_regular_at(int dirfd, const char *name, const struct seal_file_id *id)
{
	int fd = openat(dirfd, name, O_PATH | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	return reopen(fd, id);
}

int seal_open_in_root(int rootfd, const char *path, const struct seal_file_id *id)
{
	struct open_how how = {
		.flags = O_PATH | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd;

	/* Relative to the root either way: "/etc/x" is "etc/x" there. */
	while (*path == '/')
		path++;
	if (!*path)
		return -EINVAL;
	do
		fd = syscall(SEAL_NR_openat2, rootfd, path, &how, sizeof(how));
	while (fd < 0 && errno == EAGAIN);	/* a rename raced the walk */
	if (fd < 0)
		return -errno;
	return reopen((int)fd, id);
}

ssize_t seal_read_capped(int fd, size_t max, char **out, int *truncated)
{
	size_t len = 0, cap = max < 4096 ? max + 1 : 4096;
	char *buf = malloc(cap);

	*out = NULL;
	*truncated = 0;
	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (len == max) {
			char c;

			/* One byte more says whether there was more. */
			do
				n = read(fd, &c, 1);
			while (n < 0 && errno == EINTR);
			*truncated = n > 0;
			break;
		}
		if (cap - len < 2 && cap < max + 1) {
			size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			char *p = realloc(buf, ncap);

			if (!p) {
				free(buf);
				return -ENOMEM;
			}
			buf = p;
			cap = ncap;
		}
		do
			n = read(fd, buf + len, cap - 1 - len);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			int err = errno;

			free(buf);
			return -err;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*out = buf;
	return (ssize_t)len;
}
