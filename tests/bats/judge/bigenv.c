// SPDX-License-Identifier: GPL-2.0-or-later
// SPDX-FileCopyrightText: 2026 The sealtools authors
/* From a thread with a 128 KiB stack, posix_spawn PATH with N extra
 * environment entries after this process's own (keep) or alone (alone).
 * Usage: bigenv keep|alone N PATH [ARG...]; exit: the child's. */
#define _GNU_SOURCE
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static char **args;
static int keep, n, status = 127;

static void *spawn(void *unused)
{
	size_t own = 0, k = 0;
	char **env;
	pid_t pid;
	int st;

	(void)unused;
	while (keep && environ[own])
		own++;
	env = calloc(own + (size_t)n + 1, sizeof(*env));
	if (!env)
		return NULL;
	for (size_t i = 0; i < own; i++)
		env[k++] = environ[i];
	for (int i = 0; i < n; i++)
		if (asprintf(&env[k++], "BIGENV_%d=%d", i, i) < 0)
			return NULL;
	st = posix_spawn(&pid, args[0], NULL, NULL, args, env);
	if (st) {
		fprintf(stderr, "posix_spawn: %s\n", strerror(st));
		return NULL;
	}
	if (waitpid(pid, &st, 0) == pid && WIFEXITED(st))
		status = WEXITSTATUS(st);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_attr_t a;
	pthread_t t;

	if (argc < 4)
		return 2;
	keep = !strcmp(argv[1], "keep");
	n = atoi(argv[2]);
	args = argv + 3;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 128 * 1024);
	if (pthread_create(&t, &a, spawn, NULL) != 0)
		return 2;
	pthread_join(t, NULL);
	return status;
}
