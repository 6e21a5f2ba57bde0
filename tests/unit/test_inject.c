/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * common/inject.c on real processes, as TAP.  Each case forks a child that
 * blocks in one system call, seizes and interrupts it, injects calls
 * whose results only the child can give (getpid, gettid, an mprotect of
 * its own page, a bad address), restores it, detaches, and then lets the
 * child prove that its blocked call resumed as if nothing had happened:
 * the byte written to the pipe is read, the timer fires, the futex wake
 * is seen, a signal sent while the child was stopped is handled.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "inject.h"
#include "tap.h"

enum how { BY_READ, BY_EPOLL, BY_NANOSLEEP, BY_FUTEX, BY_SIGNAL };

static int data[2], ready[2];
static volatile int *futexword;
static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1 = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The child: block as told; exit 0 only if the call ended as it should. */
static int child(enum how how)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	struct epoll_event ev = { .events = EPOLLIN };
	struct timespec ts = { 0, 400 * 1000 * 1000 };
	char c = 0;
	double t0;
	int ep, rc;

	sigaction(SIGUSR1, &sa, NULL);
	t0 = now();
	if (write(ready[1], "r", 1) != 1)
		return 10;
	switch (how) {
	case BY_READ:
		return read(data[0], &c, 1) == 1 && c == 'x' ? 0 : 1;
	case BY_SIGNAL:
		/* SA_RESTART: the read goes on after the handler. */
		return read(data[0], &c, 1) == 1 && c == 'x' && got_usr1 ? 0 : 1;
	case BY_EPOLL:
		ep = epoll_create1(0);
		ev.data.fd = data[0];
		if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, data[0], &ev) != 0)
			return 11;
		/* epoll_wait ends with EINTR after any ptrace stop, injected
		 * calls or not (signal(7)); programs call it again. */
		while ((rc = epoll_wait(ep, &ev, 1, -1)) < 0 && errno == EINTR)
			;
		return rc == 1 && ev.data.fd == data[0] ? 0 : 1;
	case BY_NANOSLEEP:
		/* Resumed, not cut short, and not started again from zero
		 * by much (x86_64 resumes through restart_syscall). */
		if (nanosleep(&ts, NULL) != 0)
			return 1;
		return now() - t0 >= 0.4 ? 0 : 2;
	case BY_FUTEX:
		while (*futexword == 0)
			syscall(SYS_futex, futexword, FUTEX_WAIT, 0, NULL, NULL, 0);
		return *futexword == 7 ? 0 : 1;
	}
	return 12;
}

static int wait_stop(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, __WALL) != pid || !WIFSTOPPED(st))
		return -1;
	return st;
}

/* Is sig pending for pid, in the thread's or the process's set? */
static int pending(pid_t pid, int sig)
{
	char path[64], line[256];
	unsigned long long mask = 0, m;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SigPnd: %llx", &m) == 1 || sscanf(line, "ShdPnd: %llx", &m) == 1)
			mask |= m;
	fclose(f);
	return (mask >> (sig - 1)) & 1;
}

static void one_case(enum how how, const char *name)
{
	struct seal_inject in;
	long r = 0, page = sysconf(_SC_PAGESIZE);
	int st, rc;
	pid_t pid;
	char c;

	if (pipe(data) || pipe(ready))
		exit(2);
	pid = fork();
	if (pid == 0)
		_exit(child(how));
	close(ready[1]);
	ok(read(ready[0], &c, 1) == 1, "%s: child ready", name);
	usleep(100 * 1000);	/* into the blocking call (a late start still passes) */
	ok(ptrace(PTRACE_SEIZE, pid, NULL, NULL) == 0 &&
	   ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) == 0, "%s: seized", name);
	st = wait_stop(pid);
	ok(st > 0 && st >> 16 == PTRACE_EVENT_STOP, "%s: interrupt stop", name);
	if (how == BY_SIGNAL)
		kill(pid, SIGUSR1);	/* pending while we inject */

	rc = seal_inject_begin(&in, pid);
	ok(rc == 0, "%s: begin (%s)", name, strerror(-rc));
	rc = seal_inject_syscall(&in, &r, SYS_getpid, 0, 0, 0, 0, 0, 0);
	ok(rc == 0 && r == pid, "%s: injected getpid is the child's (%ld)", name, r);
	rc = seal_inject_syscall(&in, &r, SYS_gettid, 0, 0, 0, 0, 0, 0);
	ok(rc == 0 && r == pid, "%s: injected gettid", name);
	/* A failing call: its -errno is the result, not our error. */
	rc = seal_inject_syscall(&in, &r, SYS_mprotect, 1, page, PROT_READ, 0, 0, 0);
	ok(rc == 0 && r == -EINVAL, "%s: injected mprotect(1) gives -EINVAL (%ld)", name, r);
	rc = seal_inject_syscall(&in, &r, SYS_mprotect, (long)in.site & ~(page - 1), page,
				 PROT_READ | PROT_EXEC, 0, 0, 0);
	ok(rc == 0 && (r == 0 || r == -EPERM), "%s: injected mprotect of its vDSO page (%ld)",
	   name, r);
	/* Blocked while we inject (begin() masks every signal): still
	 * pending for the program, which must see it after end(). */
	if (how == BY_SIGNAL)
		ok(in.nsignals == 0 && pending(pid, SIGUSR1),
		   "%s: the signal sent during injection is still pending", name);
	ok(seal_inject_end(&in) == 0, "%s: end", name);
	ok(ptrace(PTRACE_DETACH, pid, NULL, NULL) == 0, "%s: detached", name);

	if (how == BY_FUTEX) {
		*futexword = 7;
		syscall(SYS_futex, futexword, FUTEX_WAKE, 1, NULL, NULL, 0);
	} else if (how != BY_NANOSLEEP) {
		usleep(50 * 1000);
		ok(write(data[1], "x", 1) == 1, "%s: wrote to the pipe", name);
	}
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "%s: the blocked call resumed correctly (status %#x)", name, st);
	close(data[0]);
	close(data[1]);
	close(ready[0]);
	*futexword = 0;
}

/* qemu-user has no ptrace (ENOSYS): nothing to test there. */
static int have_ptrace(void)
{
	pid_t pid = fork();
	int st, rc;

	if (pid == 0) {
		pause();
		_exit(0);
	}
	rc = ptrace(PTRACE_SEIZE, pid, NULL, NULL) == 0 ? 0 : -errno;
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return rc;
}

int main(void)
{
	int rc = have_ptrace();

	if (rc == -ENOSYS) {
		skip("no ptrace here (qemu-user answers ENOSYS)");
		return tap_done();
	}
	futexword = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (futexword == MAP_FAILED)
		return 2;
	one_case(BY_READ, "read");
	one_case(BY_EPOLL, "epoll_wait");
	one_case(BY_NANOSLEEP, "nanosleep");
	one_case(BY_FUTEX, "futex");
	one_case(BY_SIGNAL, "signal");
	return tap_done();
}
