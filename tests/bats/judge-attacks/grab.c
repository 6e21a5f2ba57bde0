// SPDX-License-Identifier: GPL-2.0-or-later
// SPDX-FileCopyrightText: 2026 The sealtools authors
/* A program of a sealed tree takes its supervisor's listener: it finds
 * its own supervisor (the process whose executable is SEALRUN, whose
 * command line is sealrun's that started this one, and which holds a
 * seccomp notify listener), copies that descriptor (pidfd_getfd, as
 * the same user may), kills the supervisor, and answers every exec of
 * its child, which executes PROGRAM, with "go on".
 * Usage: grab SEALRUN PROGRAM [ARG...]; prints what it did; the exit
 * status is the child's, or 10+ where a step was refused. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The command line of PID, at most size bytes: its length, or -1. */
static ssize_t cmdline(const char *pid, char *buf, size_t size)
{
	char path[300];
	ssize_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = (ssize_t)fread(buf, 1, size, f);
	fclose(f);
	return n;
}

static int listener_of(pid_t pid)
{
	char path[64], link[256];
	struct dirent *d;
	DIR *dir;
	int fd = -1;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	dir = opendir(path);
	if (!dir)
		return -1;
	while (fd < 0 && (d = readdir(dir))) {
		char p[320];
		ssize_t n;

		snprintf(p, sizeof(p), "%s/%s", path, d->d_name);
		n = readlink(p, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (strstr(link, "seccomp notify"))
			fd = atoi(d->d_name);
	}
	closedir(dir);
	return fd;
}

int main(int argc, char **argv)
{
	struct stat want, st;
	struct dirent *d;
	DIR *proc;
	pid_t sup = 0, child;
	int lfd = -1, fd, pidfd, status;

	static char mine[8192], theirs[8192];
	ssize_t nmine, ntheirs;

	if (argc < 3 || stat(argv[1], &want) < 0)
		return 2;
	nmine = cmdline("self", mine, sizeof(mine));
	if (nmine <= 0 || (size_t)nmine == sizeof(mine))
		return 2;
	proc = opendir("/proc");
	while (proc && !sup && (d = readdir(proc))) {
		char path[300];
		pid_t pid = atoi(d->d_name);

		if (pid <= 0 || pid == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
		if (stat(path, &st) < 0 || st.st_dev != want.st_dev || st.st_ino != want.st_ino)
			continue;
		/* sealrun's command line: its own name, then this one's. */
		ntheirs = cmdline(d->d_name, theirs, sizeof(theirs));
		if (ntheirs <= 0 || !memchr(theirs, '\0', (size_t)ntheirs))
			continue;
		ntheirs -= (ssize_t)strlen(theirs) + 1;
		if (ntheirs != nmine || memcmp(theirs + strlen(theirs) + 1, mine, (size_t)nmine))
			continue;
		if ((lfd = listener_of(pid)) >= 0)
			sup = pid;
	}
	if (!sup) {
		printf("no supervisor found\n");
		return 10;
	}
	pidfd = (int)syscall(SYS_pidfd_open, sup, 0);
	fd = pidfd < 0 ? -1 : (int)syscall(SYS_pidfd_getfd, pidfd, lfd, 0);
	if (fd < 0) {
		printf("supervisor %d: its listener %d not taken: %s\n", (int)sup, lfd, strerror(errno));
		return 11;
	}
	printf("supervisor %d: listener taken\n", (int)sup);
	fflush(stdout);
	/* The supervisor gone, the listener is ours alone. */
	kill(sup, SIGKILL);
	child = fork();
	if (child == 0) {
		syscall(SYS_execve, argv[2], argv + 2, environ);
		_exit(127);
	}
	for (;;) {
		struct seccomp_notif req;
		struct seccomp_notif_resp resp;
		struct pollfd p = { fd, POLLIN, 0 };

		if (waitpid(child, &status, WNOHANG) == child)
			goto done;
		if (poll(&p, 1, 100) <= 0)
			continue;
		memset(&req, 0, sizeof(req));
		if (ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
			continue;
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
done:
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
