// SPDX-License-Identifier: GPL-2.0-or-later
// SPDX-FileCopyrightText: 2026 The sealtools authors
/* execve by a raw system call, past any C library: with this process's
 * environment (keep) or an empty one (empty).
 * Usage: rawexec keep|empty PATH [ARG...]; prints the errno on failure. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	char *none[] = { NULL };

	if (argc < 3)
		return 2;
	syscall(SYS_execve, argv[2], argv + 2, strcmp(argv[1], "empty") ? environ : none);
	printf("execve: %s\n", strerror(errno));
	return 126;
}
