/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * libsealexec.so, the exec guard: preloaded by sealrun into the sealed
 * program (first in LD_PRELOAD), it stands in front of the C library's
 * ways to start a program: execve, execveat, fexecve, the execv* and
 * execl* family, posix_spawn, posix_spawnp, system and popen.
 *
 * It judges nothing: sealrun's supervisor (cmd/sealrun/supervise.c)
 * judges every exec of the tree, through a seccomp filter, whoever
 * issues it.  The guard does what only code inside the program can: it
 * gives the new program's environment sealrun's variables again, merged
 * and complete (inside/envbuild.c), when the program built one without
 * them or with them changed (env -i, a daemon's clean list for its
 * re-exec, a changed LD_PRELOAD), so that the new program is sealed the
 * same way instead of refused.  An environment that already carries them
 * is passed on untouched; one that does not is rebuilt in at most
 * GUARD_STACK_MAX bytes of the caller's stack, else in a mapping.
 *
 * Async-signal-safe on the exec paths (they run in vfork children and
 * after fork in threaded programs): system calls and string functions,
 * no malloc, no stdio stream, no getenv (bash defines its own).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <gnu/libc-version.h>
#include <limits.h>
#include <link.h>
#include <pthread.h>
#include <spawn.h>
#include <alloca.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "msg.h"
#include "protocol.h"
#include "rdebug.h"

#define EXPORT __attribute__((visibility("default")))

extern char **environ;

typedef int execve_fn(const char *, char *const[], char *const[]);
typedef int execveat_fn(int, const char *, char *const[], char *const[], int);
typedef int fexecve_fn(int, char *const[], char *const[]);
typedef int spawn_fn(pid_t *, const char *, const posix_spawn_file_actions_t *,
		     const posix_spawnattr_t *, char *const[], char *const[]);
typedef int system_fn(const char *);
typedef FILE *popen_fn(const char *, const char *);

static struct {
	int state;			/* 0: not yet read; 1: guarding; 2: not */
	pid_t pid;			/* this process, as of set-up or its last fork */
	struct sealrun_protocol proto;
	char sealer[PATH_MAX], guard[PATH_MAX], policy[256], exe[PATH_MAX];
	/* What followed the guard in the initial LD_PRELOAD (the user's own,
	 * --preload-nss's modules): given back to an environment that has
	 * no LD_PRELOAD left at all. */
	char rest[4096];
	execve_fn *execve;
	execveat_fn *execveat;
	fexecve_fn *fexecve;
	execve_fn *execvpe;
	spawn_fn *posix_spawn, *posix_spawnp;
	system_fn *system;
	popen_fn *popen;
} G;

/* ---- dlsym and dlvsym ------------------------------------------------------------ */

/*
 * Code that looks a guarded function up on a handle of the C library
 * itself (ctypes.CDLL("libc.so.6").execve, dlsym(dlopen("libc.so.6"),
 * "execve"), dlvsym(h, "posix_spawn", "GLIBC_2.2.5")) would get the C
 * library's own function and start a program unjudged.  So the guard
 * stands in front of dlsym and dlvsym too, and hands out its own
 * function where the lookup finds the C library's version of one it
 * guards, under any name or symbol version (aliases such as
 * __libc_system or _IO_popen, the posix_spawn of GLIBC_2.2.5).
 *
 * The real dlsym and dlvsym come from the C library's dynamic symbol
 * table, read from its link map (found by address from a libc function
 * the guard does not stand in for).  Asking the loader for them would
 * need dlsym or dlvsym, which within this library bind to its own
 * wrappers (they are exported and interposable), and GLIBC_PRIVATE
 * entry points (_dl_sym) are not an interface.  The same walk lists
 * every symbol of the C library whose address is one of the guarded
 * functions: the table the wrappers compare results with.
 *
 * dlsym(RTLD_NEXT) and dlsym(RTLD_DEFAULT) depend on who calls: glibc
 * reads its caller's return address.  A lookup of a name that is not
 * guarded is therefore a tail call to the real dlsym (its caller is
 * then the program's); a guarded name is looked up by the guard, and
 * for RTLD_NEXT the answer is the guard's function whenever the name
 * exists at all past the guard (the guard calls what follows it),
 * unless the caller defines that name itself: a wrapper gets what
 * follows it, as from glibc.
 */
typedef void *dlsym_fn(void *, const char *);
typedef void *dlvsym_fn(void *, const char *, const char *);

/* The lookups run before AddressSanitizer's runtime is ready in an
 * ASan build (its start-up finds what it wraps with dlsym(RTLD_NEXT)),
 * when instrumented code would write to shadow memory not yet mapped. */
#define EARLY __attribute__((no_sanitize("address")))

/* strcmp's answer to "equal?"; there, strcmp may be ASan's, whose
 * pointer to the C library's is not yet set. */
EARLY static bool same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* The names the guard stands in for, in mine_of's order. */
static const char *const guarded_names[] = {
	"execve", "execveat", "fexecve", "execv", "execvp", "execvpe", "execl", "execlp",
	"execle", "posix_spawn", "posix_spawnp", "system", "popen",
};
#define NGUARDED (sizeof(guarded_names) / sizeof(guarded_names[0]))

static void *mine_of(size_t i);

static struct {
	int ready;			/* 0, 1: read; -1: cannot */
	dlsym_fn *dlsym;
	dlvsym_fn *dlvsym;
	/* The C library's symbols at a guarded function's address. */
	struct { const char *name; uintptr_t addr; size_t which; } sym[64];
	size_t nsym;
} R;

/* How many symbols the table has: DT_HASH's nchain, or the highest
 * index GNU hash chains reach. */
EARLY static size_t count_symbols(const uint32_t *hash, const uint32_t *gnu)
{
	if (hash)
		return hash[1];
	if (gnu) {
		uint32_t nbuckets = gnu[0], symoffset = gnu[1], bloom = gnu[2];
		const uint32_t *buckets = (const uint32_t *)((const ElfW(Addr) *)(gnu + 4) + bloom);
		const uint32_t *chain = buckets + nbuckets;
		uint32_t last = 0;

		for (uint32_t b = 0; b < nbuckets; b++)
			if (buckets[b] > last)
				last = buckets[b];
		if (last < symoffset)
			return symoffset;
		while (!(chain[last - symoffset] & 1))
			last++;
		return last + 1;
	}
	return 0;
}

/* An object's dynamic symbol table, from its link map. */
struct dynsyms {
	const ElfW(Sym) *sym;
	const ElfW(Half) *versym;	/* or NULL */
	const char *str;
	size_t n;
};

EARLY static bool read_dynsyms(const struct link_map *lm, struct dynsyms *t)
{
	const uint32_t *hash = NULL, *gnu = NULL;

	*t = (struct dynsyms){ 0 };
	for (const ElfW(Dyn) *d = lm->l_ld; d && d->d_tag != DT_NULL; d++) {
		/* The loader relocates these in place on x86_64 and AArch64;
		 * an address below the base is still an offset. */
		uintptr_t p = d->d_un.d_ptr < lm->l_addr ? d->d_un.d_ptr + lm->l_addr
							  : d->d_un.d_ptr;

		switch (d->d_tag) {
		case DT_SYMTAB: t->sym = (const void *)p; break;
		case DT_STRTAB: t->str = (const void *)p; break;
		case DT_HASH: hash = (const void *)p; break;
		case DT_GNU_HASH: gnu = (const void *)p; break;
		case DT_VERSYM: t->versym = (const void *)p; break;
		}
	}
	t->n = count_symbols(hash, gnu);
	return t->sym && t->str && t->n;
}

/* Symbol i, when it is a function the object defines. */
EARLY static const char *defined_function(const struct dynsyms *t, size_t i)
{
	const ElfW(Sym) *s = &t->sym[i];

	unsigned type = s->st_info & 0xf;	/* ELF32_ST_TYPE and ELF64_ST_TYPE alike */

	if (s->st_shndx == SHN_UNDEF || (type != STT_FUNC && type != STT_GNU_IFUNC))
		return NULL;
	return t->str + s->st_name;
}

/* A 256-bit set, for passing over what cannot match at once. */
EARLY static void bit_set(uint64_t s[4], unsigned int v)
{
	s[(v >> 6) & 3] |= 1ull << (v & 63);
}

EARLY static bool bit_has(const uint64_t s[4], unsigned int v)
{
	return (s[(v >> 6) & 3] >> (v & 63)) & 1;
}

EARLY static void read_libc(void)
{
	struct link_map *lm = NULL;
	struct dl_find_object fo;
	struct dynsyms t;
	/* Every sealed program reads the table (some 3,000 symbols) at
	 * start-up: a name whose first or second byte no name looked for has
	 * there, and an address none found shares its bits 4-11 with, is
	 * passed over at once (256-bit sets). */
	uint64_t bytes[2][4] = { { 0 } }, found[4] = { 0 };

	R.ready = -1;
	/* gnu_get_libc_version: in the C library, not one the guard
	 * defines, and not one a program takes the address of.  Its object
	 * by address (glibc 2.35; dladdr1 would scan the table for the
	 * symbol first). */
	if (_dl_find_object((void *)gnu_get_libc_version, &fo) != 0 ||
	    !(lm = fo.dlfo_link_map) || !read_dynsyms(lm, &t))
		return;
	for (size_t k = 0; k <= NGUARDED; k++) {
		const char *n = k < NGUARDED ? guarded_names[k] : "dl";	/* dlsym, dlvsym */

		bit_set(bytes[0], (unsigned char)n[0]);
		bit_set(bytes[1], (unsigned char)n[1]);
	}
	/* Two passes: the guarded names' addresses, then every symbol at
	 * one of them (aliases, other versions). */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 1; i < t.n; i++) {
			const char *name = defined_function(&t, i);
			uintptr_t addr = lm->l_addr + t.sym[i].st_value;
			size_t which = NGUARDED;

			if (!name)
				continue;
			if (pass == 0) {
				/* name[1] is there: name[0] is not the NUL. */
				if (!bit_has(bytes[0], (unsigned char)name[0]) ||
				    !bit_has(bytes[1], (unsigned char)name[1]))
					continue;
				bool dflt = !t.versym || !(t.versym[i] & 0x8000);

				if (dflt && same(name, "dlsym"))
					R.dlsym = (dlsym_fn *)addr;
				else if (dflt && same(name, "dlvsym"))
					R.dlvsym = (dlvsym_fn *)addr;
				for (size_t k = 0; k < NGUARDED; k++)
					if (same(name, guarded_names[k]))
						which = k;
			} else {
				if (!bit_has(found, (addr >> 4) & 255))
					continue;
				for (size_t k = 0; k < R.nsym; k++) {
					if (R.sym[k].addr != addr)
						continue;
					if (same(R.sym[k].name, name)) {
						which = NGUARDED;	/* listed already */
						break;
					}
					which = R.sym[k].which;
				}
			}
			if (which == NGUARDED)
				continue;
			/* A name left out would be a way past the guard. */
			if (R.nsym == sizeof(R.sym) / sizeof(R.sym[0]))
				return;
			R.sym[R.nsym++] = (typeof(R.sym[0])){ name, addr, which };
			bit_set(found, (addr >> 4) & 255);
		}
	if (R.dlsym && R.dlvsym)
		R.ready = 1;
}

/* The real functions, or an end: without them no lookup can be made
 * and the guard cannot stand in front of them. */
EARLY static void need_libc(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	/* Always through pthread_once: R.ready is -1 while another thread
	 * reads the table. */
	pthread_once(&once, read_libc);
	if (R.ready != 1) {
		static const char msg[] = "sealrun: the exec guard cannot read the C library's "
					  "symbol table (dlsym, dlvsym, the exec functions)\n";

		if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
			/* nothing more to say */
		}
		_exit(SEALRUN_EXIT_FAILED);
	}
}

/* The guarded function name is, or one of its aliases: its index, or NGUARDED. */
EARLY static size_t watched(const char *name)
{
	for (size_t k = 0; k < R.nsym; k++)
		if (same(R.sym[k].name, name))
			return R.sym[k].which;
	return NGUARDED;
}

/* p, or the guard's function when p is the C library's guarded one. */
EARLY static void *instead(void *p)
{
	for (size_t k = 0; p && k < R.nsym; k++)
		if (R.sym[k].addr == (uintptr_t)p)
			return mine_of(R.sym[k].which);
	return p;
}

/* The pass-through must stay a tail call at any optimisation level. */
#if defined(__clang__)
#define TAIL_CALL __attribute__((musttail))
#define SIBLING_CALLS
#else
#define TAIL_CALL
#define SIBLING_CALLS __attribute__((optimize("O2", "optimize-sibling-calls")))
#endif

/*
 * Does the object the code at caller is in define name itself?  Then
 * it wraps that function, and dlsym(RTLD_NEXT) asks for the one behind
 * it: a preload of the user's that wraps execve sits behind the guard
 * (the guard's execve calls it), and the guard's execve handed to it
 * would call it again, without end.
 */
EARLY static bool wraps(const void *caller, const char *name)
{
	struct link_map *lm = NULL;
	struct dynsyms t;
	Dl_info info;

	if (!dladdr1(caller, &info, (void **)&lm, RTLD_DL_LINKMAP) || !lm || !read_dynsyms(lm, &t))
		return false;
	for (size_t i = 1; i < t.n; i++) {
		const char *s = defined_function(&t, i);

		if (s && same(s, name))
			return true;
	}
	return false;
}

/* What a lookup of guarded function which that found p hands out. */
EARLY __attribute__((noinline))
static void *handed_out(void *handle, size_t which, void *p)
{
	return handle == RTLD_NEXT ? mine_of(which) : instead(p);
}

/* A guarded name is looked up here, and found, the guard's function is
 * handed out; else (not guarded, not found, asked by its wrapper) the
 * lookup is the caller's own, with glibc's answer and error message. */
EARLY SIBLING_CALLS EXPORT void *dlsym(void *handle, const char *name)
{
	size_t which;
	void *p;

	need_libc();
	which = watched(name);
	if (which < NGUARDED && !(handle == RTLD_NEXT && wraps(__builtin_return_address(0), name)) &&
	    (p = R.dlsym(handle, name)))
		return handed_out(handle, which, p);
	TAIL_CALL return R.dlsym(handle, name);	/* the caller stays the program's */
}

EARLY SIBLING_CALLS EXPORT void *dlvsym(void *handle, const char *name, const char *version)
{
	size_t which;
	void *p;

	need_libc();
	which = watched(name);
	if (which < NGUARDED && !(handle == RTLD_NEXT && wraps(__builtin_return_address(0), name)) &&
	    (p = R.dlvsym(handle, name, version)))
		return handed_out(handle, which, p);
	TAIL_CALL return R.dlvsym(handle, name, version);
}

/* ---- set-up -------------------------------------------------------------------- */

static bool copy(char *to, size_t size, const char *from)
{
	return from && snprintf(to, size, "%s", from) < (int)size;
}

static void resolve(void)
{
	/* The real dlsym: called from here, RTLD_NEXT is what follows the guard. */
	need_libc();
	G.execve = (execve_fn *)R.dlsym(RTLD_NEXT, "execve");
	G.execveat = (execveat_fn *)R.dlsym(RTLD_NEXT, "execveat");
	G.fexecve = (fexecve_fn *)R.dlsym(RTLD_NEXT, "fexecve");
	G.execvpe = (execve_fn *)R.dlsym(RTLD_NEXT, "execvpe");
	G.posix_spawn = (spawn_fn *)R.dlsym(RTLD_NEXT, "posix_spawn");
	G.posix_spawnp = (spawn_fn *)R.dlsym(RTLD_NEXT, "posix_spawnp");
	G.system = (system_fn *)R.dlsym(RTLD_NEXT, "system");
	G.popen = (popen_fn *)R.dlsym(RTLD_NEXT, "popen");
}

/* A fork child is a process of its own (fork handlers run); a vfork
 * child, which shares our memory, runs none and still reads the
 * parent's pid here. */
static void forked(void)
{
	G.pid = getpid();
}

static bool in_vfork_child(void)
{
	return getpid() != G.pid;
}

/* The protocol as the sealer got it: from the initial environment. */
static void setup(char *const *env)
{
	const char *v;

	resolve();
	G.pid = getpid();
	pthread_atfork(NULL, NULL, forked);
	G.state = 2;
	if (!copy(G.sealer, sizeof(G.sealer), sealrun_env_get(env, SEALRUN_ENV_SEALER)) ||
	    !copy(G.guard, sizeof(G.guard), sealrun_env_get(env, SEALRUN_ENV_GUARD)) ||
	    !copy(G.policy, sizeof(G.policy), sealrun_env_get(env, SEALRUN_ENV_POLICY)))
		return;
	G.proto.sealer = G.sealer;
	G.proto.guard = G.guard;
	G.proto.policy = G.policy;
	if (copy(G.exe, sizeof(G.exe), sealrun_env_get(env, SEALRUN_ENV_EXE)))
		G.proto.exe = G.exe;
	v = sealrun_env_get(env, SEALRUN_ENV_PRELOAD);
	if (v && !strncmp(v, G.guard, strlen(G.guard)) && v[strlen(G.guard)])
		copy(G.rest, sizeof(G.rest), v + strlen(G.guard) + 1);
	G.proto.verbose = sealrun_env_flag(env, SEALRUN_ENV_VERBOSE);
	G.proto.best_effort = sealrun_env_flag(env, SEALRUN_ENV_BEST_EFFORT);
	G.proto.judged = sealrun_env_flag(env, SEALRUN_ENV_JUDGED);
	G.state = 1;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Is the sealer loaded, in any namespace (an audit module has its own)?
 * From the loader's r_debug_extended chain (glibc >= 2.35); true when
 * the chain cannot be read, so that only a certain absence refuses. */
static bool sealer_loaded(void)
{
	const struct r_debug_extended *r;
	bool known = false;

	/* _r_debug: the first namespace's, present whether or not the
	 * program has a DT_DEBUG entry. */
	rdebug_for_each(r, (const struct r_debug_extended *)&_r_debug)
		for (const struct link_map *m = r->base.r_map; m; m = m->l_next) {
			known = true;
			if (m->l_name && !strcmp(m->l_name, G.sealer))
				return true;
		}
	return !known;
}

/*
 * glibc passes the initial environment to constructors.  The guard with
 * sealrun's variables but without the sealer: this program was started
 * past the guard of its parent (wordexp's shell, a direct system call)
 * with LD_AUDIT taken away.  It is not sealed: refuse to go on.
 */
__attribute__((constructor))
static void guard_init(int argc, char **argv, char **envp)
{
	(void)argc;
	if (!G.state)
		setup(envp);
	if (G.state != 1 || sealer_loaded())
		return;
	if (!G.proto.best_effort) {
		say("refusing to run %s unsealed: the sealer %s is not loaded (LD_AUDIT no longer "
		    "names it); sealrun --best-effort runs it anyway",
		    argv && argv[0] ? argv[0] : "this program", G.sealer);
		_exit(SEALRUN_EXIT_FAILED);
	}
	say("warning: running %s unsealed (--best-effort): the sealer %s is not loaded (LD_AUDIT "
	    "no longer names it)", argv && argv[0] ? argv[0] : "this program", G.sealer);
}

/* Guarding?  An exec from a constructor that ran before ours reads the
 * environment as it is then. */
static bool guarding(void)
{
	if (!G.state)
		setup(environ);
	return G.state == 1;
}

/* ---- one line on stderr ---------------------------------------------------------- */

__attribute__((format(printf, 1, 2)))
static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seal_vsay(STDERR_FILENO, "sealrun", fmt, ap);
	va_end(ap);
}

/* ---- the environment ------------------------------------------------------------- */

enum how { EXECVE, EXECVEAT, FEXECVE, EXECVPE, SPAWN, SPAWNP };

struct call {
	enum how how;
	const char *path;		/* as given */
	int fd, flags;			/* execveat, fexecve */
	char *const *argv;
	char *const *envp;
	pid_t *pid;			/* posix_spawn* */
	const posix_spawn_file_actions_t *actions;
	const posix_spawnattr_t *attr;
};

static bool spawns(const struct call *c)
{
	return c->how == SPAWN || c->how == SPAWNP;
}

/* The C library's own function, with env. */
static int forward(const struct call *c, char *const *env)
{
	switch (c->how) {
	case EXECVE:
		if (G.execve)
			return G.execve(c->path, c->argv, env);
		return (int)syscall(SYS_execve, c->path, c->argv, env);
	case EXECVEAT:
		if (G.execveat)
			return G.execveat(c->fd, c->path, c->argv, env, c->flags);
		return (int)syscall(SYS_execveat, c->fd, c->path, c->argv, env, c->flags);
	case FEXECVE:
		if (G.fexecve)
			return G.fexecve(c->fd, c->argv, env);
		break;
	case EXECVPE:
		if (G.execvpe)
			return G.execvpe(c->path, c->argv, env);
		break;
	case SPAWN:
		return G.posix_spawn ? G.posix_spawn(c->pid, c->path, c->actions, c->attr,
						     c->argv, env) : ENOSYS;
	case SPAWNP:
		return G.posix_spawnp ? G.posix_spawnp(c->pid, c->path, c->actions, c->attr,
						       c->argv, env) : ENOSYS;
	}
	errno = ENOSYS;
	return -1;
}

/* Fail the call with err, as it reports errors. */
static int fail(const struct call *c, int err)
{
	if (spawns(c))
		return err;
	errno = err;
	return -1;
}

/* Is the list value (LD_AUDIT's, LD_PRELOAD's) led by the file first? */
static bool led_by(const char *value, const char *first, const char *seps)
{
	size_t n = strlen(first);

	return value && !strncmp(value, first, n) && (!value[n] || strchr(seps, value[n]));
}

/*
 * Does env already carry the protocol as sealrun_env_build would give
 * it: one LD_AUDIT led by the sealer, one LD_PRELOAD led by the guard,
 * the policy, sealer and guard of this tree, the static TLS tunable, no
 * --no-inherit?  Then it is passed on as it is: nothing is built (the
 * common case, and one that costs no memory however large the
 * environment).
 */
static bool carries(char *const *env)
{
	const char *audit = NULL, *preload = NULL;
	int naudit = 0, npreload = 0, policy = 0, sealer = 0, guard = 0;
	static const char ka[] = SEALRUN_ENV_AUDIT "=", kp[] = SEALRUN_ENV_PRELOAD "=",
			  kpol[] = SEALRUN_ENV_POLICY "=", ks[] = SEALRUN_ENV_SEALER "=",
			  kg[] = SEALRUN_ENV_GUARD "=", kn[] = SEALRUN_ENV_NO_INHERIT "=";

	for (char *const *e = env; e && *e; e++) {
		const char *v = *e;

		if (v[0] == 'L' && !strncmp(v, ka, sizeof(ka) - 1)) {
			audit = naudit++ ? audit : v + sizeof(ka) - 1;
		} else if (v[0] == 'L' && !strncmp(v, kp, sizeof(kp) - 1)) {
			preload = v + sizeof(kp) - 1;
			npreload++;
		} else if (v[0] == 'S' && !strncmp(v, SEALRUN_ENV_PREFIX,
						    sizeof(SEALRUN_ENV_PREFIX) - 1)) {
			if (!strncmp(v, kpol, sizeof(kpol) - 1) && !policy++ &&
			    strcmp(v + sizeof(kpol) - 1, G.policy))
				return false;
			if (!strncmp(v, ks, sizeof(ks) - 1) && !sealer++ &&
			    strcmp(v + sizeof(ks) - 1, G.sealer))
				return false;
			if (!strncmp(v, kg, sizeof(kg) - 1) && !guard++ &&
			    strcmp(v + sizeof(kg) - 1, G.guard))
				return false;
			if (!strncmp(v, kn, sizeof(kn) - 1))
				return false;
		}
	}
	return naudit == 1 && npreload == 1 && policy && sealer && guard &&
	       led_by(audit, G.sealer, SEALRUN_AUDIT_SEPARATORS) &&
	       led_by(preload, G.guard, SEALRUN_PRELOAD_SEPARATORS) && sealrun_env_tls_ok(env);
}

/* What the guard builds on the caller's stack at most (a thread's may
 * be small); more is mapped, except in a vfork child (a mapping made
 * there would outlive its exec in the parent). */
#define GUARD_STACK_MAX 8192

/*
 * Start what c says with sealrun's variables back in its environment
 * (sealrun_env_build): an environment the program built without them
 * (env -i, a daemon's own clean list for its re-exec) gets them again,
 * so that what it starts is sealed the same way.  The judgement is not
 * the guard's: sealrun's supervisor judges every exec of the tree, this
 * one included.  An environment the guard cannot rebuild (a vfork child
 * with a huge one) is passed on as it is, and the supervisor refuses
 * the program if it would run unsealed.
 */
static int guarded(const struct call *c)
{
	size_t nout, size, total;
	int rc, err;
	char **out;
	const char *theirs;

	struct sealrun_protocol p;

	if (!guarding() || carries(c->envp))
		return forward(c, c->envp);
	p = G.proto;
	if (G.rest[0] && !sealrun_env_get(c->envp, SEALRUN_ENV_PRELOAD))
		p.preload = G.rest;
	sealrun_env_size(c->envp, &p, &nout, &size);
	total = nout * sizeof(char *) + size;
	if (total <= GUARD_STACK_MAX) {
		char *area[(GUARD_STACK_MAX + sizeof(char *) - 1) / sizeof(char *)];

		if (sealrun_env_build(c->envp, &p, area, nout, (char *)(area + nout),
				      size, &theirs) < 0)
			return fail(c, ENOMEM);
		return forward(c, area);
	}
	if (in_vfork_child())
		return forward(c, c->envp);
	out = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (out == MAP_FAILED)
		return fail(c, ENOMEM);
	if (sealrun_env_build(c->envp, &p, out, nout, (char *)(out + nout), size,
			      &theirs) < 0) {
		munmap(out, total);
		return fail(c, ENOMEM);
	}
	rc = forward(c, out);
	err = errno;
	munmap(out, total);
	errno = err;
	return rc;
}

/* ---- the C library's functions ------------------------------------------------------ */

EXPORT int execve(const char *path, char *const argv[], char *const envp[])
{
	struct call c = { .how = EXECVE, .path = path, .argv = argv, .envp = envp };

	return guarded(&c);
}

EXPORT int execveat(int fd, const char *path, char *const argv[], char *const envp[], int flags)
{
	struct call c = { .how = EXECVEAT, .fd = fd, .path = path, .flags = flags,
			  .argv = argv, .envp = envp };

	return guarded(&c);
}

EXPORT int fexecve(int fd, char *const argv[], char *const envp[])
{
	struct call c = { .how = FEXECVE, .fd = fd, .path = "", .argv = argv, .envp = envp };

	return guarded(&c);
}

EXPORT int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

/* The C library's execvpe searches PATH itself and calls the kernel for
 * each candidate: each exec is judged by the supervisor. */
EXPORT int execvpe(const char *file, char *const argv[], char *const envp[])
{
	struct call c = { .how = EXECVPE, .path = file, .argv = argv, .envp = envp };

	return guarded(&c);
}

EXPORT int execvp(const char *file, char *const argv[])
{
	return execvpe(file, argv, environ);
}

/*
 * The execl* family: the arguments (and for execle the environment
 * after them) into an array on the stack, as the C library does it, not
 * malloc'ed or mapped (a vfork child may call them); then exec.
 */
static int exec_list(execve_fn *exec, const char *path, const char *arg, va_list ap,
		     bool envp_follows)
{
	size_t n = 1;
	va_list count;

	va_copy(count, ap);
	while (va_arg(count, const char *))
		n++;
	va_end(count);
	{
		char *argv[n + 1];
		char *const *envp = environ;

		argv[0] = (char *)arg;
		for (size_t i = 1; i <= n; i++)
			argv[i] = va_arg(ap, char *);
		if (envp_follows)
			envp = va_arg(ap, char *const *);
		return exec(path, argv, envp);
	}
}

EXPORT int execl(const char *path, const char *arg, ...)
{
	va_list ap;
	int rc;

	va_start(ap, arg);
	rc = exec_list(execve, path, arg, ap, false);
	va_end(ap);
	return rc;
}

EXPORT int execlp(const char *file, const char *arg, ...)
{
	va_list ap;
	int rc;

	va_start(ap, arg);
	rc = exec_list(execvpe, file, arg, ap, false);
	va_end(ap);
	return rc;
}

EXPORT int execle(const char *path, const char *arg, ...)
{
	va_list ap;
	int rc;

	va_start(ap, arg);
	rc = exec_list(execve, path, arg, ap, true);
	va_end(ap);
	return rc;
}

EXPORT int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
		       const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	struct call c = { .how = SPAWN, .path = path, .pid = pid, .actions = actions,
			  .attr = attr, .argv = argv, .envp = envp };

	return guarded(&c);
}

EXPORT int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions,
			const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	struct call c = { .how = SPAWNP, .path = file, .pid = pid, .actions = actions,
			  .attr = attr, .argv = argv, .envp = envp };

	return guarded(&c);
}

/*
 * system and popen run /bin/sh with environ, through the C library's
 * internal posix_spawn, which no preload sees: give environ itself
 * sealrun's variables again when the program changed them (the array
 * lives on, as setenv's do).  0, or -1 with errno.
 */
static int shell_ready(void)
{
	size_t nout, size, total;
	const char *theirs;
	char **out;

	if (!guarding() || carries(environ))
		return 0;
	sealrun_env_size(environ, &G.proto, &nout, &size);
	total = nout * sizeof(char *) + size;
	out = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (out == MAP_FAILED)
		return -1;
	if (sealrun_env_build(environ, &G.proto, out, nout, (char *)(out + nout), size,
			      &theirs) < 0) {
		munmap(out, total);
		errno = ENOMEM;
		return -1;
	}
	environ = out;
	return 0;
}

EXPORT int system(const char *command)
{
	/* NULL asks whether a shell exists: nothing is run. */
	if (!G.state)
		guarding();
	if (command && shell_ready() < 0)
		return -1;
	return G.system ? G.system(command) : -1;
}

EXPORT FILE *popen(const char *command, const char *mode)
{
	if (shell_ready() < 0)		/* which sets the guard up */
		return NULL;
	return G.popen ? G.popen(command, mode) : NULL;
}

/* The guard's own functions, by hidden aliases: a program that defines
 * execve itself must not get its own for the C library's. */
#define MINE(f) extern __typeof(f) mine_##f __attribute__((alias(#f), copy(f), visibility("hidden")))
MINE(execve); MINE(execveat); MINE(fexecve); MINE(execv); MINE(execvp); MINE(execvpe);
MINE(execl); MINE(execlp); MINE(execle); MINE(posix_spawn); MINE(posix_spawnp);
MINE(system); MINE(popen);

EARLY static void *mine_of(size_t i)
{
	static void *const mine[NGUARDED] = {
		(void *)mine_execve, (void *)mine_execveat, (void *)mine_fexecve,
		(void *)mine_execv, (void *)mine_execvp, (void *)mine_execvpe,
		(void *)mine_execl, (void *)mine_execlp, (void *)mine_execle,
		(void *)mine_posix_spawn, (void *)mine_posix_spawnp, (void *)mine_system,
		(void *)mine_popen,
	};

	return i < NGUARDED ? mine[i] : NULL;
}
