/*
 * sealctl — judging a process against a sealing policy (judge.h).
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
#include "help.h"
#include "seal_policy.h"
#include "sealctl.h"
#include "judge.h"

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

const char *judge_path(const struct target *t, const struct mapping *m)
{
	return t->pool + m->path;
}

bool judge_same_file(const struct target *t, const struct mapping *a,
		      const struct mapping *b)
{
	return a->inode == b->inode && a->dev_major == b->dev_major &&
	       a->dev_minor == b->dev_minor && a->path_len == b->path_len &&
	       memcmp(judge_path(t, a), judge_path(t, b), a->path_len) == 0;
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
	snprintf(buf, sizeof(buf), "root%s", judge_path(t, m));
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

	/* Beyond the limits the sealer refuses the object too; judge it
	 * by permissions rather than by part of its headers. */
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
	nseg = elf.nsegments < SEAL_SEGMENTS_MAX ? elf.nsegments : SEAL_SEGMENTS_MAX;
	for (k = 0; k < nseg; k++)
		if (elf.segment[k].type == PT_LOAD && elf.segment[k].vaddr < low)
			low = elf.segment[k].vaddr;
	if (low == UINT64_MAX)
		return 0;		/* nothing loaded, nothing to seal */
	if (elf.nsegments > SEAL_SEGMENTS_MAX || elf.phnum > SEAL_PHDRS_MAX)
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
		if (judge_same_file(t, &t->map[i], &t->map[j]) && t->map[j].perms[2] == 'x')
			code = true;
	if (!code)
		return;			/* a data file, not a loaded object */
	t->by_perms++;
	for (j = 0; j < t->n; j++) {
		struct mapping *m = &t->map[j];
		unsigned int p;

		if (!judge_same_file(t, &t->map[i], m))
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
		const char *path = judge_path(t, m);

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

		if (judge_path(t, m)[0] == '/' && m->inode != 0 && m->offset == 0) {
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
		if (ob->map == SIZE_MAX || judge_path(t, &t->map[ob->map])[0] == '[')
			continue;
		ob->judged = parts != 0;
	}
	for (k = 0; k < objs->count; k++) {
		const struct seal_object *o = &objs->object[k];
		struct object *ob = &t->obj[k];
		struct seal_segment seg[SEAL_SEGMENTS_MAX];
		size_t n, j;

		/* Objects loaded later are the word "dlopen"'s. */
		if (!ob->initial && !(policy & SEAL_POLICY_DLOPEN))
			ob->judged = false;
		if (!ob->judged)
			continue;
		n = o->nsegments < SEAL_SEGMENTS_MAX ? o->nsegments : SEAL_SEGMENTS_MAX;
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

	return judge_unsealed(t, &checked) == 0 && (!wx || proc_wx_enforced(&t->wx));
}

/* ---- one process ---------------------------------------------------------- */

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

int judge_read(struct target *t, unsigned int policy, size_t page, char *comm, size_t size)
{
	int rc, mm;

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
	rc = proc_wx(t->dirfd, t->pid, &t->wx);
	if (rc == 0)
		rc = proc_each_vma(t->dirfd, keep_vma, t, &t->bad_line);
	if (rc == 0 && (policy & SEAL_POLICY_OBJECTS))
		rc = read_objects(t);
	if (rc < 0)
		return rc;
	judge(t, policy, page);
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
	seal_objects_free(t->objs);
	free(t->obj);
	free(t->map);
	free(t->pool);
	t->objs = NULL;
	t->obj = NULL;
	t->map = NULL;
	t->pool = NULL;
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
