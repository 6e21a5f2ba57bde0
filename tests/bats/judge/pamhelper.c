// SPDX-License-Identifier: GPL-2.0-or-later
// SPDX-FileCopyrightText: 2026 The sealtools authors
/*
 * What sshd-session's root monitor does through pam_unix's account check
 * (Linux-PAM 1.6 and later): fork, and in the child exec the set-group-ID
 * helper HELPER with "USER chkexpiry", an empty environment, its standard
 * output on a pipe and its standard error on /dev/null; the parent reads
 * the pipe and prints the child's exit status ("exit N", or "signal N").
 * Usage: pamhelper HELPER USER
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char *const env[] = { NULL }, buf[256];
	int p[2], status, null;
	pid_t pid;

	if (argc != 3 || pipe(p) < 0)
		return 2;
	pid = fork();
	if (pid == 0) {
		null = open("/dev/null", O_RDWR);
		if (null < 0)
			_exit(2);
		dup2(null, STDIN_FILENO);
		dup2(p[1], STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		close(p[0]);
		execve(argv[1], (char *const[]){ argv[1], argv[2], (char *)"chkexpiry", NULL }, env);
		_exit(126);
	}
	close(p[1]);
	while (read(p[0], (char *)buf, sizeof(buf)) > 0)
		;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 2;
	if (WIFEXITED(status))
		printf("exit %d\n", WEXITSTATUS(status));
	else
		printf("signal %d\n", WTERMSIG(status));
	return 0;
}
