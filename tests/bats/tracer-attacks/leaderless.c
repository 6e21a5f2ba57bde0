/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * A process whose first thread has ended (pthread_exit) while another
 * runs on: /proc/PID shows a zombie with no mappings, but the process
 * is alive, and its address space with it.  Prints "ready"; exits 0
 * when it gets SIGUSR1 (its living thread waits for it).
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static void *waiter(void *arg)
{
	sigset_t *set = arg;
	int sig;

	sigwait(set, &sig);
	exit(0);
}

int main(void)
{
	static sigset_t set;
	pthread_t t;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (pthread_create(&t, NULL, waiter, &set) != 0)
		return 1;
	puts("ready");
	fflush(stdout);
	pthread_exit(NULL);
}
