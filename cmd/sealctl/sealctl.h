/*
 * sealctl — what the subcommands share.
 *
 * A subcommand is one file with one entry point, int cmd_NAME(argc, argv),
 * listed in the table in main.c.  It parses its own options with argp
 * (argv[0] is "sealctl NAME"), returns the exit status, and prints its
 * errors through sealctl_warn().
 */
#ifndef SEALCTL_H
#define SEALCTL_H

#include <stdbool.h>
#include <sys/types.h>

/* Exit statuses.  64 is argp's (and sysexits') status for usage errors. */
#define SEALCTL_EXIT_OK		0
#define SEALCTL_EXIT_FAIL	1
#define SEALCTL_EXIT_USAGE	64

/* Subcommands (add a prototype here and a line to the table in main.c). */
int cmd_status(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_verify(int argc, char **argv);

/* "sealctl: MESSAGE" on stderr. */
void sealctl_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Short lower-case cause for a positive errno value: "no such process",
 * "permission denied", … */
const char *err_cause(int err);

/* A PID argument: decimal 1..INT_MAX, or "self" for this process.
 * 0 and *pid set, or -EINVAL. */
int parse_pid(const char *arg, pid_t *pid);

/* Write str as a JSON string, quotes included. */
void json_string(const char *str);

/* ---- /proc (proc.c) --------------------------------------------------- */

struct seal_vma;

/* The process's /proc directory (O_PATH), kept open so that every later
 * file is the same process's even if its PID is reused.  fd or -errno
 * (-ESRCH: no such process). */
int proc_open(pid_t pid);

/* Read a small file of that directory into buf, NUL-terminated.  Length
 * or -errno. */
ssize_t proc_read_small(int dirfd, const char *name, char *buf, size_t size);

/* The command name, without its newline.  Length or -errno. */
ssize_t proc_comm(int dirfd, char *buf, size_t size);

/* Does the process still have an address space?  1 yes; 0 no (a kernel
 * thread, a zombie, a process on its way out); -ESRCH: it is gone. */
int proc_has_mm(int dirfd);

typedef int (*proc_vma_fn)(void *ctx, const struct seal_vma *vma);

/*
 * Hand each VMA of the process's smaps to fn, which returns 0 or -errno
 * (that stops the walk).  0 when the whole address space was read, or
 * -errno: -ESRCH when the process is gone or exited while being read,
 * -EACCES when we may not read it, -EBADMSG/-ENAMETOOLONG for malformed
 * smaps (*bad_line then says where), or fn's error.
 */
int proc_each_vma(int dirfd, proc_vma_fn fn, void *ctx, unsigned long *bad_line);

#endif /* SEALCTL_H */
