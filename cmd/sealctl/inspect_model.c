/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl inspect — the model: each target's smaps streamed through
 * libseal's reader into one struct row per VMA, per object (--summary)
 * or per process (--all), strings in one pool; with the policy columns,
 * judged as verify judges it (judge.h) first.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seal.h"
#include "inspect.h"
#include "judge.h"

/* ---- the model ------------------------------------------------------------ */

/* Add s (len bytes) to the pool; *off set to its offset.  0 or -ENOMEM. */
static int pool_add(struct pool *p, const char *s, size_t len, uint32_t *off)
{
	if (len == 0) {
		*off = 0;
		return 0;
	}
	/* Consecutive VMAs of one object share their path: store it once. */
	if (p->last && len == p->last_len && memcmp(p->buf + p->last, s, len) == 0) {
		*off = p->last;
		return 0;
	}
	if (p->len == 0)
		p->len = 1;		/* offset 0 is "" (see pool_str()) */
	if (p->len + len + 1 > p->cap) {
		size_t cap = p->cap ? p->cap : 64 * 1024;
		char *buf;

		while (p->len + len + 1 > cap)
			cap *= 2;
		if (cap > UINT32_MAX)
			return -ENOMEM;
		buf = realloc(p->buf, cap);
		if (!buf)
			return -ENOMEM;
		p->buf = buf;
		p->cap = cap;
	}
	memcpy(p->buf + p->len, s, len);
	p->buf[p->len + len] = '\0';
	*off = (uint32_t)p->len;
	p->last = *off;
	p->last_len = len;
	p->len += len + 1;
	return 0;
}

const char *pool_str(const struct pool *p, uint32_t off)
{
	return off ? p->buf + off : "";
}

/* A new zeroed row at the end, or NULL. */
/* Is the pool string at off exactly path[0..len)?  (strncmp stops at the
 * pool string's end; a path holds no NUL.) */
static bool pool_equals(const struct pool *p, uint32_t off, const char *path, size_t len)
{
	const char *s = pool_str(p, off);

	return strncmp(s, path, len) == 0 && s[len] == '\0';
}

static struct row *new_row(struct inspect *ctl)
{
	if (ctl->nrows == ctl->cap) {
		size_t cap = ctl->cap ? ctl->cap * 2 : 1024;
		struct row *rows = reallocarray(ctl->rows, cap, sizeof(*rows));

		if (!rows)
			return NULL;
		ctl->rows = rows;
		ctl->cap = cap;
	}
	memset(&ctl->rows[ctl->nrows], 0, sizeof(struct row));
	return &ctl->rows[ctl->nrows++];
}

/* What a failed target added is taken back, so that it prints nothing. */
struct mark {
	size_t nrows, pool_len;
};

static struct mark mark(const struct inspect *ctl)
{
	return (struct mark){ ctl->nrows, ctl->pool.len };
}

static void rollback(struct inspect *ctl, struct mark m)
{
	ctl->nrows = m.nrows;
	if (ctl->pool.len > m.pool_len) {
		ctl->pool.len = m.pool_len;
		ctl->pool.last = 0;
	}
}

static uint64_t hash_path(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */

	while (len--)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

static int grow_objects(struct inspect *ctl)
{
	size_t size = ctl->objects_size ? ctl->objects_size * 2 : 256, i;
	uint32_t *tab = malloc(size * sizeof(*tab));

	if (!tab)
		return -ENOMEM;
	memset(tab, 0xff, size * sizeof(*tab));
	for (i = ctl->first_object; i < ctl->nrows; i++) {
		const char *path = pool_str(&ctl->pool, ctl->rows[i].str);
		size_t h = hash_path(path, strlen(path)) & (size - 1);

		while (tab[h] != UINT32_MAX)
			h = (h + 1) & (size - 1);
		tab[h] = (uint32_t)i;
	}
	free(ctl->objects);
	ctl->objects = tab;
	ctl->objects_size = size;
	return 0;
}

/* The current target's object row for path, created on first sight. */
static int find_object(struct inspect *ctl, const char *path, size_t len,
		       struct row **obj)
{
	size_t h, nobjects = ctl->nrows - ctl->first_object;
	struct row *r;
	int rc;

	/* The VMAs of one object are usually neighbours. */
	if (nobjects) {
		r = &ctl->rows[ctl->nrows - 1];
		if (pool_equals(&ctl->pool, r->str, path, len)) {
			*obj = r;
			return 0;
		}
	}
	if ((nobjects + 1) * 2 > ctl->objects_size) {
		rc = grow_objects(ctl);
		if (rc < 0)
			return rc;
	}
	h = hash_path(path, len) & (ctl->objects_size - 1);
	for (; ctl->objects[h] != UINT32_MAX; h = (h + 1) & (ctl->objects_size - 1)) {
		r = &ctl->rows[ctl->objects[h]];
		if (pool_equals(&ctl->pool, r->str, path, len)) {
			*obj = r;
			return 0;
		}
	}
	r = new_row(ctl);
	if (!r)
		return -ENOMEM;
	rc = pool_add(&ctl->pool, path, len, &r->str);
	if (rc < 0)
		return rc;
	ctl->objects[h] = (uint32_t)(r - ctl->rows);
	*obj = r;
	return 0;
}

static void reset_objects(struct inspect *ctl)
{
	ctl->first_object = ctl->nrows;
	if (ctl->objects)
		memset(ctl->objects, 0xff, ctl->objects_size * sizeof(*ctl->objects));
}

/* Count a VMA in a sum row (an object or a process). */
static void add_to(struct row *sum, const struct seal_vma *v)
{
	uint64_t size = v->end - v->start;

	sum->nvmas++;
	sum->size += size;
	if (v->sealed) {
		sum->nsealed++;
		sum->sealed_size += size;
	}
}

/* Take one VMA into the model.  0 or -errno. */
static int add_vma(struct inspect *ctl, pid_t pid, const struct seal_vma *v,
		   struct row *proc)
{
	struct row *r;
	int rc;

	switch (ctl->mode) {
	case MODE_PROCESSES:
		add_to(proc, v);
		return 0;
	case MODE_OBJECTS:
		rc = find_object(ctl, v->path, v->path_len, &r);
		if (rc < 0)
			return rc;
		r->pid = pid;
		add_to(r, v);
		return 0;
	case MODE_MAPPINGS:
		if ((ctl->sealed_only && !v->sealed) || (ctl->unsealed_only && v->sealed))
			return 0;
		r = new_row(ctl);
		if (!r)
			return -ENOMEM;
		r->pid = pid;
		r->start = v->start;
		r->end = v->end;
		r->size = v->end - v->start;
		r->offset = v->offset;
		r->inode = v->inode;
		r->dev = v->dev_major << 20 | v->dev_minor;
		memcpy(r->perms, v->perms, 4);
		r->kind = (uint8_t)v->kind;
		r->sealed = v->sealed;
		rc = pool_add(&ctl->pool, v->path, v->path_len, &r->str);
		if (rc == 0 && ctl->want_vmflags)
			rc = pool_add(&ctl->pool, v->vmflags, strlen(v->vmflags), &r->vmflags);
		return rc;
	}
	return -EINVAL;
}

/* ---- /proc ------------------------------------------------------------------ */

struct vma_sink {
	struct inspect *ctl;
	pid_t pid;
	struct row *proc;
	struct wx_state *wx;		/* --summary only */
};

static int take_vma(void *ctx, const struct seal_vma *v)
{
	struct vma_sink *s = ctx;

	if (s->wx)
		proc_wx_vma(&s->wx->wx, v);
	return add_vma(s->ctl, s->pid, v, s->proc);
}

/* Count a judged mapping in the policy sums of a row. */
static void add_policy(struct row *r, const struct mapping *m)
{
	if (!m->parts)
		return;
	r->policy_size += m->end - m->start;
	if (m->sealed)
		r->policy_sealed += m->end - m->start;
}

/*
 * The policy columns: the process judged as verify judges it (judge.h),
 * then each of its mappings taken into the model as it would have been
 * from smaps, with what the policy says of it.  0 or -errno.
 */
static int read_judged(struct inspect *ctl, struct vma_sink *s, int dirfd)
{
	struct target t = { .pid = s->pid, .dirfd = dup(dirfd) };
	char comm[256];
	size_t i;
	int rc;

	if (t.dirfd < 0)
		return -errno;
	rc = judge_read(&t, ctl->policy, ctl->page, comm, sizeof(comm));
	if (rc < 0)
		ctl->bad_line = t.bad_line;
	for (i = 0; rc == 0 && i < t.n; i++) {
		const struct mapping *m = &t.map[i];
		struct seal_vma v = {
			.start = m->start, .end = m->end, .offset = m->offset,
			.inode = m->inode, .dev_major = m->dev_major,
			.dev_minor = m->dev_minor, .path = judge_path(&t, m),
			.path_len = m->path_len, .vmflags = "", .sealed = m->sealed,
			.kind = m->kind,
		};
		struct row *obj;

		memcpy(v.perms, m->perms, sizeof(v.perms));
		rc = add_vma(ctl, s->pid, &v, s->proc);
		if (rc == 0 && ctl->mode == MODE_OBJECTS) {
			rc = find_object(ctl, v.path, v.path_len, &obj);
			if (rc == 0)
				add_policy(obj, m);
		}
	}
	if (rc == 0 && s->proc) {
		for (i = 0; i < t.n; i++)
			add_policy(s->proc, &t.map[i]);
		s->proc->meets = t.no_mm ? -1 : judge_compliant(&t, ctl->policy_wx);
	}
	if (rc == 0 && s->wx)
		s->wx->wx = t.wx;
	judge_free(&t);
	return rc;
}

/*
 * Read the VMAs of one process into the model; proc is its row in
 * --all mode.  0, or -errno: -ESRCH when the process is gone or exited
 * while being read, -EACCES when we may not read it.
 */
static int read_vmas(struct inspect *ctl, int dirfd, pid_t pid, struct row *proc)
{
	struct vma_sink sink = { ctl, pid, proc, NULL };
	int rc;

	if (ctl->mode == MODE_OBJECTS && ctl->wx) {
		sink.wx = &ctl->wx[ctl->nwx];
		*sink.wx = (struct wx_state){ .pid = pid };
		rc = proc_wx(dirfd, pid, &sink.wx->wx);
		if (rc < 0)
			return rc;
	}

	if (ctl->mode == MODE_OBJECTS)
		reset_objects(ctl);
	rc = ctl->want_policy ? read_judged(ctl, &sink, dirfd) :
				proc_each_vma(dirfd, take_vma, &sink, &ctl->bad_line);
	if (rc == 0 && sink.wx)
		ctl->nwx++;
	return rc;
}

int inspect_read_target(struct inspect *ctl, pid_t pid)
{
	struct mark m = mark(ctl);
	int dirfd, rc;

	dirfd = proc_open(pid);
	if (dirfd < 0)
		return dirfd;
	rc = read_vmas(ctl, dirfd, pid, NULL);
	close(dirfd);
	if (rc < 0)
		rollback(ctl, m);
	return rc;
}

/* One process found in /proc by --all.  0 or -errno. */
static int read_process(struct inspect *ctl, pid_t pid)
{
	struct mark m = mark(ctl);
	char comm[256];
	struct row *proc;
	ssize_t n;
	int dirfd, rc;

	dirfd = proc_open(pid);
	if (dirfd < 0)
		return dirfd;
	n = proc_comm(dirfd, comm, sizeof(comm));
	if (n < 0) {
		rc = (int)n;
		goto done;
	}
	proc = new_row(ctl);
	if (!proc) {
		rc = -ENOMEM;
		goto done;
	}
	proc->pid = pid;
	rc = pool_add(&ctl->pool, comm, (size_t)n, &proc->str);
	if (rc == 0)
		rc = read_vmas(ctl, dirfd, pid, proc);
done:
	close(dirfd);
	if (rc < 0)
		rollback(ctl, m);
	return rc;
}

void inspect_warn(const struct inspect *ctl, pid_t pid, int err)
{
	if (err == EBADMSG || err == ENAMETOOLONG)
		sealctl_warn("%d: %s at line %lu (smaps)", (int)pid,
			     err_cause(err), ctl->bad_line);
	else
		sealctl_warn("%d: %s (smaps)", (int)pid, err_cause(err));
}

struct all_ctx {
	struct inspect *ctl;
	unsigned long *unreadable;
};

static int read_one_of_all(void *ctx, pid_t pid)
{
	struct all_ctx *a = ctx;
	int rc = read_process(a->ctl, pid);

	/* Gone since /proc was listed: it is simply not there any more. */
	if (rc == -ESRCH)
		return 0;
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0) {
		(*a->unreadable)++;
		if (a->ctl->verbose)
			inspect_warn(a->ctl, pid, -rc);
	}
	return 0;
}

/*
 * --all: every process in /proc.  Processes that exit during the scan
 * are expected, not an error.  The number that could not be read goes
 * to *unreadable.  0 or -errno (out of memory, or /proc not listed).
 */
int inspect_read_all(struct inspect *ctl, unsigned long *unreadable)
{
	struct all_ctx a = { ctl, unreadable };

	return proc_each_pid(read_one_of_all, &a);
}

