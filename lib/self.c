/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * seal_self: a program seals its own loaded objects when it chooses.
 *
 * 1. The objects: dl_iterate_phdr (the caller's link-map namespace
 *    only), each object's span cut to the policy's parts (common/span.c).
 *    The vDSO is left to the word "system".
 * 2. What of that is mapped: the kernel maps the main program and the
 *    dynamic loader segment by segment and leaves the gaps between them
 *    unmapped, and mseal over a gap fails with ENOMEM and seals nothing.
 *    So the spans are cut to the mappings /proc/self/maps lists, where
 *    the kernel's own mappings and the main stack are found by name.
 *    Pieces that touch become one mseal call.
 * 3. The check: every range must show "sl" in /proc/self/smaps.  mseal
 *    returning 0 is the kernel's word; smaps is its record.
 *
 * A failure stops at once: what was sealed before it stays sealed, since
 * no seal can be undone.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "seal.h"
#include "seal_policy.h"

struct ranges {
	struct seal_span *v;
	size_t n, cap;
};

static int append(struct ranges *r, uintptr_t start, uintptr_t end, unsigned int parts)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct seal_span *v = realloc(r->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = (struct seal_span){ .start = start, .end = end, .parts = parts };
	return 0;
}

/* Add [start, end) to runs that come in address order: a piece that
 * touches or overlaps the last run extends it. */
static int push(struct ranges *r, uintptr_t start, uintptr_t end)
{
	if (start >= end)
		return 0;
	if (r->n > 0 && start <= r->v[r->n - 1].end) {
		if (end > r->v[r->n - 1].end)
			r->v[r->n - 1].end = end;
		return 0;
	}
	return append(r, start, end, 0);
}

struct walk {
	struct ranges objects;
	unsigned int parts;
	size_t page;
	uintptr_t vdso;
	int err;
};

static int collect(struct dl_phdr_info *info, size_t size, void *data)
{
	struct walk *w = data;
	struct seal_segment seg[SEAL_SEGMENTS_MAX];
	struct seal_span span[SEAL_SPANS_MAX];
	uintptr_t low = UINTPTR_MAX;
	size_t nseg = 0;
	int n;

	(void)size;
	for (size_t i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD && ph->p_type != PT_GNU_RELRO)
			continue;
		if (nseg == SEAL_SEGMENTS_MAX) {
			w->err = -E2BIG;
			return 1;
		}
		if (ph->p_type == PT_LOAD && ph->p_vaddr < low)
			low = ph->p_vaddr;
		seg[nseg++] = (struct seal_segment){
			.type = ph->p_type, .flags = ph->p_flags,
			.vaddr = ph->p_vaddr, .memsz = ph->p_memsz,
		};
	}
	if (low != UINTPTR_MAX && ((info->dlpi_addr + low) & ~(w->page - 1)) == w->vdso)
		return 0;
	/* The holes apart from the rest: only an inaccessible mapping there
	 * is the object's (see mapped_runs). */
	for (int pass = 0; pass < 2 && w->err == 0; pass++) {
		unsigned int parts = pass ? w->parts & SEAL_POLICY_HOLES : w->parts & ~SEAL_POLICY_HOLES;

		n = parts ? seal_object_spans(seg, nseg, info->dlpi_addr, w->page, parts, span,
					      SEAL_SPANS_MAX) : 0;
		/* In list order, not address order: sorted once the walk is done. */
		for (int i = 0; i < n && w->err == 0; i++)
			w->err = append(&w->objects, span[i].start, span[i].end, parts);
		if (n < 0)
			w->err = n;
	}
	return w->err != 0;
}

static int by_start(const void *a, const void *b)
{
	const struct seal_span *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

static bool path_is(const struct seal_vma *v, const char *name)
{
	return strcmp(v->path, name) == 0;
}

/* The pieces to seal, in address order: objects cut to what is mapped,
 * and the kernel's mappings the policy names. */
static int mapped_runs(const struct ranges *obj, unsigned int policy, struct ranges *runs)
{
	struct seal_smaps *rd;
	struct seal_vma v;
	size_t k = 0;
	int rc;

	rc = seal_smaps_open_path(&rd, "/proc/self/maps");
	if (rc < 0)
		return rc;
	while ((rc = seal_smaps_next(rd, &v)) > 0) {
		uintptr_t start = (uintptr_t)v.start, end = (uintptr_t)v.end;

		if (((policy & SEAL_POLICY_SYSTEM) && seal_policy_system_path(v.path)) ||
		    ((policy & SEAL_POLICY_STACK) && path_is(&v, "[stack]"))) {
			rc = push(runs, start, end);
			if (rc < 0)
				break;
			continue;
		}
		while (k < obj->n && obj->v[k].end <= start)
			k++;
		for (size_t j = k; j < obj->n && obj->v[j].start < end && rc >= 0; j++) {
			/* A hole the loader left is inaccessible, or unmapped
			 * (the kernel's gaps in the program and ld.so); what the
			 * program mapped there since is not the object's. */
			if (obj->v[j].parts == SEAL_POLICY_HOLES && strncmp(v.perms, "---", 3) != 0)
				continue;
			rc = push(runs, obj->v[j].start > start ? obj->v[j].start : start,
				  obj->v[j].end < end ? obj->v[j].end : end);
		}
		if (rc < 0)
			break;
	}
	seal_smaps_close(rd);
	return rc;
}

/* Does smaps show every run covered by sealed mappings?  0 or -EIO. */
static int check_sealed(const struct ranges *runs)
{
	struct seal_smaps *rd;
	struct seal_vma v;
	size_t k = 0;
	uintptr_t pos = runs->n ? runs->v[0].start : 0;
	int rc;

	rc = seal_smaps_open(&rd, 0);
	if (rc < 0)
		return rc;
	while (k < runs->n && (rc = seal_smaps_next(rd, &v)) > 0) {
		while (k < runs->n && runs->v[k].start < v.end) {
			const struct seal_span *r = &runs->v[k];

			/* Part of the run before this VMA was in none. */
			if (v.start > pos || !v.sealed) {
				rc = -EIO;
				goto out;
			}
			if (v.end < r->end) {
				pos = (uintptr_t)v.end;
				break;
			}
			if (++k < runs->n)
				pos = runs->v[k].start;
		}
	}
	if (rc >= 0 && k < runs->n)
		rc = -EIO;
out:
	seal_smaps_close(rd);
	return rc < 0 ? rc : 0;
}

int seal_self(const char *policy)
{
	struct walk w = { .page = (size_t)sysconf(_SC_PAGESIZE) };
	struct ranges runs = { NULL, 0, 0 };
	size_t where;
	int mask, rc;

	mask = seal_policy_parse(policy ? policy : "default", &where);
	if (mask < 0)
		return mask;
	rc = seal_probe();
	if (rc < 0)
		return rc;
	w.parts = (unsigned int)mask & SEAL_POLICY_OBJECTS;
	w.vdso = (uintptr_t)getauxval(AT_SYSINFO_EHDR);

	if (w.parts)
		dl_iterate_phdr(collect, &w);
	rc = w.err;
	if (rc == 0) {
		if (w.objects.n > 1)
			qsort(w.objects.v, w.objects.n, sizeof(w.objects.v[0]), by_start);
		rc = mapped_runs(&w.objects, (unsigned int)mask, &runs);
	}
	for (size_t i = 0; i < runs.n && rc == 0; i++)
		rc = seal_range((void *)runs.v[i].start, runs.v[i].end - runs.v[i].start);
	if (rc == 0 && runs.n > 0)
		rc = check_sealed(&runs);
	free(w.objects.v);
	free(runs.v);
	return rc;
}
