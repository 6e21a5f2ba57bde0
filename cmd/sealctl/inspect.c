/*
 * sealctl inspect — which mappings of processes are sealed.
 *
 * The smaps of each target is streamed through libseal's reader into a
 * compact model: one struct row per VMA (the default), per object
 * (--summary) or per process (--all), with strings in one pool.  The
 * model is then printed through libsmartcols, a chunk of rows at a time
 * (see print_rows()), so that memory stays small whatever the number of
 * VMAs.
 */
#define _GNU_SOURCE
#include <argp.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "seal.h"
#include "sealctl.h"
#include "judge.h"
#include "seal_policy.h"

enum mode {
	MODE_MAPPINGS,			/* one row per VMA */
	MODE_OBJECTS,			/* --summary: one row per object */
	MODE_PROCESSES,			/* --all: one row per process */
};

#define M_MAP	(1 << MODE_MAPPINGS)
#define M_OBJ	(1 << MODE_OBJECTS)
#define M_PROC	(1 << MODE_PROCESSES)
#define M_ALL	(M_MAP | M_OBJ | M_PROC)

static const char *const table_names[] = {
	[MODE_MAPPINGS] = "mappings",
	[MODE_OBJECTS] = "objects",
	[MODE_PROCESSES] = "processes",
};

/* Column IDs. */
enum {
	COL_PID,
	COL_COMM,
	COL_START,
	COL_END,
	COL_PERMS,
	COL_OFFSET,
	COL_DEV,
	COL_INODE,
	COL_SIZE,
	COL_SEALED,
	COL_KIND,
	COL_PATH,
	COL_VMFLAGS,
	COL_VMAS,
	COL_NSEALED,
	COL_SEALED_SIZE,
	COL_COVERAGE,
	COL_POLICY_SIZE,
	COL_POLICY,
	COL_MEETS,
};

struct colinfo {
	const char *name;
	double whint;			/* minimum width, 0: the data decides */
	int flags;			/* SCOLS_FL_* */
	const char *help;
	int json_type;			/* SCOLS_JSON_* */
	unsigned int modes;		/* M_*: where the column exists */
};

static const struct colinfo infos[] = {
	[COL_PID]	  = { "PID", 0, SCOLS_FL_RIGHT, "process ID",
			      SCOLS_JSON_NUMBER, M_ALL },
	[COL_COMM]	  = { "COMM", 0, 0, "command name",
			      SCOLS_JSON_STRING, M_PROC },
	[COL_START]	  = { "START", 12, 0, "start address (hex, as in /proc)",
			      SCOLS_JSON_STRING, M_MAP },
	[COL_END]	  = { "END", 12, 0, "end address, exclusive (hex)",
			      SCOLS_JSON_STRING, M_MAP },
	[COL_PERMS]	  = { "PERMS", 0, 0, "permissions: r, w, x, p(rivate) or s(hared)",
			      SCOLS_JSON_STRING, M_MAP },
	[COL_OFFSET]	  = { "OFFSET", 0, 0, "offset in the file (hex)",
			      SCOLS_JSON_STRING, M_MAP },
	[COL_DEV]	  = { "DEV", 0, 0, "device of the file, major:minor (hex)",
			      SCOLS_JSON_STRING, M_MAP },
	[COL_INODE]	  = { "INODE", 0, SCOLS_FL_RIGHT, "inode of the file, 0 if none",
			      SCOLS_JSON_NUMBER, M_MAP },
	[COL_SIZE]	  = { "SIZE", 0, SCOLS_FL_RIGHT, "size (bytes in JSON and with --bytes)",
			      SCOLS_JSON_NUMBER, M_ALL },
	[COL_SEALED]	  = { "SEALED", 0, 0, "sealed by mseal(2)",
			      SCOLS_JSON_BOOLEAN, M_MAP },
	[COL_KIND]	  = { "KIND", 0, 0, "kind of mapping: code, rodata, data, heap, ...",
			      SCOLS_JSON_STRING, M_MAP },
	[COL_PATH]	  = { "PATH", 0, 0, "path or [name] as the kernel prints it",
			      SCOLS_JSON_STRING, M_MAP | M_OBJ },
	[COL_VMFLAGS]	  = { "VMFLAGS", 0, 0, "kernel flags of the mapping (VmFlags)",
			      SCOLS_JSON_STRING, M_MAP },
	[COL_VMAS]	  = { "VMAS", 0, SCOLS_FL_RIGHT, "number of mappings",
			      SCOLS_JSON_NUMBER, M_OBJ | M_PROC },
	[COL_NSEALED]	  = { "SEALED", 0, SCOLS_FL_RIGHT, "number of sealed mappings",
			      SCOLS_JSON_NUMBER, M_OBJ | M_PROC },
	[COL_SEALED_SIZE] = { "SEALED-SIZE", 0, SCOLS_FL_RIGHT, "size of the sealed mappings",
			      SCOLS_JSON_NUMBER, M_OBJ | M_PROC },
	[COL_COVERAGE]	  = { "COVERAGE", 0, SCOLS_FL_RIGHT, "percent of the bytes sealed",
			      SCOLS_JSON_NUMBER, M_OBJ | M_PROC },
	[COL_POLICY_SIZE] = { "POLICY-SIZE", 0, SCOLS_FL_RIGHT,
			      "size of the mappings the policy says must be sealed",
			      SCOLS_JSON_NUMBER, M_OBJ | M_PROC },
	[COL_POLICY]	  = { "POLICY", 0, SCOLS_FL_RIGHT,
			      "percent of what the policy names that is sealed",
			      SCOLS_JSON_NUMBER, M_OBJ | M_PROC },
	[COL_MEETS]	  = { "MEETS", 0, 0, "meets the policy: yes, no, - (names nothing)",
			      SCOLS_JSON_BOOLEAN_OPTIONAL, M_OBJ | M_PROC },
};

#define NCOLS (sizeof(infos) / sizeof(infos[0]))
#define MAX_COLUMNS 64

/* The defaults; PID goes first when there are several targets. */
static const int default_columns[][8] = {
	[MODE_MAPPINGS]	 = { COL_START, COL_END, COL_PERMS, COL_SIZE, COL_SEALED,
			     COL_KIND, COL_PATH, -1 },
	[MODE_OBJECTS]	 = { COL_PATH, COL_VMAS, COL_NSEALED, COL_SIZE,
			     COL_SEALED_SIZE, COL_COVERAGE, -1 },
	[MODE_PROCESSES] = { COL_PID, COL_COMM, COL_VMAS, COL_NSEALED,
			     COL_COVERAGE, COL_POLICY, COL_MEETS, -1 },
};

/* One row of output: a VMA, an object or a process. */
struct row {
	uint64_t start, end;		/* VMA */
	uint64_t offset, inode;		/* VMA */
	uint64_t size, sealed_size;	/* all: the VMA's own size, or sums */
	uint64_t policy_size;		/* objects, processes: what the policy */
	uint64_t policy_sealed;		/* names, and of it what is sealed */
	int8_t meets;			/* processes: 1 yes, 0 no, -1 not known */
	uint32_t nvmas, nsealed;	/* objects, processes */
	uint32_t str;			/* path or comm: offset in the pool */
	uint32_t vmflags;		/* offset in the pool (VMFLAGS shown) */
	uint32_t dev;			/* major << 20 | minor */
	pid_t pid;
	char perms[4];
	uint8_t kind;			/* enum seal_kind */
	bool sealed;
};

/* NUL-terminated strings referred to by offset; offset 0 is "". */
struct pool {
	char *buf;
	size_t len, cap;
	uint32_t last;			/* the last string added, for reuse */
	size_t last_len;
};

struct inspect {
	enum mode mode;
	int columns[MAX_COLUMNS];
	size_t ncolumns;

	struct row *rows;
	size_t nrows, cap;
	struct pool pool;

	/* --summary: the current target's objects by path (row indexes). */
	uint32_t *objects;
	size_t objects_size;		/* a power of two, 0 before first use */
	size_t first_object;		/* first row of the current target */

	char *scratch;			/* for JSON-safe copies of strings */
	unsigned long bad_line;		/* where the last failed read stopped */

	const char *outarg;		/* -o, parsed once the mode is known */
	pid_t *pids;
	size_t npids;

	/* --summary: W^X state of each target read, printed after the rows. */
	struct wx_state {
		pid_t pid;
		struct proc_wx wx;
	} *wx;
	size_t nwx;
	char *json_tail;		/* extra top-level JSON keys, or NULL */

	unsigned int	json:1,
			raw:1,
			pairs:1,
			noheadings:1,
			bytes:1,
			sealed_only:1,
			unsealed_only:1,
			verbose:1,
			all:1,
			summary:1,
			list_columns:1,
			want_vmflags:1,
			want_policy:1,
			policy_given:1;
	unsigned int policy;		/* --policy, for the policy columns */
	bool policy_wx;
	size_t page;
};

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

static const char *pool_str(const struct pool *p, uint32_t off)
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
	size_t i, checked;
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
		s->proc->meets = t.no_mm ? -1 : judge_unsealed(&t, &checked) == 0 &&
				 (!ctl->policy_wx || proc_wx_enforced(&t.wx));
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

/* One target given on the command line.  0 or -errno. */
static int read_target(struct inspect *ctl, pid_t pid)
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

/* "sealctl: PID: CAUSE (smaps)", with the line for malformed input. */
static void warn_target(const struct inspect *ctl, pid_t pid, int err)
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
			warn_target(a->ctl, pid, -rc);
	}
	return 0;
}

/*
 * --all: every process in /proc.  Processes that exit during the scan
 * are expected, not an error.  The number that could not be read goes
 * to *unreadable.  0 or -errno (out of memory, or /proc not listed).
 */
static int read_all(struct inspect *ctl, unsigned long *unreadable)
{
	struct all_ctx a = { ctl, unreadable };

	return proc_each_pid(read_one_of_all, &a);
}

/* ---- formatting ------------------------------------------------------------- */

/* Cells are formatted into a buffer of this size, paths excepted. */
#define CELL_MAX 64

static char *fmt_u64(char *p, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10));
	while (n)
		*p++ = tmp[--n];
	*p = '\0';
	return p;
}

/* Lower-case hex, at least min digits, as /proc prints addresses. */
static char *fmt_hex(char *p, uint64_t v, int min)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;

	do
		tmp[n++] = digits[v & 15];
	while ((v >>= 4));
	while (n < min)
		tmp[n++] = '0';
	while (n)
		*p++ = tmp[--n];
	*p = '\0';
	return p;
}

/*
 * Binary units with one decimal, as util-linux prints sizes: 4096 is
 * "4K", 1572864 "1.5M"; the decimal is rounded half up and dropped when
 * it is 0.
 */
static void fmt_size_human(char *p, uint64_t bytes)
{
	static const char units[] = "KMGTPE";
	unsigned int shift = 10, u = 0;
	uint64_t whole, frac, thousandths, tenths;

	if (bytes < 1024) {
		p = fmt_u64(p, bytes);
		*p++ = 'B';
		*p = '\0';
		return;
	}
	while (u < 5 && bytes >> (shift + 10)) {
		shift += 10;
		u++;
	}
	whole = bytes >> shift;
	frac = bytes & ((UINT64_C(1) << shift) - 1);
	/* frac < 2^shift, so frac * 1000 only overflows for exbibytes. */
	if (shift <= 50)
		thousandths = frac * 1000 >> shift;
	else
		thousandths = (frac >> 10) * 1000 >> (shift - 10);
	tenths = (thousandths + 50) / 100;
	if (tenths == 10) {
		whole++;
		tenths = 0;
	}
	p = fmt_u64(p, whole);
	if (tenths) {
		*p++ = '.';
		*p++ = (char)('0' + tenths);
	}
	*p++ = units[u];
	*p = '\0';
}

static void fmt_size(const struct inspect *ctl, char *p, uint64_t bytes)
{
	if (ctl->bytes || ctl->json)
		fmt_u64(p, bytes);
	else
		fmt_size_human(p, bytes);
}

/* Percent with one decimal, truncated: only all of it is 100.0. */
static void fmt_percent(char *p, uint64_t part, uint64_t whole)
{
	uint64_t tenths = whole ? (uint64_t)((unsigned __int128)part * 1000 / whole) : 0;

	p = fmt_u64(p, tenths / 10);
	*p++ = '.';
	*p++ = (char)('0' + tenths % 10);
	*p = '\0';
}

/* Paths and names through the one escaper (escape.c): invalid UTF-8
 * as "\377", and in text control characters too; libsmartcols does
 * JSON's own escaping. */
static const char *safe(const struct inspect *ctl, const char *s)
{
	return esc_str(s, ctl->scratch, ctl->json ? 0 : ESC_CONTROL);
}

/* The text of one cell: in buf (CELL_MAX bytes), the pool or a constant. */
static const char *cell(const struct inspect *ctl, const struct row *r, int col,
			char *buf)
{
	const char *s;

	switch (col) {
	case COL_PID:
		fmt_u64(buf, (uint64_t)r->pid);
		return buf;
	case COL_COMM:
		return safe(ctl, pool_str(&ctl->pool, r->str));
	case COL_START:
		fmt_hex(buf, r->start, 8);
		return buf;
	case COL_END:
		fmt_hex(buf, r->end, 8);
		return buf;
	case COL_PERMS:
		memcpy(buf, r->perms, 4);
		buf[4] = '\0';
		return buf;
	case COL_OFFSET:
		fmt_hex(buf, r->offset, 8);
		return buf;
	case COL_DEV: {
		char *p = fmt_hex(buf, r->dev >> 20, 2);

		*p++ = ':';
		fmt_hex(p, r->dev & 0xfffff, 2);
		return buf;
	}
	case COL_INODE:
		fmt_u64(buf, r->inode);
		return buf;
	case COL_SIZE:
		fmt_size(ctl, buf, r->size);
		return buf;
	case COL_SEALED:
		return r->sealed ? "yes" : "no";
	case COL_KIND:
		return seal_kind_name(r->kind);
	case COL_PATH:
		s = pool_str(&ctl->pool, r->str);
		if (ctl->mode == MODE_OBJECTS && !*s)
			return "[anon]";	/* anonymous memory without a name */
		return safe(ctl, s);
	case COL_VMFLAGS:
		return pool_str(&ctl->pool, r->vmflags);
	case COL_VMAS:
		fmt_u64(buf, r->nvmas);
		return buf;
	case COL_NSEALED:
		fmt_u64(buf, r->nsealed);
		return buf;
	case COL_SEALED_SIZE:
		fmt_size(ctl, buf, r->sealed_size);
		return buf;
	case COL_COVERAGE:
		fmt_percent(buf, r->sealed_size, r->size);
		return buf;
	case COL_POLICY_SIZE:
		fmt_size(ctl, buf, r->policy_size);
		return buf;
	case COL_POLICY:
		if (!r->policy_size)
			return ctl->json ? "null" : "-";
		fmt_percent(buf, r->policy_sealed, r->policy_size);
		return buf;
	case COL_MEETS:
		if (ctl->mode == MODE_PROCESSES ? r->meets < 0 : !r->policy_size)
			return ctl->json ? "" : "-";	/* JSON: null */
		if (ctl->mode == MODE_PROCESSES)
			return r->meets ? "yes" : "no";
		return r->policy_sealed == r->policy_size ? "yes" : "no";
	}
	return "";
}

/* --sealed / --unsealed: does the row hold such a mapping?  (VMA rows
 * were filtered as they were read.) */
static bool row_wanted(const struct inspect *ctl, const struct row *r)
{
	if (ctl->mode == MODE_MAPPINGS)
		return true;
	if (ctl->sealed_only)
		return r->nsealed > 0;
	if (ctl->unsealed_only)
		return r->nvmas > r->nsealed;
	return true;
}

/* ---- output ----------------------------------------------------------------- */

/*
 * libsmartcols keeps every line it is given, at some 600 bytes a line for
 * seven columns: 60,000 VMAs at once would take about 40 MiB.  So rows
 * are given to it in chunks, each printed and dropped before the next,
 * and the chunks print exactly as one table would:
 *
 *  - raw and pairs output has no column widths: each line stands alone;
 *    the header goes with the first chunk only;
 *  - JSON is one document: each chunk's is printed to memory and the
 *    arrays are spliced (see splice_json());
 *  - the aligned table would size each column from its own chunk.  So
 *    the width of each column over the whole output is computed first:
 *    its widest cell or its name, whichever is wider, as libsmartcols
 *    sizes it.  libsmartcols never makes a column narrower than its
 *    header, so the header is padded to that width (on the side the
 *    column aligns to, which prints the same), and the width is also
 *    set as the width hint.  Without truncating or relative-width
 *    columns libsmartcols shrinks nothing to fit a terminal.
 *
 * One limit: the width libsmartcols gives to text it must escape or that
 * holds multibyte characters follows its own rules, so when such text is
 * in a column other than the last (which is not padded), the table is
 * printed whole.
 */
#define CHUNK_ROWS 2048

/* Display width of ASCII text, or -1 when libsmartcols would have to
 * escape or measure it by its own rules. */
static long ascii_width(const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return -1;
	return p - s;
}

/* The width of each column over every row and its name; false when a
 * column other than the last holds text whose width only libsmartcols
 * knows. */
static bool column_widths(const struct inspect *ctl, size_t widths[])
{
	char buf[CELL_MAX];
	size_t i, c;

	for (c = 0; c < ctl->ncolumns; c++) {
		const struct colinfo *ci = &infos[ctl->columns[c]];

		widths[c] = strlen(ci->name);
		if ((size_t)ci->whint > widths[c])
			widths[c] = (size_t)ci->whint;
	}
	for (i = 0; i < ctl->nrows; i++) {
		const struct row *r = &ctl->rows[i];

		if (!row_wanted(ctl, r))
			continue;
		for (c = 0; c < ctl->ncolumns; c++) {
			long w = ascii_width(cell(ctl, r, ctl->columns[c], buf));

			if (w < 0) {
				if (c + 1 < ctl->ncolumns)
					return false;
				continue;	/* the last column is not padded */
			}
			if ((size_t)w > widths[c])
				widths[c] = (size_t)w;
		}
	}
	return true;
}

/* Fix the aligned table's column widths (see above).  0 or -ENOMEM. */
static int set_widths(const struct inspect *ctl, struct libscols_table *tb,
		      const size_t widths[])
{
	size_t c;

	for (c = 0; c < ctl->ncolumns; c++) {
		struct libscols_column *cl = scols_table_get_column(tb, c);
		const struct colinfo *ci = &infos[ctl->columns[c]];
		char *name;
		int rc;

		if (scols_column_set_whint(cl, (double)widths[c]) != 0)
			return -ENOMEM;
		if (c + 1 == ctl->ncolumns && !(ci->flags & SCOLS_FL_RIGHT))
			continue;	/* trailing blanks would show */
		/* A path is at most SEAL_SMAPS_PATH_MAX bytes: int is enough. */
		if (asprintf(&name, ci->flags & SCOLS_FL_RIGHT ? "%*s" : "%-*s",
			     (int)widths[c], ci->name) < 0)
			return -ENOMEM;
		rc = scols_cell_set_data(scols_column_get_header(cl), name);
		free(name);
		if (rc != 0)
			return -ENOMEM;
	}
	return 0;
}

static struct libscols_table *new_table(const struct inspect *ctl)
{
	struct libscols_table *tb = scols_new_table();
	size_t c;

	if (!tb)
		return NULL;
	scols_table_enable_json(tb, ctl->json);
	scols_table_enable_raw(tb, ctl->raw);
	scols_table_enable_export(tb, ctl->pairs);
	scols_table_enable_noheadings(tb, ctl->noheadings);
	scols_table_set_name(tb, table_names[ctl->mode]);

	for (c = 0; c < ctl->ncolumns; c++) {
		const struct colinfo *ci = &infos[ctl->columns[c]];
		struct libscols_column *cl;

		cl = scols_table_new_column(tb, ci->name, ci->whint, ci->flags);
		if (!cl || scols_column_set_json_type(cl, ci->json_type) != 0) {
			scols_unref_table(tb);
			return NULL;
		}
	}
	return tb;
}

/* Fill one line of the table from a row: one switch, in cell(). */
static int add_line(const struct inspect *ctl, struct libscols_table *tb,
		    const struct row *r)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	char buf[CELL_MAX];
	size_t c;

	if (!ln)
		return -ENOMEM;
	for (c = 0; c < ctl->ncolumns; c++)
		if (scols_line_set_data(ln, c, cell(ctl, r, ctl->columns[c], buf)) != 0)
			return -ENOMEM;
	return 0;
}

/*
 * Join chunks of one JSON document.  Each chunk is a whole document,
 * '{ "mappings": [ OBJECTS ] }'; the first is written up to its last
 * object, the next ones from their first object, with a comma between,
 * and the last one to its end.
 */
static void splice_json(const char *doc, size_t len, bool first, bool last, const char *tail)
{
	const char *open = memchr(doc, '[', len);
	const char *close = doc + len;
	const char *from, *to;

	while (close > doc && close[-1] != ']')
		close--;
	if (!open || close <= open) {
		fwrite(doc, 1, len, stdout);	/* not ours to judge */
		return;
	}
	close--;
	for (from = open + 1; from < close && strchr(" \t\n", *from); from++)
		;
	for (to = close; to > from && strchr(" \t\n", to[-1]); to--)
		;
	if (!first)
		fputc(',', stdout);
	if (first)
		from = doc;
	if (last)
		to = doc + len;
	if (last && tail) {
		/* Extra keys go before the document's closing brace. */
		const char *end = to;

		while (end > from && end[-1] != '}')
			end--;
		if (end > from) {
			for (end--; end > from && strchr(" \t\n", end[-1]); end--)
				;
			fwrite(from, 1, (size_t)(end - from), stdout);
			fputs(tail, stdout);
			fputs("\n}\n", stdout);
			return;
		}
	}
	fwrite(from, 1, (size_t)(to - from), stdout);
}

/* Print the lines in tb and drop them.  0 or -errno. */
static int print_chunk(const struct inspect *ctl, struct libscols_table *tb,
		       bool first, bool last)
{
	char *doc = NULL;
	size_t len = 0;
	FILE *mem;
	int rc;

	if (!ctl->json || (first && last && !ctl->json_tail)) {
		rc = scols_print_table(tb);
	} else {
		mem = open_memstream(&doc, &len);
		if (!mem)
			return -errno;
		scols_table_set_stream(tb, mem);
		rc = scols_print_table(tb);
		if (fclose(mem) != 0 && rc == 0)
			rc = -errno;
		if (rc == 0)
			splice_json(doc, len, first, last, ctl->json_tail);
		free(doc);
	}
	scols_table_remove_lines(tb);
	/* The header belongs to the first chunk only. */
	scols_table_enable_noheadings(tb, 1);
	return rc < 0 ? rc : rc > 0 ? -rc : 0;
}

/*
 * The aligned table costs libsmartcols microseconds a row (it measures
 * every character with mbrtowc() and wcwidth(), and escapes it), several
 * times what reading smaps costs.  Rows of printable ASCII -- nearly all
 * of them -- need none of that.  Once libsmartcols has printed the header
 * and the first chunk, such rows are laid out here exactly as it lays
 * them out with the widths fixed above: one space between columns, text
 * padded to the column's width on the right, or on the left in a
 * right-aligned column, and the last column not padded unless it is
 * right-aligned.  Every other row still goes through libsmartcols.  The
 * tests compare the two ways byte for byte.
 */
static bool row_is_plain(const struct inspect *ctl, const struct row *r)
{
	char buf[CELL_MAX];
	size_t c;

	/* Only text from the kernel can be other than printable ASCII. */
	for (c = 0; c < ctl->ncolumns; c++) {
		int col = ctl->columns[c];

		if ((col == COL_PATH || col == COL_COMM || col == COL_VMFLAGS) &&
		    ascii_width(cell(ctl, r, col, buf)) < 0)
			return false;
	}
	return true;
}

/* Plain rows are written with the _unlocked stdio calls: one thread,
 * and a few million calls for a large table. */
static void pad(size_t n)
{
	static const char spaces[] = "                                ";

	for (; n > sizeof(spaces) - 1; n -= sizeof(spaces) - 1)
		fwrite_unlocked(spaces, 1, sizeof(spaces) - 1, stdout);
	fwrite_unlocked(spaces, 1, n, stdout);
}

static void print_plain_row(const struct inspect *ctl, const struct row *r,
			    const size_t widths[])
{
	char buf[CELL_MAX];
	size_t c;

	for (c = 0; c < ctl->ncolumns; c++) {
		const char *s = cell(ctl, r, ctl->columns[c], buf);
		size_t len = strlen(s), fill = widths[c] > len ? widths[c] - len : 0;
		bool right = infos[ctl->columns[c]].flags & SCOLS_FL_RIGHT;

		if (c)
			fputc_unlocked(' ', stdout);
		if (right)
			pad(fill);
		fwrite_unlocked(s, 1, len, stdout);
		if (!right && c + 1 < ctl->ncolumns)
			pad(fill);
	}
	fputc_unlocked('\n', stdout);
}

static int print_rows(const struct inspect *ctl)
{
	size_t widths[MAX_COLUMNS], chunk = CHUNK_ROWS, inchunk = 0, i;
	const char *env = getenv("SEALCTL_CHUNK_ROWS");	/* tests only */
	struct libscols_table *tb = new_table(ctl);
	bool aligned = !ctl->raw && !ctl->pairs && !ctl->json;
	bool first = true, fast = false;
	int rc = 0;

	if (!tb)
		return -ENOMEM;
	if (env && atol(env) > 0)
		chunk = (size_t)atol(env);
	if (aligned) {
		if (column_widths(ctl, widths))
			rc = set_widths(ctl, tb, widths);
		else
			chunk = SIZE_MAX;
	}

	for (i = 0; i < ctl->nrows && rc == 0; i++) {
		const struct row *r = &ctl->rows[i];

		if (!row_wanted(ctl, r))
			continue;
		if (fast && row_is_plain(ctl, r)) {
			if (inchunk) {
				rc = print_chunk(ctl, tb, false, false);
				inchunk = 0;
			}
			print_plain_row(ctl, r, widths);
			continue;
		}
		if (inchunk == chunk) {
			rc = print_chunk(ctl, tb, first, false);
			fast = aligned;
			first = false;
			inchunk = 0;
		}
		if (rc == 0)
			rc = add_line(ctl, tb, r);
		inchunk++;
	}
	/* The first chunk prints even when empty: JSON needs its brackets. */
	if (rc == 0 && (inchunk || first))
		rc = print_chunk(ctl, tb, first, true);
	scols_unref_table(tb);
	return rc;
}

/* ---- --summary: W^X ------------------------------------------------------------ */

/* The "wx" key of the JSON document: one object per target read. */
static int wx_json_tail(struct inspect *ctl)
{
	size_t len = 0, i;
	FILE *f = open_memstream(&ctl->json_tail, &len);

	if (!f)
		return -ENOMEM;
	fputs(",\n   \"wx\": [", f);
	for (i = 0; i < ctl->nwx; i++) {
		fprintf(f, "%s\n      {\"pid\": %d, ", i ? "," : "", (int)ctl->wx[i].pid);
		proc_wx_print_json(f, &ctl->wx[i].wx);
		fputc('}', f);
	}
	fputs(ctl->nwx ? "\n   ]" : "]", f);
	return fclose(f) == 0 ? 0 : -ENOMEM;
}

/* After the table: one line per target. */
static void wx_lines(const struct inspect *ctl)
{
	size_t i;

	for (i = 0; i < ctl->nwx; i++) {
		printf("%d: W^X: ", (int)ctl->wx[i].pid);
		proc_wx_print(stdout, &ctl->wx[i].wx);
		putchar('\n');
	}
}

/* ---- options ---------------------------------------------------------------- */

static int add_column(struct inspect *ctl, int id)
{
	if (ctl->ncolumns == MAX_COLUMNS)
		return -E2BIG;
	ctl->columns[ctl->ncolumns++] = id;
	return 0;
}

/* The columns: the defaults, or -o LIST, or the defaults and -o +LIST. */
static void set_columns(struct inspect *ctl, struct argp_state *state)
{
	const char *list = ctl->outarg, *names[NCOLS], *bad = NULL;
	size_t i, badlen = 0;
	int rc;

	if (!list || *list == '+') {
		if (ctl->npids > 1 && ctl->mode != MODE_PROCESSES)
			add_column(ctl, COL_PID);
		for (i = 0; default_columns[ctl->mode][i] >= 0; i++)
			add_column(ctl, default_columns[ctl->mode][i]);
		/* --summary judges only when asked: its default stays as fast
		 * as reading smaps (README, benchmarks). */
		if (ctl->mode == MODE_OBJECTS && ctl->policy_given) {
			add_column(ctl, COL_POLICY);
			add_column(ctl, COL_MEETS);
		}
		if (!list)
			goto done;
		list++;
	}
	/* Only the columns this mode has. */
	for (i = 0; i < NCOLS; i++)
		names[i] = infos[i].modes & (1u << ctl->mode) ? infos[i].name : NULL;
	rc = parse_columns(list, names, NCOLS, ctl->columns, MAX_COLUMNS,
			   &ctl->ncolumns, &bad, &badlen);
	if (rc == -EINVAL)
		argp_error(state, "unknown column: %.*s%s", (int)badlen, bad,
			   ctl->mode == MODE_MAPPINGS ? "" :
			   ctl->mode == MODE_OBJECTS ?
			   " (with --summary)" : " (with --all)");
	if (rc < 0)
		argp_error(state, "too many columns");
done:
	for (i = 0; i < ctl->ncolumns; i++) {
		if (ctl->columns[i] == COL_VMFLAGS)
			ctl->want_vmflags = 1;
		if (ctl->columns[i] == COL_POLICY_SIZE || ctl->columns[i] == COL_POLICY ||
		    ctl->columns[i] == COL_MEETS)
			ctl->want_policy = 1;
	}
}

static void list_columns(const struct inspect *ctl)
{
	size_t i;

	for (i = 0; i < NCOLS; i++)
		if (infos[i].modes & (1u << ctl->mode))
			printf("%12s  %s\n", infos[i].name, infos[i].help);
}

enum {
	OPT_LIST_COLUMNS = 256,
	OPT_SEALED,
	OPT_UNSEALED,
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct inspect *ctl = state->input;
	pid_t pid;

	switch (key) {
	case 'o':
		ctl->outarg = arg;
		break;
	case OPT_LIST_COLUMNS:
		ctl->list_columns = 1;
		break;
	case 'J':
		ctl->json = 1;
		break;
	case 'r':
		ctl->raw = 1;
		break;
	case 'n':
		ctl->noheadings = 1;
		break;
	case 'P':
		ctl->pairs = 1;
		break;
	case 'b':
		ctl->bytes = 1;
		break;
	case OPT_SEALED:
		ctl->sealed_only = 1;
		break;
	case OPT_UNSEALED:
		ctl->unsealed_only = 1;
		break;
	case 's':
		ctl->summary = 1;
		break;
	case 'a':
		ctl->all = 1;
		break;
	case 'v':
		ctl->verbose = 1;
		break;
	case 'p': {
		const char *bad = NULL;
		size_t badlen = 0;
		int rc = judge_parse_policy(arg, &ctl->policy, &ctl->policy_wx, &bad, &badlen);

		if (rc == -ENOMEM)
			argp_failure(state, SEALCTL_EXIT_FAIL, ENOMEM, "policy");
		if (rc < 0)
			argp_error(state, badlen ? "invalid policy '%s': unknown word '%.*s'" :
				   "invalid policy '%s': an empty item%.*s", arg, (int)badlen, bad);
		ctl->policy_given = 1;
		break;
	}
	case ARGP_KEY_ARG:
		if (parse_pid(arg, &pid) < 0)
			argp_error(state, "invalid PID '%s': a number from 1 or 'self'", arg);
		ctl->pids[ctl->npids++] = pid;
		break;
	case ARGP_KEY_END:
		/* All checks before any work; each is a usage error. */
		if (ctl->json + ctl->raw + ctl->pairs > 1)
			argp_error(state, "--json, --raw and --pairs exclude each other");
		if (ctl->sealed_only && ctl->unsealed_only)
			argp_error(state, "--sealed and --unsealed exclude each other");
		if (ctl->summary && ctl->all)
			argp_error(state, "--summary and --all exclude each other");
		if (ctl->all && ctl->npids)
			argp_error(state, "--all takes no PID");
		if (!ctl->all && !ctl->npids && !ctl->list_columns)
			argp_error(state, "no PID given");
		if (ctl->policy_given && !ctl->all && !ctl->summary)
			argp_error(state, "--policy goes with --summary or --all");
		ctl->mode = ctl->all ? MODE_PROCESSES :
			    ctl->summary ? MODE_OBJECTS : MODE_MAPPINGS;
		set_columns(ctl, state);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

int cmd_inspect(int argc, char **argv)
{
	static const struct argp_option options[] = {
		{ NULL, 0, NULL, 0, "Rows:", 1 },
		{ "summary", 's', NULL, 0, "one row per object (path, [name] or [anon])", 1 },
		{ "all", 'a', NULL, 0, "one row per process, for every process", 1 },
		{ "sealed", OPT_SEALED, NULL, 0, "only rows with sealed mappings", 1 },
		{ "unsealed", OPT_UNSEALED, NULL, 0, "only rows with unsealed mappings", 1 },
		{ "verbose", 'v', NULL, 0, "with --all, name each process not read", 1 },
		{ "policy", 'p', "LIST", 0, "the policy of the POLICY, POLICY-SIZE and MEETS "
		  "columns, in the words of verify (default: default)", 1 },
		{ NULL, 0, NULL, 0, "Output:", 2 },
		{ "output", 'o', "LIST", 0, "columns to print; +LIST adds to the defaults", 2 },
		{ "list-columns", OPT_LIST_COLUMNS, NULL, 0, "list the columns and exit", 2 },
		{ "json", 'J', NULL, 0, "JSON output", 2 },
		{ "raw", 'r', NULL, 0, "raw output, one space between columns", 2 },
		{ "pairs", 'P', NULL, 0, "NAME=\"value\" output", 2 },
		{ "noheadings", 'n', NULL, 0, "no header line", 2 },
		{ "bytes", 'b', NULL, 0, "sizes in bytes, not human-readable", 2 },
		{ 0 }
	};
	static const struct argp argp = {
		.options = options,
		.parser = parse_opt,
		.args_doc = "PID|self...\n--all",
		.doc = "List the mappings of processes and whether each is sealed "
		       "(from /proc/PID/smaps).\v"
		       "Exit status: 0 when every process was read, 1 when one "
		       "could not be, 64 on a usage error; with --all, 0 when /proc "
		       "was listed (those not read are counted on stderr).  See sealctl(8) for the "
		       "columns and the JSON format.",
	};
	struct inspect ctl = { .policy = SEAL_POLICY_DEFAULT };
	unsigned long unreadable = 0;
	size_t i;
	int status = SEALCTL_EXIT_OK, rc = 0;

	/* At most one PID per argument. */
	ctl.pids = calloc((size_t)argc, sizeof(*ctl.pids));
	if (!ctl.pids) {
		rc = -ENOMEM;
		goto done;
	}
	ctl.page = (size_t)sysconf(_SC_PAGESIZE);
	argp_parse(&argp, argc, argv, 0, NULL, &ctl);
	if (ctl.list_columns) {
		list_columns(&ctl);
		goto done;
	}
	if (ctl.mode == MODE_OBJECTS) {
		ctl.wx = calloc(ctl.npids, sizeof(*ctl.wx));
		if (!ctl.wx) {
			rc = -ENOMEM;
			goto done;
		}
	}
	/* Each path byte may become four ("\377"). */
	ctl.scratch = malloc(4 * SEAL_SMAPS_PATH_MAX + 1);
	if (!ctl.scratch) {
		rc = -ENOMEM;
		goto done;
	}

	if (ctl.all) {
		rc = read_all(&ctl, &unreadable);
		if (rc == -ENOMEM)
			goto done;
		if (rc < 0) {
			sealctl_warn("/proc: %s", err_cause(-rc));
			status = SEALCTL_EXIT_FAIL;
			rc = 0;
		}
		if (unreadable) {
			sealctl_warn("%lu process%s could not be read%s", unreadable,
				     unreadable == 1 ? "" : "es",
				     ctl.verbose ? "" : " (--verbose names them)");
			/* Counted, not failed: some process is always closed to
			 * an unprivileged caller (see sealctl(8)). */
		}
	}
	for (i = 0; i < ctl.npids; i++) {
		rc = read_target(&ctl, ctl.pids[i]);
		if (rc == -ENOMEM)
			goto done;
		if (rc < 0) {
			warn_target(&ctl, ctl.pids[i], -rc);
			status = SEALCTL_EXIT_FAIL;
		}
	}
	/* Each target's error was reported above; what fails from here
	 * on stops everything. */
	rc = ctl.wx && ctl.json ? wx_json_tail(&ctl) : 0;
	if (rc == 0)
		rc = print_rows(&ctl);
	if (rc == 0 && ctl.wx && !ctl.json && !ctl.raw && !ctl.pairs && !ctl.noheadings)
		wx_lines(&ctl);
done:
	/* Only what stops everything comes here: out of memory, mostly. */
	if (rc < 0) {
		sealctl_warn("%s", err_cause(-rc));
		status = SEALCTL_EXIT_FAIL;
	}
	free(ctl.rows);
	free(ctl.pool.buf);
	free(ctl.objects);
	free(ctl.scratch);
	free(ctl.wx);
	free(ctl.json_tail);
	free(ctl.pids);
	return status;
}
