/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Opening files another process controls: inside its root, or the files
 * it has mapped, without blocking, without following its symlinks out of
 * its root, and only when they are regular files (safeopen.c).  Private
 * to sealtools.
 *
 * A file is first opened with O_PATH (which opens nothing: a FIFO's
 * writer is not woken, a device's driver is not called), checked with
 * fstat, and only then opened for reading, through /proc/self/fd, with
 * O_NONBLOCK.
 */
#ifndef SEAL_SAFEOPEN_H
#define SEAL_SAFEOPEN_H

#include <stdint.h>
#include <sys/types.h>

/* What the file must be, beyond regular; 0 fields are not checked. */
struct seal_file_id {
	uint64_t dev_major, dev_minor, inode;
};

/*
 * Open name relative to dirfd (following symlinks and /proc's magic
 * links, as /proc/PID/map_files/START-END needs) for reading.  fd, or
 * -errno: -EINVAL not a regular file, -ESTALE not the file id names
 * (id may be NULL), -EREMOTE a file of FUSE (whose server, which any
 * user can run in a user namespace, may never answer a read).
 */
int seal_open_regular_at(int dirfd, const char *name, const struct seal_file_id *id);

/*
 * Open path (absolute or relative) inside the root directory rootfd
 * (a process's /proc/PID/root, opened O_PATH), resolved as the process
 * itself would resolve it: absolute symlinks and ".." stay inside
 * rootfd, magic links are refused (openat2 RESOLVE_IN_ROOT).  fd, or
 * -errno as above; -ENOSYS where openat2 is missing or forbidden.
 */
int seal_open_in_root(int rootfd, const char *path, const struct seal_file_id *id);

/*
 * Read up to max bytes of the regular file open on fd into a new
 * NUL-terminated buffer (*out, to be freed).  A longer file is read up
 * to max and *truncated set.  Length, or -errno.
 */
ssize_t seal_read_capped(int fd, size_t max, char **out, int *truncated);

#endif /* SEAL_SAFEOPEN_H */
