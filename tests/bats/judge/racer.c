// SPDX-License-Identifier: GPL-2.0-or-later
// SPDX-FileCopyrightText: 2026 The sealtools authors
/* Races its own exec (seccomp_unotify(2)'s warning): while the main
 * thread makes a raw execve of PATH with this environment, another
 * thread swaps the LD_AUDIT entry for one that names nothing, and back,
 * without end.  The judge reads one, the kernel maybe the other.
 * An exec refused is tried again (at most 1000 times).
 * Usage: racer PATH [ARG...]; prints the errno when the exec fails. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;
static char **env;
static size_t at;
static char *good;

static void *swap(void *unused)
{
	char *const bad = "LD_AUDIT_NOT=1";

	(void)unused;
	for (;;) {
		__atomic_store_n(&env[at], bad, __ATOMIC_RELAXED);
		__atomic_store_n(&env[at], good, __ATOMIC_RELAXED);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	size_t n = 0;
	pthread_t t;

	if (argc < 2)
		return 2;
	while (environ[n])
		n++;
	env = calloc(n + 1, sizeof(*env));
	for (size_t i = 0; i < n; i++) {
		env[i] = environ[i];
		if (!strncmp(environ[i], "LD_AUDIT=", 9))
			at = i, good = environ[i];
	}
	if (!good)
		return 3;
	pthread_create(&t, NULL, swap, NULL);
	usleep(1000);
	/* Refused (the judge read the bad entry): try again, up to a bound. */
	for (int i = 0; i < 1000; i++)
		if (syscall(SYS_execve, argv[1], argv + 1, env) < 0 && errno != EACCES)
			break;
	printf("execve: %s\n", strerror(errno));
	return 126;
}
