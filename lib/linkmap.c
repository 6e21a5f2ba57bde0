/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * The loaded objects of a process, from the dynamic loader's own list
 * (see seal.h): auxv -> the main program's PT_DYNAMIC -> DT_DEBUG ->
 * r_debug -> link_map chains, one per namespace.
 *
 * Everything read from the target is untrusted, written by a process
 * that may want to stall or mislead us:
 *  - each address is read through the caller's memory function and
 *    checked; a list whose l_prev does not point back at the entry we
 *    came from is corrupt (that also catches every cycle: an entry seen
 *    again would have to point back at two different entries);
 *  - what one read may cost is fixed in advance from the number of
 *    objects it may list (seal.h, SEAL_OBJECTS_*): reads of the target's
 *    memory, bytes read, bytes of names kept; past any of them the read
 *    stops with -E2BIG;
 *  - marking the objects of start-up is linear in the names read, after
 *    one sort (never a scan of the list per name);
 *  - files under the process's root (/etc/ld.so.preload) and the files
 *    it has mapped are opened by common/safeopen.c: inside its root,
 *    regular files only, without blocking, size-capped.
 *
 * The layouts are glibc's public ones, <link.h>, for 64-bit ELF (the
 * only kind sealtools supports):
 *   r_debug   { int r_version; link_map *r_map; Addr r_brk;
 *               enum r_state; Addr r_ldbase; }       -> 40 bytes
 *   r_debug_extended { r_debug base; r_debug_extended *r_next; }
 *   link_map  { Addr l_addr; char *l_name; Dyn *l_ld;
 *               link_map *l_next, *l_prev; }         (public head)
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "maps.h"
#include "seal.h"
#include "seal_elf.h"
#include "safeopen.h"

_Static_assert(SEAL_OBJECT_SEGMENTS_MAX == SEAL_SEGMENTS_MAX,
	       "seal.h's segment limit is common/seal_limits.h's");
_Static_assert(SEAL_NAMESPACES_MAX == SEAL_LINK_NAMESPACES_MAX,
	       "seal.h's namespace limit is common/seal_limits.h's");

#ifndef PT_GNU_RELRO
#define PT_GNU_RELRO 0x6474e552
#endif

#define RDEBUG_SIZE	48		/* r_debug_extended */
#define LINKMAP_SIZE	40		/* the public head of struct link_map */
#define DYN_MAX		1024		/* entries of a dynamic section read */
#define NEEDED_MAX	256		/* DT_NEEDED entries kept per object */
/* What is read of a process besides its memory: LD_PRELOAD and LD_AUDIT
 * from its environment, its /etc/ld.so.preload, in all; the lines of
 * its maps kept (for headers from files), and how many files are read. */
#define PRELOAD_TEXT_MAX	(64u << 10)
#define MAPS_MAX		(1u << 18)
#define FILES_MAX		256

/* Strings of the result, in one growing buffer (offsets until done). */
struct pool {
	char *buf;
	size_t len, cap, max;
};

/* What the reader keeps per object besides struct seal_object. */
struct extra {
	size_t name, soname;		/* offsets in the pool */
	size_t needed_first, nneeded;	/* in the needed[] array */
};

struct reader {
	seal_mem_fn fn;
	void *ctx;
	struct seal_objects *out;
	size_t cap, ns_cap;
	struct extra *extra;
	struct pool pool;
	size_t *needed;			/* pool offsets of DT_NEEDED names */
	size_t nneeded, needed_cap;
	/* The bounds (seal.h); err is -E2BIG once one is passed. */
	size_t max_objects;
	bool no_phdrs;			/* SEAL_OBJECTS_NO_PHDRS */
	size_t reads_left;
	uint64_t bytes_left;
	int err;
};

/* Errors that end the whole read at once, wherever they happen. */
static bool fatal(int rc)
{
	return rc == -ENOMEM || rc == -E2BIG;
}

/* ---- memory ------------------------------------------------------------ */

/* One read of the target's memory, counted against the budget. */
static ssize_t fetch(struct reader *r, void *buf, size_t len, uint64_t addr)
{
	if (r->err)
		return r->err;
	if (r->reads_left == 0 || len > r->bytes_left)
		return r->err = -E2BIG;
	r->reads_left--;
	r->bytes_left -= len;
	return r->fn(r->ctx, buf, len, addr);
}

/* Exactly len bytes at addr, or -EFAULT. */
static int mem_read(struct reader *r, void *buf, size_t len, uint64_t addr)
{
	size_t done = 0;

	if (addr + len < addr)
		return -EFAULT;
	while (done < len) {
		ssize_t n = fetch(r, (char *)buf + done, len - done, addr + done);

		if (n < 0 && n != -EIO && n != -EFAULT)
			return (int)n;		/* permission, gone: the caller's to know */
		if (n <= 0)
			return -EFAULT;
		if ((size_t)n > len - done)
			return -EFAULT;
		done += (size_t)n;
	}
	return 0;
}

static uint64_t le64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));	/* native: the target is our ISA */
	return v;
}

static uint32_t le32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* ---- the pool ------------------------------------------------------------ */

static int pool_add(struct pool *p, const char *s, size_t len, size_t *off)
{
	if (p->len + len + 1 > p->max)
		return -E2BIG;
	if (p->len + len + 1 > p->cap) {
		size_t cap = p->cap ? p->cap : 4096;
		char *buf;

		while (p->len + len + 1 > cap)
			cap *= 2;
		buf = realloc(p->buf, cap);
		if (!buf)
			return -ENOMEM;
		p->buf = buf;
		p->cap = cap;
	}
	if (p->len == 0)
		p->buf[p->len++] = '\0';	/* offset 0 is "" */
	if (len == 0) {
		*off = 0;
		return 0;
	}
	memcpy(p->buf + p->len, s, len);
	p->buf[p->len + len] = '\0';
	*off = p->len;
	p->len += len + 1;
	return 0;
}

/* A NUL-terminated string of the target at addr, up to max bytes with
 * the NUL, read a piece at a time so that one near the end of a mapping
 * is still found.  0 (*off set) or -errno. */
static int read_string(struct reader *r, uint64_t addr, size_t max, size_t *off)
{
	char buf[SEAL_OBJECT_NAME_MAX];
	size_t len = 0;

	if (max > sizeof(buf))
		max = sizeof(buf);
	if (addr == 0)
		return pool_add(&r->pool, "", 0, off);
	while (len < max) {
		/* Up to the next 256-byte boundary: never across a page. */
		size_t want = 256 - ((addr + len) & 255), k;
		int rc;

		if (want > max - len)
			want = max - len;
		rc = mem_read(r, buf + len, want, addr + len);
		if (rc < 0)
			return rc;
		for (k = 0; k < want; k++)
			if (buf[len + k] == '\0')
				return pool_add(&r->pool, buf, len + k, off);
		len += want;
	}
	return -EBADMSG;		/* no NUL within the limit */
}

/* ---- program headers and the dynamic section ------------------------------ */

/* Keep the PT_LOAD and PT_GNU_RELRO headers of phnum headers at addr.
 * *dynamic gets PT_DYNAMIC's vaddr (UINT64_MAX: none), *phdr_vaddr
 * PT_PHDR's. */
static int read_phdrs(struct reader *r, uint64_t addr, size_t phnum, struct seal_object *o,
		      uint64_t *dynamic, uint64_t *phdr_vaddr)
{
	unsigned char blk[16 * sizeof(Elf64_Phdr)];
	size_t i;
	int rc;

	if (phnum == 0 || phnum > SEAL_ELF_PHDRS_MAX_BYTES / sizeof(Elf64_Phdr))
		return -EBADMSG;
	*dynamic = UINT64_MAX;
	*phdr_vaddr = UINT64_MAX;
	o->nsegments = 0;
	for (i = 0; i < phnum; i++) {
		uint32_t type;
		uint64_t vaddr, memsz, filesz;
		const unsigned char *ph;

		/* 16 headers a read. */
		if (i % 16 == 0) {
			size_t k = phnum - i < 16 ? phnum - i : 16;

			rc = mem_read(r, blk, k * sizeof(Elf64_Phdr), addr + i * sizeof(Elf64_Phdr));
			if (rc < 0)
				return rc;
		}
		ph = blk + (i % 16) * sizeof(Elf64_Phdr);
		type = le32(ph + offsetof(Elf64_Phdr, p_type));
		vaddr = le64(ph + offsetof(Elf64_Phdr, p_vaddr));
		memsz = le64(ph + offsetof(Elf64_Phdr, p_memsz));
		filesz = le64(ph + offsetof(Elf64_Phdr, p_filesz));
		if (type == PT_DYNAMIC && *dynamic == UINT64_MAX)
			*dynamic = vaddr;
		if (type == PT_PHDR)
			*phdr_vaddr = vaddr;
		if (type != PT_LOAD && type != PT_GNU_RELRO)
			continue;
		if (vaddr + memsz < vaddr || (type == PT_LOAD && filesz > memsz))
			return -EBADMSG;
		if (o->nsegments < SEAL_OBJECT_SEGMENTS_MAX)
			o->segment[o->nsegments] = (struct seal_object_segment){
				.type = type,
				.flags = le32(ph + offsetof(Elf64_Phdr, p_flags)),
				.vaddr = vaddr, .memsz = memsz,
			};
		o->nsegments++;
	}
	return 0;
}

/*
 * The program headers of a library from its memory: its ELF header is
 * where vaddr 0 lands (bias) when its first PT_LOAD maps the file from
 * offset 0, as linkers lay objects out.  Accepted only when what is
 * found there agrees with the loader: a PT_DYNAMIC at l_ld.  Anything
 * else (headers not mapped, another mapping there) leaves the object
 * without headers; the caller may try the file.
 */
static void phdrs_from_memory(struct reader *r, struct seal_object *o)
{
	unsigned char eh[sizeof(Elf64_Ehdr)];
	uint64_t phoff, dynamic, phdr_vaddr;
	size_t phnum;

	o->phdrs = SEAL_PHDRS_NONE;
	o->nsegments = 0;
	if (mem_read(r, eh, sizeof(eh), o->bias) < 0)
		return;
	if (memcmp(eh, ELFMAG, SELFMAG) != 0 || eh[EI_CLASS] != ELFCLASS64)
		return;
	if (eh[EI_DATA] != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? ELFDATA2MSB : ELFDATA2LSB))
		return;
	phoff = le64(eh + offsetof(Elf64_Ehdr, e_phoff));
	phnum = eh[offsetof(Elf64_Ehdr, e_phnum)] | (size_t)eh[offsetof(Elf64_Ehdr, e_phnum) + 1] << 8;
	if ((eh[offsetof(Elf64_Ehdr, e_phentsize)] | eh[offsetof(Elf64_Ehdr, e_phentsize) + 1] << 8)
	    != sizeof(Elf64_Phdr) || phoff > (1u << 20) || phnum > SEAL_PHDRS_MAX)
		return;
	if (read_phdrs(r, o->bias + phoff, phnum, o, &dynamic, &phdr_vaddr) < 0 ||
	    dynamic == UINT64_MAX || o->bias + dynamic != o->dynamic) {
		o->nsegments = 0;
		return;
	}
	o->phdrs = SEAL_PHDRS_MEMORY;
}

/*
 * The dynamic section at addr: DT_NEEDED names and DT_SONAME.  The
 * loader relocates the section's pointers in place on most ISAs and not
 * in a read-only one (the vDSO's): an address below the bias is taken as
 * not yet relocated.  Best effort: a section that cannot be read gives
 * no names.  -ENOMEM or -E2BIG only.
 */
static int read_dynamic(struct reader *r, struct seal_object *o, struct extra *x)
{
	uint64_t strtab = 0, strsz = 0, soname = UINT64_MAX;
	uint64_t needed[NEEDED_MAX];
	size_t n = 0, i;
	int rc;

	x->soname = 0;
	x->needed_first = r->nneeded;
	x->nneeded = 0;
	if (o->dynamic == 0)
		return 0;
	/* A block of entries a read: the section may end a mapping, so a
	 * short read is fine as long as it holds whole entries. */
	for (i = 0; i < DYN_MAX;) {
		unsigned char blk[64 * 16];
		ssize_t got = fetch(r, blk, sizeof(blk), o->dynamic + i * 16);
		size_t k;

		if (got < 16 || (size_t)got > sizeof(blk))
			return 0;
		for (k = 0; k + 16 <= (size_t)got && i < DYN_MAX; k += 16, i++) {
			int64_t tag = (int64_t)le64(blk + k);
			uint64_t val = le64(blk + k + 8);

			if (tag == DT_NULL)
				goto done;
			if (tag == DT_STRTAB)
				strtab = val;
			else if (tag == DT_STRSZ)
				strsz = val;
			else if (tag == DT_SONAME)
				soname = val;
			else if (tag == DT_NEEDED && n < NEEDED_MAX)
				needed[n++] = val;
		}
	}
done:
	if (strtab == 0)
		return 0;
	if (strtab < o->bias)
		strtab += o->bias;
	if (strsz == 0 || strsz > SIZE_MAX / 2)
		strsz = SEAL_OBJECT_NAME_MAX;
	if (soname != UINT64_MAX && soname < strsz) {
		rc = read_string(r, strtab + soname, (size_t)(strsz - soname), &x->soname);
		if (fatal(rc))
			return rc;
	}
	for (i = 0; i < n; i++) {
		size_t off;

		if (needed[i] >= strsz)
			continue;
		rc = read_string(r, strtab + needed[i], (size_t)(strsz - needed[i]), &off);
		if (fatal(rc))
			return rc;
		/* An empty name names nothing: not kept. */
		if (rc < 0 || off == 0)
			continue;
		if (r->nneeded == r->needed_cap) {
			size_t cap = r->needed_cap ? 2 * r->needed_cap : 64;
			size_t *p = reallocarray(r->needed, cap, sizeof(*p));

			if (!p)
				return -ENOMEM;
			r->needed = p;
			r->needed_cap = cap;
		}
		r->needed[r->nneeded++] = off;
		x->nneeded++;
	}
	return 0;
}

/* ---- the lists ------------------------------------------------------------ */

static struct seal_object *new_object(struct reader *r)
{
	struct seal_objects *out = r->out;

	if (out->count == r->max_objects)
		return NULL;
	if (out->count == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		void *p = reallocarray(out->object, cap, sizeof(*out->object));
		void *q;

		if (!p)
			return NULL;
		out->object = p;
		q = reallocarray(r->extra, cap, sizeof(*r->extra));
		if (!q)
			return NULL;
		r->extra = q;
		r->cap = cap;
	}
	memset(&out->object[out->count], 0, sizeof(*out->object));
	memset(&r->extra[out->count], 0, sizeof(*r->extra));
	return &out->object[out->count++];
}

/* One namespace's chain from its r_map. */
static int read_chain(struct reader *r, uint64_t map, unsigned int ns)
{
	unsigned char lm[LINKMAP_SIZE];
	uint64_t prev = 0;
	int rc;

	while (map) {
		struct seal_object *o;
		struct extra *x;
		uint64_t name;

		if (r->out->count == r->max_objects)
			return -E2BIG;
		rc = mem_read(r, lm, sizeof(lm), map);
		if (rc < 0)
			return rc == -EFAULT ? -EBADMSG : rc;
		/* l_prev must point back: a cycle or a stray pointer fails here. */
		if (le64(lm + 32) != prev)
			return -EBADMSG;
		o = new_object(r);
		if (!o)
			return -ENOMEM;
		x = &r->extra[r->out->count - 1];
		o->link_map = map;
		o->bias = le64(lm);
		name = le64(lm + 8);
		o->dynamic = le64(lm + 16);
		o->ns = ns;
		rc = read_string(r, name, SEAL_OBJECT_NAME_MAX, &x->name);
		if (fatal(rc))
			return rc;
		if (rc < 0)
			return -EBADMSG;
		prev = map;
		map = le64(lm + 24);
	}
	return 0;
}

static struct seal_namespace *new_namespace(struct reader *r)
{
	struct seal_objects *out = r->out;

	if (out->nnamespaces == r->ns_cap) {
		size_t cap = r->ns_cap ? 2 * r->ns_cap : 4;
		void *p = reallocarray(out->ns, cap, sizeof(*out->ns));

		if (!p)
			return NULL;
		out->ns = p;
		r->ns_cap = cap;
	}
	return &out->ns[out->nnamespaces++];
}

/* The r_debug at addr and every one chained from it. */
static int read_namespaces(struct reader *r, uint64_t addr)
{
	unsigned char rd[RDEBUG_SIZE];
	size_t i;
	int rc;

	while (addr) {
		struct seal_namespace *ns;
		int version;

		if (r->out->nnamespaces == SEAL_NAMESPACES_MAX)
			return -EBADMSG;
		for (i = 0; i < r->out->nnamespaces; i++)
			if (r->out->ns[i].r_debug == addr)
				return -EBADMSG;	/* a cycle */
		/* Version 1 ends before r_next. */
		rc = mem_read(r, rd, 40, addr);
		if (rc < 0)
			return rc == -EFAULT ? -EBADMSG : rc;
		version = (int)le32(rd);
		if (version < 1)
			return r->out->nnamespaces ? -EBADMSG : -ENOENT;
		if (version >= 2) {
			rc = mem_read(r, rd + 40, 8, addr + 40);
			if (rc < 0)
				return rc == -EFAULT ? -EBADMSG : rc;
		}
		ns = new_namespace(r);
		if (!ns)
			return -ENOMEM;
		*ns = (struct seal_namespace){
			.r_debug = addr, .version = version,
			.state = (enum seal_rt_state)le32(rd + 24),
			.first = r->out->count,
		};
		rc = read_chain(r, le64(rd + 8), (unsigned int)(r->out->nnamespaces - 1));
		if (rc < 0)
			return rc;
		ns = &r->out->ns[r->out->nnamespaces - 1];
		ns->count = r->out->count - ns->first;
		addr = version >= 2 ? le64(rd + 40) : 0;
	}
	return 0;
}

/*
 * The main program's r_debug: its PT_DYNAMIC (from AT_PHDR) holds
 * DT_DEBUG, which the loader sets.  The bias comes from PT_PHDR, or,
 * without one, from headers that follow the ELF header of a first
 * PT_LOAD mapping offset 0.  0 and *rdebug, or -ENOENT.
 */
static int find_r_debug(struct reader *r, const struct seal_auxv *aux, uint64_t *rdebug,
			struct seal_object *mainobj)
{
	unsigned char blk[64 * 16];
	uint64_t dynamic, phdr_vaddr, bias, low = UINT64_MAX;
	size_t i;
	int rc;

	if (!aux->phdr || (aux->phent && aux->phent != sizeof(Elf64_Phdr)))
		return -ENOENT;
	rc = read_phdrs(r, aux->phdr, (size_t)aux->phnum, mainobj, &dynamic, &phdr_vaddr);
	if (rc < 0)
		return rc == -EFAULT || rc == -EBADMSG ? -ENOENT : rc;
	for (i = 0; i < mainobj->nsegments && i < SEAL_OBJECT_SEGMENTS_MAX; i++)
		if (mainobj->segment[i].type == PT_LOAD && mainobj->segment[i].vaddr < low)
			low = mainobj->segment[i].vaddr;
	if (phdr_vaddr != UINT64_MAX)
		bias = aux->phdr - phdr_vaddr;
	else if (low != UINT64_MAX)
		bias = aux->phdr - sizeof(Elf64_Ehdr) - low;
	else
		return -ENOENT;
	if (dynamic == UINT64_MAX)
		return -ENOENT;		/* static: no loader list */
	mainobj->bias = bias;
	mainobj->phdrs = SEAL_PHDRS_MEMORY;
	/* A block of entries a read, as read_dynamic() does: the section
	 * may end a mapping, so a short read is fine if it holds entries. */
	for (i = 0; i < DYN_MAX;) {
		ssize_t got = fetch(r, blk, sizeof(blk), bias + dynamic + i * 16);
		size_t k;

		if (got < 0 && got != -EIO && got != -EFAULT)
			return (int)got;
		if (got < 16 || (size_t)got > sizeof(blk))
			return -ENOENT;
		for (k = 0; k + 16 <= (size_t)got && i < DYN_MAX; k += 16, i++) {
			if ((int64_t)le64(blk + k) == DT_NULL)
				return -ENOENT;
			if ((int64_t)le64(blk + k) == DT_DEBUG) {
				*rdebug = le64(blk + k + 8);
				return *rdebug ? 0 : -ENOENT;
			}
		}
	}
	return -ENOENT;
}

/* ---- what was there at start-up ---------------------------------------------- */

/*
 * The names an object answers to when a loader is asked for a name
 * (DT_NEEDED, LD_PRELOAD): a name with a slash denotes the object with
 * exactly that l_name; a bare name, the objects whose DT_SONAME or
 * l_name's last component it is.  Every such name of every object is a
 * key; the keys are sorted once, so that each name asked for is found
 * by a binary search, and the objects behind one key are marked once.
 */
struct key {
	const char *s;
	size_t len;
	uint32_t ns;
	uint32_t bare;			/* 0: a path (l_name), 1: a bare name */
	size_t obj;
};

static int key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->ns != y->ns)
		return x->ns < y->ns ? -1 : 1;
	if (x->bare != y->bare)
		return x->bare < y->bare ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return memcmp(x->s, y->s, x->len);
}

struct marker {
	struct seal_objects *o;
	struct key *keys;
	size_t nkeys;
	bool *done;			/* per key: its objects are marked */
	size_t *queue;			/* marked objects whose names are to follow */
	size_t head, tail;
};

static void mark(struct marker *m, size_t i)
{
	if (m->o->object[i].initial)
		return;
	m->o->object[i].initial = true;
	m->queue[m->tail++] = i;
}

/* Mark in namespace ns the objects that the name (len bytes) denotes. */
static void mark_name(struct marker *m, uint32_t ns, const char *s, size_t len)
{
	struct key want = { s, len, ns, memchr(s, '/', len) == NULL, 0 };
	size_t lo = 0, hi = m->nkeys;

	if (!len)
		return;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (key_cmp(&m->keys[mid], &want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == m->nkeys || m->done[lo] || key_cmp(&m->keys[lo], &want) != 0)
		return;
	m->done[lo] = true;
	for (hi = lo; hi < m->nkeys && key_cmp(&m->keys[hi], &want) == 0; hi++)
		mark(m, m->keys[hi].obj);
}

/* Mark, in every namespace, the objects each name of the list text
 * (names separated by blanks or colons) denotes. */
static void mark_listed(struct marker *m, const char *text)
{
	const char *p = text;

	while (p && *p) {
		size_t len;

		p += strspn(p, " \t\n:");
		len = strcspn(p, " \t\n:");
		if (!len)
			break;
		for (size_t n = 0; n < m->o->nnamespaces; n++)
			mark_name(m, (uint32_t)n, p, len);
		p += len;
	}
}

static void add_key(struct marker *m, const char *s, size_t ns, bool bare, size_t obj)
{
	if (*s)
		m->keys[m->nkeys++] = (struct key){ s, strlen(s), (uint32_t)ns, bare, obj };
}

/*
 * Start-up objects (see struct seal_object): the roots, the preloads and
 * auditors listed, then what their DT_NEEDED entries reach in the same
 * namespace.  Each object is marked once and each of its names followed
 * once: linear in the names, after sorting the keys.  0 or -ENOMEM.
 */
static int mark_initial(struct reader *r, const struct seal_auxv *aux, const char *preload)
{
	struct seal_objects *o = r->out;
	struct marker m = { .o = o };
	size_t n, i, j;
	int rc = -ENOMEM;

	m.keys = calloc(3 * o->count + 1, sizeof(*m.keys));
	m.done = calloc(3 * o->count + 1, sizeof(*m.done));
	m.queue = calloc(o->count + 1, sizeof(*m.queue));
	if (!m.keys || !m.done || !m.queue)
		goto out;
	for (i = 0; i < o->count; i++) {
		const struct seal_object *ob = &o->object[i];
		const char *base = strrchr(ob->name, '/');

		if (base)
			add_key(&m, ob->name, ob->ns, false, i);
		add_key(&m, base ? base + 1 : ob->name, ob->ns, true, i);
		if (strcmp(ob->soname, base ? base + 1 : ob->name) != 0)
			add_key(&m, ob->soname, ob->ns, true, i);
	}
	if (m.nkeys > 1)	/* m.keys is NULL for an empty list */
		qsort(m.keys, m.nkeys, sizeof(*m.keys), key_cmp);

	for (n = 0; n < o->nnamespaces; n++) {
		const struct seal_namespace *ns = &o->ns[n];

		for (i = ns->first; i < ns->first + ns->count; i++) {
			const struct seal_object *ob = &o->object[i];

			if ((n == 0 && i == ns->first) ||
			    (aux->base && ob->bias == aux->base) ||
			    (aux->sysinfo_ehdr && ob->bias == aux->sysinfo_ehdr && n == 0))
				mark(&m, i);
		}
	}
	mark_listed(&m, preload);
	while (m.head < m.tail) {
		const struct extra *x;

		i = m.queue[m.head++];
		x = &r->extra[i];
		for (j = 0; j < x->nneeded; j++) {
			const char *want = r->pool.buf + r->needed[x->needed_first + j];

			mark_name(&m, o->object[i].ns, want, strlen(want));
		}
	}
	rc = 0;
out:
	free(m.keys);
	free(m.done);
	free(m.queue);
	return rc;
}

/* ---- the entry points ---------------------------------------------------------- */

static void finish(struct reader *r)
{
	struct seal_objects *o = r->out;
	size_t i;

	for (i = 0; i < o->count; i++) {
		o->object[i].name = r->pool.buf + r->extra[i].name;
		o->object[i].soname = r->pool.buf + r->extra[i].soname;
	}
	o->consistent = true;
	for (i = 0; i < o->nnamespaces; i++)
		if (o->ns[i].state != SEAL_RT_CONSISTENT)
			o->consistent = false;
	o->priv = r->pool.buf;
}

static int read_all(struct reader *r, const struct seal_auxv *aux, const char *preload)
{
	struct seal_object mainobj = { 0 };
	uint64_t rdebug = 0;
	size_t i;
	int rc;

	rc = find_r_debug(r, aux, &rdebug, &mainobj);
	if (rc < 0)
		return rc;
	rc = read_namespaces(r, rdebug);
	if (rc < 0)
		return rc;
	if (r->out->count == 0)
		return -ENOENT;		/* the loader has not listed anything yet */
	for (i = 0; i < r->out->count && !r->err; i++) {
		struct seal_object *o = &r->out->object[i];

		/* The main program's headers are the ones AT_PHDR gave. */
		if (i == 0 && o->bias == mainobj.bias) {
			o->phdrs = mainobj.phdrs;
			o->nsegments = mainobj.nsegments;
			memcpy(o->segment, mainobj.segment, sizeof(o->segment));
		} else if (!r->no_phdrs) {
			phdrs_from_memory(r, o);
		}
		rc = read_dynamic(r, o, &r->extra[i]);
		if (rc < 0)
			return rc;
	}
	/* A budget passed on the way (where the error itself was taken for
	 * a missing piece) ends the read all the same. */
	if (r->err)
		return r->err;
	/* The pool is final: offsets become pointers. */
	finish(r);
	return mark_initial(r, aux, preload);
}

static void reader_free(struct reader *r)
{
	free(r->extra);
	free(r->needed);
}

/* The reader, with its budgets set from max_objects (seal.h).  -E2BIG
 * past one of them. */
static int read_bounded(const struct seal_auxv *aux, seal_mem_fn fn, void *ctx,
			const char *preload, size_t max_objects, unsigned int flags,
			struct seal_objects **out)
{
	struct reader r = { .fn = fn, .ctx = ctx, .no_phdrs = flags & SEAL_OBJECTS_NO_PHDRS };
	uint64_t strings;
	int rc;

	*out = NULL;
	if (max_objects == 0 || max_objects > SEAL_OBJECTS_MAX)
		max_objects = SEAL_OBJECTS_MAX;
	r.max_objects = max_objects;
	r.reads_left = SEAL_OBJECTS_READS_BASE + SEAL_OBJECTS_READS_PER * max_objects;
	r.bytes_left = SEAL_OBJECTS_BYTES_BASE + (uint64_t)SEAL_OBJECTS_BYTES_PER * max_objects;
	strings = SEAL_OBJECTS_STRINGS_BASE + (uint64_t)SEAL_OBJECTS_STRINGS_PER * max_objects;
	r.pool.max = strings < SEAL_OBJECTS_STRINGS_MAX ? (size_t)strings : SEAL_OBJECTS_STRINGS_MAX;
	r.out = calloc(1, sizeof(*r.out));
	if (!r.out)
		return -ENOMEM;
	rc = pool_add(&r.pool, "", 0, &(size_t){ 0 });
	if (rc == 0)
		rc = read_all(&r, aux, preload);
	reader_free(&r);
	if (rc < 0) {
		free(r.pool.buf);
		r.out->priv = NULL;
		seal_objects_free(r.out);
		return rc;
	}
	*out = r.out;
	return 0;
}

int seal_objects_read_fn(const struct seal_auxv *aux, seal_mem_fn fn, void *ctx,
			 const char *preload, struct seal_objects **out)
{
	int rc = read_bounded(aux, fn, ctx, preload, SEAL_OBJECTS_MAX, 0, out);

	/* Past a limit, the list counts as corrupt (seal.h). */
	return rc == -E2BIG ? -EBADMSG : rc;
}

void seal_objects_free(struct seal_objects *o)
{
	if (!o)
		return;
	free(o->object);
	free(o->ns);
	free(o->priv);
	free(o);
}

/* ---- a real process ------------------------------------------------------------ */

static int proc_err(int err)
{
	return err == ENOENT ? -ESRCH : -err;
}

/* A small /proc file (auxv), whole up to max bytes, NUL-terminated.
 * Length or -errno. */
static ssize_t slurp(int dirfd, const char *name, size_t max, char **buf)
{
	int truncated, fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	*buf = NULL;
	if (fd < 0)
		return proc_err(errno);
	n = seal_read_capped(fd, max, buf, &truncated);
	close(fd);
	return n < 0 ? proc_err((int)-n) : n;
}

static int read_auxv(int dirfd, struct seal_auxv *aux)
{
	char *buf;
	ssize_t n = slurp(dirfd, "auxv", 4096, &buf);
	size_t i;

	memset(aux, 0, sizeof(*aux));
	if (n < 0)
		return (int)n;
	if (n == 0) {
		free(buf);
		return -ESRCH;		/* no address space: a kernel thread, a zombie */
	}
	for (i = 0; i + 16 <= (size_t)n; i += 16) {
		uint64_t type = le64((unsigned char *)buf + i);
		uint64_t val = le64((unsigned char *)buf + i + 8);

		if (type == AT_NULL)
			break;
		if (type == AT_PHDR)
			aux->phdr = val;
		else if (type == AT_PHENT)
			aux->phent = val;
		else if (type == AT_PHNUM)
			aux->phnum = val;
		else if (type == AT_BASE)
			aux->base = val;
		else if (type == AT_SYSINFO_EHDR)
			aux->sysinfo_ehdr = val;
	}
	free(buf);
	return 0;
}

/* A growing text of at most PRELOAD_TEXT_MAX bytes. */
struct text {
	char buf[PRELOAD_TEXT_MAX + 1];
	size_t len;
};

static void text_put(struct text *t, char c)
{
	if (t->len < PRELOAD_TEXT_MAX)
		t->buf[t->len++] = c;
}

/*
 * The values of LD_PRELOAD and LD_AUDIT in the environment the process
 * started with (its environ, which it may have written over: a list
 * read from it can only mark more objects as loaded at start-up), each
 * followed by a blank.  Read a block at a time: the environment is as
 * large as the process made it, and only those two values are kept.
 */
static void scan_environ(int dirfd, struct text *t)
{
	static const char *const want[] = { "LD_PRELOAD=", "LD_AUDIT=" };
	char buf[16384];
	size_t pos = 0;
	unsigned int cand = 3, copying = 0;
	int fd = openat(dirfd, "environ", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			char c = buf[i];

			if (c == '\0') {
				if (copying)
					text_put(t, ' ');
				pos = 0;
				cand = 3;
				copying = 0;
				continue;
			}
			if (copying) {
				text_put(t, c);
				continue;
			}
			for (unsigned int k = 0; k < 2; k++) {
				if (!(cand & 1u << k))
					continue;
				if (want[k][pos] != c)
					cand &= ~(1u << k);
				else if (want[k][pos + 1] == '\0')
					copying = 1;
			}
			pos++;
		}
	}
	if (copying)
		text_put(t, ' ');
	close(fd);
}

/* /etc/ld.so.preload under the process's root, resolved there (an
 * absolute symlink stays inside it), a regular file only, opened
 * without blocking: a FIFO there holds no one. */
static void read_preload_file(int dirfd, struct text *t)
{
	int rootfd = openat(dirfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC), fd, truncated;
	char *file = NULL;

	if (rootfd < 0)
		return;
	fd = seal_open_in_root(rootfd, "/etc/ld.so.preload", NULL);
	close(rootfd);
	if (fd < 0)
		return;
	if (seal_read_capped(fd, PRELOAD_TEXT_MAX, &file, &truncated) > 0)
		for (const char *p = file; *p; p++)
			text_put(t, *p);
	free(file);
	close(fd);
}

/* LD_PRELOAD and LD_AUDIT from the environment the process started
 * with, and /etc/ld.so.preload under its root, in one list. */
static char *start_up_list(int dirfd)
{
	struct text *t = malloc(sizeof(*t));
	char *out;

	if (!t)
		return NULL;
	t->len = 0;
	scan_environ(dirfd, t);
	read_preload_file(dirfd, t);
	t->buf[t->len] = '\0';
	out = strdup(t->buf);
	free(t);
	return out;
}

static ssize_t mem_pread(void *ctx, void *buf, size_t len, uint64_t addr)
{
	int fd = *(int *)ctx;
	ssize_t n;

	do
		n = pread(fd, buf, len, (off_t)addr);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

/* The mappings of the process (start and end), from its maps, read once
 * and only when an object's headers must come from a file. */
struct maps {
	uint64_t (*range)[2];
	size_t n, cap;
	bool read;
};

static int keep_range(const struct seal_mapping *mp, void *ctx)
{
	struct maps *m = ctx;

	if (m->n == MAPS_MAX)
		return 1;		/* enough: the rest is not looked up */
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 256;
		void *p = reallocarray(m->range, cap, sizeof(*m->range));

		if (!p)
			return -ENOMEM;
		m->range = p;
		m->cap = cap;
	}
	m->range[m->n][0] = mp->start;
	m->range[m->n][1] = mp->end;
	m->n++;
	return 0;
}

static void read_maps(int dirfd, struct maps *m)
{
	char line[SEAL_MAPS_LINE_MIN];
	int fd = openat(dirfd, "maps", O_RDONLY | O_CLOEXEC);

	m->read = true;
	if (fd < 0)
		return;
	seal_maps_each(fd, line, sizeof(line), keep_range, m);
	close(fd);
}

/* The index of the mapping holding addr, or SIZE_MAX. */
static size_t mapping_of(const struct maps *m, uint64_t addr)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->range[mid][1] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n && m->range[lo][0] <= addr ? lo : SIZE_MAX;
}

/* Headers not in memory: those of the file mapped where the object's
 * dynamic section is (a regular file only, see common/safeopen.c). */
static void phdrs_from_file(int dirfd, struct maps *m, struct seal_object *o)
{
	struct seal_elf *elf;
	char name[64];
	size_t i, k;
	int fd;

	if (!o->dynamic)
		return;
	if (!m->read)
		read_maps(dirfd, m);
	k = mapping_of(m, o->dynamic);
	if (k == SIZE_MAX)
		return;
	snprintf(name, sizeof(name), "map_files/%llx-%llx", (unsigned long long)m->range[k][0],
		 (unsigned long long)m->range[k][1]);
	fd = seal_open_regular_at(dirfd, name, NULL);
	if (fd < 0)
		return;
	elf = malloc(sizeof(*elf));
	if (elf && seal_elf_read(fd, elf) == 0 && elf->elf_class == 64) {
		o->nsegments = elf->nsegments;
		for (i = 0; i < elf->nsegments && i < SEAL_OBJECT_SEGMENTS_MAX; i++)
			o->segment[i] = (struct seal_object_segment){
				.type = elf->segment[i].type, .flags = elf->segment[i].flags,
				.vaddr = elf->segment[i].vaddr, .memsz = elf->segment[i].memsz,
			};
		o->phdrs = SEAL_PHDRS_FILE;
	}
	free(elf);
	close(fd);
}

int seal_objects_read_dir_max(int dirfd, size_t max_objects, unsigned int flags,
			      struct seal_objects **out)
{
	struct seal_auxv aux;
	struct maps maps = { 0 };
	char *preload;
	size_t i, files = 0;
	int fd, rc;

	*out = NULL;
	rc = read_auxv(dirfd, &aux);
	if (rc < 0)
		return rc;
	fd = openat(dirfd, "mem", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return proc_err(errno);
	preload = start_up_list(dirfd);
	rc = read_bounded(&aux, mem_pread, &fd, preload, max_objects, flags, out);
	free(preload);
	close(fd);
	if (rc < 0)
		return rc;
	for (i = 0; !(flags & SEAL_OBJECTS_NO_PHDRS) && i < (*out)->count && files < FILES_MAX; i++)
		if ((*out)->object[i].phdrs == SEAL_PHDRS_NONE) {
			phdrs_from_file(dirfd, &maps, &(*out)->object[i]);
			files++;
		}
	free(maps.range);
	return 0;
}

int seal_objects_read_dir(int dirfd, struct seal_objects **out)
{
	int rc = seal_objects_read_dir_max(dirfd, SEAL_OBJECTS_MAX, 0, out);

	return rc == -E2BIG ? -EBADMSG : rc;
}

int seal_objects_read(pid_t pid, struct seal_objects **out)
{
	char path[32];
	int dirfd, rc;

	*out = NULL;
	if (pid)
		snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self");
	dirfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return proc_err(errno);
	rc = seal_objects_read_dir(dirfd, out);
	close(dirfd);
	return rc;
}
