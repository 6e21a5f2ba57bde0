// SPDX-License-Identifier: GPL-2.0-or-later
// SPDX-FileCopyrightText: 2026 The sealtools authors
/* Races an exec's path from a process that shares the memory: the child
 * of clone(CLONE_VM) without CLONE_THREAD or CLONE_VFORK (one thread,
 * and so is its parent) makes raw execs of a path whose last byte the
 * parent, which runs on, flips between GOOD's and BAD's (two paths of
 * one length that differ in their last byte only), without end.
 * Usage: pathracer GOOD BAD ARG...; exit status the child's program's,
 * 126 if no exec went through. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static char path[4096], **args;
static volatile int done;

static int child(void *unused)
{
	(void)unused;
	for (int i = 0; i < 2000; i++)
		if (syscall(SYS_execve, path, args, environ) < 0 && errno != EACCES)
			break;
	done = 1;
	return 126;
}

int main(int argc, char **argv)
{
	static char stack[1 << 16];
	size_t n;
	char good, bad;
	int status;
	pid_t pid, w = 0;

	if (argc < 4 || strlen(argv[1]) != strlen(argv[2]) || strlen(argv[1]) >= sizeof(path))
		return 2;
	n = strlen(argv[1]) - 1;
	if (strncmp(argv[1], argv[2], n) || argv[1][n] == argv[2][n])
		return 2;
	good = argv[1][n];
	bad = argv[2][n];
	strcpy(path, argv[1]);
	args = argv + 3;
	pid = clone(child, stack + sizeof(stack), CLONE_VM | SIGCHLD, NULL);
	if (pid < 0)
		return 4;
	/* Until the child's exec has left this memory, or it gave up. */
	while (!done && (w = waitpid(pid, &status, WNOHANG)) == 0)
		for (int k = 0; k < 10000; k++) {
			__atomic_store_n(&path[n], bad, __ATOMIC_RELAXED);
			__atomic_store_n(&path[n], good, __ATOMIC_RELAXED);
		}
	if (w != pid && waitpid(pid, &status, 0) != pid)
		return 5;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
