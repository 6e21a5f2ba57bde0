/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * libsealrun.so — the sealer that sealrun(1) loads into its target as an
 * rtld-audit module (LD_AUDIT, rtld-audit(7)).
 *
 *   ┌──────────────────────────────────────────────────────────────────┐
 *   │ THIS LIBRARY EXPORTS NOTHING BUT THE AUDIT HOOKS:                │
 *   │ la_version la_objopen la_activity la_objclose.                   │
 *   │ It links no libc (sys.c); every other symbol is hidden, and the  │
 *   │ bats suite checks the dynamic symbol table.                      │
 *   └──────────────────────────────────────────────────────────────────┘
 *
 * The loader tells us about every object it maps, in every link-map
 * namespace, its own internal loads (NSS, gconv, libgcc_s) included; we
 * act on that, and on the headers it mapped, and on nothing else (DESIGN.md, "The loader's own
 * notifications"):
 *
 *   la_version   the settings; the sealer seals itself.
 *   la_objopen   an object is mapped: note its program headers, read from
 *                memory where the loader mapped them (never the file).
 *   la_activity  LA_ACT_CONSISTENT for the main program's namespace, the
 *                first time: start-up.  Every object is relocated, RELRO
 *                applied, no constructor has run: seal every noted
 *                object whole, and the kernel's mappings.
 *                LA_ACT_CONSISTENT later (dlopen, dlmopen, an auditor):
 *                where the namespace's r_state already reads
 *                RT_CONSISTENT (glibc >= 2.41) relocation is done: seal
 *                whole.  Otherwise (glibc <= 2.40 announces before
 *                relocating) seal all but RELRO now, and RELRO (or all
 *                of an object with text relocations) at the next hook.
 *   la_objclose  an object leaves: what is left of it is sealed, and
 *                glibc then leaves it mapped (it ignores munmap errors).
 *                Its memory is given back at the LA_ACT_CONSISTENT that
 *                ends the dlclose (discard_closed).
 *
 * No la_symbind64: an auditor that has one makes glibc allocate binding
 * tables during start-up relocation, before libc can sbrk, and malloc's
 * main arena then lives in mmap'd chunks for good (measured: 1 MiB
 * chunks and no [heap]).  A program must not change so under sealrun.
 *
 * Every hook runs under glibc's dl_load_lock (or single-threaded, at
 * start-up), so the sealer's state needs no lock of its own and no
 * forked child can inherit one.
 *
 * Checked: after each mseal, an mprotect of the range's first page to
 * the protection it already has; a sealed page refuses it with EPERM.
 * A kernel (or a seccomp filter) that answers mseal with 0 and seals
 * nothing is caught here.
 *
 * Failure: a message naming the object and the cause, then exit 125:
 * never abort, never run on half-sealed.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The initial stack (argc, argv, envp, auxv), from ld.so. */
extern void *__libc_stack_end;

#pragma GCC visibility push(hidden)
#include "seal_mdwe.h"
#include "seal_limits.h"
#include "seal_policy.h"
#include "maps.h"
#include "msg.h"
#include "sealer.h"
#include "rdebug.h"

/* This object's own ELF header, placed by the linker. */
extern const ElfW(Ehdr) __ehdr_start;


enum state { NOTED, DEFERRED };

struct object {
	struct link_map *map;
	enum state state;
	unsigned int later;		/* DEFERRED: the parts still to seal */
	uintptr_t bias;
	size_t nseg;
	struct seal_segment seg[SEAL_SEGMENTS_MAX];
};

struct tally {
	unsigned long objects, calls;
	uint64_t bytes;
};

static struct {
	unsigned int policy;		/* 0: the sealer stays out */
	bool verbose, no_inherit, best_effort, started, judged;
	bool other_auditor;		/* one loaded after us was announced */
	const char *guard;		/* SEALRUN_GUARD: the exec guard preloaded */
	bool direct_reads;		/* process_vm_readv is not allowed here */
	size_t page;
	char **envp;			/* the initial environment, as libc's environ */
	uintptr_t phdr, phnum, base, vdso_ld, ldso_ld;
	struct link_map *main;
	/* Objects noted and not yet sealed whole: a load in progress, or
	 * RELRO deferred.  Grown with mmap; no fixed limit. */
	struct object *obj;
	size_t nobj, cap;
	struct { bool open; dev_t dev; ino_t ino; } err;
	/* Objects sealed whole after start-up, by their l_ld: the range
	 * to discard when dlclose lets them go.  Grown with mmap; one that
	 * finds no room keeps its memory when closed (as it would anyway). */
	struct later { uintptr_t ld, start, end; bool closing; } *later;
	size_t nlater, caplater;
} sealer;

/* ---- reporting ------------------------------------------------------------ */

/* A program that started with stderr closed may since have opened a file
 * of its own on descriptor 2: write only to what stderr was at start. */
static bool stderr_unchanged(void)
{
	struct stat st;

	return sealer.err.open && fstat(STDERR_FILENO, &st) == 0 &&
	       st.st_dev == sealer.err.dev && st.st_ino == sealer.err.ino;
}

static void vsay(const char *fmt, va_list ap)
{
	/* Static: the hooks never run concurrently, and a thread's stack
	 * may be small. */
	static char buf[SEAL_MSG_MAX];
	size_t n = seal_vmsg(buf, "sealrun", fmt, ap);

	if (!stderr_unchanged())
		return;
	/* One write: lines from several processes do not interleave. */
	while (sys_write(STDERR_FILENO, buf, n) == -EINTR)
		;
}

__attribute__((format(printf, 1, 2)))
static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 1, 2)))
static _Noreturn void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	sys_exit(SEALRUN_EXIT_FAILED);
}

static const char *name_of(const struct link_map *map)
{
	if (!map)
		return "the sealer";
	return map->l_name && *map->l_name ? map->l_name : "the main program";
}

/* ---- sealing, checked with the kernel --------------------------------------- */

static uintptr_t page_down(uintptr_t v)
{
	return v & ~(uintptr_t)(sealer.page - 1);
}

static int prot_of(uint32_t flags)
{
	return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) |
	       (flags & PF_X ? PROT_EXEC : 0);
}

/*
 * The protection the loader leaves on the page at addr: PROT_READ inside
 * RELRO (whole pages, as glibc protects it), else that of the last
 * PT_LOAD covering the page (segments are mapped in order, a later one
 * over a page they share), else none (a hole).
 */
static int prot_at(const struct object *o, uintptr_t addr)
{
	uint64_t off = addr - o->bias;
	int prot = PROT_NONE;

	for (size_t i = 0; i < o->nseg; i++) {
		const struct seal_segment *s = &o->seg[i];
		uint64_t lo = page_down(s->vaddr), hi;

		if (s->type == PT_GNU_RELRO) {
			hi = page_down(s->vaddr + s->memsz);
			if (lo <= off && off < hi)
				return PROT_READ;
			continue;
		}
		hi = page_down(s->vaddr + s->memsz + sealer.page - 1);
		if (s->memsz && lo <= off && off < hi)
			prot = prot_of(s->flags);
	}
	return prot;
}

/*
 * mseal [start, end), then the kernel's own answer: a sealed page
 * refuses even an mprotect to the protection it has (EPERM); an
 * unsealed one accepts it and nothing changes.  -ENOMEM (a gap: nothing
 * was sealed) goes back to the caller; anything else fails closed.
 */
static int seal_checked(uintptr_t start, uintptr_t end, int prot, const char *what,
			struct tally *t)
{
	long rc = sys_mseal(start, end - start);

	if (rc == -ENOMEM)
		return -ENOMEM;
	if (rc < 0)
		fail("cannot seal %#lx-%#lx (the run from %s): %s", (unsigned long)start,
		     (unsigned long)end, what, seal_strerror((int)-rc));
	rc = sys_mprotect(start, sealer.page, prot);
	if (rc != -EPERM)
		fail("mseal reported %#lx-%#lx (of %s) sealed, but the kernel still %s an "
		     "mprotect there (%s): a seccomp filter or a kernel that does not seal",
		     (unsigned long)start, (unsigned long)end, what,
		     rc == 0 ? "accepts" : "answers", rc == 0 ? "no error" : seal_strerror((int)-rc));
	if (sealer.verbose)
		say("mseal %#lx-%#lx %lu KiB, from %s", (unsigned long)start, (unsigned long)end,
		    (unsigned long)((end - start) >> 10), what);
	t->calls++;
	t->bytes += end - start;
	return 0;
}

static int spans_of(const struct object *o, unsigned int parts, struct seal_span *sp)
{
	int n = seal_object_spans(o->seg, o->nseg, o->bias, sealer.page, parts, sp, SEAL_SPANS_MAX);

	if (n < 0)
		fail("cannot work out the ranges of %s: %s", name_of(o->map),
		     seal_strerror(-n));
	return n;
}

/*
 * A span with a gap: the kernel maps the main program and ld.so segment
 * by segment and leaves the holes between them unmapped.  Seal its
 * pieces one by one; a hole that is not mapped has nothing to seal.
 */
static void seal_pieces(const struct object *o, unsigned int parts, uintptr_t lo, uintptr_t hi,
			struct tally *t)
{
	const unsigned int kinds[2] = { parts & ~SEAL_POLICY_HOLES, parts & SEAL_POLICY_HOLES };
	struct seal_span sp[SEAL_SPANS_MAX];

	for (int k = 0; k < 2; k++) {
		int n = kinds[k] ? spans_of(o, kinds[k], sp) : 0;

		for (int i = 0; i < n; i++) {
			uintptr_t a = sp[i].start > lo ? sp[i].start : lo;
			uintptr_t b = sp[i].end < hi ? sp[i].end : hi;

			if (a < b && seal_checked(a, b, prot_at(o, a), name_of(o->map), t) < 0 &&
			    k == 0)
				fail("cannot seal %#lx-%#lx (the run from %s): %s",
				     (unsigned long)a, (unsigned long)b, name_of(o->map),
				     seal_strerror(ENOMEM));
		}
	}
}

/* Seal the parts of o the mask names: the whole span, minus the rest. */
static void seal_object(const struct object *o, unsigned int parts, struct tally *t)
{
	struct seal_span sp[SEAL_SPANS_MAX];
	int n = parts ? spans_of(o, parts, sp) : 0;

	for (int i = 0; i < n; i++) {
		if (sealer.verbose) {
			char text[96];

			seal_policy_format(sp[i].parts, text, sizeof(text));
			say("object %s %#lx-%#lx %s", name_of(o->map), (unsigned long)sp[i].start,
			    (unsigned long)sp[i].end, text);
		}
		if (seal_checked(sp[i].start, sp[i].end, prot_at(o, sp[i].start),
				 name_of(o->map), t) == -ENOMEM)
			seal_pieces(o, sp[i].parts, sp[i].start, sp[i].end, t);
	}
	if (n > 0)
		t->objects++;
}

/* ---- the objects noted ------------------------------------------------------ */

/* Room for one more of n elements of size in *arr, grown with mmap. */
static bool room(void **arr, size_t *cap, size_t n, size_t size)
{
	size_t bigger = *cap ? 2 * *cap : 64;
	long p;

	if (n < *cap)
		return true;
	p = sys_mmap(0, bigger * size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
	if (p < 0 && p > -4096)
		return false;
	if (*arr) {
		memcpy((void *)p, *arr, n * size);
		sys_munmap(*arr, *cap * size);
	}
	*arr = (void *)p;
	*cap = bigger;
	return true;
}

static struct object *add_object(void)
{
	void *arr = sealer.obj;

	if (!room(&arr, &sealer.cap, sealer.nobj, sizeof(*sealer.obj)))
		fail("cannot note another loaded object: %s", seal_strerror(ENOMEM));
	sealer.obj = arr;
	return &sealer.obj[sealer.nobj++];
}

static void drop_object(size_t i)
{
	sealer.obj[i] = sealer.obj[--sealer.nobj];
}

/* PT_LOAD and PT_GNU_RELRO of a program header table in memory. */
static void take_phdrs(struct object *o, const ElfW(Phdr) *ph, size_t phnum)
{
	o->nseg = 0;
	for (size_t i = 0; i < phnum; i++) {
		if (ph[i].p_type != PT_LOAD && ph[i].p_type != PT_GNU_RELRO)
			continue;
		if (o->nseg == SEAL_SEGMENTS_MAX)
			fail("%s has more than %d PT_LOAD and PT_GNU_RELRO headers",
			     name_of(o->map), SEAL_SEGMENTS_MAX);
		o->seg[o->nseg++] = (struct seal_segment){
			.type = ph[i].p_type, .flags = ph[i].p_flags,
			.vaddr = ph[i].p_vaddr, .memsz = ph[i].p_memsz,
		};
	}
}

/*
 * Memory of our own at addr, len bytes: through process_vm_readv, which
 * fails with EFAULT instead of faulting where the guess of an address is
 * wrong.  Where a sandbox forbids that call, only an address maps showed
 * readable (up to limit) is read, directly.  len, or -errno.
 */
static long read_memory(void *dst, uintptr_t addr, size_t len, uintptr_t limit)
{
	long rc = sealer.direct_reads ? -ENOSYS : sys_read_self(dst, addr, len);

	if (rc == -ENOSYS || rc == -EPERM) {
		sealer.direct_reads = true;
		if (!limit || addr + len > limit || addr + len < addr)
			return rc;
		memcpy(dst, (const void *)addr, len);
		return (long)len;
	}
	return rc;
}

/*
 * The program headers the loader mapped, from the ELF header at ehdr.
 * They are this object's only if its PT_DYNAMIC lands at the loader's
 * l_ld and its first segment maps file offset 0 at ehdr.  Never from the
 * file on disk: it may have been replaced since the loader mapped it.
 */
static bool take_header_at(struct object *o, uintptr_t ehdr, uintptr_t limit)
{
	/* Large; the hooks never run concurrently. */
	static ElfW(Phdr) ph[SEAL_PHDRS_MAX];
	ElfW(Ehdr) eh;
	bool dynamic = false, here = false;
	size_t size;

	if (read_memory(&eh, ehdr, sizeof(eh), limit) != (long)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_phentsize != sizeof(ph[0]) ||
	    eh.e_phnum == 0 || eh.e_phnum > sizeof(ph) / sizeof(ph[0]))
		return false;
	size = eh.e_phnum * sizeof(ph[0]);
	if (read_memory(ph, ehdr + eh.e_phoff, size, limit) != (long)size)
		return false;
	for (size_t i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type == PT_DYNAMIC)
			dynamic = o->bias + ph[i].p_vaddr == (uintptr_t)o->map->l_ld;
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0)
			here = o->bias + ph[i].p_vaddr == ehdr;
	}
	if (!dynamic || !here)
		return false;
	take_phdrs(o, ph, eh.e_phnum);
	return true;
}

/* DT_TEXTREL: the loader makes the object's code writable to relocate it. */
static bool has_textrel(const struct link_map *map)
{
	const ElfW(Dyn) *d = map->l_ld;

	for (int i = 0; d && i < 4096 && d[i].d_tag != DT_NULL; i++)
		if (d[i].d_tag == DT_TEXTREL ||
		    (d[i].d_tag == DT_FLAGS && (d[i].d_un.d_val & DF_TEXTREL)))
			return true;
	return false;
}

/* The address l_ld has for the object whose ELF header is at ehdr (a
 * mapping the kernel made: the vDSO, ld.so; or this sealer), 0 if it is
 * not one; its load bias into *bias. */
static uintptr_t dynamic_of(uintptr_t ehdr, uintptr_t *bias)
{
	const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)ehdr;
	const ElfW(Phdr) *ph;
	uintptr_t dyn = 0;

	*bias = 0;
	if (!ehdr || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return 0;
	ph = (const ElfW(Phdr) *)(ehdr + eh->e_phoff);
	for (size_t i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0)
			*bias = ehdr - ph[i].p_vaddr;
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = ph[i].p_vaddr;
	}
	return dyn ? *bias + dyn : 0;
}

/* ---- deferred RELRO (glibc <= 2.40) ----------------------------------------- */

/*
 * Every hook the loader calls after the one that deferred them comes
 * after that load's relocation (loads are serialised by dl_load_lock,
 * and relocation calls no hook of ours): the deferred parts can be
 * sealed now.  la_objclose of a load that failed midway arrives here
 * too: its RELRO is sealed as it is, and the loader unmaps nothing.
 */
static void seal_deferred(void)
{
	struct tally t = { 0, 0, 0 };
	uint64_t t0 = 0;
	bool any = false;

	for (size_t i = 0; i < sealer.nobj; ) {
		if (sealer.obj[i].state != DEFERRED) {
			i++;
			continue;
		}
		if (!any && sealer.verbose)
			t0 = sys_now_us();
		any = true;
		seal_object(&sealer.obj[i], sealer.obj[i].later, &t);
		drop_object(i);
	}
	if (any && sealer.verbose)
		say("later: sealed the rest of %lu objects, %llu bytes, %lu mseal calls, %llu us",
		    t.objects, (unsigned long long)t.bytes, t.calls,
		    (unsigned long long)(sys_now_us() - t0));
}

/* ---- closed objects --------------------------------------------------------- */

/* The main program's r_debug (DT_DEBUG), the first of the namespaces'
 * chain (r_debug_extended, glibc >= 2.35); NULL if there is none. */
/*
 * A sealed object that dlclose lets go stays mapped: the kernel refuses
 * glibc's munmap, and nothing can remove the mappings.  Its memory need
 * not stay: at the LA_ACT_CONSISTENT that ends the dlclose, once every
 * destructor has run (a later one may still read a sibling's data),
 * MADV_DONTNEED frees the pages it wrote and drops the file's pages from
 * the process.  The kernel permits that on a sealed mapping of a file,
 * and on anonymous memory the process can write; it refuses only
 * anonymous read-only memory, which then stays.  Only an object sealed
 * whole: a sealed range cannot have been unmapped or replaced since.
 * At exit the loader says the same words (DELETE, la_objclose,
 * CONSISTENT) for every object but unloads none: an object still in a
 * namespace's list is kept, and nothing but the lists is read (no system
 * call: a sandbox may kill on one it did not expect).  A program that
 * still touched a closed object would find its file's bytes and zeroes
 * there, where without sealing it would fault.
 */
static void remember(const struct object *o)
{
	struct seal_span sp[SEAL_SPANS_MAX];
	void *arr = sealer.later;
	int n;

	if ((sealer.policy & SEAL_POLICY_OBJECTS) != SEAL_POLICY_OBJECTS)
		return;
	n = seal_object_spans(o->seg, o->nseg, o->bias, sealer.page, SEAL_POLICY_OBJECTS, sp,
			      SEAL_SPANS_MAX);
	if (n <= 0 || !room(&arr, &sealer.caplater, sealer.nlater, sizeof(*sealer.later)))
		return;
	sealer.later = arr;
	sealer.later[sealer.nlater++] = (struct later){ (uintptr_t)o->map->l_ld, sp[0].start,
							sp[n - 1].end, false };
}

/* Is the object whose dynamic section is at ld in the list from m?  A
 * list without end (the program's own doing) counts as holding it. */
static bool in_list(const struct link_map *m, uintptr_t ld)
{
	for (int k = 0; m && k < 65536; k++, m = m->l_next)
		if ((uintptr_t)m->l_ld == ld)
			return true;
	return m != NULL;
}

static void discard_closed(const struct link_map *head)
{
	for (size_t i = 0; i < sealer.nlater; ) {
		struct later *c = &sealer.later[i];
		const struct r_debug_extended *r = NULL;
		bool listed = !c->closing || in_list(head, c->ld);
		long rc;

		/* Every namespace: one may load while another closes.  A
		 * chain longer than the bound counts as holding it. */
		if (!listed) {
			rdebug_for_each(r, rdebug_of(sealer.main ? sealer.main->l_ld : NULL))
				if (in_list(r->base.r_map, c->ld))
					break;
			listed = r != NULL;
		}
		if (listed) {
			i++;
			continue;
		}
		rc = sys_madvise(c->start, c->end - c->start, MADV_DONTNEED);
		if (sealer.verbose)
			say("closed: %#lx-%#lx %lu KiB discarded%s%s", (unsigned long)c->start,
			    (unsigned long)c->end, (unsigned long)((c->end - c->start) >> 10),
			    rc ? ": " : "", rc ? seal_strerror((int)-rc) : "");
		*c = sealer.later[--sealer.nlater];
	}
}

/* ---- start-up ----------------------------------------------------------------- */

/* Is the file at path (an LD_AUDIT entry) this very sealer?  Same ELF
 * header and program headers as ours in memory: a copy counts too. */
static int is_self(const char *entry, size_t len, void *ctx)
{
	const size_t size = sizeof(__ehdr_start) + __ehdr_start.e_phnum * sizeof(ElfW(Phdr));
	char path[4096], head[4096];
	ssize_t n = -1;
	int fd;

	(void)ctx;
	if (len >= sizeof(path) || size > sizeof(head))
		return 0;
	memcpy(path, entry, len);
	path[len] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = pread(fd, head, size, 0);
		close(fd);
	}
	return n == (ssize_t)size && __ehdr_start.e_phoff == sizeof(__ehdr_start) &&
	       !memcmp(head, &__ehdr_start, size);
}

/*
 * --no-inherit: before any of the program's code runs, take the sealer
 * out of its initial environment, which is the array libc's environ
 * points at: edited in place, so no getenv/setenv the program may
 * define (bash does) is involved.
 */
static void leave_environment(void)
{
	char **out = sealer.envp;

	for (char **e = sealer.envp; *e; e++) {
		char *v = *e;

		if (!strncmp(v, SEALRUN_ENV_PREFIX, strlen(SEALRUN_ENV_PREFIX)))
			continue;
		if (!strncmp(v, SEALRUN_ENV_AUDIT "=", strlen(SEALRUN_ENV_AUDIT) + 1)) {
			char *list = v + strlen(SEALRUN_ENV_AUDIT) + 1;

			if (!sealrun_list_filter(list, SEALRUN_AUDIT_SEPARATORS, is_self, NULL, list))
				continue;
		}
		*out++ = v;
	}
	*out = NULL;
}

/*
 * The kernel shows MDWE to the process itself only.  When it is in force
 * (sealrun --deny-wx=prctl, or inherited), leave a witness `sealctl
 * verify` can see in smaps: one inaccessible page of an empty memfd
 * named SEALRUN_MDWE_MARK, sealed.  Best effort: it witnesses and
 * protects nothing, so failing to leave it is no failure.
 */
static void leave_witness(const char *mark, const char *what)
{
	long fd, page;
	struct tally t = { 0, 0, 0 };

	fd = sys_memfd_create(mark, MFD_CLOEXEC);
	page = fd < 0 ? fd : sys_mmap(0, sealer.page, PROT_NONE, MAP_PRIVATE, (int)fd);
	if (fd >= 0)
		close((int)fd);
	if (page < 0 && page > -4096) {
		if (sealer.verbose)
			say("%s: no witness for sealctl verify (%s)", what,
			    seal_strerror((int)-page));
		return;
	}
	seal_checked((uintptr_t)page, (uintptr_t)page + sealer.page, PROT_NONE, "a witness", &t);
	if (sealer.verbose)
		say("%s: witness /memfd:%s at %#lx", what, mark, (unsigned long)page);
}

static void leave_mdwe_witness(void)
{
	long mdwe = sys_prctl(PR_GET_MDWE, 0);

	if (mdwe >= 0 && (mdwe & PR_MDWE_REFUSE_EXEC_GAIN))
		leave_witness(SEALRUN_MDWE_MARK, "MDWE in force");
	/* The same for the supervisor's filter (SEALRUN_JUDGED), which
	 * sealctl must not take for a W^X filter. */
	if (sealer.judged)
		leave_witness(SEALRUN_FILTER_MARK, "the supervisor's exec filter");
}

/* ---- /proc/self/maps ----------------------------------------------------------- */

/* Each line of /proc/self/maps to fn (common/maps.c), in a small buffer:
 * only the start of a long line matters here.  No allocation. */
static void each_mapping(int (*fn)(const struct seal_mapping *, void *), void *ctx)
{
	char line[SEAL_MAPS_LINE_MIN];
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		fail("cannot open /proc/self/maps: %s", seal_strerror(errno));
	rc = seal_maps_each(fd, line, sizeof(line), fn, ctx);
	close(fd);
	if (rc < 0)
		fail("cannot read /proc/self/maps: %s", seal_strerror(-rc));
}

/* The kernel's own mappings the policy names, by their name in maps:
 * seal_policy_system_path's, and the main stack.  ([vsyscall] lies above
 * the user address space: nothing to seal.) */
static int kernel_vma(const struct seal_mapping *m, void *t)
{
	char name[16] = "";

	if (!m->cut && m->path_len < sizeof(name))
		memcpy(name, m->path, m->path_len);
	if (((sealer.policy & SEAL_POLICY_SYSTEM) && seal_policy_system_path(name)) ||
	    ((sealer.policy & SEAL_POLICY_STACK) && !strcmp(name, "[stack]")))
		seal_checked(m->start, m->end, m->prot, name, t);
	return 0;
}

/* Where the file that holds l_ld is mapped from offset 0. */
struct header_search {
	uintptr_t ld, ehdr, ehdr_end;
	unsigned int major, minor;
	uint64_t inode;
	bool found;
};

static int file_of_dynamic(const struct seal_mapping *m, void *ctx)
{
	struct header_search *h = ctx;

	if (m->start <= h->ld && h->ld < m->end && m->inode) {
		h->major = m->dev_major;
		h->minor = m->dev_minor;
		h->inode = m->inode;
		h->found = true;
	}
	return 0;
}

static int header_of_file(const struct seal_mapping *m, void *ctx)
{
	struct header_search *h = ctx;

	if (m->dev_major == h->major && m->dev_minor == h->minor && m->inode == h->inode &&
	    m->offset == 0 && (m->prot & PROT_READ) && !h->ehdr) {
		h->ehdr = m->start;
		h->ehdr_end = m->end;
	}
	return 0;
}

/*
 * Headers of an object: where nearly every shared object has them (first
 * segment at address 0, so the ELF header at the load bias), else where
 * /proc/self/maps shows the file holding its dynamic section mapped from
 * offset 0: a prelinked library, a non-PIE program run as "ld.so PROGRAM"
 * (ldd does), a library whose first segment does not start the file.
 */
static void take_headers(struct object *o)
{
	struct header_search h = { .ld = (uintptr_t)o->map->l_ld };

	if (take_header_at(o, o->bias, 0))
		return;
	each_mapping(file_of_dynamic, &h);
	if (h.found)
		each_mapping(header_of_file, &h);
	if (!h.ehdr || !take_header_at(o, h.ehdr, h.ehdr_end))
		fail("cannot find the program headers of %s in memory", name_of(o->map));
}

/*
 * sealrun preloads the exec guard so that what this program starts is
 * judged; a program whose LD_PRELOAD lost it (changed by a parent that
 * execs with system calls of its own, past the guard) would start
 * others unjudged.  The loader names a preload as LD_PRELOAD spelt it,
 * which is how sealrun and the guard spell SEALRUN_GUARD.
 */
static void check_guard(void)
{
	for (const struct link_map *m = sealer.main; m; m = m->l_next)
		if (m->l_name && !strcmp(m->l_name, sealer.guard))
			return;
	if (!sealer.best_effort)
		fail("the exec guard %s is not loaded (LD_PRELOAD no longer names it), so programs "
		     "this one starts would not be judged; refusing to run it (--best-effort runs "
		     "it anyway)", sealer.guard);
	say("warning: the exec guard %s is not loaded (LD_PRELOAD no longer names it): programs "
	    "this one starts are not judged (--best-effort)", sealer.guard);
}

/*
 * Before the main program, only audit modules loaded after us are
 * announced, each in a namespace of its own: one in LD_AUDIT, one given
 * to "ld.so --audit", or the program's own (DT_AUDIT, DT_DEPAUDIT).
 * What such a module loads after start-up is announced to no auditor
 * and would stay unsealed.  The judge refuses them all before the exec;
 * this is where the loader opens them, which no judge of paths can
 * race (ld.so run as a program opens its program after every check).
 */
static void other_auditor(const struct link_map *map)
{
	const char *name = map->l_name && *map->l_name ? map->l_name : "(unnamed)";
	const char *first, *ours;
	size_t n = strlen(name);

	/* The loader itself, in the other module's namespace (glibc 2.41
	 * announces it there): no audit module. */
	if ((uintptr_t)map->l_ld == sealer.ldso_ld)
		return;
	first = sealrun_env_get(sealer.envp, SEALRUN_ENV_AUDIT);
	ours = sealrun_env_get(sealer.envp, SEALRUN_ENV_SEALER);
	/* The sealer's own name again (LD_AUDIT=SEALER:SEALER): a second
	 * copy of this module, which loads nothing.  Ours is the first
	 * entry, and sealrun's name for it when it set one. */
	if (first && !strncmp(first, name, n) && (first[n] == ':' || first[n] == '\0') &&
	    (!ours || !strcmp(ours, name)))
		return;
	if (sealer.other_auditor)
		return;
	sealer.other_auditor = true;
	if (!sealer.best_effort)
		fail("another audit module, %s, is loaded after the sealer: what it loads after "
		     "start-up would stay unsealed; refusing to run it (--best-effort runs it "
		     "anyway)", name);
	say("warning: another audit module, %s, is loaded after the sealer: what it loads "
	    "after start-up stays unsealed (--best-effort)", name);
}

static void startup(void)
{
	struct tally t = { 0, 0, 0 };
	uint64_t t0 = sealer.verbose ? sys_now_us() : 0;

	if (sealer.guard && !sealer.no_inherit)
		check_guard();

	for (size_t i = 0; i < sealer.nobj; i++)
		seal_object(&sealer.obj[i], sealer.policy & SEAL_POLICY_OBJECTS, &t);
	sealer.nobj = 0;
	/* Only /proc/self/maps names the kernel's mappings. */
	if (sealer.policy & (SEAL_POLICY_SYSTEM | SEAL_POLICY_STACK))
		each_mapping(kernel_vma, &t);
	sealer.started = true;
	if (sealer.no_inherit)
		leave_environment();
	leave_mdwe_witness();
	if (sealer.verbose)
		say("start-up: sealed %lu objects, %llu bytes, %lu mseal calls, %llu us",
		    t.objects, (unsigned long long)t.bytes, t.calls,
		    (unsigned long long)(sys_now_us() - t0));
}

/* ---- later loads ---------------------------------------------------------------- */

/* r_state of the namespace whose first object is head; -1 when it
 * cannot be found. */
static int namespace_state(const struct link_map *head)
{
	const struct r_debug_extended *r;

	rdebug_for_each(r, rdebug_of(sealer.main ? sealer.main->l_ld : NULL))
		if (r->base.r_map == head)
			return r->base.r_state;
	return -1;
}

static void consistent(const struct link_map *head)
{
	/* glibc >= 2.41 (bug 31986) says RT_CONSISTENT, then tells us,
	 * after relocation; older ones tell us first, before it. */
	bool relocated = namespace_state(head) == RT_CONSISTENT;
	struct tally t = { 0, 0, 0 };
	uint64_t t0 = sealer.verbose ? sys_now_us() : 0;
	unsigned long deferred = 0;

	for (size_t i = 0; i < sealer.nobj; ) {
		struct object *o = &sealer.obj[i];
		unsigned int parts = sealer.policy & SEAL_POLICY_OBJECTS;

		/* ld.so, announced again in an auditor's namespace before
		 * start-up: it applies its own RELRO only at the end of
		 * start-up, which seals it with the rest. */
		if (o->state != NOTED || (!sealer.started && (uintptr_t)o->map->l_ld == sealer.ldso_ld)) {
			i++;
			continue;
		}
		remember(o);
		if (!relocated) {
			/* Relocation still has to write RELRO, and all of an
			 * object with text relocations, and mprotect them. */
			unsigned int now = has_textrel(o->map) ? 0 : parts & ~SEAL_POLICY_RELRO;

			seal_object(o, now, &t);
			o->later = parts & ~now;
			if (o->later) {
				o->state = DEFERRED;
				deferred++;
				i++;
				continue;
			}
		} else {
			seal_object(o, parts, &t);
		}
		drop_object(i);
	}
	if (sealer.verbose && t.objects + deferred)
		say("dlopen: sealed %lu objects, %llu bytes, %lu mseal calls, %llu us; "
		    "%lu left for the next loader event", t.objects, (unsigned long long)t.bytes,
		    t.calls, (unsigned long long)(sys_now_us() - t0), deferred);
}

/* ---- settings ------------------------------------------------------------------- */

/* Read the settings and the auxiliary vector; false: stay out. */
static bool setup(void)
{
	const char *text;
	const ElfW(auxv_t) *av;
	uintptr_t secure = 0, vdso = 0, bias;
	size_t where = 0;
	struct stat st;
	long *sp = __libc_stack_end;
	char **e;
	int policy;

	/* First, so that even the first failure is said. */
	if (fstat(STDERR_FILENO, &st) == 0) {
		sealer.err.open = true;
		sealer.err.dev = st.st_dev;
		sealer.err.ino = st.st_ino;
	}
	/* NULL in a second copy of the loader, mapped for the sealer when
	 * the program names the loader by another path (sealrun refuses
	 * those). */
	if (!sp)
		fail("cannot find the initial stack (__libc_stack_end): the loader that "
		     "loaded the sealer is not the one that started the program");
	sealer.envp = (char **)(sp + 1 + sp[0] + 1);
	for (e = sealer.envp; *e; e++)
		;
	for (av = (const ElfW(auxv_t) *)(e + 1); av->a_type != AT_NULL; av++) {
		switch (av->a_type) {
		case AT_PAGESZ:		sealer.page = av->a_un.a_val; break;
		case AT_SECURE:		secure = av->a_un.a_val; break;
		case AT_PHDR:		sealer.phdr = av->a_un.a_val; break;
		case AT_PHNUM:		sealer.phnum = av->a_un.a_val; break;
		case AT_BASE:		sealer.base = av->a_un.a_val; break;
		case AT_SYSINFO_EHDR:	vdso = av->a_un.a_val; break;
		}
	}
	text = sealrun_env_get(sealer.envp, SEALRUN_ENV_POLICY);
	/*
	 * glibc ignores an audit module with a path in secure mode; this is
	 * a second fence.  A policy in the environment asked for sealing,
	 * which this process will not get: refuse to run it unsealed.
	 */
	if (secure) {
		if (text)
			fail("secure mode (set-user-ID, set-group-ID or file capabilities):"
			     " cannot seal as %s asks", SEALRUN_ENV_POLICY);
		return false;
	}
	/* Loaded without sealrun: the default policy. */
	policy = text ? seal_policy_parse(text, &where) : SEAL_POLICY_DEFAULT;
	if (policy < 0)
		fail("bad %s=%s at offset %zu", SEALRUN_ENV_POLICY, text, where);
	if (sealer.page == 0 || (sealer.page & (sealer.page - 1)))
		fail("bad page size %zu from the auxiliary vector", sealer.page);
	sealer.verbose = sealrun_env_flag(sealer.envp, SEALRUN_ENV_VERBOSE);
	sealer.no_inherit = sealrun_env_flag(sealer.envp, SEALRUN_ENV_NO_INHERIT);
	sealer.best_effort = sealrun_env_flag(sealer.envp, SEALRUN_ENV_BEST_EFFORT);
	sealer.judged = sealrun_env_flag(sealer.envp, SEALRUN_ENV_JUDGED);
	sealer.guard = sealrun_env_get(sealer.envp, SEALRUN_ENV_GUARD);
	sealer.vdso_ld = dynamic_of(vdso, &bias);
	/* ld.so: at AT_BASE; or, run as the program itself (AT_BASE 0), the
	 * file whose headers AT_PHDR points at, right after its ELF header. */
	sealer.ldso_ld = dynamic_of(sealer.base ? sealer.base : sealer.phdr - sizeof(ElfW(Ehdr)),
				    &bias);
	sealer.policy = (unsigned int)policy;
	return sealer.policy != 0;
}

/* ---- the hooks ------------------------------------------------------------------ */

#pragma GCC visibility pop

__attribute__((visibility("default")))
unsigned int la_version(unsigned int version)
{
	struct object self = { .map = NULL };
	struct tally t = { 0, 0, 0 };

	if (version == 0 || !setup())
		return 0;
	/* Ourselves: relocated, RELRO applied, never announced to us. */
	dynamic_of((uintptr_t)&__ehdr_start, &self.bias);
	take_phdrs(&self, (const ElfW(Phdr) *)((uintptr_t)&__ehdr_start + __ehdr_start.e_phoff),
		   __ehdr_start.e_phnum);
	seal_object(&self, sealer.policy & SEAL_POLICY_OBJECTS, &t);
	return version < LAV_CURRENT ? version : LAV_CURRENT;
}

__attribute__((visibility("default")))
unsigned int la_objopen(struct link_map *map, Lmid_t lmid, uintptr_t *cookie)
{
	struct object *o;

	(void)cookie;		/* glibc's default: the link map itself */
	seal_deferred();
	if (!sealer.main && lmid != LM_ID_BASE)
		other_auditor(map);
	if (!sealer.main && lmid == LM_ID_BASE && !map->l_prev)
		sealer.main = map;
	/* The vDSO is a system mapping, sealed by name with [vvar]. */
	if (sealer.vdso_ld && (uintptr_t)map->l_ld == sealer.vdso_ld)
		return 0;
	if (sealer.started && !(sealer.policy & SEAL_POLICY_DLOPEN))
		return 0;
	o = add_object();
	*o = (struct object){ .map = map, .state = NOTED, .bias = map->l_addr };
	/* The program's headers where the kernel says, unless ld.so was run
	 * as the program (then AT_PHDR is its own, and AT_BASE 0). */
	if (map == sealer.main && sealer.base)
		take_phdrs(o, (const ElfW(Phdr) *)sealer.phdr, sealer.phnum);
	else
		take_headers(o);
	return 0;
}

__attribute__((visibility("default")))
void la_activity(uintptr_t *cookie, unsigned int flag)
{
	const struct link_map *head = (const struct link_map *)*cookie;

	seal_deferred();
	if (flag != LA_ACT_CONSISTENT)
		return;
	discard_closed(head);
	/* The main program's namespace, the first time.  Not merely the
	 * first LA_ACT_CONSISTENT: an auditor listed after us is announced,
	 * in a namespace of its own, before the program. */
	if (!sealer.started && sealer.main && head == sealer.main)
		startup();
	else
		consistent(head);
}

__attribute__((visibility("default")))
unsigned int la_objclose(uintptr_t *cookie)
{
	const struct link_map *map = (const struct link_map *)*cookie;

	seal_deferred();
	/* Noted, never consistent: a load that failed before relocation.
	 * The loader unmaps it; nothing was sealed. */
	for (size_t i = 0; i < sealer.nobj; i++)
		if (sealer.obj[i].map == map) {
			drop_object(i);
			return 0;
		}
	for (size_t i = 0; i < sealer.nlater; i++)
		if (sealer.later[i].ld == (uintptr_t)map->l_ld)
			sealer.later[i].closing = true;
	return 0;
}
