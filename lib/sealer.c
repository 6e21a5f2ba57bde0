/*
 * libsealrun.so — the sealer that sealrun(1) preloads into its target.
 *
 *   ┌──────────────────────────────────────────────────────────────────┐
 *   │ THIS LIBRARY EXPORTS NOTHING BUT dlopen AND dlmopen.             │
 *   │ It lives inside programs that never asked for it: every other    │
 *   │ symbol, ours and libseal's, must stay hidden.  Project headers   │
 *   │ are included under "#pragma GCC visibility push(hidden)", and    │
 *   │ the link hides all of libseal.a (--exclude-libs); the bats suite │
 *   │ checks the dynamic symbol table.                                 │
 *   └──────────────────────────────────────────────────────────────────┘
 *
 * When: glibc runs preloaded constructors from _dl_init, after dl_main
 * has relocated every initial object and applied its RELRO mprotect
 * (ld.so's own included).  Sealing earlier would make that mprotect
 * fail and the loader abort.  The program's libraries run their
 * constructors before ours; what one of them dlopens is made
 * RTLD_NODELETE, and left to our constructor's walk.
 *
 * What: each loaded object's span, cut to the parts the policy names
 * (lib/span.c), and the kernel's system mappings and the main stack when
 * named; runs that touch are merged so that each contiguous run is one
 * mseal call.  Only what /proc/self/maps shows mapped is sealed: the
 * kernel maps the main program and ld.so segment by segment and leaves
 * the gaps between them unmapped, where mseal would fail with ENOMEM.
 *
 * Later: objects that dlopen brings are sealed when it returns
 * (lib/sealer_dlopen.c), pinned with RTLD_NODELETE first, since a sealed
 * object can no longer be unmapped by dlclose.
 *
 * Failure: report which range of which object and why, then
 * _exit(125); never abort, never run on half-sealed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#pragma GCC visibility push(hidden)
#include "seal.h"
#include "seal_mdwe.h"
#include "seal_policy.h"
#include "sealer.h"
#include "sealrun_env.h"

/* The rest of what comes in from libseal.a, functions we do not call
 * included, is hidden by -Wl,--exclude-libs,ALL on the link. */

/* Objects the sealer can track; a program with more fails closed. */
#define SEALED_MAX	8192
/* Per walk: objects, bytes of their names, ranges.  On the stack of
 * whichever thread called dlopen, so kept to a few KiB; a walk that
 * fills up is followed by another. */
#define BATCH_MAX	24
#define NAMES_MAX	4096		/* PATH_MAX: any one name fits */
#define TARGETS_MAX	32
#define SEGMENTS_MAX	32

static struct {
	unsigned int policy;		/* set once, by setup() */
	bool started;			/* the start-up walk is done */
	bool verbose;
	size_t page;
	uintptr_t vdso;			/* AT_SYSINFO_EHDR, 0 if none */
	pthread_mutex_t lock;		/* guards the table below, nothing else */
	size_t nsealed;
	uintptr_t sealed[SEALED_MAX];	/* lowest page of each sealed object, sorted */
} S = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void setup(void);

/*
 * The program's own libraries run their constructors before ours, and
 * one of them may dlopen: the settings are read on first use, from
 * there or from our constructor, whichever comes first.  pthread_once
 * also orders them for the threads that read them after.
 */
unsigned int sealer_policy(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, setup);
	return S.policy;
}

bool sealer_nodelete(void)
{
	unsigned int policy = sealer_policy();

	/* Before the start-up walk, which seals whatever is loaded by
	 * then, dlopen'd objects included, whatever the policy. */
	return (policy & SEAL_POLICY_DLOPEN) ||
	       (policy && !__atomic_load_n(&S.started, __ATOMIC_ACQUIRE));
}

/* ---- reporting ---------------------------------------------------------- */

/* The file stderr was when the sealer started: (dev, ino), or none. */
static struct { bool open; dev_t dev; ino_t ino; } err_at_start;

/* A program that started with stderr closed may since have opened a file
 * of its own on descriptor 2: write only to what stderr was at start. */
static bool stderr_unchanged(void)
{
	struct stat st;

	return err_at_start.open && fstat(STDERR_FILENO, &st) == 0 &&
	       st.st_dev == err_at_start.dev && st.st_ino == err_at_start.ino;
}

static void vsay(const char *fmt, va_list ap)
{
	char buf[1024];
	int n = snprintf(buf, sizeof(buf), "sealrun: ");

	n += vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
	if (n > (int)sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	if (!stderr_unchanged())
		return;
	/* One write: lines from several threads do not interleave. */
	while (write(STDERR_FILENO, buf, (size_t)n) < 0 && errno == EINTR)
		;
}

void sealer_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
}

_Noreturn void sealer_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	_exit(SEALRUN_EXIT_FAILED);
}

static const char *object_name(const char *name)
{
	return name && *name ? name : "the main program";
}

/* ---- the table of sealed objects ---------------------------------------- */

/* Index of key, or of where it would go. */
static size_t table_find(uintptr_t key)
{
	size_t lo = 0, hi = S.nsealed;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (S.sealed[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool table_has(uintptr_t key)
{
	bool found;
	size_t i;

	pthread_mutex_lock(&S.lock);
	i = table_find(key);
	found = i < S.nsealed && S.sealed[i] == key;
	pthread_mutex_unlock(&S.lock);
	return found;
}

static int table_add(uintptr_t key)
{
	int rc = 0;
	size_t i;

	pthread_mutex_lock(&S.lock);
	i = table_find(key);
	if (i < S.nsealed && S.sealed[i] == key)
		goto out;
	/* Full: fail closed rather than forget what is sealed. */
	if (S.nsealed == SEALED_MAX) {
		rc = -ENOSPC;
		goto out;
	}
	memmove(&S.sealed[i + 1], &S.sealed[i], (S.nsealed - i) * sizeof(S.sealed[0]));
	S.sealed[i] = key;
	S.nsealed++;
out:
	pthread_mutex_unlock(&S.lock);
	return rc;
}

/* ---- one walk over the loaded objects ----------------------------------- */

struct object {
	uintptr_t addr;			/* load bias */
	uintptr_t key;			/* lowest PT_LOAD page */
	const ElfW(Phdr) *phdr;
	size_t phnum;
	size_t name;			/* offset in batch.names */
	bool skip;			/* could not be pinned, and is gone */
};

struct batch {
	size_t n;
	bool full;			/* stopped early: walk again after this */
	struct object obj[BATCH_MAX];
	size_t names_used;
	char names[NAMES_MAX];
};

static uintptr_t object_key(const struct dl_phdr_info *info, size_t page)
{
	uintptr_t lo = UINTPTR_MAX;

	for (size_t i = 0; i < info->dlpi_phnum; i++)
		if (info->dlpi_phdr[i].p_type == PT_LOAD &&
		    info->dlpi_phdr[i].p_vaddr < lo)
			lo = info->dlpi_phdr[i].p_vaddr;
	if (lo == UINTPTR_MAX)
		return 0;
	return (info->dlpi_addr + lo) & ~(page - 1);
}

/*
 * Runs with glibc's dl_load_write_lock held: no object leaves the list
 * meanwhile, so its name can be copied safely.  Takes our lock only
 * (through table_has), and calls nothing of the loader's.
 */
static int collect(struct dl_phdr_info *info, size_t size, void *data)
{
	struct batch *b = data;
	struct object *o;
	uintptr_t key;
	size_t len;

	(void)size;
	key = object_key(info, S.page);
	/* No PT_LOAD: nothing to seal.  The vDSO is a system mapping. */
	if (key == 0 || key == S.vdso || table_has(key))
		return 0;

	len = strlen(info->dlpi_name) + 1;
	if (b->n == BATCH_MAX || len > NAMES_MAX - b->names_used) {
		/* The next walk starts with an empty batch; a name no empty
		 * batch can hold cannot be pinned: fail closed. */
		if (b->n == 0)
			sealer_fail("object name too long: %.64s…", info->dlpi_name);
		b->full = true;
		return 1;
	}
	o = &b->obj[b->n++];
	*o = (struct object){
		.addr = info->dlpi_addr, .key = key,
		.phdr = info->dlpi_phdr, .phnum = info->dlpi_phnum,
		.name = b->names_used,
	};
	memcpy(b->names + b->names_used, info->dlpi_name, len);
	b->names_used += len;
	return 0;
}

/*
 * Make an object dlopen'd outside our wrapper (glibc's own NSS, iconv
 * and libgcc_s loads, or a dependency) NODELETE, so that sealing it
 * cannot leave dlclose with a mapping it is unable to remove.  The
 * NOLOAD dlopen also waits, on glibc's load lock, for any load in
 * progress in another thread: after it the object is relocated and its
 * RELRO applied, or it is gone.  It is tried in each link-map namespace
 * glibc can have (16), since dlmopen'd objects live in their own.
 */
static bool pin(const struct object *o, const char *name)
{
	bool same = false;

	for (long ns = 0; ns < 16 && !same; ns++) {
		void *h = sealer_real_dlmopen(ns, name, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
		struct link_map *lm = NULL;

		if (!h)
			continue;
		same = dlinfo(h, RTLD_DI_LINKMAP, &lm) == 0 && lm && lm->l_addr == o->addr;
		dlclose(h);
	}
	/* Leave no error of ours for the program: not even, on success, one
	 * from the namespaces tried before. */
	dlerror();
	return same;
}

struct sought {
	const struct object *o;
	const char *name;
	bool found;
};

static int find_object(struct dl_phdr_info *info, size_t size, void *data)
{
	struct sought *q = data;

	(void)size;
	q->found = info->dlpi_addr == q->o->addr && object_key(info, S.page) == q->o->key &&
		   !strcmp(info->dlpi_name, q->name);
	return q->found;
}

/*
 * An object pin() could not pin is fine only if it is gone (another
 * thread's dlclose got there first).  One still loaded would stay
 * unsealed: fail closed.
 */
static bool unpinned(const struct object *o, const char *name)
{
	struct sought q = { .o = o, .name = name, .found = false };

	if (pin(o, name))
		return false;
	dl_iterate_phdr(find_object, &q);
	if (q.found)
		sealer_fail("cannot make %s RTLD_NODELETE in any namespace; it would stay unsealed",
			    object_name(name));
	if (S.verbose)
		sealer_say("%s was unloaded before it could be sealed", object_name(name));
	return true;
}

/* ---- ranges to seal, and sealing them ----------------------------------- */

struct target {
	uintptr_t start, end;
	unsigned int parts;
	const char *label;		/* object name, for messages */
};

struct sealing {
	struct target t[TARGETS_MAX];
	size_t n;
	unsigned int kernel;		/* SEAL_POLICY_SYSTEM / _STACK: seal those VMAs */
	/* The pending run: pieces that touch are sealed by one call.  For
	 * messages, it is named after its largest piece: the current
	 * piece's label and start, the largest so far, and how many
	 * labels the run has. */
	uintptr_t run_start, run_end;
	const char *label, *big_label;
	uintptr_t label_start, big_size;
	unsigned int labels;
	/* Set while trying the ranges without /proc/self/maps: a gap
	 * (ENOMEM, nothing sealed) is noted rather than fatal. */
	bool trying;
	bool gap;
	/* Counters for -v. */
	unsigned long calls;
	uint64_t bytes;
};

/* Close the current label's stretch of the run; keep it if largest. */
static void close_label(struct sealing *s)
{
	if (s->run_end - s->label_start > s->big_size) {
		s->big_size = s->run_end - s->label_start;
		s->big_label = s->label;
	}
}

static void seal_run(struct sealing *s)
{
	char more[32] = "";
	int rc;

	if (s->run_end == s->run_start)
		return;
	close_label(s);
	if (s->labels > 1)
		snprintf(more, sizeof(more), " and %u more", s->labels - 1);
	rc = seal_range((void *)s->run_start, s->run_end - s->run_start);
	if (rc == -ENOMEM && s->trying) {
		s->gap = true;
		s->run_start = s->run_end = 0;
		return;
	}
	if (rc < 0)
		sealer_fail("cannot seal %#lx-%#lx (the run from %s%s): %s",
			    (unsigned long)s->run_start, (unsigned long)s->run_end,
			    object_name(s->big_label), more, strerror(-rc));
	if (S.verbose)
		sealer_say("mseal %#lx-%#lx %lu KiB, from %s%s", (unsigned long)s->run_start,
			   (unsigned long)s->run_end,
			   (unsigned long)((s->run_end - s->run_start) >> 10),
			   object_name(s->big_label), more);
	s->calls++;
	s->bytes += s->run_end - s->run_start;
	s->run_start = s->run_end = 0;
}

static void seal_piece(struct sealing *s, uintptr_t start, uintptr_t end, const char *label)
{
	if (start >= end)
		return;
	if (s->run_end == start && s->run_end != s->run_start) {
		if (label != s->label) {
			close_label(s);
			s->label = label;
			s->label_start = start;
			s->labels++;
		}
		s->run_end = end;
		return;
	}
	seal_run(s);
	s->run_start = s->label_start = start;
	s->run_end = end;
	s->label = label;
	s->big_label = NULL;
	s->big_size = 0;
	s->labels = 1;
}

/* The kernel's own mappings by name; the label outlives the maps line. */
static const struct {
	const char *name;
	unsigned int kind;
} kernel_vmas[] = {
	/* [vsyscall] lies above the user address space: nothing to seal. */
	{ "[vdso]", SEAL_POLICY_SYSTEM },
	{ "[vvar]", SEAL_POLICY_SYSTEM },
	{ "[vvar_vclock]", SEAL_POLICY_SYSTEM },
	{ "[stack]", SEAL_POLICY_STACK },
};

/* One line of /proc/self/maps: seal what of it the targets cover. */
static void seal_vma(struct sealing *s, size_t *next, uintptr_t start, uintptr_t end,
		     const char *name)
{
	for (size_t i = 0; i < sizeof(kernel_vmas) / sizeof(kernel_vmas[0]); i++)
		if ((kernel_vmas[i].kind & s->kernel) && !strcmp(name, kernel_vmas[i].name)) {
			seal_piece(s, start, end, kernel_vmas[i].name);
			return;
		}
	while (*next < s->n && s->t[*next].end <= start)
		(*next)++;
	for (size_t k = *next; k < s->n && s->t[k].start < end; k++)
		seal_piece(s, start > s->t[k].start ? start : s->t[k].start,
			   end < s->t[k].end ? end : s->t[k].end, s->t[k].label);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* "start-end perms offset dev inode   name": the addresses and the name. */
static int parse_maps_line(const char *line, uintptr_t *start, uintptr_t *end,
			   const char **name)
{
	const char *p = line;
	uintptr_t v[2] = { 0, 0 };

	for (int i = 0; i < 2; i++) {
		int d, digits = 0;

		while ((d = hexval(*p)) >= 0 && digits < 16) {
			v[i] = v[i] << 4 | (uintptr_t)d;
			p++;
			digits++;
		}
		if (digits == 0 || *p != (i == 0 ? '-' : ' '))
			return -EBADMSG;
		p++;
	}
	/* perms, offset, dev, inode; then blanks before the name. */
	for (int field = 0; field < 4; field++) {
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	*start = v[0];
	*end = v[1];
	*name = p;
	return v[0] < v[1] ? 0 : -EBADMSG;
}

/*
 * Stream /proc/self/maps (sorted by address) against the sorted targets,
 * with a small buffer: only the start of each line matters, long paths
 * are cut.  No allocation.
 */
static void seal_mapped(struct sealing *s)
{
	char buf[2048], line[192];
	size_t len = 0, next = 0;
	bool over = false;
	int fd;

	fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		sealer_fail("cannot open /proc/self/maps: %s", strerror(errno));
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			sealer_fail("cannot read /proc/self/maps: %s", strerror(errno));
		if (n == 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			uintptr_t start, end;
			const char *name;

			if (buf[i] != '\n') {
				if (len < sizeof(line) - 1)
					line[len++] = buf[i];
				else
					over = true;
				continue;
			}
			line[len] = '\0';
			if (parse_maps_line(line, &start, &end, &name) < 0)
				sealer_fail("cannot parse /proc/self/maps: \"%s\"", line);
			/* A cut name is a path, never a kernel mapping's. */
			seal_vma(s, &next, start, end, over ? "" : name);
			len = 0;
			over = false;
		}
	}
	close(fd);
	seal_run(s);
}

/*
 * Seal the targets as they are, without reading /proc/self/maps (which
 * costs about a microsecond a line).  glibc maps a dlopen'd object's
 * whole span, PROT_NONE holes included, so this is the common case.
 * mseal seals all of a range or nothing: a range with a gap fails with
 * ENOMEM, and the caller goes through /proc/self/maps instead.
 */
static bool seal_direct(struct sealing *s)
{
	s->trying = true;
	s->gap = false;
	for (size_t k = 0; k < s->n && !s->gap; k++)
		seal_piece(s, s->t[k].start, s->t[k].end, s->t[k].label);
	if (!s->gap)
		seal_run(s);
	s->trying = false;
	return !s->gap;
}

/* Add the object's ranges the policy names to the targets. */
static int add_object(struct sealing *s, const struct object *o, const char *name)
{
	struct seal_segment seg[SEGMENTS_MAX];
	struct seal_span span[TARGETS_MAX];
	size_t nseg = 0;
	int n;

	for (size_t i = 0; i < o->phnum; i++) {
		const ElfW(Phdr) *ph = &o->phdr[i];

		if (ph->p_type != PT_LOAD && ph->p_type != PT_GNU_RELRO)
			continue;
		if (nseg == SEGMENTS_MAX)
			return -E2BIG;
		seg[nseg++] = (struct seal_segment){
			.type = ph->p_type, .flags = ph->p_flags,
			.vaddr = ph->p_vaddr, .memsz = ph->p_memsz,
		};
	}
	n = seal_object_spans(seg, nseg, o->addr, S.page, S.policy & SEAL_POLICY_OBJECTS,
			      span, TARGETS_MAX - s->n);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		size_t k = s->n++;

		/* Keep targets sorted: objects come in list order, not by address. */
		while (k > 0 && s->t[k - 1].start > span[i].start) {
			s->t[k] = s->t[k - 1];
			k--;
		}
		s->t[k] = (struct target){
			.start = span[i].start, .end = span[i].end,
			.parts = span[i].parts, .label = name,
		};
		if (S.verbose) {
			char parts[96];

			seal_policy_format(span[i].parts, parts, sizeof(parts));
			sealer_say("object %s %#lx-%#lx %s", object_name(name),
				   (unsigned long)span[i].start, (unsigned long)span[i].end,
				   parts);
		}
	}
	return n;
}

struct totals {
	unsigned long objects, calls;
	uint64_t bytes;
};

/* Seal one batch; the first of the start-up walk also seals the kernel's. */
static void seal_batch(struct batch *b, unsigned int kernel, struct totals *tot)
{
	struct sealing s = { .kernel = kernel };
	size_t done = 0;

	/* At least one round: the kernel's mappings need no object. */
	do {
		size_t first = done;

		/* As many objects as the target array holds, then seal them. */
		for (; done < b->n; done++) {
			const struct object *o = &b->obj[done];
			const char *name = b->names + o->name;
			size_t before = s.n;
			int rc;

			if (o->skip)
				continue;
			rc = add_object(&s, o, name);
			/* Targets full: this object goes in the next round. */
			if (rc == -ENOSPC && before > 0)
				break;
			if (rc < 0)
				sealer_fail("cannot work out the ranges of %s: %s",
					    object_name(name), strerror(-rc));
		}
		/* The kernel's mappings are found by name only in maps. */
		if (s.kernel || !seal_direct(&s))
			seal_mapped(&s);
		s.n = 0;
		s.kernel = 0;
		for (size_t i = first; i < done; i++) {
			if (b->obj[i].skip)
				continue;
			if (table_add(b->obj[i].key) < 0)
				sealer_fail("more than %d objects loaded; cannot track %s",
					    SEALED_MAX, object_name(b->names + b->obj[i].name));
			tot->objects++;
		}
	} while (done < b->n);
	tot->calls += s.calls;
	tot->bytes += s.bytes;
}

/*
 * Seal every object not sealed yet.  At start-up nothing is pinned: the
 * initial objects are never unloaded.  After a dlopen each newcomer is
 * pinned first.  No lock is held across the loader's functions: a
 * constructor may dlopen from inside a load, and taking our lock there
 * while another thread held it waiting for the loader would deadlock.
 * Two threads sealing the same object is harmless: sealing is idempotent.
 */
static void seal_objects(bool startup, struct totals *tot)
{
	unsigned int kernel = startup ? S.policy & (SEAL_POLICY_SYSTEM | SEAL_POLICY_STACK) : 0;

	for (;;) {
		struct batch b = { .n = 0 };
		unsigned long before = tot->objects;

		dl_iterate_phdr(collect, &b);
		if (b.n == 0 && !kernel)
			return;
		if (!startup)
			for (size_t i = 0; i < b.n; i++)
				b.obj[i].skip = unpinned(&b.obj[i], b.names + b.obj[i].name);
		seal_batch(&b, kernel, tot);
		kernel = 0;
		/* Done when the walk saw everything, or stalls on what is gone. */
		if (!b.full || tot->objects == before)
			return;
	}
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void report(const char *when, const struct totals *tot, uint64_t t0)
{
	sealer_say("%s: sealed %lu objects, %llu bytes, %lu mseal calls, %llu us", when,
		   tot->objects, (unsigned long long)tot->bytes, tot->calls,
		   (unsigned long long)(now_us() - t0));
}

void sealer_after_dlopen(void)
{
	struct totals tot = { 0, 0, 0 };
	int saved = errno;
	uint64_t t0;

	/*
	 * sealer_policy() also orders the other settings for this thread.
	 * Before the start-up walk, leave the newcomer to it: pinning the
	 * initial objects from here would run the constructors of those not
	 * started yet (a NOLOAD dlopen does), ours included, out of turn.
	 */
	if (!(sealer_policy() & SEAL_POLICY_DLOPEN) ||
	    !__atomic_load_n(&S.started, __ATOMIC_ACQUIRE))
		return;
	t0 = S.verbose ? now_us() : 0;
	seal_objects(false, &tot);
	if (S.verbose && tot.objects)
		report("dlopen", &tot, t0);
	errno = saved;
}

/* ---- start-up ------------------------------------------------------------ */

/* Drop our own entry from LD_PRELOAD (split on blanks and colons, as
 * ld.so does), so that programs the target execs start unsealed. */
static void leave_ld_preload(void)
{
	const char *list = getenv("LD_PRELOAD");
	Dl_info self;
	char *out;
	size_t len;

	if (!list || !dladdr((void *)leave_ld_preload, &self) || !self.dli_fname)
		return;
	out = malloc(strlen(list) + 1);
	if (!out)
		sealer_fail("cannot remove the sealer from LD_PRELOAD: %s", strerror(ENOMEM));
	len = sealrun_preload_without(list, self.dli_fname, out);
	if ((len ? setenv("LD_PRELOAD", out, 1) : unsetenv("LD_PRELOAD")) < 0)
		sealer_fail("cannot remove the sealer from LD_PRELOAD: %s", strerror(errno));
	free(out);
}

/*
 * The kernel shows MDWE to the process itself only.  When it is in force
 * (sealrun --deny-wx=prctl, or inherited), leave a witness that `sealctl
 * verify` can see in smaps: one inaccessible page of an empty memfd
 * named SEALRUN_MDWE_MARK, sealed.  (A named anonymous mapping would do
 * only on kernels built with CONFIG_ANON_VMA_NAME.)  Best effort: it
 * witnesses and protects nothing, so failing to leave it is no failure.
 */
static void leave_mdwe_witness(void)
{
	int mdwe = prctl(PR_GET_MDWE, 0, 0, 0, 0), fd, rc;
	void *page;

	if (mdwe < 0 || !(mdwe & PR_MDWE_REFUSE_EXEC_GAIN))
		return;
	fd = memfd_create(SEALRUN_MDWE_MARK, MFD_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		goto none;
	}
	page = mmap(NULL, S.page, PROT_NONE, MAP_PRIVATE, fd, 0);
	rc = page == MAP_FAILED ? -errno : 0;
	close(fd);
	if (rc < 0)
		goto none;
	rc = seal_range(page, S.page);
	if (rc < 0) {
		munmap(page, S.page);
		goto none;
	}
	if (S.verbose)
		sealer_say("MDWE in force: witness /memfd:%s at %p", SEALRUN_MDWE_MARK, page);
	return;
none:
	if (S.verbose)
		sealer_say("MDWE in force: no witness for sealctl verify (%s)", strerror(-rc));
}

/*
 * The settings, from the environment; run once, by sealer_policy().
 * Fails closed on what it cannot honour.
 */
static void setup(void)
{
	const char *text = getenv(SEALRUN_ENV_POLICY);
	const char *verbose = getenv(SEALRUN_ENV_VERBOSE);
	const char *no_inherit = getenv(SEALRUN_ENV_NO_INHERIT);
	size_t where = 0;
	struct stat st;
	int policy;

	if (fstat(STDERR_FILENO, &st) == 0) {
		err_at_start.open = true;
		err_at_start.dev = st.st_dev;
		err_at_start.ino = st.st_ino;
	}

	/*
	 * A program running with other ids than its caller's must not take
	 * orders from the caller's environment.  glibc ignores a preload
	 * with a path in secure mode anyway; this is a second fence.  But a
	 * policy in the environment asked for sealing, which this process
	 * will not get: refuse to run it unsealed.  Without one the sealer
	 * came in some other way (/etc/ld.so.preload) and stays out of it.
	 */
	if (getauxval(AT_SECURE) || getuid() != geteuid() || getgid() != getegid()) {
		if (text)
			sealer_fail("secure mode (set-user-ID, set-group-ID or file capabilities):"
				    " cannot seal as %s asks", SEALRUN_ENV_POLICY);
		sealer_say("secure mode: the sealer does nothing");
		return;
	}

	/* Preloaded without sealrun: the default policy. */
	policy = text ? seal_policy_parse(text, &where) : SEAL_POLICY_DEFAULT;
	if (policy < 0)
		sealer_fail("bad %s=%s at offset %zu", SEALRUN_ENV_POLICY, text, where);
	S.verbose = verbose && !strcmp(verbose, "1");
	S.page = (size_t)getauxval(AT_PAGESZ);
	if (S.page == 0 || (S.page & (S.page - 1)))
		sealer_fail("bad page size %zu from the auxiliary vector", S.page);
	S.vdso = (uintptr_t)getauxval(AT_SYSINFO_EHDR);

	/* Leave nothing for descendants when asked to, before main runs. */
	if (no_inherit && !strcmp(no_inherit, "1")) {
		leave_ld_preload();
		unsetenv(SEALRUN_ENV_POLICY);
		unsetenv(SEALRUN_ENV_VERBOSE);
		unsetenv(SEALRUN_ENV_NO_INHERIT);
	}
	S.policy = (unsigned int)policy;
}

/*
 * Seal what is loaded by now, and the kernel's mappings.  What an
 * earlier constructor dlopen'd through us is among it, RTLD_NODELETE
 * (sealer_nodelete), whatever the policy says of dlopen.
 */
__attribute__((constructor))
static void sealer_init(void)
{
	struct totals tot = { 0, 0, 0 };
	uint64_t t0;

	if (sealer_policy() == 0)
		return;
	t0 = S.verbose ? now_us() : 0;
	seal_objects(true, &tot);
	__atomic_store_n(&S.started, true, __ATOMIC_RELEASE);
	leave_mdwe_witness();
	if (S.verbose)
		report("start-up", &tot, t0);
}
