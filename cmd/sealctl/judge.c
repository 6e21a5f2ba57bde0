/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl — judging a process against a sealing policy (judge.h).
 *
 * The kernel's view first.  What is mapped, with which protection, and
 * whether it is sealed come from smaps alone.  Which mappings belong to
 * objects comes from the kernel too; the rule:
 *
 *   an object is a regular file the kernel shows mapped executable
 *   somewhere in the process ([vdso] is the word "system"'s, anonymous
 *   code is no object).  An ELF file is judged by its own program
 *   headers, read from the file the kernel mapped (map_files, or its
 *   path inside the process's root, checked to be the same inode); each
 *   executable mapping gives, from the PT_LOAD it maps, the load bias of
 *   its copy (a file loaded twice is two objects).  A memfd that holds
 *   no ELF file is no object (a JIT's code).  A file whose headers
 *   cannot be read, that is no ELF file (one a process rewrote after
 *   loading it), not one of this machine, past the sealer's limits, or
 *   whose mappings are not where its headers put them, is judged by the
 *   permissions of its mappings (x: code, w: data, r: rodata and relro,
 *   none: holes).
 *
 * The loader's list, which the process writes itself, may only label
 * that view: which object came after start-up (for policies without
 * "dlopen", and for the reasons verify gives) and, where a file cannot
 * be read, its program headers from memory.  Every entry must land on
 * an object the kernel shows (its l_ld inside that object's span, where
 * the file's headers put its dynamic section; its l_addr that object's
 * bias), and every object the kernel shows with an unsealed mapping
 * must be listed.  A list that disagrees is reported, and the process
 * is judged from the kernel's view alone: every object counts as loaded
 * at start-up, as with no list at all.
 *
 * Cost, whatever the process wrote: smaps read once (DISAGREE_TRIES
 * times at most while the list disagrees, which tells a dlopen between
 * the two reads from a forgery, or while the executable memory read is
 * not the kernel's count of it); the list read within a budget set by
 * the number of executable mappings, by a child, LIST_TIMEOUT_MS at most
 * (a page of it may be a file whose server never answers); a few sorts; at most WORK_BASE +
 * WORK_PER_MAPPING * mappings mapping visits while marking spans (past
 * that, the rest is judged by permissions); program headers read once
 * per file in a run (HDRS_CACHE_MAX files kept), HDRS_READS_MAX files a
 * process at most (the rest by permissions); mapping paths kept up to
 * JUDGE_PATHS_MAX (past it the process does not comply).
 */
#define _GNU_SOURCE
#include <argp.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdnoreturn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "safeopen.h"
#include "seal.h"
#include "seal_elf.h"
#include "help.h"
#include "seal_policy.h"
#include "sealctl.h"
#include "judge.h"

#define DISAGREE_TRIES		3
#define WORK_BASE		65536
#define WORK_PER_MAPPING	16
/* Entries a list may hold beyond one per executable mapping: ld.so and
 * the vDSO in each namespace, and a few more. */
#define LIST_SLACK		(2 * SEAL_NAMESPACES_MAX + 16)
#define HDRS_CACHE_MAX		1024
#define HDRS_READS_MAX		4096	/* files whose headers are read, per process */

/* A file's program headers, as read from it (cached for the run). */
struct judge_hdrs {
	unsigned int dev_major, dev_minor;
	uint64_t inode;
	char *path;
	int err;			/* 0, -ENOEXEC (no ELF), -EBADMSG (not ours) */
	unsigned int type;		/* ET_EXEC, ET_DYN */
	bool has_dynamic;
	uint64_t dynamic;
	size_t phnum;			/* program headers of any type */
	size_t nsegments;		/* all; at most SEAL_SEGMENTS_MAX kept */
	struct seal_segment seg[SEAL_SEGMENTS_MAX];
	uint64_t offset[SEAL_SEGMENTS_MAX], filesz[SEAL_SEGMENTS_MAX];
};

static struct judge_hdrs *cache[HDRS_CACHE_MAX];
static size_t ncache;

/* ---- collecting the mappings ------------------------------------------- */

bool judge_is_sealer(const char *path, size_t len)
{
	static const char *const names[] = { "libsealrun.so", "libsealexec.so" };
	const char *slash = memrchr(path, '/', len);
	const char *base;
	size_t n;

	if (!slash)
		return false;
	base = slash + 1;
	n = len - (size_t)(base - path);
	/* A sealer replaced on disk (an upgrade) since it was mapped. */
	if (n > 10 && memcmp(base + n - 10, " (deleted)", 10) == 0)
		n -= 10;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (n == strlen(names[i]) && memcmp(base, names[i], n) == 0)
			return true;
	return false;
}

static int keep_vma(void *ctx, const struct seal_vma *v)
{
	struct target *t = ctx;
	struct mapping *m;
	size_t len = v->path_len;

	proc_wx_vma(&t->wx, v);
	/* Before any bound cuts the path: a sealed process cannot leave the
	 * selection by mapping more names than sealctl keeps. */
	if (v->perms[2] == 'x' && len && judge_is_sealer(v->path, len))
		t->sealer_mapped = true;
	/* The kernel's exec_vm: executable, not writable, not growing down
	 * (VmFlags "gd": the stack); [vsyscall] is no mapping of the
	 * process. */
	if (v->perms[2] == 'x' && v->perms[1] != 'w' &&
	    !(v->has_vmflags ? strstr(v->vmflags, "gd") != NULL : v->kind == SEAL_KIND_STACK) &&
	    !(len == 10 && memcmp(v->path, "[vsyscall]", 10) == 0))
		t->exec_kib += (v->end - v->start) >> 10;
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256;
		void *p = realloc(t->map, cap * sizeof(*t->map));

		if (!p)
			return -ENOMEM;
		t->map = p;
		t->cap = cap;
	}
	/* Past the bound, paths are not kept, and the process will not
	 * comply (judge_compliant()). */
	if (t->pool_len + len + 1 > JUDGE_PATHS_MAX) {
		t->paths_cut = true;
		len = 0;
	}
	if (t->pool_cap - t->pool_len < len + 2) {
		size_t cap = t->pool_cap ? t->pool_cap : 16384;
		void *p;

		while (cap - t->pool_len < len + 2)
			cap *= 2;
		p = realloc(t->pool, cap);
		if (!p)
			return -ENOMEM;
		t->pool = p;
		t->pool_cap = cap;
	}
	if (t->pool_len == 0)
		t->pool[t->pool_len++] = '\0';	/* offset 0: "" */
	m = &t->map[t->n++];
	*m = (struct mapping){
		.start = v->start, .end = v->end, .offset = v->offset,
		.inode = v->inode, .dev_major = v->dev_major, .dev_minor = v->dev_minor,
		.sealed = v->sealed, .kind = v->kind, .owner = -1, .file = SIZE_MAX,
		.path = len ? t->pool_len : 0, .path_len = len,
	};
	memcpy(m->perms, v->perms, sizeof(m->perms));
	if (len) {
		memcpy(t->pool + t->pool_len, v->path, len);
		t->pool[t->pool_len + len] = '\0';
		t->pool_len += len + 1;
	}
	return 0;
}

const char *judge_path(const struct target *t, const struct mapping *m)
{
	return t->pool + m->path;
}

/* The kernel's own vDSO: no file, exactly "[vdso]". */
static bool is_vdso(const struct target *t, const struct mapping *m)
{
	return m->inode == 0 && strcmp(judge_path(t, m), "[vdso]") == 0;
}

/* ---- files ----------------------------------------------------------------- */

static int by_file_cmp(const void *a, const void *b, void *ctx)
{
	const struct target *t = ctx;
	const struct mapping *x = &t->map[*(const size_t *)a], *y = &t->map[*(const size_t *)b];

	if (x->dev_major != y->dev_major)
		return x->dev_major < y->dev_major ? -1 : 1;
	if (x->dev_minor != y->dev_minor)
		return x->dev_minor < y->dev_minor ? -1 : 1;
	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	if (x->path_len != y->path_len)
		return x->path_len < y->path_len ? -1 : 1;
	if (x->path != y->path) {
		int c = memcmp(judge_path(t, x), judge_path(t, y), x->path_len);

		if (c)
			return c;
	}
	return x->start < y->start ? -1 : x->start > y->start;
}

static bool same_file(const struct target *t, size_t i, size_t j)
{
	const struct mapping *x = &t->map[i], *y = &t->map[j];

	return x->inode == y->inode && x->dev_major == y->dev_major &&
	       x->dev_minor == y->dev_minor && x->path_len == y->path_len &&
	       memcmp(judge_path(t, x), judge_path(t, y), x->path_len) == 0;
}

/* Shared anonymous memory (a JIT's double mapping): the smaps reader
 * found it on the kernel's shmem mount under the kernel's name for it.
 * Anonymous memory, like a private r-x mapping: no object of a file. */
static bool shared_anon(const struct target *t, const struct mapping *m)
{
	return m->kind == SEAL_KIND_SHM && strcmp(judge_path(t, m), "/dev/zero (deleted)") == 0;
}

/* The files of the mappings (a path and an inode), each with its
 * mappings in address order.  0 or -ENOMEM. */
static int group_files(struct target *t)
{
	size_t i, n = 0, k;

	t->by_file = malloc((t->n + 1) * sizeof(*t->by_file));
	t->file = malloc((t->n + 1) * sizeof(*t->file));
	if (!t->by_file || !t->file)
		return -ENOMEM;
	for (i = 0; i < t->n; i++)
		if (t->map[i].inode && judge_path(t, &t->map[i])[0] == '/' &&
		    !shared_anon(t, &t->map[i]))
			t->by_file[n++] = i;
	qsort_r(t->by_file, n, sizeof(*t->by_file), by_file_cmp, t);
	t->nfiles = 0;
	for (i = 0; i < n; i = k) {
		struct file *f = &t->file[t->nfiles];

		*f = (struct file){ .first = i, .hdr_err = -ENODATA, .extra = -1, .perms = -1 };
		for (k = i; k < n && same_file(t, t->by_file[i], t->by_file[k]); k++) {
			t->map[t->by_file[k]].file = t->nfiles;
			if (t->map[t->by_file[k]].perms[2] == 'x')
				f->code = true;
		}
		f->n = k - i;
		t->nfiles++;
	}
	return 0;
}

/* The mapping index of the j-th mapping of file f. */
static size_t fmap(const struct target *t, const struct file *f, size_t j)
{
	return t->by_file[f->first + j];
}

/* ---- program headers, from the mapped file ------------------------------------- */

static int hdrs_key_cmp(const struct judge_hdrs *h, const struct mapping *m, const char *path)
{
	if (h->dev_major != m->dev_major)
		return h->dev_major < m->dev_major ? -1 : 1;
	if (h->dev_minor != m->dev_minor)
		return h->dev_minor < m->dev_minor ? -1 : 1;
	if (h->inode != m->inode)
		return h->inode < m->inode ? -1 : 1;
	return strcmp(h->path, path);
}

/* The file mapped by m, opened for reading: the mapped file itself when
 * map_files lets us (root), else its path inside the process's root,
 * if that is still the same inode.  Never a FIFO, a device, a FUSE
 * file, nor a path outside the process's root (common/safeopen.c). */
static int open_mapped(struct target *t, const struct mapping *m)
{
	struct seal_file_id id = { m->dev_major, m->dev_minor, m->inode };
	const char *path = judge_path(t, m);
	size_t len = m->path_len;
	char name[64];
	int fd;

	snprintf(name, sizeof(name), "map_files/%llx-%llx",
		 (unsigned long long)m->start, (unsigned long long)m->end);
	fd = seal_open_regular_at(t->dirfd, name, &id);
	if (fd >= 0 || fd == -EINVAL || fd == -EREMOTE || fd == -ESTALE)
		return fd;
	if (len >= 10 && strcmp(path + len - 10, " (deleted)") == 0)
		return fd;
	if (!t->root_tried) {
		t->root_tried = true;
		t->rootfd = openat(t->dirfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
	}
	if (t->rootfd < 0)
		return fd;
	return seal_open_in_root(t->rootfd, path, &id);
}

/* The headers of file f (through its first mapping), from the cache or
 * read now.  Sets f->hdrs and f->hdr_err.  -ENOMEM only. */
static int file_hdrs(struct target *t, struct file *f)
{
	const struct mapping *m = &t->map[fmap(t, f, 0)];
	const char *path = judge_path(t, m);
	struct judge_hdrs *h;
	struct seal_elf *elf;
	size_t lo = 0, hi = ncache, k;
	int fd, rc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = hdrs_key_cmp(cache[mid], m, path);

		if (c == 0) {
			f->hdrs = cache[mid];
			f->hdr_err = cache[mid]->err;
			return 0;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Headers of files not seen before in this run, a bounded number
	 * per process (each is an open and a few reads). */
	if (t->hdr_reads == HDRS_READS_MAX) {
		f->hdr_err = -E2BIG;
		return 0;
	}
	t->hdr_reads++;
	fd = open_mapped(t, m);
	if (fd < 0) {
		f->hdr_err = fd;		/* not read: not kept */
		return fd == -ENOMEM ? fd : 0;
	}
	elf = malloc(sizeof(*elf));
	h = calloc(1, sizeof(*h));
	if (!elf || !h || !(h->path = strdup(path))) {
		close(fd);
		free(elf);
		free(h);
		return -ENOMEM;
	}
	rc = seal_elf_read(fd, elf);
	close(fd);
	h->dev_major = m->dev_major;
	h->dev_minor = m->dev_minor;
	h->inode = m->inode;
	if (rc == 0 && (elf->elf_class != 64 || elf->machine != seal_elf_native_machine() ||
			(elf->type != ET_EXEC && elf->type != ET_DYN)))
		rc = -EBADMSG;		/* ELF, but nothing this process can run */
	h->err = rc == -ENOEXEC || rc == 0 ? rc : -EBADMSG;
	if (rc < 0 && rc != -ENOEXEC && rc != -EBADMSG) {
		/* A read error: an answer for now, not for the run. */
		f->hdr_err = rc;
		free(h->path);
		free(h);
		free(elf);
		return 0;
	}
	if (rc == 0) {
		h->type = elf->type;
		h->has_dynamic = elf->has_dynamic;
		h->dynamic = elf->dynamic;
		h->phnum = elf->phnum;
		h->nsegments = elf->nsegments;
		k = elf->nsegments < SEAL_SEGMENTS_MAX ? elf->nsegments : SEAL_SEGMENTS_MAX;
		memcpy(h->seg, elf->segment, k * sizeof(*h->seg));
		memcpy(h->offset, elf->offset, k * sizeof(*h->offset));
		memcpy(h->filesz, elf->filesz, k * sizeof(*h->filesz));
	}
	free(elf);
	if (ncache < HDRS_CACHE_MAX) {
		memmove(&cache[lo + 1], &cache[lo], (ncache - lo) * sizeof(*cache));
		cache[lo] = h;
		ncache++;
	} else {
		/* The cache is full: the target keeps it, judge_free() frees it. */
		void **p = reallocarray(t->own, t->nown + 1, sizeof(*p));

		if (!p) {
			free(h->path);
			free(h);
			return -ENOMEM;
		}
		t->own = p;
		t->own[t->nown++] = h;
	}
	f->hdrs = h;
	f->hdr_err = h->err;
	return 0;
}

/* ---- objects -------------------------------------------------------------- */

static uint64_t page_down(uint64_t v, size_t page)
{
	return v & ~(uint64_t)(page - 1);
}

static bool over(struct target *t)
{
	if (t->work > WORK_BASE + (uint64_t)WORK_PER_MAPPING * t->n)
		t->over_work = true;
	return t->over_work;
}

static struct object *new_obj(struct target *t, size_t fi, enum judge_how how, uint64_t bias)
{
	struct object *o;

	if (t->nobj == t->obj_cap) {
		size_t cap = t->obj_cap ? 2 * t->obj_cap : 64;
		void *p = reallocarray(t->obj, cap, sizeof(*t->obj));

		if (!p)
			return NULL;
		t->obj = p;
		t->obj_cap = cap;
	}
	o = &t->obj[t->nobj++];
	*o = (struct object){ .file = fi, .map = fmap(t, &t->file[fi], 0), .bias = bias,
			      .how = how, .entry = -1, .next = -1 };
	return o;
}

/* A live object of file fi at bias: its block by binary search, then
 * what the list added. */
static struct object *find_obj(struct target *t, size_t fi, uint64_t bias)
{
	const struct file *f = &t->file[fi];
	size_t lo = f->obj_first, hi = f->obj_first + f->obj_n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->obj[mid].bias < bias)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < f->obj_first + f->obj_n && t->obj[lo].bias == bias && !t->obj[lo].gone)
		return &t->obj[lo];
	for (int k = f->extra; k >= 0; k = t->obj[k].next)
		if (t->obj[k].bias == bias && !t->obj[k].gone)
			return &t->obj[k];
	return NULL;
}

/* Does file fi have a live object? */
static bool has_obj(const struct target *t, size_t fi)
{
	const struct file *f = &t->file[fi];

	return f->perms >= 0 || f->nextra || (f->obj_n && !t->obj[f->obj_first].gone);
}

/* The first mapping of file f that ends above addr (f->n: none); f's
 * mappings do not overlap, so their ends are in order too. */
static size_t file_first_above(const struct target *t, const struct file *f, uint64_t addr)
{
	size_t lo = 0, hi = f->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->map[fmap(t, f, mid)].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The load bias that puts mapping m where the PT_LOAD holding its file
 * offset says (an executable one preferred); false when none holds it,
 * or an ET_EXEC file is not at its own addresses. */
static bool bias_of(const struct judge_hdrs *h, const struct mapping *m, size_t page,
		    uint64_t *bias)
{
	size_t k, best = SIZE_MAX;
	size_t n = h->nsegments < SEAL_SEGMENTS_MAX ? h->nsegments : SEAL_SEGMENTS_MAX;

	for (k = 0; k < n; k++) {
		uint64_t end;

		if (h->seg[k].type != PT_LOAD || !h->filesz[k] ||
		    __builtin_add_overflow(h->offset[k], h->filesz[k], &end) ||
		    m->offset < page_down(h->offset[k], page) || m->offset >= end)
			continue;
		if (best == SIZE_MAX || ((h->seg[k].flags & PF_X) && !(h->seg[best].flags & PF_X)))
			best = k;
	}
	if (best == SIZE_MAX)
		return false;
	*bias = m->start - page_down(h->seg[best].vaddr, page) -
		(m->offset - page_down(h->offset[best], page));
	return h->type != ET_EXEC || *bias == 0;
}

/* The span of an object from segments: [*lo, *hi).  False if it wraps. */
static bool span_of(const struct seal_segment *seg, size_t nseg, uint64_t bias, size_t page,
		    uint64_t *lo, uint64_t *hi)
{
	uint64_t a = UINT64_MAX, b = 0;

	for (size_t k = 0; k < nseg; k++) {
		uint64_t s, e;

		if (seg[k].type != PT_LOAD)
			continue;
		if (__builtin_add_overflow(seg[k].vaddr, seg[k].memsz, &e) ||
		    __builtin_add_overflow(e, page - 1, &e) ||
		    __builtin_add_overflow(page_down(seg[k].vaddr, page), bias, &s) ||
		    __builtin_add_overflow(page_down(e, page), bias, &e))
			return false;
		if (s < a)
			a = s;
		if (e > b)
			b = e;
	}
	*lo = a;
	*hi = b;
	return a < b;
}

/* Mark the mappings of file f that a PT_LOAD of the object overlaps as
 * covered: where its headers put them. */
static void cover(struct target *t, const struct file *f, const struct seal_segment *seg,
		  size_t nseg, uint64_t bias, size_t page)
{
	for (size_t k = 0; k < nseg && !over(t); k++) {
		uint64_t lo, hi;
		size_t j;

		if (seg[k].type != PT_LOAD || !span_of(&seg[k], 1, bias, page, &lo, &hi))
			continue;
		for (j = file_first_above(t, f, lo); j < f->n && t->map[fmap(t, f, j)].start < hi;
		     j++, t->work++)
			t->map[fmap(t, f, j)].covered = true;
	}
}

/* Is every mapping of file f inside [lo, hi) covered?  An inaccessible
 * one need not be: the loader leaves the gaps between segments mapped
 * from the file, PROT_NONE (the part "holes"). */
static bool all_covered(struct target *t, const struct file *f, uint64_t lo, uint64_t hi)
{
	for (size_t j = file_first_above(t, f, lo); j < f->n && t->map[fmap(t, f, j)].start < hi;
	     j++, t->work++) {
		const struct mapping *m = &t->map[fmap(t, f, j)];

		if (!m->covered && strncmp(m->perms, "---", 3) != 0)
			return false;
	}
	return true;
}

/* An object of file fi at bias, with its span; NULL (nothing added) when
 * its segments do not cover its file's mappings there.  extra: one the
 * list adds (linked to its file), else one of the file's block. */
static struct object *instance(struct target *t, size_t fi, enum judge_how how, uint64_t bias,
			       const struct seal_segment *seg, size_t nseg, size_t page,
			       bool extra, int *err)
{
	struct file *f = &t->file[fi];
	struct object *o;
	uint64_t lo, hi;
	size_t j;

	*err = 0;
	if (nseg > SEAL_SEGMENTS_MAX || !span_of(seg, nseg, bias, page, &lo, &hi) ||
	    (extra && f->nextra == JUDGE_EXTRA_MAX))
		return NULL;
	cover(t, f, seg, nseg, bias, page);
	if (over(t) || !all_covered(t, f, lo, hi))
		return NULL;
	o = new_obj(t, fi, how, bias);
	if (!o) {
		*err = -ENOMEM;
		return NULL;
	}
	o->lo = lo;
	o->hi = hi;
	j = file_first_above(t, f, lo);
	if (j < f->n)
		o->map = fmap(t, f, j);
	if (extra) {
		o->next = f->extra;
		f->extra = (int)(o - t->obj);
		f->nextra++;
	}
	return o;
}

/* Why a file is judged by permissions (each counted for verify's notes). */
enum perms_why {
	BY_UNREADABLE,			/* its headers cannot be read */
	BY_MISMATCH,			/* not where its headers put it, another
					   machine's, past the sealer's limits */
	BY_NOT_ELF,			/* mapped executable, no ELF file */
	BY_OVER,			/* past the bounds on work (over_work) */
};

/* File fi to be judged by permissions, as one object: its other objects
 * are given up. */
static struct object *perms_object(struct target *t, size_t fi, enum perms_why why)
{
	struct file *f = &t->file[fi];
	struct object *o;

	if (f->perms >= 0)
		return &t->obj[f->perms];
	for (size_t k = f->obj_first; k < f->obj_first + f->obj_n; k++)
		t->obj[k].gone = true;
	for (int k = f->extra; k >= 0; k = t->obj[k].next)
		t->obj[k].gone = true;
	f->obj_n = 0;
	f->extra = -1;
	f->nextra = 0;
	f->by_perms = true;
	if (why == BY_UNREADABLE)
		t->by_perms++;
	else if (why == BY_MISMATCH)
		t->by_perms_mismatch++;
	else if (why == BY_NOT_ELF)
		t->by_perms_not_elf++;
	else
		t->over_work = true;
	o = new_obj(t, fi, JUDGE_BY_PERMS, 0);
	if (o)
		f->perms = (int)(o - t->obj);
	return o;
}

static int bias_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The objects of one file the kernel shows mapped executable: one per
 * load bias its executable mappings give.  A file whose headers cannot
 * be read waits for the list; one that is no ELF file is no object;
 * one whose mappings are not where its headers put them goes by
 * permissions.  0 or -ENOMEM.
 */
static int file_objects(struct target *t, size_t fi, uint64_t *scratch, size_t page)
{
	struct file *f = &t->file[fi];
	const struct judge_hdrs *h;
	size_t j, n = 0, first = t->nobj;
	int rc = file_hdrs(t, f);

	if (rc < 0)
		return rc;
	/* Code that is no ELF file: a JIT's memfd is no object; any other
	 * file goes by permissions (one a process rewrote after loading it
	 * stays judged). */
	if (f->hdr_err == -ENOEXEC)
		return strncmp(judge_path(t, &t->map[fmap(t, f, 0)]), "/memfd:", 7) == 0 ||
		       perms_object(t, fi, BY_NOT_ELF) ? 0 : -ENOMEM;
	if (f->hdr_err == -EBADMSG || f->hdr_err == -E2BIG || over(t))
		return perms_object(t, fi, f->hdr_err == -EBADMSG ? BY_MISMATCH : BY_OVER) ? 0 :
		       -ENOMEM;
	if (f->hdr_err < 0)
		return 0;		/* not readable: the list may help */
	h = f->hdrs;
	/* Past the limits the sealer refuses the object too (it would not
	 * seal it): by permissions, rather than by part of its headers. */
	if (h->nsegments > SEAL_SEGMENTS_MAX || h->phnum > SEAL_PHDRS_MAX)
		return perms_object(t, fi, BY_MISMATCH) ? 0 : -ENOMEM;
	for (j = 0; j < f->n; j++) {
		const struct mapping *m = &t->map[fmap(t, f, j)];

		if (m->perms[2] != 'x')
			continue;
		if (!bias_of(h, m, page, &scratch[n]))
			return perms_object(t, fi, BY_MISMATCH) ? 0 : -ENOMEM;
		n++;
	}
	if (n > 1)
		qsort(scratch, n, sizeof(*scratch), bias_cmp);
	for (j = 0; j < n; j++) {
		if (j && scratch[j] == scratch[j - 1])
			continue;
		if (!instance(t, fi, JUDGE_BY_FILE, scratch[j], h->seg, h->nsegments, page, false,
			      &rc)) {
			if (rc < 0)
				return rc;
			t->nobj = first;
			return perms_object(t, fi, t->over_work ? BY_OVER : BY_MISMATCH) ? 0 : -ENOMEM;
		}
	}
	f->obj_first = first;
	f->obj_n = t->nobj - first;
	return 0;
}

/* ---- the loader's list: labels, checked -------------------------------------- */

/* The first mapping that ends above addr (t->n: none). */
static size_t first_above(const struct target *t, uint64_t addr)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->map[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The mapping holding addr, or SIZE_MAX. */
static size_t holding(const struct target *t, uint64_t addr)
{
	size_t i = first_above(t, addr);

	return i < t->n && t->map[i].start <= addr ? i : SIZE_MAX;
}

__attribute__((format(printf, 2, 3)))
static void disagree(struct target *t, const char *fmt, ...)
{
	va_list ap;

	if (t->disagree++)
		return;
	va_start(ap, fmt);
	vsnprintf(t->why, sizeof(t->why), fmt, ap);
	va_end(ap);
}

/* A path for a message: its last component (the whole path is in the
 * mappings verify lists). */
static const char *short_name(const struct target *t, size_t i)
{
	const char *p = i == SIZE_MAX ? "" : judge_path(t, &t->map[i]);
	const char *s = strrchr(p, '/');

	return *p ? (s ? s + 1 : p) : "[anon]";
}

/* The segments of the list's entry k, as the sealer's type. */
static size_t entry_segments(const struct seal_object *e, struct seal_segment *seg)
{
	size_t n = e->nsegments < SEAL_SEGMENTS_MAX ? e->nsegments : SEAL_SEGMENTS_MAX;

	for (size_t j = 0; j < n; j++)
		seg[j] = (struct seal_segment){ .type = e->segment[j].type,
						.flags = e->segment[j].flags,
						.vaddr = e->segment[j].vaddr,
						.memsz = e->segment[j].memsz };
	return n;
}

/*
 * The object entry k of the list names, in file fi (holding its l_ld),
 * or NULL: the entry disagrees with the kernel (said), or -ENOMEM in *err.
 */
static struct object *entry_object(struct target *t, size_t k, size_t fi, size_t page, int *err)
{
	const struct seal_object *e = &t->objs->object[k];
	struct file *f = &t->file[fi];
	struct seal_segment seg[SEAL_SEGMENTS_MAX];
	struct object *o;
	size_t nseg;

	*err = 0;
	if (f->hdr_err == -ENODATA) {		/* a file mapped, not as code */
		*err = file_hdrs(t, f);
		if (*err < 0)
			return NULL;
	}
	if (f->by_perms)
		return perms_object(t, fi, BY_MISMATCH);
	if (f->hdr_err == -ENOEXEC || f->hdr_err == -EBADMSG || f->hdr_err == -E2BIG)
		return perms_object(t, fi, f->hdr_err == -ENOEXEC ? BY_NOT_ELF :
					   f->hdr_err == -EBADMSG ? BY_MISMATCH : BY_OVER);
	o = find_obj(t, fi, e->bias);
	if (!o && f->hdr_err == 0 && !f->code) {
		/* The list names a file not mapped as code: it adds an object. */
		o = instance(t, fi, JUDGE_BY_FILE, e->bias, f->hdrs->seg, f->hdrs->nsegments, page,
			     true, err);
		if (!o)
			return *err ? NULL : perms_object(t, fi, BY_MISMATCH);
	}
	if (!o && f->hdr_err < 0) {
		/* The file cannot be read: the headers the list points to,
		 * if they put its mappings where the kernel has them. */
		nseg = entry_segments(e, seg);
		if (e->phdrs != SEAL_PHDRS_NONE && e->nsegments <= SEAL_SEGMENTS_MAX)
			o = instance(t, fi, JUDGE_BY_MEMORY, e->bias, seg, nseg, page, true, err);
		if (!o)
			return *err ? NULL : perms_object(t, fi, BY_UNREADABLE);
		return o;
	}
	if (!o) {
		disagree(t, "%s: an entry puts it at load bias %#llx, the kernel at %#llx",
			 short_name(t, fmap(t, f, 0)), (unsigned long long)e->bias,
			 f->obj_n ? (unsigned long long)t->obj[f->obj_first].bias : 0ull);
		return NULL;
	}
	if (o->how == JUDGE_BY_FILE &&
	    (e->dynamic < o->lo || e->dynamic >= o->hi ||
	     (f->hdrs->has_dynamic && e->dynamic != o->bias + f->hdrs->dynamic))) {
		disagree(t, "%s: an entry puts its dynamic section at %#llx, its headers at %#llx",
			 short_name(t, o->map), (unsigned long long)e->dynamic,
			 (unsigned long long)(o->bias + (f->hdrs->has_dynamic ? f->hdrs->dynamic : 0)));
		return NULL;
	}
	return o;
}

/* Does object o have an unsealed mapping (of its file, in its span)? */
static bool has_unsealed(const struct target *t, const struct object *o)
{
	const struct file *f = &t->file[o->file];
	bool whole = o->how == JUDGE_BY_PERMS;

	for (size_t j = whole ? 0 : file_first_above(t, f, o->lo);
	     j < f->n && (whole || t->map[fmap(t, f, j)].start < o->hi); j++)
		if (!t->map[fmap(t, f, j)].sealed)
			return true;
	return false;
}

/*
 * Check each entry of a consistent list against the objects the kernel
 * shows, and label those objects with it.  0 or -ENOMEM.
 */
static int match_list(struct target *t, size_t page)
{
	const struct seal_objects *objs = t->objs;
	size_t k;
	int err;

	for (k = 0; k < objs->count; k++) {
		const struct seal_object *e = &objs->object[k];
		size_t i = holding(t, e->dynamic);
		struct object *o;

		if (i == SIZE_MAX) {
			disagree(t, "an entry's dynamic section (%#llx) is in no mapping",
				 (unsigned long long)e->dynamic);
			continue;
		}
		if (is_vdso(t, &t->map[i]))
			continue;
		if (t->map[i].file == SIZE_MAX) {
			disagree(t, "an entry's dynamic section (%#llx) is in %s, no file",
				 (unsigned long long)e->dynamic, short_name(t, i));
			continue;
		}
		o = entry_object(t, k, t->map[i].file, page, &err);
		if (err < 0)
			return err;
		if (!o)
			continue;
		if (o->entry < 0)
			o->entry = (int)k;
		o->initial |= e->initial;
	}
	/* Every object the kernel shows open must be listed.  One all
	 * sealed may be a leftover of dlclose (the loader cannot unmap a
	 * sealed object): it hides nothing. */
	for (k = 0; k < t->nobj; k++) {
		const struct object *o = &t->obj[k];

		if (!o->gone && o->entry < 0 && has_unsealed(t, o))
			disagree(t, "%s (%llx-%llx) is mapped and not in it",
				 short_name(t, o->map), (unsigned long long)t->map[o->map].start,
				 (unsigned long long)t->map[o->map].end);
	}
	return 0;
}

/* ---- judging ------------------------------------------------------------ */

/* Mark the mappings that overlap [start, end) as holding parts of the
 * object owner. */
static void mark_range(struct target *t, uint64_t start, uint64_t end,
		       unsigned int parts, int owner)
{
	size_t i;

	for (i = first_above(t, start); i < t->n && t->map[i].start < end && !over(t);
	     i++, t->work++) {
		/* A hole the loader left is inaccessible (glibc maps it
		 * PROT_NONE; the kernel leaves the main program's and ld.so's
		 * unmapped).  An accessible mapping in a gap is another's: the
		 * kernel may place a later mmap there (locale files do, on
		 * AArch64's 64 KiB-aligned segments). */
		if (parts == SEAL_POLICY_HOLES && strcmp(t->map[i].perms, "---p") != 0 &&
		    strcmp(t->map[i].perms, "---s") != 0)
			continue;
		t->map[i].parts |= parts;
		if (t->map[i].owner < 0)
			t->map[i].owner = owner;
	}
}

/* Mark an object's parts, from its program headers and load bias.
 * 0, -E2BIG past the segments the sealer takes, or -errno. */
static int mark_object(struct target *t, const struct seal_segment *seg, size_t nseg,
		       uint64_t base, unsigned int parts, size_t page, int owner)
{
	struct seal_span span[SEAL_SPANS_MAX];
	unsigned int bit;
	int rc, k;

	/* Beyond what the reader keeps, the sealer refuses the object too;
	 * judge it by permissions rather than by part of its headers. */
	if (nseg > SEAL_SEGMENTS_MAX)
		return -E2BIG;
	/* One part at a time, so that each mapping is told which parts it
	 * holds rather than those of the merged run it lies in. */
	for (bit = 1; bit & SEAL_POLICY_OBJECTS; bit <<= 1) {
		if (!(parts & bit))
			continue;
		rc = seal_object_spans(seg, nseg, (uintptr_t)base, page, bit, span, SEAL_SPANS_MAX);
		if (rc < 0)
			return rc;
		for (k = 0; k < rc; k++)
			mark_range(t, span[k].start, span[k].end, bit, owner);
	}
	return over(t) ? -E2BIG : 0;
}

/* The object of file f judged by the permissions of the file's
 * mappings: the fallback when its headers cannot be used. */
static void judge_by_perms(struct target *t, const struct file *f, unsigned int parts, int owner)
{
	for (size_t j = 0; j < f->n; j++) {
		struct mapping *m = &t->map[fmap(t, f, j)];
		unsigned int p;

		if (m->perms[2] == 'x')
			p = SEAL_POLICY_CODE;
		else if (m->perms[1] == 'w')
			p = SEAL_POLICY_DATA;
		else if (m->perms[0] == 'r')
			p = SEAL_POLICY_RODATA | SEAL_POLICY_RELRO;
		else
			p = SEAL_POLICY_HOLES;
		m->parts |= p & parts;
		if (p & parts && m->owner < 0)
			m->owner = owner;
	}
}

/* The kernel's own mappings and the stack. */
static void judge_others(struct target *t, unsigned int policy)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		struct mapping *m = &t->map[i];
		const char *path = judge_path(t, m);

		if ((policy & SEAL_POLICY_STACK) && strcmp(path, "[stack]") == 0)
			m->parts |= SEAL_POLICY_STACK;
		else if ((policy & SEAL_POLICY_SYSTEM) && m->inode == 0 &&
			 seal_policy_system_path(path))
			m->parts |= SEAL_POLICY_SYSTEM;
	}
}

static int obj_cmp(const void *a, const void *b)
{
	const struct object *x = a, *y = b;

	return x->map < y->map ? -1 : x->map > y->map;
}

/* Mark each object's parts the policy names.  0 or -errno. */
static void mark_objects(struct target *t, unsigned int policy, size_t page)
{
	unsigned int parts = policy & SEAL_POLICY_OBJECTS;

	for (size_t k = 0; k < t->nobj; k++) {
		struct object *o = &t->obj[k];
		const struct file *f = &t->file[o->file];
		struct seal_segment seg[SEAL_SEGMENTS_MAX];
		const struct seal_segment *s = NULL;
		size_t nseg = 0;

		/* Objects loaded later are the word "dlopen"'s. */
		o->judged = parts && (o->initial || (policy & SEAL_POLICY_DLOPEN));
		if (!o->judged)
			continue;
		if (o->how == JUDGE_BY_FILE) {
			s = f->hdrs->seg;
			nseg = f->hdrs->nsegments;
		} else if (o->how == JUDGE_BY_MEMORY) {
			nseg = entry_segments(&t->objs->object[o->entry], seg);
			s = seg;
		}
		if (!s || mark_object(t, s, nseg, o->bias, parts, page, (int)k) < 0) {
			judge_by_perms(t, f, parts, (int)k);
			continue;
		}
		/* What the kernel will execute is code, whichever segment the
		 * headers say the mapping holds (a read-only one mapped
		 * executable by hand). */
		for (size_t j = 0; (parts & SEAL_POLICY_CODE) && j < f->n; j++) {
			struct mapping *m = &t->map[fmap(t, f, j)];

			if (m->perms[2] != 'x' || m->start < o->lo || m->start >= o->hi ||
			    (m->owner >= 0 && m->owner != (int)k))
				continue;
			m->parts |= SEAL_POLICY_CODE;
			m->owner = (int)k;
		}
	}
}

/* The parts of each object that are named and not sealed. */
static void sum_objects(struct target *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->map[i].owner >= 0 && t->map[i].parts && !t->map[i].sealed)
			t->obj[t->map[i].owner].unsealed |= t->map[i].parts;
}

/*
 * The list is read from the process's memory (and its environ), and a
 * page of memory that is a file on FUSE is read from that file system's
 * server, which answers when it likes: a read of /proc/PID/mem that
 * faults such a page in waits for it, and once the server has taken
 * the request, no signal ends the wait (not even SIGKILL).  Any user
 * may run such a server (fusermount3, or a user namespace), and the
 * process can swap such a page in and out where the list leads faster
 * than any look at its mappings beforehand could tell.  So lists are
 * read by a child (one for the run), which is handed each process's
 * /proc directory and sends the list back, LIST_TIMEOUT_MS at most per
 * process.  A child that takes longer is left behind (killed; it dies
 * when its read ends; the next list gets a new child) and the process
 * is judged from the kernel's view alone; past LIST_LOST_MAX such
 * children, no more lists are read in this run.
 */
#define LIST_TIMEOUT_MS	2000
#define LIST_LOST_MAX	16
/* What a child may send: the objects the judge allows, their names. */
#define LIST_SEND_MAX	((size_t)64 << 20)

static unsigned int lists_lost;

/* The child's side: the list, flat (header, objects, namespaces, then
 * each object's name and soname, NUL-terminated), after its length. */
static int list_send(int fd, int rc, const struct seal_objects *o)
{
	size_t head[4] = { (size_t)(long)rc, rc == 0 ? o->count : 0,
			   rc == 0 ? o->nnamespaces : 0, rc == 0 && o->consistent };
	char *buf = NULL;
	size_t len = 0, done;
	uint64_t n;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return -1;
	fwrite(head, sizeof(head), 1, f);
	if (rc == 0) {
		fwrite(o->object, sizeof(*o->object), o->count, f);
		fwrite(o->ns, sizeof(*o->ns), o->nnamespaces, f);
		for (size_t k = 0; k < o->count; k++) {
			fwrite(o->object[k].name, 1, strlen(o->object[k].name) + 1, f);
			fwrite(o->object[k].soname, 1, strlen(o->object[k].soname) + 1, f);
		}
	}
	if (fclose(f) != 0)
		return -1;
	n = len;
	if (write(fd, &n, sizeof(n)) != sizeof(n)) {
		free(buf);
		return -1;
	}
	for (done = 0; done < len;) {
		ssize_t w = write(fd, buf + done, len - done);

		if (w <= 0)
			break;
		done += (size_t)w;
	}
	free(buf);
	return done == len && len ? 0 : -1;
}

/* The child: a list for each /proc directory it is handed, until the
 * socket closes. */
static noreturn void list_child(int sock)
{
	for (;;) {
		char ctl[CMSG_SPACE(sizeof(int))];
		size_t req[2];
		struct iovec iov = { req, sizeof(req) };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
				      .msg_controllen = sizeof(ctl) };
		struct cmsghdr *c;
		struct seal_objects *o = NULL;
		int dirfd, rc;

		if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != sizeof(req))
			_exit(0);
		c = CMSG_FIRSTHDR(&msg);
		if (!c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)))
			_exit(1);
		memcpy(&dirfd, CMSG_DATA(c), sizeof(dirfd));
		rc = seal_objects_read_dir_max(dirfd, req[0], (unsigned int)req[1], &o);
		close(dirfd);
		if (list_send(sock, rc, o) < 0)
			_exit(1);
		seal_objects_free(o);
	}
}

/* The parent's side: what list_send() wrote, len bytes at buf (which
 * the result keeps as its strings). */
static int list_take(char *buf, size_t len, struct seal_objects **out)
{
	size_t head[4], need, k;
	struct seal_objects *o;
	char *p, *end = buf + len;

	if (len < sizeof(head))
		return -EBADMSG;
	memcpy(head, buf, sizeof(head));
	if ((long)head[0] < 0)
		return (int)(long)head[0];
	if (head[1] > SIZE_MAX / 2 / sizeof(struct seal_object) ||
	    head[2] > SIZE_MAX / 2 / sizeof(struct seal_namespace))
		return -EBADMSG;
	need = sizeof(head) + head[1] * sizeof(struct seal_object) +
	       head[2] * sizeof(struct seal_namespace);
	o = calloc(1, sizeof(*o));
	if (need > len || !o) {
		free(o);
		return need > len ? -EBADMSG : -ENOMEM;
	}
	o->count = head[1];
	o->nnamespaces = head[2];
	o->consistent = head[3];
	o->object = malloc(o->count * sizeof(*o->object) + 1);
	o->ns = malloc(o->nnamespaces * sizeof(*o->ns) + 1);
	if (!o->object || !o->ns) {
		seal_objects_free(o);
		return -ENOMEM;
	}
	p = buf + sizeof(head);
	memcpy(o->object, p, o->count * sizeof(*o->object));
	p += o->count * sizeof(*o->object);
	memcpy(o->ns, p, o->nnamespaces * sizeof(*o->ns));
	p += o->nnamespaces * sizeof(*o->ns);
	for (k = 0; k < o->count; k++) {
		char *name = p, *soname;

		p = memchr(p, '\0', (size_t)(end - p));
		soname = p ? ++p : NULL;
		p = p ? memchr(p, '\0', (size_t)(end - p)) : NULL;
		if (!p) {
			seal_objects_free(o);
			return -EBADMSG;
		}
		p++;
		o->object[k].name = name;
		o->object[k].soname = soname;
	}
	o->priv = buf;
	*out = o;
	return 0;
}

static int list_sock = -1;

/* A new child, with nothing of ours open but its end of the socket (a
 * child that may wait for ever must not hold a pipe our output goes
 * to).  0 or -errno. */
static int list_spawn(void)
{
	int sv[2];
	pid_t child;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	fflush(NULL);
	child = fork();
	if (child == 0) {
		int s = fcntl(sv[1], F_DUPFD_CLOEXEC, 3), nul = open("/dev/null", O_RDWR | O_CLOEXEC);

		if (s < 0 || nul < 0 || dup2(nul, 0) < 0 || dup2(nul, 1) < 0 || dup2(nul, 2) < 0 ||
		    close_range(3, (unsigned int)s - 1, 0) < 0 ||
		    close_range((unsigned int)s + 1, ~0u, 0) < 0)
			_exit(1);
		list_child(s);
	}
	close(sv[1]);
	if (child < 0) {
		close(sv[0]);
		return -errno;
	}
	list_sock = sv[0];
	return 0;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* len bytes from the child into buf, by the deadline.  0, -ETIMEDOUT,
 * or -EPIPE (it is gone). */
static int list_recv(void *buf, size_t len, const struct timespec *t0)
{
	size_t done = 0;

	while (done < len) {
		struct pollfd pfd = { list_sock, POLLIN, 0 };
		long left = LIST_TIMEOUT_MS - ms_since(t0);
		ssize_t n;

		if (left <= 0 || poll(&pfd, 1, (int)left) == 0)
			return -ETIMEDOUT;
		n = read(list_sock, (char *)buf + done, len - done);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return -EPIPE;
		done += (size_t)n;
	}
	return 0;
}

/* The child is stuck in a read no signal ends (it dies when the read
 * does), or gone: the next list gets a new child.  -ETIMEDOUT stays,
 * anything else is -EIO. */
static int list_abandon(int rc)
{
	close(list_sock);
	list_sock = -1;
	lists_lost += rc == -ETIMEDOUT;
	return rc == -ETIMEDOUT ? rc : -EIO;
}

/* seal_objects_read_dir_max() by the child, LIST_TIMEOUT_MS at most:
 * -ETIMEDOUT past it (judge.h). */
int judge_read_list(int dirfd, size_t max, unsigned int flags,
			     struct seal_objects **out)
{
	char ctl[CMSG_SPACE(sizeof(int))] = { 0 };
	size_t req[2] = { max, flags };
	struct iovec iov = { req, sizeof(req) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			      .msg_controllen = sizeof(ctl) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	struct timespec t0;
	uint64_t len;
	char *buf;
	int rc;

	*out = NULL;
	if (lists_lost == LIST_LOST_MAX)
		return -ETIMEDOUT;	/* enough children left waiting */
	if (list_sock < 0 && (rc = list_spawn()) < 0)
		return rc;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &dirfd, sizeof(dirfd));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = sendmsg(list_sock, &msg, MSG_NOSIGNAL) == sizeof(req) ? 0 : -EPIPE;
	if (rc == 0)
		rc = list_recv(&len, sizeof(len), &t0);
	if (rc == 0 && (len < 4 * sizeof(size_t) || len > LIST_SEND_MAX))
		rc = -EPIPE;
	if (rc < 0)
		return list_abandon(rc);
	buf = malloc(len + 1);
	if (!buf)
		return -ENOMEM;
	rc = list_recv(buf, len, &t0);
	if (rc == 0)
		rc = list_take(buf, len, out);
	if (rc == -ETIMEDOUT || rc == -EPIPE)
		rc = list_abandon(rc);
	if (rc < 0 || !*out)
		free(buf);
	return rc;
}

/* The loader's list, read again while the loader is changing it (a few
 * times: a process that loads all the time is reported as changing),
 * no longer than max objects. */
static int read_objects(struct target *t, size_t max, unsigned int flags)
{
	int rc = 0, tries;

	for (tries = 0; tries < 3; tries++) {
		seal_objects_free(t->objs);
		t->objs = NULL;
		rc = judge_read_list(t->dirfd, max, flags, &t->objs);
		if (rc == 0 && t->objs->consistent)
			break;
		if (rc < 0 && rc != -EBADMSG)
			break;
	}
	if (rc < 0) {
		seal_objects_free(t->objs);
		t->objs = NULL;
		if (rc == -ENOMEM)
			return rc;
		t->objs_err = rc;
		/* Longer than one entry per executable mapping allows, or
		 * dearer to read than that many: the list names objects the
		 * kernel does not map. */
		if (rc == -E2BIG)
			disagree(t, "it passes the bounds the kernel's mappings set (%zu objects, "
				 "and what reading them may cost)", max);
	}
	return 0;
}

/*
 * The objects, from the kernel, labelled by the loader's list if it
 * agrees (judge.h, and the comment at the top).  0 or -errno.
 */
static int judge_objects(struct target *t, unsigned int policy, size_t page)
{
	uint64_t *scratch;
	size_t i, k, nexec = 0;
	unsigned int flags = SEAL_OBJECTS_NO_PHDRS;
	int rc;

	rc = group_files(t);
	if (rc < 0)
		return rc;
	scratch = malloc((t->n + 1) * sizeof(*scratch));
	if (!scratch)
		return -ENOMEM;
	for (i = 0; i < t->nfiles && rc == 0; i++)
		if (t->file[i].code)
			rc = file_objects(t, i, scratch, page);
	free(scratch);
	if (rc < 0)
		return rc;

	/* Headers from the list (its process's memory) are wanted only
	 * for files whose own could not be read: usually none. */
	for (i = 0; i < t->n; i++)
		nexec += t->map[i].perms[2] == 'x';
	for (i = 0; i < t->nfiles; i++)
		if (t->file[i].code && t->file[i].hdr_err < 0 && t->file[i].hdr_err != -ENOEXEC)
			flags = 0;
	rc = read_objects(t, nexec + LIST_SLACK, flags);
	if (rc == 0 && t->objs && t->objs->consistent)
		rc = match_list(t, page);
	if (rc < 0)
		return rc;

	/* Files of code no entry helped with: by permissions. */
	for (i = 0; i < t->nfiles; i++) {
		const struct file *f = &t->file[i];

		if (!f->code || f->hdr_err == 0 || f->hdr_err == -ENOEXEC || has_obj(t, i))
			continue;
		if (!perms_object(t, i, BY_UNREADABLE))
			return -ENOMEM;
	}

	/* Labels only from a list that agrees; else every object is taken
	 * for one of start-up, as with no list at all. */
	t->labels = t->objs && t->objs->consistent && !t->disagree;
	for (k = 0; k < t->nobj; k++) {
		if (t->labels && t->obj[k].entry >= 0)
			continue;
		t->obj[k].initial = true;
		/* Headers from memory are the list's. */
		if (t->obj[k].how == JUDGE_BY_MEMORY && !t->obj[k].gone &&
		    !perms_object(t, t->obj[k].file, BY_UNREADABLE))
			return -ENOMEM;
	}
	/* Objects in address order, without those given up. */
	for (i = k = 0; k < t->nobj; k++)
		if (!t->obj[k].gone)
			t->obj[i++] = t->obj[k];
	t->nobj = i;
	if (t->nobj)		/* t->obj may still be NULL */
		qsort(t->obj, t->nobj, sizeof(*t->obj), obj_cmp);
	mark_objects(t, policy, page);
	return 0;
}

size_t judge_unsealed(const struct target *t, size_t *checked)
{
	size_t i, bad = 0;

	*checked = 0;
	for (i = 0; i < t->n; i++) {
		if (!t->map[i].parts)
			continue;
		++*checked;
		bad += !t->map[i].sealed;
	}
	return bad;
}

bool judge_compliant(const struct target *t, bool wx)
{
	size_t checked;

	return !t->paths_cut && !t->code_moved && judge_unsealed(t, &checked) == 0 &&
	       (!wx || proc_wx_enforced(&t->wx));
}

/* ---- one process ---------------------------------------------------------- */

/* Everything read of the process but its directory (for a new try). */
static void judge_clear(struct target *t)
{
	seal_objects_free(t->objs);
	free(t->obj);
	free(t->map);
	free(t->pool);
	free(t->by_file);
	free(t->file);
	for (size_t i = 0; i < t->nown; i++) {
		struct judge_hdrs *h = t->own[i];

		free(h->path);
		free(h);
	}
	free(t->own);
	t->objs = NULL;
	t->obj = NULL;
	t->map = NULL;
	t->pool = NULL;
	t->by_file = NULL;
	t->file = NULL;
	t->own = NULL;
	t->n = t->cap = t->pool_len = t->pool_cap = t->nfiles = t->nobj = t->obj_cap = t->nown = 0;
	t->by_perms = t->by_perms_mismatch = t->by_perms_not_elf = t->disagree = 0;
	t->hdr_reads = 0;
	t->objs_err = 0;
	t->labels = t->over_work = t->paths_cut = t->sealer_mapped = t->code_moved = false;
	t->exec_kib = 0;
	t->work = 0;
	t->why[0] = '\0';
}

int judge_read(struct target *t, unsigned int policy, size_t page, char *comm, size_t size)
{
	int rc, mm, tries;
	int64_t before, after;

	if (t->dirfd < 0)
		t->dirfd = proc_open(t->pid);
	if (t->dirfd < 0)
		return t->dirfd;
	if (proc_comm(t->dirfd, comm, size) < 0)
		snprintf(comm, size, "?");
	mm = proc_has_mm(t->dirfd);
	if (mm < 0)
		return mm;
	if (mm == 0) {
		t->no_mm = true;
		return 0;
	}
	/*
	 * A list that disagrees may have been read across a dlopen or
	 * dlclose: read both again, a few times, before saying so.  So
	 * too when the executable memory read is not what the kernel
	 * counts before and after: smaps is read a page at a time, and a
	 * mapping moved (mremap) from ahead of the reading to behind it is
	 * never shown.  A process whose code keeps moving while read is
	 * judged not compliant.  (To hide code so, an equal size of other
	 * executable memory must be seen twice, moved the other way at the
	 * same moment; only unsealed memory moves, and a file's is judged.)
	 */
	for (tries = 0; tries < DISAGREE_TRIES; tries++) {
		if (tries)
			judge_clear(t);
		rc = proc_wx(t->dirfd, t->pid, &t->wx);
		before = t->wx.exec_kib;
		if (rc == 0)
			rc = proc_each_vma(t->dirfd, keep_vma, t, &t->bad_line);
		if (rc < 0)
			return rc;
		after = proc_exec_kib(t->dirfd);
		t->code_moved = before >= 0 && after >= 0 && !t->paths_cut &&
				(before != after || (uint64_t)after != t->exec_kib);
		if (t->code_moved)
			continue;
		judge_others(t, policy);
		/* Past the bound on paths the process does not comply
		 * whatever its objects say: neither they nor a second
		 * reading are worth their time. */
		if (!(policy & SEAL_POLICY_OBJECTS) || t->paths_cut)
			break;
		rc = judge_objects(t, policy, page);
		if (rc < 0)
			return rc;
		if (!t->disagree || !t->objs)
			break;
	}
	sum_objects(t);
	/* The files were read after smaps: is it still the same process? */
	if (proc_has_mm(t->dirfd) == -ESRCH)
		return -ESRCH;
	return 0;
}

void judge_free(struct target *t)
{
	if (t->dirfd >= 0)
		close(t->dirfd);
	t->dirfd = -1;
	if (t->root_tried && t->rootfd >= 0)
		close(t->rootfd);
	t->root_tried = false;
	judge_clear(t);
}

/* ---- policy lists ---------------------------------------------------------- */

/*
 * sealrun's vocabulary plus the verify-only word "wx" ("-wx" drops it),
 * applied left to right.  0, -ENOMEM, or -EINVAL with the offending word
 * of text in *bad and *badlen (0 for an empty item).
 */
int judge_parse_policy(const char *text, unsigned int *policy, bool *wxp,
		       const char **bad, size_t *badlen)
{
	char *word = malloc(strlen(text) + 1);
	unsigned int mask = 0;
	bool wx = false;
	const char *p, *end;
	size_t where;
	int rc = 0;

	if (!word)
		return -ENOMEM;
	for (p = text;; p = end + 1) {
		size_t len = strcspn(p, ",");
		bool minus = *p == '-';
		int m;

		end = p + len;
		memcpy(word, p + minus, len - minus);
		word[len - minus] = '\0';
		if (strcmp(word, "wx") == 0) {
			wx = !minus;
		} else if (!*word || *word == '-' || (m = seal_policy_parse(word, &where)) < 0) {
			*bad = p;
			*badlen = len;
			rc = -EINVAL;
			break;
		} else if (minus) {
			mask &= ~(unsigned int)m;
		} else {
			mask |= (unsigned int)m;
		}
		if (!*end)
			break;
	}
	free(word);
	if (rc == 0) {
		*policy = mask;
		*wxp = wx;
	}
	return rc;
}

void judge_policy_option(struct argp_state *state, const char *arg, unsigned int *policy,
			 bool *wx, int enomem_status)
{
	const char *bad = NULL;
	size_t badlen = 0;
	int rc = judge_parse_policy(arg, policy, wx, &bad, &badlen);

	if (rc == -ENOMEM)
		argp_failure(state, enomem_status, ENOMEM, "policy");
	if (rc < 0)
		argp_error(state, badlen ? "invalid policy '%s': unknown word '%.*s' "
			   "(see --help for the words)" : "invalid policy '%s': an empty "
			   "item%.*s", arg, (int)badlen, bad);
	if ((*policy & ~SEAL_POLICY_DLOPEN) == 0 && !*wx)
		argp_error(state, "policy '%s' names nothing to check", arg);
}

/* ---- --help ---------------------------------------------------------------- */

char *judge_policy_help(int key, const char *text, bool wx)
{
	return seal_help_policy(key, text, wx ? "wx" : NULL,
				"verify only: no W+X mapping, W^X enforced (MDWE, seccomp)", NULL);
}
