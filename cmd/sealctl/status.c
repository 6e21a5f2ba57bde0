/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl status — what this kernel and C library can do.
 *
 * Every answer comes from trying, not from version numbers: the probe
 * issues mseal(page, 0, 0); "smaps shows sealing" seals a page of this
 * process and looks for it in our own smaps; the system mappings are
 * sealed when the kernel sealed our [vdso]/[vvar]/[vvar_vclock] at exec
 * (CONFIG_MSEAL_SYSTEM_MAPPINGS).
 */
#define _GNU_SOURCE
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "seal.h"
#include "seal_policy.h"
#include "seal_mdwe.h"
#include "sealctl.h"
#include "json.h"

/* Linux 6.3; older headers lack them. */

enum { NO = 0, YES = 1, UNKNOWN = -1 };

struct status {
	struct utsname uts;
	int probe;		/* 0, or -errno from seal_probe() */
	int smaps_flag;		/* smaps shows "sl" for a sealed VMA */
	int system_sealed;	/* [vdso] and friends sealed at exec */
	int mdwe;		/* prctl(PR_GET_MDWE) works */
	int seccomp;		/* the kernel has seccomp */
	int seccomp_mode;	/* this process: 0 none, 1 strict, 2 filter, -1 unknown */
	unsigned int json:1;
};

/* The mappings CONFIG_MSEAL_SYSTEM_MAPPINGS seals: those of "system". */
static bool is_sealable_system(const struct seal_vma *v)
{
	return v->kind == SEAL_KIND_SYSTEM && seal_policy_system_path(v->path);
}

/*
 * Read our own smaps once.  When mseal works, first seal a fresh page of
 * our own (it stays mapped until we exit) and see whether smaps shows it
 * sealed.  0, or -errno when smaps could not be read.
 */
static int check_smaps(struct status *st)
{
	long pagesz = sysconf(_SC_PAGESIZE);
	void *page = NULL;
	struct seal_smaps *r;
	struct seal_vma v;
	int nsys = 0, nsys_sealed = 0, found = 0, rc;

	if (st->probe == 0) {
		page = mmap(NULL, (size_t)pagesz, PROT_READ,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (page == MAP_FAILED)
			return -errno;
		rc = seal_range(page, (size_t)pagesz);
		if (rc < 0)
			return rc;
	}

	rc = seal_smaps_open(&r, 0);
	if (rc < 0)
		return rc;
	while ((rc = seal_smaps_next(r, &v)) > 0) {
		if (page && v.start == (uintptr_t)page) {
			found = 1;
			st->smaps_flag = v.sealed ? YES : NO;
		}
		if (is_sealable_system(&v)) {
			nsys++;
			nsys_sealed += v.sealed;
		}
	}
	seal_smaps_close(r);
	if (rc < 0)
		return rc;
	if (page && !found)
		return -EBADMSG;	/* our own page missing: not believable */

	/* A sealed [vdso] also proves that smaps can show sealing; a kernel
	 * without mseal has no such flag. */
	if (nsys_sealed)
		st->smaps_flag = YES;
	else if (st->probe == -ENOSYS)
		st->smaps_flag = NO;
	if (nsys && nsys_sealed == nsys)
		st->system_sealed = YES;
	else if (st->smaps_flag == YES || st->probe == -ENOSYS || !nsys)
		st->system_sealed = NO;
	return 0;
}

static void check_seccomp(struct status *st)
{
	struct proc_wx wx;
	int mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0), dirfd;

	if (mode >= 0) {
		st->seccomp = YES;
		st->seccomp_mode = mode;
		return;
	}
	if (errno == EINVAL) {
		st->seccomp = NO;	/* kernel built without CONFIG_SECCOMP */
		return;
	}
	/* prctl itself refused (a filter can do that): ask /proc instead. */
	dirfd = proc_open(getpid());
	if (dirfd < 0)
		return;
	if (proc_wx(dirfd, getpid(), &wx) == 0 && wx.seccomp >= 0) {
		st->seccomp = YES;
		st->seccomp_mode = wx.seccomp;
	}
	close(dirfd);
}

static const char *yes_no(int v)
{
	return v == YES ? "yes" : v == NO ? "no" : "unknown";
}

/* yes, no or unknown as true, false or null. */
static void json_tristate(struct json *j, const char *key, int v)
{
	if (v == UNKNOWN)
		json_null(j, key);
	else
		json_bool(j, key, v == YES);
}

static const char *seccomp_mode_name(int mode)
{
	switch (mode) {
	case 0:
		return "disabled";
	case 1:
		return "strict";
	case 2:
		return "filter";
	default:
		return NULL;
	}
}

static void print_text(const struct status *st)
{
	const char *mode = seccomp_mode_name(st->seccomp_mode);
	char probe[96];

	if (st->probe == 0)
		snprintf(probe, sizeof(probe), "yes");
	else
		snprintf(probe, sizeof(probe), "no (%s: %s)",
			 strerrorname_np(-st->probe) ?: "?", err_cause(-st->probe));

#define KV(key, fmt, ...) printf("%-24s" fmt "\n", key ":", __VA_ARGS__)
	KV("kernel release", "%s", st->uts.release);
	KV("architecture", "%s", st->uts.machine);
	KV("mseal usable", "%s", probe);
	KV("smaps shows sealing", "%s", yes_no(st->smaps_flag));
	KV("system mappings sealed", "%s", yes_no(st->system_sealed));
	KV("mseal backend", "%s", strcmp(seal_backend(), "libc") == 0 ?
	   "libc mseal()" : "raw system call");
	KV("PR_SET_MDWE", "%s", st->mdwe ? "available" : "not available");
	if (st->seccomp == YES && mode)
		KV("seccomp", "available (this process: %s)", mode);
	else
		KV("seccomp", "%s", st->seccomp == YES ? "available" :
		   st->seccomp == NO ? "not available" : "unknown");
#undef KV
}

static void print_json(const struct status *st)
{
	struct json j;

	json_begin(&j, stdout);
	json_string(&j, "kernel", st->uts.release);
	json_string(&j, "architecture", st->uts.machine);
	json_bool(&j, "mseal", st->probe == 0);
	json_string(&j, "mseal_error", st->probe == 0 ? NULL :
		    strerrorname_np(-st->probe) ?: "?");
	json_tristate(&j, "smaps_sealing", st->smaps_flag);
	json_tristate(&j, "system_mappings_sealed", st->system_sealed);
	json_string(&j, "backend", seal_backend());
	json_tristate(&j, "mdwe", st->mdwe);
	json_tristate(&j, "seccomp", st->seccomp);
	json_string(&j, "seccomp_mode", seccomp_mode_name(st->seccomp_mode));
	json_end(&j);
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct status *st = state->input;

	switch (key) {
	case 'J':
		st->json = 1;
		return 0;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s'", arg);
		return EINVAL;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

int cmd_status(int argc, char **argv)
{
	static const struct argp_option options[] = {
		{ "json", 'J', NULL, 0, "print JSON", 0 },
		{ 0 }
	};
	static const struct argp argp = {
		.options = options,
		.parser = parse_opt,
		.doc = "Show what this kernel and C library can do for memory "
		       "sealing.\vExit status: 0 when mseal(2) is usable, 1 when not.",
	};
	struct status st = {
		.smaps_flag = UNKNOWN, .system_sealed = UNKNOWN,
		.seccomp = UNKNOWN, .seccomp_mode = -1,
	};
	int rc;

	sealctl_argp_parse(&argp, argc, argv, 0, &st);

	uname(&st.uts);
	st.probe = seal_probe();
	rc = check_smaps(&st);
	if (rc < 0)
		sealctl_warn("self: %s (smaps)", err_cause(-rc));
	st.mdwe = prctl(PR_GET_MDWE, 0, 0, 0, 0) >= 0 ? YES : NO;
	check_seccomp(&st);

	if (st.json)
		print_json(&st);
	else
		print_text(&st);
	return st.probe == 0 ? SEALCTL_EXIT_OK : SEALCTL_EXIT_FAIL;
}
