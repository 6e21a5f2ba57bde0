/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * A process whose main thread waits in vfork(2): the child sleeps for
 * argv[1] seconds before it exits.  A thread in vfork cannot be stopped
 * (its wait is killable only) until the child execs or exits.  Prints
 * "ready" before the vfork, "vfork done" after.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned int secs = argc > 1 ? (unsigned int)atoi(argv[1]) : 30;
	pid_t p;

	puts("ready");
	fflush(stdout);
	p = vfork();
	if (p == 0) {
		sleep(secs);
		_exit(0);
	}
	if (p < 0 || waitpid(p, NULL, 0) != p)
		return 1;
	puts("vfork done");
	fflush(stdout);
	pause();
	return 0;
}
