/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * peakrss [-n] [-o FILE] [--] COMMAND [ARG...]
 *
 * Runs COMMAND and reports, on one line,
 *
 *	WALL_US MAXRSS_KIB STATUS USER_US SYS_US
 *
 * WALL_US     wall-clock time from just before fork to the return of
 *             wait4, in microseconds (CLOCK_MONOTONIC);
 * MAXRSS_KIB  the command's peak resident set size (ru_maxrss from wait4,
 *             which covers the command and the children it waited for);
 * STATUS      its exit status, or 128 + N when killed by signal N;
 * USER_US     CPU time it spent in user space, in microseconds;
 * SYS_US      CPU time the kernel spent on its behalf (ru_utime, ru_stime).
 *
 * The line goes to FILE with -o (truncated), else to stderr.  With -n the
 * command's stdout is /dev/null.  A command that cannot be executed
 * exits 127 (126 when found but not executable), as in a shell.
 *
 * Exit: the command's STATUS, or 1 (and no report) when peakrss itself
 * fails, 64 on usage errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void usage(void)
{
	fputs("usage: peakrss [-n] [-o FILE] [--] COMMAND [ARG...]\n", stderr);
	exit(64);
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	int devnull = 0, opt, status, code, fd = -1;
	struct timespec t0, t1;
	struct rusage ru;
	long long us;
	pid_t pid;
	FILE *rep;

	while ((opt = getopt(argc, argv, "+no:")) != -1) {
		switch (opt) {
		case 'n':
			devnull = 1;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();

	if (devnull) {
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (fd < 0) {
			perror("peakrss: /dev/null");
			return 1;
		}
	}
	/* Open the report first: a failure here must not cost a run. */
	rep = out ? fopen(out, "we") : stderr;
	if (!rep) {
		fprintf(stderr, "peakrss: %s: %s\n", out, strerror(errno));
		return 1;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("peakrss: fork");
		return 1;
	}
	if (pid == 0) {
		if (fd >= 0 && dup2(fd, STDOUT_FILENO) < 0)
			_exit(126);
		execvp(argv[optind], argv + optind);
		code = errno == ENOENT ? 127 : 126;
		fprintf(stderr, "peakrss: %s: %s\n", argv[optind], strerror(errno));
		_exit(code);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("peakrss: wait4");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	us = (long long)(t1.tv_sec - t0.tv_sec) * 1000000 + (t1.tv_nsec - t0.tv_nsec) / 1000;
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	fprintf(rep, "%lld %ld %d %lld %lld\n", us, ru.ru_maxrss, code,
		(long long)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec,
		(long long)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec);
	if (fflush(rep) == EOF || (out && fclose(rep) == EOF)) {
		fprintf(stderr, "peakrss: %s: %s\n", out ? out : "stderr", strerror(errno));
		return 1;
	}
	return code;
}
