/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * dupenv NAME=VALUE... -- PROGRAM [ARG...] — execve PROGRAM with this
 * environment plus the entries given, appended as they are: a name
 * already set, or given twice, appears twice (execve allows it; env(1)
 * and setenv(3) cannot make such an environment).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	size_t n = 0, k = 0;
	int dash = 1;
	char **env;

	while (dash < argc && strcmp(argv[dash], "--") != 0)
		dash++;
	if (dash >= argc - 1) {
		fprintf(stderr, "usage: dupenv NAME=VALUE... -- PROGRAM [ARG...]\n");
		return 2;
	}
	while (environ[n])
		n++;
	env = calloc(n + (size_t)dash, sizeof(*env));
	if (!env)
		return 2;
	for (size_t i = 0; i < n; i++)
		env[k++] = environ[i];
	for (int i = 1; i < dash; i++)
		env[k++] = argv[i];
	env[k] = NULL;
	execve(argv[dash + 1], argv + dash + 1, env);
	perror(argv[dash + 1]);
	return 127;
}
