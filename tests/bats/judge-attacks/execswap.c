// SPDX-License-Identifier: GPL-2.0-or-later
// SPDX-FileCopyrightText: 2026 The sealtools authors
/* Races what an exec runs against its judgement from another process,
 * one thread each, memory never shared:
 *
 *   execswap rename DIR DYN STATIC ARG...
 *     a child renames hard links of DYN and of STATIC (copied into DIR
 *     first, to be on its file system) over DIR/prog, in turns, without
 *     end, while this process makes TRIES raw execs of DIR/prog, each
 *     from a child of its own;
 *   execswap spin DIR DYN STATIC
 *     the renaming alone, until killed (DIR/prog for a sealrun of its
 *     own to run: PROGRAM raced against sealrun's judgement);
 *   execswap fdswap DYN STATIC ARG...
 *     each try is a child that shares this process's descriptor table
 *     (clone(CLONE_FILES), not CLONE_VM) and makes a raw
 *     execveat(N, "", AT_EMPTY_PATH) while this process dup2s DYN's and
 *     STATIC's descriptors onto N, in turns, until the child's exec has
 *     left the table.
 *
 * ARG... is the argument vector (ARG[0] included).  The children write
 * to the standard output; for each try that did not end with status 0
 * a line "try N: status S".  TRIES from $EXECSWAP_TRIES, else 200. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static char **args;
static int slot = 100;
static volatile int gone;

static int copy(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), out;
	ssize_t n;

	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (out < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			return -1;
	close(in);
	return close(out);
}

static int report(int i, int status)
{
	int s = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);

	if (s)
		printf("try %d: status %d\n", i, s);
	fflush(stdout);
	return s;
}

static int exec_at(void *unused)
{
	(void)unused;
	syscall(SYS_execveat, slot, "", args, environ, AT_EMPTY_PATH);
	_exit(126);
}

int main(int argc, char **argv)
{
	const char *t = getenv("EXECSWAP_TRIES");
	int tries = t ? atoi(t) : 200, status;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((argc >= 6 && !strcmp(argv[1], "rename")) || (argc == 5 && !strcmp(argv[1], "spin"))) {
		char d[4096], s[4096], prog[4096], t1[4096], t2[4096];
		pid_t r;

		snprintf(d, sizeof(d), "%s/dyn", argv[2]);
		snprintf(s, sizeof(s), "%s/static", argv[2]);
		snprintf(prog, sizeof(prog), "%s/prog", argv[2]);
		snprintf(t1, sizeof(t1), "%s/t1", argv[2]);
		snprintf(t2, sizeof(t2), "%s/t2", argv[2]);
		if (copy(argv[3], d) < 0 || copy(argv[4], s) < 0 || link(d, prog) < 0)
			return 2;
		args = argv + 5;
		r = argc == 5 ? 0 : fork();
		if (r == 0) {
			for (;;) {
				unlink(t1), unlink(t2);
				if (link(s, t1) == 0)
					rename(t1, prog);
				if (link(d, t2) == 0)
					rename(t2, prog);
			}
		}
		for (int i = 0; i < tries; i++) {
			pid_t c = fork();

			if (c == 0) {
				syscall(SYS_execve, prog, args, environ);
				_exit(126);
			}
			if (c < 0 || waitpid(c, &status, 0) != c)
				return 3;
			report(i, status);
		}
		kill(r, SIGKILL);
		waitpid(r, NULL, 0);
		return 0;
	}
	if (argc >= 5 && !strcmp(argv[1], "fdswap")) {
		static char stack[1 << 16];
		int dyn = open(argv[2], O_RDONLY), st = open(argv[3], O_RDONLY);

		if (dyn < 0 || st < 0 || dup2(dyn, slot) < 0)
			return 2;
		args = argv + 4;
		for (int i = 0; i < tries; i++) {
			pid_t c = clone(exec_at, stack + sizeof(stack), CLONE_FILES | SIGCHLD, NULL);
			pid_t w;

			if (c < 0)
				return 3;
			/* Until the child's exec has left the table (its exec
			 * unshares it), or it is gone. */
			while ((w = waitpid(c, &status, WNOHANG)) == 0)
				for (int k = 0; k < 1000; k++) {
					dup2(st, slot);
					dup2(dyn, slot);
				}
			if (w != c)
				return 4;
			report(i, status);
		}
		return 0;
	}
	fprintf(stderr, "usage: execswap rename DIR DYN STATIC ARG... | fdswap DYN STATIC ARG...\n");
	return 2;
}
