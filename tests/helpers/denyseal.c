/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * denyseal — fault injection: run a program under a seccomp filter that
 * makes mseal fail as a kernel without it (ENOSYS), a sandbox that
 * forbids it (EPERM) or a failure inside the kernel (ENOMEM) would, and,
 * optionally, that takes away the two W^X backends of sealrun --deny-wx.
 *
 *   denyseal [-l] [-m|-M ERRNO] [-s ERRNO] [-p ERRNO] ERRNO|-|OK PROGRAM [ARG...]
 *
 *   ERRNO      mseal fails with this errno (ENOSYS, EPERM, ENOMEM, ...);
 *              "-" leaves mseal alone; "OK" answers it with success and
 *              runs nothing (a filter that lies: nothing gets sealed)
 *   -l         only mseal calls with len > 0: a zero-length probe, like
 *              sealrun's, still succeeds, and the failure comes later,
 *              inside the target
 *   -m ERRNO   prctl(PR_SET_MDWE) and prctl(PR_GET_MDWE) fail with it
 *              (EINVAL: a kernel before 6.3)
 *   -M ERRNO   only prctl(PR_SET_MDWE) fails: the probe passes, the
 *              setting does not
 *   -s ERRNO   seccomp(2), prctl(PR_SET_SECCOMP) and prctl(PR_GET_SECCOMP)
 *              fail with it (a kernel without seccomp)
 *   -p ERRNO   ptrace(2) fails with it (a sandbox that forbids tracing)
 *
 * The filter is the native architecture's only (libseccomp's default):
 * the helper only ever runs the native test binaries.  libseccomp 2.5
 * does not know mseal by name, so it is given by number.  Exit status:
 * 2 for bad usage or a filter that would not load, 127 when PROGRAM
 * cannot be executed, else PROGRAM's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "syscall_arch.h"

#ifndef PR_SET_MDWE
# define PR_SET_MDWE	65
# define PR_GET_MDWE	66
#endif

static _Noreturn void usage(void)
{
	fprintf(stderr, "usage: denyseal [-l] [-m|-M ERRNO] [-s ERRNO] [-p ERRNO] ERRNO|-|OK PROGRAM "
		"[ARG...]\n");
	exit(2);
}

/* "EPERM" → EPERM, by glibc's own names; 0 for "-"; FAKE_OK for "OK";
 * -1 if unknown. */
#define FAKE_OK 4096

static int errno_by_name(const char *name)
{
	if (strcmp(name, "-") == 0)
		return 0;
	if (strcmp(name, "OK") == 0)
		return FAKE_OK;
	for (int e = 1; e < 4096; e++) {
		const char *n = strerrorname_np(e);

		if (n && strcmp(n, name) == 0)
			return e;
	}
	return -1;
}

static int need_errno(const char *name)
{
	int e = errno_by_name(name);

	if (e <= 0 || e == FAKE_OK) {
		fprintf(stderr, "denyseal: '%s' is not an errno name (EPERM, ENOSYS, ...)\n", name);
		exit(2);
	}
	return e;
}

static int add_prctl(scmp_filter_ctx ctx, int err, int option)
{
	return seccomp_rule_add(ctx, SCMP_ACT_ERRNO((unsigned)err), SCMP_SYS(prctl), 1,
				SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)option));
}

int main(int argc, char **argv)
{
	int seal_err, mdwe_err = 0, set_mdwe_err = 0, seccomp_err = 0, ptrace_err = 0, opt, rc = 0;
	int only_len = 0, fake = 0;
	scmp_filter_ctx ctx;

	while ((opt = getopt(argc, argv, "+lm:M:s:p:")) != -1) {
		switch (opt) {
		case 'l': only_len = 1; break;
		case 'm': mdwe_err = set_mdwe_err = need_errno(optarg); break;
		case 'M': set_mdwe_err = need_errno(optarg); break;
		case 's': seccomp_err = need_errno(optarg); break;
		case 'p': ptrace_err = need_errno(optarg); break;
		default: usage();
		}
	}
	if (argc - optind < 2)
		usage();
	seal_err = errno_by_name(argv[optind]);
	if (seal_err < 0)
		need_errno(argv[optind]);

	/* SECCOMP_RET_ERRNO with 0: the call is skipped and returns 0. */
	if (seal_err == FAKE_OK)
		seal_err = 0, fake = 1;
	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return 2;
	if (fake)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(0), SEAL_NR_mseal, only_len,
				      SCMP_A1(SCMP_CMP_NE, 0));
	else if (seal_err && only_len)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO((unsigned)seal_err), SEAL_NR_mseal, 1,
				      SCMP_A1(SCMP_CMP_NE, 0));
	else if (seal_err)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO((unsigned)seal_err), SEAL_NR_mseal, 0);
	if (rc == 0 && set_mdwe_err)
		rc = add_prctl(ctx, set_mdwe_err, PR_SET_MDWE);
	if (rc == 0 && mdwe_err)
		rc = add_prctl(ctx, mdwe_err, PR_GET_MDWE);
	if (rc == 0 && seccomp_err)
		rc = add_prctl(ctx, seccomp_err, PR_SET_SECCOMP);
	if (rc == 0 && seccomp_err)
		rc = add_prctl(ctx, seccomp_err, PR_GET_SECCOMP);
	if (rc == 0 && seccomp_err)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO((unsigned)seccomp_err),
				      SCMP_SYS(seccomp), 0);
	if (rc == 0 && ptrace_err)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO((unsigned)ptrace_err),
				      SCMP_SYS(ptrace), 0);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc < 0) {
		fprintf(stderr, "denyseal: seccomp: %s\n", strerror(-rc));
		return 2;
	}
	execvp(argv[optind + 1], argv + optind + 1);
	fprintf(stderr, "denyseal: %s: %s\n", argv[optind + 1], strerror(errno));
	return 127;
}
