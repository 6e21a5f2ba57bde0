/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * blocked — threads blocked in different system calls, for sealctl seal:
 * one in read on a pipe, one in epoll_wait, one in nanosleep (1.5 s from
 * start), one in a futex wait; the main thread reads its commands from
 * stdin.  It prints "ready" when every thread sleeps in the kernel.
 *
 * Commands: "go" releases the threads (a byte to each pipe, the futex
 * word set and woken) and prints one line per call, "NAME ok" when it
 * ended as it should, then "done"; "mprotect" tries mprotect of its own
 * text page to its own protection and prints "mprotect 0" or
 * "mprotect EPERM".  Exit status 0 when every call ended as it should.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int rpipe[2], epipe[2];
static int futexword;
static double t0;
static const char *result[4];
static int eintr;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *by_read(void *arg)
{
	char c = 0;

	(void)arg;
	result[0] = read(rpipe[0], &c, 1) == 1 && c == 'r' ? "read ok" : "read FAILED";
	return NULL;
}

static void *by_epoll(void *arg)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = epipe[0] };
	char c = 0;
	int ep = epoll_create1(0), rc;

	(void)arg;
	epoll_ctl(ep, EPOLL_CTL_ADD, epipe[0], &ev);
	/* epoll_wait ends with EINTR after any ptrace stop (signal(7)). */
	while ((rc = epoll_wait(ep, &ev, 1, -1)) < 0 && errno == EINTR)
		eintr++;
	result[1] = rc == 1 && ev.data.fd == epipe[0] && read(epipe[0], &c, 1) == 1 && c == 'e' ?
		    "epoll_wait ok" : "epoll_wait FAILED";
	return NULL;
}

static void *by_nanosleep(void *arg)
{
	struct timespec ts = { 1, 500 * 1000 * 1000 };

	(void)arg;
	/* Not cut short; 0.3 s of slack for a late start. */
	result[2] = nanosleep(&ts, NULL) == 0 && now() - t0 >= 1.5 ? "nanosleep ok" :
		    "nanosleep FAILED";
	return NULL;
}

static void *by_futex(void *arg)
{
	(void)arg;
	while (__atomic_load_n(&futexword, __ATOMIC_SEQ_CST) == 0)
		syscall(SYS_futex, &futexword, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	result[3] = futexword == 7 ? "futex ok" : "futex FAILED";
	return NULL;
}

/* Every task but this one sleeping in the kernel ('S' in its stat). */
static int all_asleep(void)
{
	char path[300], buf[512];
	struct dirent *d;
	DIR *dir = opendir("/proc/self/task");
	int n = 0, asleep = 1;

	if (!dir)
		return 0;
	while ((d = readdir(dir))) {
		FILE *f;
		char *p;

		if (d->d_name[0] == '.' || atoi(d->d_name) == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/stat", d->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
		fclose(f);
		if (!p || p[2] != 'S')
			asleep = 0;
		n++;
	}
	closedir(dir);
	return asleep && n == 4;
}

int main(void)
{
	void *(*fn[4])(void *) = { by_read, by_epoll, by_nanosleep, by_futex };
	pthread_t th[4];
	char line[64];
	int i, failed = 0;

	t0 = now();
	if (pipe(rpipe) || pipe(epipe))
		return 2;
	for (i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, fn[i], NULL);
	while (!all_asleep())
		usleep(1000);
	printf("ready\n");
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		if (strcmp(line, "mprotect\n") == 0) {
			long page = sysconf(_SC_PAGESIZE);
			void *text = (void *)((uintptr_t)main & ~(uintptr_t)(page - 1));

			printf("mprotect %s\n", mprotect(text, page, PROT_READ | PROT_EXEC) == 0 ?
			       "0" : strerrorname_np(errno));
		} else if (strcmp(line, "go\n") == 0) {
			if (write(rpipe[1], "r", 1) != 1 || write(epipe[1], "e", 1) != 1)
				return 2;
			__atomic_store_n(&futexword, 7, __ATOMIC_SEQ_CST);
			syscall(SYS_futex, &futexword, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
			for (i = 0; i < 4; i++) {
				pthread_join(th[i], NULL);
				failed |= strstr(result[i], "FAILED") != NULL;
				printf("%s\n", result[i]);
			}
			printf("epoll_wait EINTR %d\ndone\n", eintr);
		}
		fflush(stdout);
	}
	return failed;
}
