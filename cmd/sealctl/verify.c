/*
 * sealctl verify — does a running process meet a sealing policy?
 *
 * The policy is sealrun's (lib/seal_policy.h); the evidence is the
 * process's smaps.  Which mappings a policy names is worked out the way
 * the in-target sealer works it out:
 *
 *  - objects: the loader's own list (seal_objects_read(): every
 *    namespace, with each object's program headers from memory or its
 *    file).  seal_object_spans() turns an object's headers into its
 *    parts, exactly as the sealer computes them; every mapping
 *    overlapping a span of a part the policy names must be sealed.
 *    Objects loaded after start-up are named only when the policy has
 *    "dlopen".  An ELF file that is merely mapped (as crash reporters
 *    do) is no object.  The vDSO is left to "system";
 *  - only when the list cannot be read (no ptrace access, a static
 *    program): every file mapped from offset 0 that is an ELF file is
 *    taken for an object, by its headers read through map_files, and
 *    every object counts as loaded at start-up; the output says so.  An
 *    object whose headers cannot be read at all is judged by the
 *    permissions of its mappings (x: code, w: data, r: rodata and relro,
 *    none: holes);
 *  - system: [vdso], [vvar] and [vvar_vclock];
 *  - stack: [stack].
 *
 * Output: a verdict per process, a reason per object that falls short,
 * and the unsealed mappings; --all does every process in /proc.
 */
#define _GNU_SOURCE
#include <argp.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "seal.h"
#include "seal_elf.h"
#include "seal_policy.h"
#include "sealctl.h"

/* Exit statuses of verify (documented in sealctl(8)). */
#define VERIFY_EXIT_COMPLIANT	0
#define VERIFY_EXIT_VIOLATION	1
#define VERIFY_EXIT_UNREADABLE	2


/* Spans of one object: the sealer's limit is ours. */
#define MAX_SPANS	(2 * SEAL_ELF_SEGMENTS_MAX + 2)

struct mapping {
	uint64_t start, end, offset, inode;
	unsigned int dev_major, dev_minor;
	char perms[5];
	bool sealed;
	enum seal_kind kind;
	unsigned int parts;		/* the policy parts that name it */
	int owner;			/* index of its object, -1: none */
	size_t path;			/* offset in the target's pool */
	size_t path_len;
};

struct target {
	pid_t pid;
	int dirfd;
	struct mapping *map;
	size_t n, cap;
	char *pool;
	size_t pool_len, pool_cap;
	unsigned long bad_line;
	unsigned long by_perms;		/* objects judged by permissions */
	struct proc_wx wx;		/* W^X enforcement, from /proc */
	bool no_mm;			/* a kernel thread or a zombie */
	struct seal_objects *objs;	/* the loader's list, or NULL */
	int objs_err;			/* why not: -errno */
	struct object *obj;		/* one per objs->object[] */
};

/* What verify makes of one object of the loader's list. */
struct object {
	size_t map;			/* a mapping of its file, SIZE_MAX: none */
	bool judged;			/* the policy names parts of it */
	bool initial;			/* loaded at start-up */
	unsigned int unsealed;		/* parts named and not sealed */
};

struct verify {
	unsigned int policy;
	bool wx;			/* the verify-only word "wx" */
	const char *policy_text;
	bool json, quiet, all, verbose;
	pid_t *pids;
	size_t npids;
	size_t page;
};

/* ---- collecting the mappings ------------------------------------------- */

static int keep_vma(void *ctx, const struct seal_vma *v)
{
	struct target *t = ctx;
	struct mapping *m;

	proc_wx_vma(&t->wx, v);
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256;
		void *p = realloc(t->map, cap * sizeof(*t->map));

		if (!p)
			return -ENOMEM;
		t->map = p;
		t->cap = cap;
	}
	if (t->pool_cap - t->pool_len < v->path_len + 1) {
		size_t cap = t->pool_cap ? t->pool_cap : 16384;
		void *p;

		while (cap - t->pool_len < v->path_len + 1)
			cap *= 2;
		p = realloc(t->pool, cap);
		if (!p)
			return -ENOMEM;
		t->pool = p;
		t->pool_cap = cap;
	}
	m = &t->map[t->n++];
	*m = (struct mapping){
		.start = v->start, .end = v->end, .offset = v->offset,
		.inode = v->inode, .dev_major = v->dev_major, .dev_minor = v->dev_minor,
		.sealed = v->sealed, .kind = v->kind, .owner = -1,
		.path = t->pool_len, .path_len = v->path_len,
	};
	memcpy(m->perms, v->perms, sizeof(m->perms));
	memcpy(t->pool + t->pool_len, v->path, v->path_len);
	t->pool[t->pool_len + v->path_len] = '\0';
	t->pool_len += v->path_len + 1;
	return 0;
}

static const char *path_of(const struct target *t, const struct mapping *m)
{
	return t->pool + m->path;
}

static bool same_file(const struct target *t, const struct mapping *a,
		      const struct mapping *b)
{
	return a->inode == b->inode && a->dev_major == b->dev_major &&
	       a->dev_minor == b->dev_minor && a->path_len == b->path_len &&
	       memcmp(path_of(t, a), path_of(t, b), a->path_len) == 0;
}

/* ---- judging ------------------------------------------------------------ */

/*
 * The file mapped by m, opened for reading: the mapped file itself when
 * map_files lets us, else the path under the process's root if it is
 * still the same file.  fd or -errno.
 */
static int open_mapped(const struct target *t, const struct mapping *m)
{
	char name[64];
	struct stat st;
	int fd;

	snprintf(name, sizeof(name), "map_files/%llx-%llx",
		 (unsigned long long)m->start, (unsigned long long)m->end);
	fd = openat(t->dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		return fd;

	/* "root" + path, path starting with '/'. */
	if (m->path_len + sizeof("root") > 4096)
		return -ENAMETOOLONG;
	char buf[4096 + sizeof("root")];
	snprintf(buf, sizeof(buf), "root%s", path_of(t, m));
	fd = openat(t->dirfd, buf, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_ino != m->inode ||
	    major(st.st_dev) != m->dev_major || minor(st.st_dev) != m->dev_minor) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}

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

/* Mark the mappings that overlap [start, end) as holding parts of the
 * object owner (-1: none known). */
static void mark_range(struct target *t, uint64_t start, uint64_t end,
		       unsigned int parts, int owner)
{
	size_t i;

	for (i = first_above(t, start); i < t->n && t->map[i].start < end; i++) {
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
	struct seal_span span[MAX_SPANS];
	unsigned int bit;
	int rc, k;

	/* Beyond what the reader keeps, the sealer refuses the object too;
	 * judge it by permissions rather than by part of its headers. */
	if (nseg > SEAL_ELF_SEGMENTS_MAX)
		return -E2BIG;
	/* One part at a time, so that each mapping is told which parts it
	 * holds rather than those of the merged run it lies in. */
	for (bit = 1; bit & SEAL_POLICY_OBJECTS; bit <<= 1) {
		if (!(parts & bit))
			continue;
		rc = seal_object_spans(seg, nseg, (uintptr_t)base, page, bit, span, MAX_SPANS);
		if (rc < 0)
			return rc;
		for (k = 0; k < rc; k++)
			mark_range(t, span[k].start, span[k].end, bit, owner);
	}
	return 0;
}

/* The object whose first mapping is map[i], by its program headers.
 * 0, -ENOEXEC when it is no ELF file, or another -errno. */
static int judge_by_headers(struct target *t, size_t i, unsigned int parts, size_t page)
{
	const struct mapping *m = &t->map[i];
	struct seal_elf elf;
	uint64_t low = UINT64_MAX, base;
	size_t k, nseg;
	int fd, rc;

	fd = open_mapped(t, m);
	if (fd < 0)
		return fd;
	rc = seal_elf_read(fd, &elf);
	close(fd);
	if (rc < 0)
		return rc;
	if (elf.type != ET_DYN && elf.type != ET_EXEC)
		return -ENOEXEC;
	nseg = elf.nsegments < SEAL_ELF_SEGMENTS_MAX ? elf.nsegments : SEAL_ELF_SEGMENTS_MAX;
	for (k = 0; k < nseg; k++)
		if (elf.segment[k].type == PT_LOAD && elf.segment[k].vaddr < low)
			low = elf.segment[k].vaddr;
	if (low == UINT64_MAX)
		return 0;		/* nothing loaded, nothing to seal */
	if (elf.nsegments > SEAL_ELF_SEGMENTS_MAX)
		return -E2BIG;
	base = elf.type == ET_EXEC ? 0 : m->start - (low & ~(uint64_t)(page - 1));
	return mark_object(t, elf.segment, nseg, base, parts, page, -1);
}

/* The object whose first mapping is map[i], by the permissions of the
 * mappings of the same file: the fallback when its file is closed to us. */
static void judge_by_perms(struct target *t, size_t i, unsigned int parts, int owner)
{
	size_t j;
	bool code = owner >= 0;		/* the loader's list says it is one */

	for (j = 0; j < t->n; j++)
		if (same_file(t, &t->map[i], &t->map[j]) && t->map[j].perms[2] == 'x')
			code = true;
	if (!code)
		return;			/* a data file, not a loaded object */
	t->by_perms++;
	for (j = 0; j < t->n; j++) {
		struct mapping *m = &t->map[j];
		unsigned int p;

		if (!same_file(t, &t->map[i], m))
			continue;
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
		const char *path = path_of(t, m);

		if ((policy & SEAL_POLICY_STACK) && strcmp(path, "[stack]") == 0)
			m->parts |= SEAL_POLICY_STACK;
		else if ((policy & SEAL_POLICY_SYSTEM) && seal_policy_system_path(path))
			m->parts |= SEAL_POLICY_SYSTEM;
	}
}

/* Without the loader's list: files mapped from offset 0 that are ELF. */
static void judge_by_mappings(struct target *t, unsigned int parts, size_t page)
{
	size_t i;

	for (i = 0; i < t->n && parts; i++) {
		struct mapping *m = &t->map[i];

		if (path_of(t, m)[0] == '/' && m->inode != 0 && m->offset == 0) {
			int rc = judge_by_headers(t, i, parts, page);

			if (rc < 0 && rc != -ENOEXEC)
				judge_by_perms(t, i, parts, -1);
		}
	}
}

/* Is this copy of an object one seen before (ld.so is listed in every
 * namespace)?  Its index, or -1. */
static int seen_before(const struct seal_objects *o, size_t k)
{
	for (size_t j = 0; j < k; j++)
		if (o->object[j].bias == o->object[k].bias &&
		    o->object[j].dynamic == o->object[k].dynamic)
			return (int)j;
	return -1;
}

/* With the loader's list: each object by its own headers. */
static void judge_by_loader(struct target *t, unsigned int policy, size_t page)
{
	const struct seal_objects *objs = t->objs;
	unsigned int parts = policy & SEAL_POLICY_OBJECTS;
	size_t k;

	for (k = 0; k < objs->count; k++) {
		const struct seal_object *o = &objs->object[k];
		struct object *ob = &t->obj[k];
		size_t i = first_above(t, o->dynamic);
		int dup = seen_before(objs, k);

		ob->map = i < t->n && t->map[i].start <= o->dynamic ? i : SIZE_MAX;
		ob->initial = o->initial;
		if (dup >= 0) {
			t->obj[dup].initial |= o->initial;
			continue;
		}
		/* The vDSO is the word "system"'s. */
		if (ob->map == SIZE_MAX || path_of(t, &t->map[ob->map])[0] == '[')
			continue;
		ob->judged = parts != 0;
	}
	for (k = 0; k < objs->count; k++) {
		const struct seal_object *o = &objs->object[k];
		struct object *ob = &t->obj[k];
		struct seal_segment seg[SEAL_ELF_SEGMENTS_MAX];
		size_t n, j;

		/* Objects loaded later are the word "dlopen"'s. */
		if (!ob->initial && !(policy & SEAL_POLICY_DLOPEN))
			ob->judged = false;
		if (!ob->judged)
			continue;
		n = o->nsegments < SEAL_ELF_SEGMENTS_MAX ? o->nsegments : SEAL_ELF_SEGMENTS_MAX;
		for (j = 0; j < n; j++)
			seg[j] = (struct seal_segment){ o->segment[j].type, o->segment[j].flags,
							o->segment[j].vaddr, o->segment[j].memsz };
		if (o->phdrs == SEAL_PHDRS_NONE ||
		    mark_object(t, seg, o->nsegments, o->bias, parts, page, (int)k) < 0)
			judge_by_perms(t, ob->map, parts, (int)k);
	}
}

/* The parts of each object that are named and not sealed. */
static void sum_objects(struct target *t)
{
	size_t i;

	if (!t->objs)
		return;
	for (i = 0; i < t->n; i++)
		if (t->map[i].owner >= 0 && t->map[i].parts && !t->map[i].sealed)
			t->obj[t->map[i].owner].unsealed |= t->map[i].parts;
}

/* Set map[].parts for every mapping the policy names. */
static void judge(struct target *t, unsigned int policy, size_t page)
{
	judge_others(t, policy);
	if (t->objs)
		judge_by_loader(t, policy, page);
	else
		judge_by_mappings(t, policy & SEAL_POLICY_OBJECTS, page);
	sum_objects(t);
}

/* ---- W^X ------------------------------------------------------------------ */

static void print_wx_text(const struct target *t)
{
	fputs("  W^X: ", stdout);
	proc_wx_print(stdout, &t->wx);
	putchar('\n');
}

static void print_wx_json(const struct target *t)
{
	printf(", \"wx\": {\"enforced\": %s, ", proc_wx_enforced(&t->wx) ? "true" : "false");
	proc_wx_print_json(stdout, &t->wx);
	putchar('}');
}

/* ---- output ------------------------------------------------------------- */

/* "code", "rodata+relro", …: the parts in vocabulary order. */
static void parts_text(unsigned int parts, char *buf, size_t size)
{
	const struct seal_policy_word *w;
	size_t n, k, len = 0;

	buf[0] = '\0';
	w = seal_policy_words(&n);
	for (k = 0; k < n; k++) {
		/* Single-bit words only: the presets and "objects" are sums. */
		if ((w[k].mask & (w[k].mask - 1)) || !(parts & w[k].mask))
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "+" : "", w[k].name);
		if (len >= size)
			break;
	}
}

static size_t count_unsealed(const struct target *t, size_t *checked)
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

static bool compliant(const struct verify *v, const struct target *t)
{
	size_t checked;

	return count_unsealed(t, &checked) == 0 && (!v->wx || proc_wx_enforced(&t->wx));
}

/* ---- reasons ----------------------------------------------------------- */

/* Objects glibc loads by itself, through __libc_dlopen: NSS and iconv
 * modules, libgcc_s for unwinding. */
static bool libc_loads(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	return strncmp(base, "libnss_", 7) == 0 || strstr(path, "/gconv/") ||
	       strncmp(base, "libgcc_s.so", 11) == 0;
}

/* The name of object k as the mappings show it (the path, with the
 * kernel's " (deleted)"). */
static const char *object_name(const struct target *t, size_t k)
{
	const struct object *ob = &t->obj[k];

	if (ob->map != SIZE_MAX)
		return path_of(t, &t->map[ob->map]);
	return t->objs->object[k].name[0] ? t->objs->object[k].name : "(main program)";
}

/*
 * One reason for each object that falls short, then one for each other
 * kind of mapping that does, and the heap, which is never sealed: each
 * given to fn as (what, parts, the reason's text after what).
 */
typedef void (*reason_fn)(void *ctx, const char *what, unsigned int parts,
			  const char *why, int initial);

/* Without the loader's list: one reason per file, at its first open
 * mapping, with the parts of all its open mappings. */
static void file_reason(const struct target *t, size_t i, reason_fn fn, void *ctx)
{
	unsigned int parts = 0;
	size_t j;

	for (j = 0; j < t->n; j++) {
		const struct mapping *m = &t->map[j];

		if (!m->parts || m->sealed || !same_file(t, m, &t->map[i]))
			continue;
		if (j < i)
			return;		/* reported at that one */
		parts |= m->parts;
	}
	fn(ctx, path_of(t, &t->map[i]), parts, "unsealed", -1);
}

static void each_reason(const struct target *t, reason_fn fn, void *ctx)
{
	size_t i, k;
	bool heap = false;

	for (k = 0; t->objs && k < t->objs->count; k++) {
		const struct object *ob = &t->obj[k];
		const char *name;

		if (!ob->unsealed)
			continue;
		name = object_name(t, k);
		if (ob->initial)
			fn(ctx, name, ob->unsealed, "unsealed", 1);
		else
			fn(ctx, name, ob->unsealed, libc_loads(name) ?
			   "open: loaded by the C library after start-up" :
			   "open: loaded after start-up (dlopen)", 0);
	}
	for (i = 0; i < t->n; i++) {
		const struct mapping *m = &t->map[i];
		const char *path = path_of(t, m);

		if (m->parts & (SEAL_POLICY_SYSTEM | SEAL_POLICY_STACK) && !m->sealed)
			fn(ctx, path, m->parts, "unsealed", -1);
		else if (!t->objs && m->parts && !m->sealed && path[0] == '/')
			file_reason(t, i, fn, ctx);
		if (strcmp(path, "[heap]") == 0 && !m->sealed && !heap) {
			fn(ctx, "[heap]", 0, "never sealed (by design)", -1);
			heap = true;
		}
	}
}

/* ---- output ------------------------------------------------------------- */

static void reason_text(void *ctx, const char *what, unsigned int parts, const char *why,
			int initial)
{
	char text[64];

	(void)ctx;
	fputs("  ", stdout);
	if (initial < 0 && what[0] == '[' && parts) {
		/* The kernel's mappings, the stack: the word that names them. */
		parts_text(parts, text, sizeof(text));
		fputs_esc(what, stdout);
		printf(" %s (%s)\n", why, text);
		return;
	}
	if (parts) {
		parts_text(parts, text, sizeof(text));
		printf("%s of ", text);
	}
	fputs_esc(what, stdout);
	printf("%s%s\n", parts ? " " : ": ", why);
}

/* Why the loader's list could not be read, in words. */
static const char *objects_cause(int err)
{
	switch (err) {
	case ENOENT:	return "no loader list (a static program, or no DT_DEBUG)";
	case EBADMSG:	return "the list does not hold together";
	case EACCES:
	case EPERM:	return "memory not readable (ptrace access needed)";
	default:	return err_cause(err);
	}
}

static const char *loader_state(const struct target *t)
{
	return t->objs->consistent ? "consistent" : "changing";
}

static void print_text(const struct verify *v, const struct target *t, const char *comm)
{
	size_t i, checked, bad = count_unsealed(t, &checked);
	char parts[64];

	printf("%d (", (int)t->pid);
	fputs_esc(comm, stdout);
	fputs("): ", stdout);
	if (t->no_mm) {
		puts("no address space (a kernel thread or a zombie): nothing to check");
		return;
	}
	if (compliant(v, t))
		printf("compliant with policy %s: %zu mapping%s checked, all sealed%s\n",
		       v->policy_text, checked, checked == 1 ? "" : "s",
		       v->wx ? ", W^X enforced" : "");
	else if (bad)
		printf("NOT compliant with policy %s: %zu of %zu mapping%s checked "
		       "not sealed%s\n", v->policy_text, bad, checked,
		       checked == 1 ? "" : "s",
		       v->wx && !proc_wx_enforced(&t->wx) ? ", W^X not shown to be enforced" : "");
	else
		printf("NOT compliant with policy %s: W^X not shown to be enforced "
		       "(%zu mapping%s checked, all sealed)\n",
		       v->policy_text, checked, checked == 1 ? "" : "s");
	if (v->wx)
		print_wx_text(t);
	if (!t->objs)
		printf("  (objects found from the mappings, not the loader's list: %s)\n",
		       objects_cause(-t->objs_err));
	else if (!t->objs->consistent)
		puts("  (the loader was changing its list while it was read)");
	if (t->by_perms)
		printf("  (%lu object%s judged by permissions: file not readable)\n",
		       t->by_perms, t->by_perms == 1 ? "" : "s");
	if (!compliant(v, t))
		each_reason(t, reason_text, NULL);
	for (i = 0; i < t->n; i++) {
		const struct mapping *m = &t->map[i];

		if (!m->parts || m->sealed)
			continue;
		parts_text(m->parts, parts, sizeof(parts));
		printf("  %012llx-%012llx %s %-12s ", (unsigned long long)m->start,
		       (unsigned long long)m->end, m->perms, parts);
		fputs_esc(m->path_len ? path_of(t, m) : "[anon]", stdout);
		putchar('\n');
	}
}

struct json_reasons {
	bool first;
};

static void reason_json(void *ctx, const char *what, unsigned int parts, const char *why,
			int initial)
{
	struct json_reasons *j = ctx;
	char text[64];

	parts_text(parts, text, sizeof(text));
	printf("%s\n      {\"object\": ", j->first ? "" : ",");
	json_string(what);
	printf(", \"parts\": \"%s\", \"loaded\": %s, \"reason\": ", text,
	       initial < 0 ? "null" : initial ? "\"start-up\"" : "\"later\"");
	json_string(why);
	putchar('}');
	j->first = false;
}

static void print_json(const struct verify *v, const struct target *t, const char *comm,
		       bool *first)
{
	struct json_reasons jr = { true };
	size_t i, checked;
	bool first_map = true;
	char parts[64];

	printf("%s\n    {\"pid\": %d, \"comm\": ", *first ? "" : ",", (int)t->pid);
	json_string(comm);
	*first = false;
	if (t->no_mm) {
		printf(", \"address_space\": false, \"compliant\": null}");
		return;
	}
	count_unsealed(t, &checked);
	printf(", \"address_space\": true, \"compliant\": %s, \"checked\": %zu, "
	       "\"by_permissions\": %lu", compliant(v, t) ? "true" : "false", checked,
	       t->by_perms);
	if (t->objs)
		printf(", \"objects_from\": \"loader\", \"loader\": {\"state\": \"%s\", "
		       "\"namespaces\": %zu, \"objects\": %zu}", loader_state(t),
		       t->objs->nnamespaces, t->objs->count);
	else {
		printf(", \"objects_from\": \"mappings\", \"loader\": {\"error\": ");
		json_string(objects_cause(-t->objs_err));
		putchar('}');
	}
	print_wx_json(t);
	printf(", \"reasons\": [");
	each_reason(t, reason_json, &jr);
	printf("%s], \"unsealed\": [", jr.first ? "" : "\n    ");
	for (i = 0; i < t->n; i++) {
		const struct mapping *m = &t->map[i];

		if (!m->parts || m->sealed)
			continue;
		parts_text(m->parts, parts, sizeof(parts));
		printf("%s\n      {\"start\": \"%llx\", \"end\": \"%llx\", \"perms\": \"%s\", "
		       "\"size\": %llu, \"parts\": \"%s\", \"kind\": \"%s\", \"path\": ",
		       first_map ? "" : ",", (unsigned long long)m->start,
		       (unsigned long long)m->end, m->perms,
		       (unsigned long long)(m->end - m->start), parts,
		       seal_kind_name(m->kind));
		json_string(path_of(t, m));
		putchar('}');
		first_map = false;
	}
	printf("%s]}", first_map ? "" : "\n    ");
}

static void print_json_error(pid_t pid, int err, bool *first)
{
	printf("%s\n    {\"pid\": %d, \"compliant\": null, \"error\": ", *first ? "" : ",",
	       (int)pid);
	json_string(err_cause(err));
	putchar('}');
	*first = false;
}

/* ---- one target ---------------------------------------------------------- */

/* The loader's list, read again while the loader is changing it (a few
 * times: a process that loads all the time is reported as changing). */
static int read_objects(struct target *t)
{
	int rc = 0, tries;

	for (tries = 0; tries < 3; tries++) {
		seal_objects_free(t->objs);
		t->objs = NULL;
		rc = seal_objects_read_dir(t->dirfd, &t->objs);
		if (rc == 0 && t->objs->consistent)
			break;
		if (rc < 0 && rc != -EBADMSG)
			break;
	}
	if (rc < 0) {
		t->objs = NULL;
		return rc == -ENOMEM ? rc : (t->objs_err = rc, 0);
	}
	t->obj = calloc(t->objs->count, sizeof(*t->obj));
	return t->obj ? 0 : -ENOMEM;
}

/* Read one process into t.  0 or -errno. */
static int read_target(const struct verify *v, struct target *t, char *comm, size_t size)
{
	int rc, mm;

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
	rc = proc_wx(t->dirfd, t->pid, &t->wx);
	if (rc == 0)
		rc = proc_each_vma(t->dirfd, keep_vma, t, &t->bad_line);
	if (rc == 0 && (v->policy & SEAL_POLICY_OBJECTS))
		rc = read_objects(t);
	if (rc < 0)
		return rc;
	judge(t, v->policy, v->page);
	/* The files were read after smaps: is it still the same process? */
	if (proc_has_mm(t->dirfd) == -ESRCH)
		return -ESRCH;
	return 0;
}

static void warn_target(pid_t pid, int err, unsigned long line)
{
	if (err == EBADMSG || err == ENAMETOOLONG)
		sealctl_warn("%d: %s at line %lu (smaps)", (int)pid, err_cause(err), line);
	else
		sealctl_warn("%d: %s", (int)pid, err_cause(err));
}

/* Read and judge one process; print its verdict.  The exit status it
 * calls for, or -errno: -ENOMEM, or with --all the error reading it. */
static int verify_one(const struct verify *v, pid_t pid, bool *first)
{
	struct target t = { .pid = pid, .dirfd = -1 };
	char comm[256] = "?";
	int rc = read_target(v, &t, comm, sizeof(comm));

	if (rc == -ENOMEM || (rc < 0 && v->all)) {
		if (rc != -ESRCH && rc != -ENOMEM && v->verbose)
			warn_target(pid, -rc, t.bad_line);
		goto out;
	}
	if (rc < 0) {
		warn_target(pid, -rc, t.bad_line);
		if (v->json)
			print_json_error(pid, -rc, first);
		rc = VERIFY_EXIT_UNREADABLE;
		goto out;
	}
	/* --all: kernel threads and zombies have nothing to say. */
	if (t.no_mm && v->all) {
		rc = VERIFY_EXIT_COMPLIANT;
		goto out;
	}
	if (v->json)
		print_json(v, &t, comm, first);
	else if (!v->quiet)
		print_text(v, &t, comm);
	rc = t.no_mm || compliant(v, &t) ? VERIFY_EXIT_COMPLIANT : VERIFY_EXIT_VIOLATION;
out:
	if (t.dirfd >= 0)
		close(t.dirfd);
	seal_objects_free(t.objs);
	free(t.obj);
	free(t.map);
	free(t.pool);
	return rc;
}

/* --all: every process in /proc. */
struct all_state {
	const struct verify *v;
	bool *first;
	int worst;
	unsigned long read, unreadable;
};

static int verify_of_all(void *ctx, pid_t pid)
{
	struct all_state *a = ctx;
	int rc = verify_one(a->v, pid, a->first);

	if (rc == -ENOMEM)
		return rc;
	if (rc == -ESRCH)
		return 0;		/* gone since /proc was listed */
	if (rc < 0) {
		a->unreadable++;
		return 0;
	}
	a->read++;
	if (rc > a->worst)
		a->worst = rc;
	return 0;
}

/* ---- options ------------------------------------------------------------- */

/*
 * sealrun's vocabulary plus the verify-only word "wx" ("-wx" drops it),
 * applied left to right.  0, -ENOMEM, or -EINVAL with the offending word
 * of text in *bad and *badlen (0 for an empty item).
 */
static int parse_policy(struct verify *v, const char *text, const char **bad, size_t *badlen)
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
		v->policy = mask;
		v->wx = wx;
	}
	return rc;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct verify *v = state->input;
	const char *bad = NULL;
	size_t badlen = 0;
	pid_t pid;
	int rc;

	switch (key) {
	case 'p':
		rc = parse_policy(v, arg, &bad, &badlen);
		if (rc == -ENOMEM)
			argp_failure(state, VERIFY_EXIT_UNREADABLE, ENOMEM, "policy");
		if (rc < 0)
			argp_error(state, badlen ? "invalid policy '%s': unknown word '%.*s' "
				   "(see --help for the words)" : "invalid policy '%s': an empty "
				   "item%.*s", arg, (int)badlen, bad);
		if ((v->policy & ~SEAL_POLICY_DLOPEN) == 0 && !v->wx)
			argp_error(state, "policy '%s' names nothing to check", arg);
		v->policy_text = arg;
		break;
	case 'J':
		v->json = true;
		break;
	case 'q':
		v->quiet = true;
		break;
	case 'a':
		v->all = true;
		break;
	case 'v':
		v->verbose = true;
		break;
	case ARGP_KEY_ARG:
		if (parse_pid(arg, &pid) < 0)
			argp_error(state, "invalid PID '%s': a number from 1 or 'self'", arg);
		v->pids[v->npids++] = pid;
		break;
	case ARGP_KEY_END:
		if (v->all && v->npids)
			argp_error(state, "--all takes no PID");
		if (!v->all && !v->npids)
			argp_error(state, "no PID given");
		if (v->verbose && !v->all)
			argp_error(state, "--verbose goes with --all");
		if (v->json && v->quiet)
			argp_error(state, "--json and --quiet exclude each other");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* The policy words at the end of --help, from the library's own table. */
static char *help_filter(int key, const char *text, void *input)
{
	const struct seal_policy_word *w;
	char *buf = NULL;
	size_t n, k, len = 0;
	FILE *f;

	(void)input;
	if (key != ARGP_KEY_HELP_POST_DOC)
		return (char *)text;
	f = open_memstream(&buf, &len);
	if (!f)
		return (char *)text;
	fprintf(f, "%s\n\nPolicy words (comma-separated; -WORD removes):\n", text ? text : "");
	w = seal_policy_words(&n);
	for (k = 0; k < n; k++)
		fprintf(f, "  %-9s %s\n", w[k].name, w[k].help);
	fprintf(f, "  %-9s %s\n", "wx", "verify only: no writable+executable mapping, and "
		"W^X enforced (MDWE or a seccomp filter)");
	if (fclose(f) != 0) {
		free(buf);
		return (char *)text;
	}
	return buf;
}

int cmd_verify(int argc, char **argv)
{
	static const struct argp_option options[] = {
		{ "policy", 'p', "LIST", 0, "the policy to check (default: default)", 0 },
		{ "json", 'J', NULL, 0, "JSON output", 0 },
		{ "quiet", 'q', NULL, 0, "print nothing; the exit status tells", 0 },
		{ "all", 'a', NULL, 0, "every process that can be read", 0 },
		{ "verbose", 'v', NULL, 0, "with --all, name each process not read", 0 },
		{ 0 }
	};
	static const struct argp argp = {
		.options = options,
		.parser = parse_opt,
		.args_doc = "PID|self...\n--all",
		.doc = "Check running processes against a sealing policy (sealrun's), "
		       "as far as /proc/PID/smaps and the loader's list of objects show "
		       "it, and say why each object that falls short does.\v"
		       "Exit status: 0 every process complies, 1 one does not, 2 one "
		       "could not be read, 64 on a usage error.  With --all: 0 every "
		       "process read complies, 1 one does not, 2 none could be read; "
		       "those not read are counted on stderr.",
		.help_filter = help_filter,
	};
	struct verify v = {
		.policy = SEAL_POLICY_DEFAULT,
		.policy_text = "default",
	};
	bool first = true;
	size_t i;
	int worst = VERIFY_EXIT_COMPLIANT, rc;

	v.page = (size_t)sysconf(_SC_PAGESIZE);
	v.pids = calloc((size_t)argc, sizeof(*v.pids));
	if (!v.pids) {
		sealctl_warn("%s", err_cause(ENOMEM));
		return VERIFY_EXIT_UNREADABLE;
	}
	argp_parse(&argp, argc, argv, 0, NULL, &v);

	if (v.json) {
		printf("{\"policy\": ");
		json_string(v.policy_text);
		printf(", \"processes\": [");
	}
	if (v.all) {
		struct all_state a = { .v = &v, .first = &first };

		rc = proc_each_pid(verify_of_all, &a);
		worst = a.worst;
		if (rc < 0) {
			sealctl_warn("/proc: %s", err_cause(-rc));
			worst = VERIFY_EXIT_UNREADABLE;
		} else if (a.read == 0) {
			worst = VERIFY_EXIT_UNREADABLE;
		}
		/* Unreadable processes do not make the answer unknown for the
		 * others: counted, not failed (see sealctl(8)). */
		if (a.unreadable)
			sealctl_warn("%lu process%s could not be read%s", a.unreadable,
				     a.unreadable == 1 ? "" : "es",
				     v.verbose ? "" : " (--verbose names them)");
	}
	for (i = 0; i < v.npids; i++) {
		rc = verify_one(&v, v.pids[i], &first);
		if (rc < 0) {
			sealctl_warn("%d: %s", (int)v.pids[i], err_cause(-rc));
			rc = VERIFY_EXIT_UNREADABLE;
		}
		/* Unreadable beats non-compliant: the answer is then unknown. */
		if (rc > worst)
			worst = rc;
	}
	if (v.json)
		printf("%s]}\n", first ? "" : "\n  ");
	free(v.pids);
	return worst;
}
