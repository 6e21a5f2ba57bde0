/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealrun --deny-wx: keep PROGRAM and its descendants from having memory
 * that is writable and executable at once, or that becomes executable
 * after it was mapped.  Sealing fixes the mappings a program has; this
 * closes the other way in, new code in new or changed memory.
 *
 * Two backends, both inherited across fork and execve and impossible to
 * lift afterwards:
 *
 *   prctl    PR_SET_MDWE with PR_MDWE_REFUSE_EXEC_GAIN (Linux 6.3): the
 *            kernel's own rule.  It knows each mapping's current flags,
 *            so it refuses exactly the gain of PROT_EXEC; a refusal is
 *            EACCES.
 *   seccomp  a libseccomp filter in the spirit of systemd's
 *            MemoryDenyWriteExecute=.  A filter sees arguments, not
 *            mappings, so it refuses every mprotect that asks for
 *            PROT_EXEC, even on memory that is executable already; a
 *            refusal is EPERM.
 *
 * Both are set by sealrun itself, just before execve, so that the
 * program's dynamic loader runs under them too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "msg.h"
#include "seal_mdwe.h"
#include "sealrun.h"

/* Linux 6.3 and 6.6; Debian 12's headers (6.1) have neither. */

static const char *const names[] = {
	[WX_OFF] = "off", [WX_AUTO] = "auto", [WX_PRCTL] = "prctl", [WX_SECCOMP] = "seccomp",
};

int wx_parse(const char *text, enum wx_mode *mode)
{
	for (enum wx_mode m = WX_AUTO; m <= WX_SECCOMP; m++) {
		if (strcmp(text, names[m]) == 0) {
			*mode = m;
			return 0;
		}
	}
	return -EINVAL;
}

const char *wx_name(enum wx_mode mode)
{
	return mode <= WX_SECCOMP ? names[mode] : "?";
}

/* ---- can a backend be used here? ---------------------------------------- */

/* NULL when PR_SET_MDWE will work, else why not. */
static const char *mdwe_unusable(void)
{
	int bits = prctl(PR_GET_MDWE, 0, 0, 0, 0);

	if (bits < 0)
		return errno == EINVAL ? "this kernel has no PR_SET_MDWE, which needs Linux 6.3 "
				       "or later"
				       : "PR_GET_MDWE is refused here (seccomp or a security module)";
	/* Already set by an ancestor without inheritance: execve would drop
	 * it, and the kernel will not let the bits change. */
	if ((unsigned long)bits & PR_MDWE_NO_INHERIT)
		return "MDWE is already set here with PR_MDWE_NO_INHERIT, which cannot be changed";
	return NULL;
}

/* NULL when a seccomp filter can be loaded, else why not. */
static const char *seccomp_unusable(void)
{
	/* EINVAL: built without CONFIG_SECCOMP.  Under strict mode this
	 * process could not be running sealrun at all. */
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0)
		return "this kernel has no seccomp (CONFIG_SECCOMP)";
	return NULL;
}

/* Does this process hold CAP_SYS_ADMIN in its own user namespace?  Then
 * the kernel lets it load a filter without no_new_privs. */
static bool has_sys_admin(void)
{
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	if (syscall(SYS_capget, &head, data) < 0)
		return false;
	return data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective & CAP_TO_MASK(CAP_SYS_ADMIN);
}

/*
 * The seccomp backend sets no_new_privs only where the kernel demands it
 * (no CAP_SYS_ADMIN), as systemd does: it is inherited and cannot be
 * cleared, and it makes set-user-ID programs run without their privilege.
 */
static bool needs_nnp(void)
{
	return prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1 && !has_sys_admin();
}

int wx_choose(enum wx_mode want, struct wx_plan *plan, struct seal_refusal *r)
{
	const char *no_mdwe = NULL, *no_seccomp = NULL;

	plan->want = want;
	plan->mode = WX_OFF;
	plan->nnp = false;
	if (want == WX_OFF)
		return 0;
	if (want == WX_AUTO || want == WX_PRCTL) {
		no_mdwe = mdwe_unusable();
		if (!no_mdwe) {
			plan->mode = WX_PRCTL;
			return 0;
		}
		if (want == WX_PRCTL)
			return seal_refuse(r, EXIT_FAILED, "--deny-wx=prctl: %s; try --deny-wx=seccomp",
				      no_mdwe);
	}
	no_seccomp = seccomp_unusable();
	if (no_seccomp && want == WX_SECCOMP)
		return seal_refuse(r, EXIT_FAILED, "--deny-wx=seccomp: %s", no_seccomp);
	if (no_seccomp)
		return seal_refuse(r, EXIT_FAILED, "--deny-wx: neither backend can work here: "
			      "prctl: %s; seccomp: %s", no_mdwe, no_seccomp);
	plan->mode = WX_SECCOMP;
	plan->nnp = needs_nnp();
	return 0;
}

/* ---- the seccomp filter ------------------------------------------------- */

/* Bit 31 is no personality flag, but 0xffffffff, the query, has it. */
#define PERSONALITY_QUERY_BIT	0x80000000u

/*
 * Each rule refuses with EPERM.  The syscalls are the native ABI's, by
 * name, so the same code is right on x86_64 and AArch64: both have one
 * mmap (no mmap2), a direct shmat (no ipc multiplexer) and pkey_mprotect.
 */
static int add_rules(scmp_filter_ctx ctx)
{
	const uint32_t deny = SCMP_ACT_ERRNO(EPERM);
	int rc;

	/* A new mapping both writable and executable. */
	rc = seccomp_rule_add(ctx, deny, SCMP_SYS(mmap), 1,
			      SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_WRITE | PROT_EXEC,
				      PROT_WRITE | PROT_EXEC));
	/* Making existing memory executable: the filter cannot see whether
	 * it was executable before, so any PROT_EXEC is refused. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, deny, SCMP_SYS(mprotect), 1,
				      SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, deny, SCMP_SYS(pkey_mprotect), 1,
				      SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC));
	/* System V shared memory attached executable. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, deny, SCMP_SYS(shmat), 1,
				      SCMP_A2(SCMP_CMP_MASKED_EQ, SHM_EXEC, SHM_EXEC));
	/* READ_IMPLIES_EXEC would turn every later PROT_READ mapping
	 * executable behind the rules above; the query stays allowed. */
	if (rc == 0)
		rc = seccomp_rule_add(ctx, deny, SCMP_SYS(personality), 1,
				      SCMP_A0(SCMP_CMP_MASKED_EQ,
					      READ_IMPLIES_EXEC | PERSONALITY_QUERY_BIT,
					      READ_IMPLIES_EXEC));
	return rc;
}

static int load_filter(bool nnp)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc;

	if (!ctx)
		return -ENOMEM;
	/* Another ABI (i386 or x32 on x86_64, AArch32 on AArch64) would
	 * slip past rules written for the native one: such a descendant is
	 * killed at its first system call instead. */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (rc < 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL);
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, nnp);
	/* The kernel's errno from seccomp_load, not -ECANCELED. */
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_API_SYSRAWRC, 1);
	if (rc == 0)
		rc = add_rules(ctx);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	return rc;
}

int wx_apply(struct wx_plan *plan, struct seal_refusal *r)
{
	int rc;

	switch (plan->mode) {
	case WX_OFF:
		return 0;
	case WX_PRCTL:
		if (prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) == 0)
			return 0;
		rc = errno;
		/* The probe said yes; if the kernel still says no, auto
		 * may fall back, an explicit prctl may not. */
		if (plan->want != WX_AUTO || seccomp_unusable())
			return seal_refuse(r, EXIT_FAILED, "--deny-wx=prctl: PR_SET_MDWE: %s", seal_strerror(rc));
		plan->mode = WX_SECCOMP;
		plan->nnp = needs_nnp();
		/* fall through */
	case WX_SECCOMP:
		rc = load_filter(plan->nnp);
		if (rc < 0)
			return seal_refuse(r, EXIT_FAILED, "--deny-wx=seccomp: cannot load the filter: %s%s",
				      seal_strerror(-rc), rc == -EINVAL ? " (is CONFIG_SECCOMP_FILTER "
				      "set in this kernel?)" : "");
		return 0;
	default:
		return seal_refuse(r, EXIT_FAILED, "--deny-wx: no backend chosen");
	}
}

void wx_describe(const struct wx_plan *plan, char *buf, size_t size)
{
	switch (plan->mode) {
	case WX_PRCTL:
		snprintf(buf, size, "prctl (PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN)");
		break;
	case WX_SECCOMP:
		snprintf(buf, size, "seccomp (filter on mmap, mprotect, pkey_mprotect, shmat, "
			 "personality; %s)", plan->nnp ? "sets no_new_privs"
			 : "leaves no_new_privs as it is");
		break;
	default:
		snprintf(buf, size, "off");
		break;
	}
}
