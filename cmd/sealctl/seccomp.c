/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * What a stopped thread's seccomp filters would do with a system call
 * (cmd/sealctl/seccomp.h): each filter read with PTRACE_SECCOMP_GET_FILTER
 * (index 0 the newest; ENOENT past the oldest) and run here over the
 * call's struct seccomp_data, with the classic BPF instructions the
 * kernel accepts in a filter.  The action that wins is the kernel's: the
 * lowest (as a signed number) of the filters' SECCOMP_RET_ACTION_FULL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>

#include "seccomp.h"

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif

/* The kernel's limit (BPF_MAXINSNS). */
#define FILTER_MAX	4096
#define FILTERS_MAX	512

/* Run one filter.  0 with *ret, or -EINVAL. */
static int run(const struct sock_filter *f, size_t n, const struct seccomp_data *d,
	       uint32_t *ret)
{
	uint32_t a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 }, word[sizeof(*d) / 4];
	size_t pc = 0;

	memcpy(word, d, sizeof(word));
	while (pc < n) {
		const struct sock_filter *i = &f[pc++];
		uint32_t k = i->k, src = BPF_SRC(i->code) == BPF_X ? x : k;
		bool cond;

		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (k % 4 || k >= sizeof(*d))
				return -EINVAL;
			a = word[k / 4];
			continue;
		case BPF_LD | BPF_W | BPF_LEN:
			a = sizeof(*d);
			continue;
		case BPF_LDX | BPF_W | BPF_LEN:
			x = sizeof(*d);
			continue;
		case BPF_LD | BPF_IMM:
			a = k;
			continue;
		case BPF_LDX | BPF_IMM:
			x = k;
			continue;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (k >= BPF_MEMWORDS)
				return -EINVAL;
			if (i->code == (BPF_LD | BPF_MEM))
				a = mem[k];
			else if (i->code == (BPF_LDX | BPF_MEM))
				x = mem[k];
			else
				mem[k] = i->code == BPF_ST ? a : x;
			continue;
		case BPF_MISC | BPF_TAX:
			x = a;
			continue;
		case BPF_MISC | BPF_TXA:
			a = x;
			continue;
		case BPF_RET | BPF_K:
			*ret = k;
			return 0;
		case BPF_RET | BPF_A:
			*ret = a;
			return 0;
		case BPF_JMP | BPF_JA:
			if (k >= n - pc)
				return -EINVAL;
			pc += k;
			continue;
		}
		if (BPF_CLASS(i->code) == BPF_ALU) {
			switch (BPF_OP(i->code)) {
			case BPF_ADD: a += src; break;
			case BPF_SUB: a -= src; break;
			case BPF_MUL: a *= src; break;
			case BPF_OR: a |= src; break;
			case BPF_AND: a &= src; break;
			case BPF_XOR: a ^= src; break;
			case BPF_LSH: a = src < 32 ? a << src : 0; break;
			case BPF_RSH: a = src < 32 ? a >> src : 0; break;
			case BPF_NEG: a = -a; break;
			case BPF_DIV:
			case BPF_MOD:
				if (!src) {		/* the filter returns 0 */
					*ret = 0;
					return 0;
				}
				a = BPF_OP(i->code) == BPF_DIV ? a / src : a % src;
				break;
			default:
				return -EINVAL;
			}
			continue;
		}
		if (BPF_CLASS(i->code) != BPF_JMP)
			return -EINVAL;
		switch (BPF_OP(i->code)) {
		case BPF_JEQ: cond = a == src; break;
		case BPF_JGT: cond = a > src; break;
		case BPF_JGE: cond = a >= src; break;
		case BPF_JSET: cond = (a & src) != 0; break;
		default:
			return -EINVAL;
		}
		pc += cond ? i->jt : i->jf;
	}
	return -EINVAL;			/* fell off the end: not a valid filter */
}

int seccomp_action(pid_t tid, const struct seccomp_data *d, unsigned int *action)
{
	struct sock_filter *f;
	uint32_t best = SECCOMP_RET_ALLOW;
	int rc = 0;

	f = calloc(FILTER_MAX, sizeof(*f));
	if (!f)
		return -ENOMEM;
	for (unsigned long idx = 0; idx < FILTERS_MAX; idx++) {
		long n = ptrace(PTRACE_SECCOMP_GET_FILTER, tid, (void *)idx, NULL);
		uint32_t ret;

		if (n < 0 && errno == ENOENT && idx > 0)
			break;			/* past the oldest */
		if (n < 0) {
			rc = errno == ENOENT ? 0 : -errno;	/* ENOENT at 0: none */
			break;
		}
		if (n == 0 || n > FILTER_MAX ||
		    ptrace(PTRACE_SECCOMP_GET_FILTER, tid, (void *)idx, f) != n) {
			rc = n == 0 || n > FILTER_MAX ? -EINVAL : -errno;
			break;
		}
		rc = run(f, (size_t)n, d, &ret);
		if (rc < 0)
			break;
		if ((int32_t)(ret & SECCOMP_RET_ACTION_FULL) <
		    (int32_t)(best & SECCOMP_RET_ACTION_FULL))
			best = ret;
	}
	free(f);
	if (rc == 0)
		*action = best;
	return rc;
}
