/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Queued signals, counted.
 *   rtflood                 say "ready", count SIGRTMIN (a handler); on
 *                           SIGUSR2 print "got N" and exit
 *   rtflood PID N           sigqueue SIGRTMIN to PID N times (again on
 *                           EAGAIN, a queue full: none is dropped here),
 *                           say "sent N"
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void count(int sig)
{
	(void)sig;
	got++;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = count, .sa_flags = SA_RESTART };
	sigset_t usr2;
	int sig;

	if (argc > 2) {
		pid_t pid = (pid_t)atoi(argv[1]);
		long n = atol(argv[2]), sent = 0;
		union sigval v = { 0 };

		while (sent < n) {
			if (sigqueue(pid, SIGRTMIN, v) == 0)
				sent++;
			else if (errno == EAGAIN)
				usleep(10);
			else
				return 1;
		}
		printf("sent %ld\n", sent);
		return 0;
	}
	sigaction(SIGRTMIN, &sa, NULL);
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	puts("ready");
	fflush(stdout);
	while (sigwait(&usr2, &sig) != 0)
		;
	printf("got %ld\n", (long)got);
	return 0;
}
