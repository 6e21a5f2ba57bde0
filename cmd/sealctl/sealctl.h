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

#endif /* SEALCTL_H */
