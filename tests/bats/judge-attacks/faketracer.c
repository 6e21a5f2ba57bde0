/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * A tracer that wears sealrun's file.  Built twice:
 *
 *   -shared -DFAKE_LIB  faketracer.so: preloaded into sealrun's own
 *       program (run as "sealrun --version"), its constructor seizes the
 *       process VICTIM, lets it go (a byte on GOFD), takes it at its exec
 *       stop and renames LD_AUDIT and LD_PRELOAD in its new environment,
 *       so that its loader loads neither the sealer nor the guard.
 *   faketracer SEALRUN LIB PROGRAM [ARG...]: forks the victim, which
 *       waits for the byte and execs PROGRAM, then runs SEALRUN with LIB
 *       preloaded.  Exit status: the victim's.
 *
 * A supervisor that trusted a tracer by its file (/proc/PID/exe is
 * sealrun's) let the victim's exec go unchecked: PROGRAM ran unsealed.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef FAKE_LIB
__attribute__((constructor)) static void fake(void)
{
	const char *v = getenv("VICTIM"), *g = getenv("GOFD");
	char path[64], stat[4096], *p, *env;
	unsigned long start, end;
	pid_t victim;
	int status, fd, field = 3;
	ssize_t n;

	if (!v || !g)
		return;
	victim = atoi(v);
	if (ptrace(PTRACE_SEIZE, victim, 0, PTRACE_O_TRACEEXEC) < 0 ||
	    write(atoi(g), "g", 1) != 1)
		_exit(1);
	for (;;) {
		if (waitpid(victim, &status, __WALL) != victim)
			_exit(1);
		if ((status >> 8) == (SIGTRAP | (PTRACE_EVENT_EXEC << 8)))
			break;
		ptrace(PTRACE_CONT, victim, 0, (status >> 16) ? 0 : WSTOPSIG(status));
	}
	/* env_start and env_end: fields 50 and 51 of its stat. */
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)victim);
	fd = open(path, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, stat, sizeof(stat) - 1);
	if (n <= 0)
		_exit(1);
	stat[n] = '\0';
	for (p = strrchr(stat, ')') + 2; field < 50 && *p; p++)
		field += *p == ' ';
	if (sscanf(p, "%lu %lu", &start, &end) != 2 || end <= start)
		_exit(1);
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)victim);
	fd = open(path, O_RDWR);
	env = malloc(end - start + 1);
	if (fd < 0 || !env || pread(fd, env, end - start, (off_t)start) != (ssize_t)(end - start))
		_exit(1);
	env[end - start] = '\0';
	for (char *e = env; e < env + (end - start); e += strlen(e) + 1)
		if (!strncmp(e, "LD_AUDIT=", 9) || !strncmp(e, "LD_PRELOAD=", 11))
			if (pwrite(fd, "X", 1, (off_t)(start + (unsigned long)(e - env) + 7)) != 1)
				_exit(1);
	ptrace(PTRACE_DETACH, victim, 0, 0);
	_exit(0);
}
#else
int main(int argc, char **argv)
{
	char victim[16], gofd[16], preload[4096];
	const char *old = getenv("LD_PRELOAD");
	int go[2], status;
	pid_t v, t;

	if (argc < 4 || pipe(go) < 0)
		return 2;
	v = fork();
	if (v == 0) {
		char b;

		close(go[1]);
		if (read(go[0], &b, 1) != 1)
			_exit(126);
		execv(argv[3], argv + 3);
		perror(argv[3]);
		_exit(127);
	}
	close(go[0]);
	snprintf(victim, sizeof(victim), "%d", (int)v);
	snprintf(gofd, sizeof(gofd), "%d", go[1]);
	snprintf(preload, sizeof(preload), "%s%s%s", old ? old : "", old ? ":" : "", argv[2]);
	setenv("VICTIM", victim, 1);
	setenv("GOFD", gofd, 1);
	setenv("LD_PRELOAD", preload, 1);
	t = fork();
	if (t == 0) {
		execl(argv[1], argv[1], "--version", (char *)NULL);
		_exit(127);
	}
	close(go[1]);
	waitpid(t, &status, 0);
	if (waitpid(v, &status, 0) != v)
		return 2;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
#endif
