/*
 * The sealer's two exported symbols: dlopen and dlmopen.  Each adds
 * RTLD_NODELETE to the object it opens (a sealed object can no longer be
 * unmapped, so dlclose must not try), calls the loader's own function,
 * and once that has returned — relocation and RELRO done — seals what
 * arrived.
 *
 * Interposing dlopen changes one thing the program can see: glibc looks
 * at the caller of dlopen to search a bare name along the caller's
 * RPATH/RUNPATH and to expand $ORIGIN.  The caller it sees is now this
 * library.  sealer_as_caller() puts the program's caller back in those
 * two cases, from what glibc reports about it (dlinfo SERINFO, ORIGIN).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#pragma GCC visibility push(hidden)
#include "seal_elf.h"
#include "sealer.h"

typedef void *(*dlopen_fn)(const char *, int);
typedef void *(*dlmopen_fn)(Lmid_t, const char *, int);

/* The next definition after ours: libc's.  Looked up once; a racing
 * second lookup stores the same value. */
static void *next_symbol(void **cache, const char *name)
{
	void *fn = __atomic_load_n(cache, __ATOMIC_ACQUIRE);

	if (!fn) {
		fn = dlsym(RTLD_NEXT, name);
		if (!fn)
			sealer_fail("cannot find the loader's %s: %s", name, dlerror());
		__atomic_store_n(cache, fn, __ATOMIC_RELEASE);
	}
	return fn;
}

static void *real_dlopen_fn, *real_dlmopen_fn;

void *sealer_real_dlmopen(long ns, const char *file, int mode)
{
	dlmopen_fn fn = (dlmopen_fn)next_symbol(&real_dlmopen_fn, "dlmopen");

	return fn((Lmid_t)ns, file, mode);
}

/* ---- the caller's view of a name ----------------------------------------- */

static struct link_map *map_of(const void *addr)
{
	struct link_map *lm = NULL;
	Dl_info info;

	if (!dladdr1(addr, &info, (void **)&lm, RTLD_DL_LINKMAP))
		return NULL;
	return lm;
}

/* "$ORIGIN" or "${ORIGIN}" at p, followed by the end or a non-name byte. */
static size_t origin_token(const char *p)
{
	size_t n = 0;

	if (!strncmp(p, "$ORIGIN", 7))
		n = 7;
	else if (!strncmp(p, "${ORIGIN}", 9))
		return 9;
	if (n && (isalnum((unsigned char)p[n]) || p[n] == '_'))
		return 0;
	return n;
}

/*
 * The caller's directory, as glibc computes $ORIGIN: the directory of
 * /proc/self/exe for the main program, of the object's name otherwise.
 * (dlinfo RTLD_DI_ORIGIN would copy a NULL when glibc has not needed
 * the origin yet, and crash.)  0, or -1 when unknown.
 */
static int origin_of(struct link_map *lm, char *dir, size_t size)
{
	char *slash;

	if (lm->l_name[0] == '\0') {
		ssize_t n = readlink("/proc/self/exe", dir, size - 1);

		if (n < 0)
			return -1;
		dir[n] = '\0';
	} else if (snprintf(dir, size, "%s", lm->l_name) >= (int)size) {
		return -1;
	}
	/* A relative name was made absolute against a working directory
	 * that may have changed since: leave that case to glibc. */
	slash = strrchr(dir, '/');
	if (dir[0] != '/' || !slash)
		return -1;
	*(slash == dir ? slash + 1 : slash) = '\0';
	return 0;
}

/* Expand $ORIGIN from the caller's directory; other tokens ($LIB,
 * $PLATFORM) mean the same for every caller and are left to glibc. */
static const char *expand_origin(const char *file, struct link_map *caller,
				 char *buf, size_t size)
{
	char origin[PATH_MAX];
	size_t len = 0, olen;
	bool any = false;

	if (origin_of(caller, origin, sizeof(origin)) < 0)
		return file;
	olen = strlen(origin);
	for (const char *p = file; *p; ) {
		size_t tok = origin_token(p);
		const char *src = tok ? origin : p;
		size_t n = tok ? olen : 1;

		if (len + n >= size)
			return file;	/* too long for us: glibc will say so */
		memcpy(buf + len, src, n);
		len += n;
		p += tok ? tok : 1;
		any |= tok != 0;
	}
	buf[len] = '\0';
	return any ? buf : file;
}

static Dl_serinfo *serinfo(struct link_map *lm)
{
	Dl_serinfo size, *si;

	if (dlinfo(lm, RTLD_DI_SERINFOSIZE, &size) < 0)
		return NULL;
	si = malloc(size.dls_size);
	if (!si)
		return NULL;
	si->dls_size = size.dls_size;
	si->dls_cnt = size.dls_cnt;
	if (dlinfo(lm, RTLD_DI_SERINFO, si) < 0) {
		free(si);
		return NULL;
	}
	return si;
}

/* Would glibc load this file?  Its open_verify takes only our class,
 * byte order and machine, and ET_DYN or ET_EXEC. */
static bool loadable(const char *path)
{
	struct seal_elf elf;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return false;
	rc = seal_elf_read(fd, &elf);
	close(fd);
	return rc == 0 && elf.elf_class == 8 * sizeof(void *) &&
	       elf.big_endian == (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__) &&
	       elf.machine == seal_elf_native_machine() &&
	       (elf.type == ET_DYN || elf.type == ET_EXEC);
}

/*
 * glibc searches a bare name along, in order: the RPATHs of the caller
 * and of the objects that loaded it (unless the caller has a RUNPATH),
 * the main program's RPATH, LD_LIBRARY_PATH, the caller's RUNPATH, then
 * ld.so.cache and the default directories.  SERINFO lists all of these
 * but the cache, for any object.  Our own list has none of the caller's
 * RPATHs or RUNPATH, so the caller's list minus the tail it shares with
 * ours is exactly what only the caller would have searched; we search
 * it, in order, and leave the rest to glibc.
 */
static const char *search_as(const char *file, struct link_map *caller,
			     struct link_map *self, char *buf, size_t size)
{
	Dl_serinfo *theirs = serinfo(caller), *ours = serinfo(self);
	const char *found = file;
	size_t n, common = 0;

	if (!theirs || !ours)
		goto out;
	n = theirs->dls_cnt;
	while (common < n && common < ours->dls_cnt &&
	       !strcmp(theirs->dls_serpath[n - 1 - common].dls_name,
		       ours->dls_serpath[ours->dls_cnt - 1 - common].dls_name))
		common++;
	for (size_t i = 0; i < n - common; i++) {
		int len = snprintf(buf, size, "%s/%s", theirs->dls_serpath[i].dls_name, file);

		if (len > 0 && (size_t)len < size && loadable(buf)) {
			found = buf;
			break;
		}
	}
out:
	free(theirs);
	free(ours);
	return found;
}

const char *sealer_as_caller(const char *file, const void *caller, long ns,
			     char *buf, size_t size)
{
	struct link_map *who, *self;
	void *h;

	if (!file || (strchr(file, '/') && !strchr(file, '$')))
		return file;
	self = map_of((const void *)sealer_as_caller);
	who = map_of(caller);
	/* glibc too takes an unknown caller for the main program. */
	if (!who)
		who = _r_debug.r_map;
	if (!self || !who || who == self)
		return file;

	if (strchr(file, '$'))
		return expand_origin(file, who, buf, size);

	/* A name already loaded is found by name, wherever it came from. */
	if (ns != LM_ID_NEWLM) {
		h = sealer_real_dlmopen(ns, file, RTLD_LAZY | RTLD_NOLOAD);
		if (h) {
			dlclose(h);
			return file;
		}
		dlerror();
	}
	return search_as(file, who, self, buf, size);
}

/* ---- the wrappers --------------------------------------------------------- */

/* The name buffer lives only here, not in the frame that goes on to
 * seal: dlopen may be called on a small thread stack. */
__attribute__((noinline))
static void *open_as_caller(Lmid_t ns, const char *file, int mode, const void *caller)
{
	char path[PATH_MAX];
	const char *name = sealer_as_caller(file, caller, ns, path, sizeof(path));

	if (sealer_nodelete())
		mode |= RTLD_NODELETE;
	/* dlopen's callers are all in the base namespace: LD_PRELOAD objects
	 * are not loaded into others, so the wrapper is not reached from there. */
	if (ns == LM_ID_BASE) {
		dlopen_fn real = (dlopen_fn)next_symbol(&real_dlopen_fn, "dlopen");

		return real(name, mode);
	}
	return sealer_real_dlmopen(ns, name, mode);
}

#pragma GCC visibility pop

__attribute__((visibility("default")))
void *dlopen(const char *file, int mode)
{
	void *h = open_as_caller(LM_ID_BASE, file, mode, __builtin_return_address(0));

	if (h)
		sealer_after_dlopen();
	return h;
}

__attribute__((visibility("default")))
void *dlmopen(Lmid_t ns, const char *file, int mode)
{
	void *h = open_as_caller(ns, file, mode, __builtin_return_address(0));

	if (h)
		sealer_after_dlopen();
	return h;
}
