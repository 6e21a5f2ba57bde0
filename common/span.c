/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Range arithmetic for one loaded object: cut its span at every segment
 * and RELRO page boundary, name each piece, keep the pieces the policy
 * selects, merge the ones that touch.  All of it on a small fixed array:
 * an object with more than SEAL_SEGMENTS_MAX headers fails closed
 * (-ENOSPC).
 */
#include <elf.h>
#include <errno.h>

#include "seal_policy.h"

#ifndef PT_GNU_RELRO
#define PT_GNU_RELRO 0x6474e552
#endif

/* The boundaries SEAL_SEGMENTS_MAX headers can make: SEAL_SPANS_MAX
 * pieces lie between them. */
#define BOUNDS_MAX (SEAL_SPANS_MAX + 1)

static uint64_t page_down(uint64_t v, uint64_t page)
{
	return v & ~(page - 1);
}

/* Round up, or report that rounding wraps. */
static int page_up(uint64_t v, uint64_t page, uint64_t *out)
{
	if (v > UINT64_MAX - (page - 1))
		return -EOVERFLOW;
	*out = (v + page - 1) & ~(page - 1);
	return 0;
}

static void insert_sorted(uint64_t *b, size_t *n, uint64_t v)
{
	size_t i = *n;

	for (size_t k = 0; k < *n; k++)
		if (b[k] == v)
			return;
	while (i > 0 && b[i - 1] > v) {
		b[i] = b[i - 1];
		i--;
	}
	b[i] = v;
	(*n)++;
}

/* Part of the piece [lo, hi), which never straddles a boundary. */
static unsigned int classify(const struct seal_segment *seg, size_t nseg, uint64_t page,
			     uint64_t lo, uint64_t hi)
{
	unsigned int parts = 0;

	for (size_t i = 0; i < nseg; i++) {
		const struct seal_segment *s = &seg[i];
		uint64_t a = page_down(s->vaddr, page), b;

		/* As when the span was cut: other headers, and empty ones
		 * (the loader maps nothing for them), name no page. */
		if (s->memsz == 0 || (s->type != PT_LOAD && s->type != PT_GNU_RELRO))
			continue;
		if (s->type == PT_GNU_RELRO) {
			/* glibc protects whole pages only: the end rounds down. */
			b = page_down(s->vaddr + s->memsz, page);
			if (a <= lo && hi <= b)
				return SEAL_POLICY_RELRO;
			continue;
		}
		if (page_up(s->vaddr + s->memsz, page, &b) < 0 || !(a <= lo && hi <= b))
			continue;
		if (s->flags & PF_X)
			parts |= SEAL_POLICY_CODE;
		else if (s->flags & PF_W)
			parts |= SEAL_POLICY_DATA;
		else
			parts |= SEAL_POLICY_RODATA;
	}
	return parts ? parts : SEAL_POLICY_HOLES;
}

int seal_object_spans(const struct seal_segment *seg, size_t nseg, uintptr_t base,
		      size_t page, unsigned int parts, struct seal_span *out, size_t max)
{
	uint64_t bound[BOUNDS_MAX];
	size_t nbound = 0, nload = 0, nout = 0;
	uint64_t lo = UINT64_MAX, hi = 0;

	if (page == 0 || (page & (page - 1)))
		return -EINVAL;
	if (nseg > SEAL_SEGMENTS_MAX)
		return -ENOSPC;

	/* The span: lowest PT_LOAD page to the page after the highest byte. */
	for (size_t i = 0; i < nseg; i++) {
		uint64_t a, b;

		if (seg[i].type != PT_LOAD || seg[i].memsz == 0)
			continue;
		if (seg[i].vaddr + seg[i].memsz < seg[i].vaddr)
			return -EOVERFLOW;
		a = page_down(seg[i].vaddr, page);
		if (page_up(seg[i].vaddr + seg[i].memsz, page, &b) < 0)
			return -EOVERFLOW;
		if (a < lo)
			lo = a;
		if (b > hi)
			hi = b;
		nload++;
	}
	if (nload == 0)
		return 0;
	if ((uint64_t)base + hi < hi || (uint64_t)base + hi > UINTPTR_MAX)
		return -EOVERFLOW;

	/* Every boundary inside the span: segment and RELRO page edges. */
	for (size_t i = 0; i < nseg; i++) {
		uint64_t a, b;

		if (seg[i].memsz == 0 || (seg[i].type != PT_LOAD && seg[i].type != PT_GNU_RELRO))
			continue;
		if (seg[i].vaddr + seg[i].memsz < seg[i].vaddr)
			return -EOVERFLOW;
		a = page_down(seg[i].vaddr, page);
		if (seg[i].type == PT_GNU_RELRO)
			b = page_down(seg[i].vaddr + seg[i].memsz, page);
		else if (page_up(seg[i].vaddr + seg[i].memsz, page, &b) < 0)
			return -EOVERFLOW;
		/* A RELRO outside the span protects nothing of ours. */
		if (a < lo)
			a = lo;
		if (b > hi)
			b = hi;
		if (a >= b)
			continue;
		if (nbound + 2 > BOUNDS_MAX)
			return -ENOSPC;
		insert_sorted(bound, &nbound, a);
		insert_sorted(bound, &nbound, b);
	}
	if (nbound + 2 > BOUNDS_MAX)
		return -ENOSPC;
	insert_sorted(bound, &nbound, lo);
	insert_sorted(bound, &nbound, hi);

	/* Name each piece; keep the selected ones, merging neighbours. */
	for (size_t i = 0; i + 1 < nbound; i++) {
		uint64_t a = bound[i], b = bound[i + 1];
		unsigned int part = classify(seg, nseg, page, a, b);

		if (!(part & parts))
			continue;
		if (nout > 0 && out[nout - 1].end == (uintptr_t)(base + a)) {
			out[nout - 1].end = (uintptr_t)(base + b);
			out[nout - 1].parts |= part;
			continue;
		}
		if (nout == max)
			return -ENOSPC;
		out[nout++] = (struct seal_span){
			.start = (uintptr_t)(base + a), .end = (uintptr_t)(base + b), .parts = part,
		};
	}
	return (int)nout;
}
