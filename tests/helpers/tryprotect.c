/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * tryprotect PID PATH — does the kernel refuse mprotect on a process's
 * text?  Stops PID's first thread, injects (common/inject.c) an mprotect of
 * the first page of PATH's first executable mapping to its own
 * protection, restores the thread and detaches.  Prints "0" or the
 * errno's name ("EPERM" once that mapping is sealed); exit 0 when the
 * call ran, 1 when it could not be made.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inject.h"

int main(int argc, char **argv)
{
	unsigned long long start = 0, s, e;
	char path[64], line[4096], perms[8], file[4096];
	struct seal_inject in;
	pid_t pid;
	long r;
	FILE *f;
	int st, rc;

	if (argc != 3)
		return 1;
	pid = atoi(argv[1]);
	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx-%llx %7s %*s %*s %*s %4095s", &s, &e, perms, file) == 4 &&
		    perms[2] == 'x' && strcmp(file, argv[2]) == 0) {
			start = s;
			break;
		}
	if (f)
		fclose(f);
	if (!start) {
		fprintf(stderr, "tryprotect: no executable mapping of %s\n", argv[2]);
		return 1;
	}
	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) || ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) ||
	    waitpid(pid, &st, __WALL) != pid) {
		perror("tryprotect: ptrace");
		return 1;
	}
	rc = seal_inject_begin(&in, pid);
	if (rc == 0) {
		rc = seal_inject_syscall(&in, &r, SYS_mprotect, (long)start, sysconf(_SC_PAGESIZE),
					 PROT_READ | PROT_EXEC, 0, 0, 0);
		if (seal_inject_end(&in) != 0 && rc == 0)
			rc = -EIO;
	}
	ptrace(PTRACE_DETACH, pid, NULL, (void *)(long)(st >> 16 == 0 ? WSTOPSIG(st) : 0));
	if (rc) {
		fprintf(stderr, "tryprotect: %s\n", strerror(-rc));
		return 1;
	}
	printf("%s\n", r == 0 ? "0" : strerrorname_np((int)-r));
	return 0;
}
