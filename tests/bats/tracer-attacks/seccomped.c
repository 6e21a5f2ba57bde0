/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * A process under seccomp, blocked in read(0) until a line comes, then
 * "read done" and exit 0.  argv[1], the filter, installed before "ready":
 *   strict  SECCOMP_MODE_STRICT (any other call kills it)
 *   kill    mseal kills the process, anything else allowed
 *   trap    mseal raises SIGSYS (default action: dies)
 *   fake    mseal "succeeds" (errno 0, not run), mprotect fails EPERM
 *   allow   only swapon refused: mseal and mprotect allowed
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_mseal
#define SYS_mseal 462
#endif

#define NR	offsetof(struct seccomp_data, nr)
#define ARCH	offsetof(struct seccomp_data, arch)

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";
	unsigned int on_mseal = SECCOMP_RET_ALLOW, on_mprotect = SECCOMP_RET_ALLOW;
	char buf[16];

	if (strcmp(m, "kill") == 0)
		on_mseal = SECCOMP_RET_KILL_PROCESS;
	else if (strcmp(m, "trap") == 0)
		on_mseal = SECCOMP_RET_TRAP;
	else if (strcmp(m, "fake") == 0) {
		on_mseal = SECCOMP_RET_ERRNO | 0;
		on_mprotect = SECCOMP_RET_ERRNO | EPERM;
	} else if (strcmp(m, "allow") != 0 && strcmp(m, "strict") != 0) {
		fprintf(stderr, "usage: seccomped strict|kill|trap|fake|allow\n");
		return 64;
	}
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARCH),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mseal, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, on_mseal),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_mprotect, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, on_mprotect),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_swapon, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    (strcmp(m, "strict") == 0 ? prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT) :
	     prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) != 0) {
		perror("seccomped: seccomp");
		return 1;
	}
	/* Only read, write and exit from here on (strict mode). */
	if (write(1, "ready\n", 6) != 6 || read(0, buf, sizeof(buf)) <= 0 ||
	    write(1, "read done\n", 10) != 10)
		syscall(SYS_exit, 1);
	syscall(SYS_exit, 0);
	return 0;
}
