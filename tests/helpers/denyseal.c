/*
 * denyseal — run a program under a seccomp filter that makes mseal fail,
 * as a kernel without mseal (ENOSYS) or a sandbox that forbids it (EPERM)
 * would.
 *
 *   denyseal ENOSYS|EPERM PROGRAM [ARG...]
 *
 * The filter has no architecture check: it only ever runs the native
 * test binaries, and refusing the same number in another ABI as well
 * would change nothing here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "syscall_arch.h"

int main(int argc, char **argv)
{
	int err;

	if (argc < 3 || (strcmp(argv[1], "ENOSYS") && strcmp(argv[1], "EPERM"))) {
		fprintf(stderr, "usage: denyseal ENOSYS|EPERM PROGRAM [ARG...]\n");
		return 2;
	}
	err = strcmp(argv[1], "ENOSYS") == 0 ? ENOSYS : EPERM;

	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SEAL_NR_mseal, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (unsigned)err),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(code) / sizeof(code[0]),
		.filter = code,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) {
		perror("denyseal: seccomp");
		return 2;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "denyseal: %s: %s\n", argv[2], strerror(errno));
	return 127;
}
