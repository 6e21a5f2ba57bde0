/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * getppidloop — a system-call-heavy loop for tests/bench/denywx.sh:
 * getppid(2) COUNT times (default 10,000,000), each a real system call
 * (made with syscall(2), so no libc can cache it), so that a seccomp
 * filter would run on every one.
 *
 * Prints "calls N cpu_ns C wall_ns W": the loop's own CPU time (this
 * thread's, user and system) and wall time.  CPU time leaves out the
 * time other processes on a busy machine take from it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long long ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 10000000;
	long long cpu, wall;
	long ppid = 0;

	if (n <= 0) {
		fprintf(stderr, "usage: getppidloop [COUNT]\n");
		return 2;
	}
	cpu = ns(CLOCK_THREAD_CPUTIME_ID);
	wall = ns(CLOCK_MONOTONIC);
	for (long i = 0; i < n; i++)
		ppid = syscall(SYS_getppid);
	cpu = ns(CLOCK_THREAD_CPUTIME_ID) - cpu;
	wall = ns(CLOCK_MONOTONIC) - wall;
	if (ppid != getppid())
		return 1;
	printf("calls %ld cpu_ns %lld wall_ns %lld\n", n, cpu, wall);
	return 0;
}
