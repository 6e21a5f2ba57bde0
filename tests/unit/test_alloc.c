/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * seal_alloc, seal_freeze, seal_alloc_copy, seal_free against the real
 * kernel: the layout smaps shows, faults on the guards, refusals once
 * frozen, bad input; then, run again under tests/helpers/denyseal, the
 * behaviour without mseal and all-or-nothing when mseal fails.
 *
 *   test_alloc                  everything (the injected runs re-exec this)
 *   test_alloc nosys            under "denyseal ENOSYS"
 *   test_alloc late ERRNO       under "denyseal -l ERRNO": the probe works,
 *                               the seal fails
 *   test_alloc fake             under "denyseal -l OK": mseal says yes, and
 *                               seals nothing
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "probe.h"

static size_t page;
static char before[MAPS_MAX], after[MAPS_MAX];

static void fill(char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (char)('a' + i % 26);
}

static bool filled(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != (char)('a' + i % 26))
			return false;
	return true;
}

/* Every page of the span, header to trailing guard, as smaps shows it. */
static bool span_sealed(const char *p, size_t len, bool want)
{
	size_t data = (len + page - 1) & ~(page - 1);

	for (const char *a = p - 2 * page; a < p + data + page; a += page)
		if (vma_at(a).sealed != want)
			return false;
	return true;
}

static bool unmapped(const char *p, size_t len)
{
	size_t data = (len + page - 1) & ~(page - 1);

	for (const char *a = p - 2 * page; a < p + data + page; a += page)
		if (vma_at(a).found)
			return false;
	return true;
}

static void layout(void)
{
	void *v;
	char *p;
	int rc = seal_alloc(&v, 100, 0, NULL);
	struct vma_info in;

	p = v;
	ok(rc == 0 && p && ((uintptr_t)p & (page - 1)) == 0, "seal_alloc: 0, page-aligned (%d)", rc);
	if (rc)
		return;
	ok(p[0] == 0 && p[page - 1] == 0, "zeroed, rounded up to a page");
	fill(p, page);
	ok(filled(p, page), "writable");
	in = vma_at(p);
	ok(in.found && !strcmp(in.perms, "rw-p") && in.kind == SEAL_KIND_ANON && !in.sealed,
	   "data: rw-p anonymous, not sealed (%s)", in.perms);
	ok(!strcmp(vma_at(p - page).perms, "---p") && !strcmp(vma_at(p + page).perms, "---p"),
	   "a ---p guard page on each side");
	ok(!strcmp(vma_at(p - 2 * page).perms, "r--p"), "the header below the guard is read-only");
	ok(faults(poke, p + page) == 1, "overflow: a write past the end faults (SIGSEGV)");
	ok(faults(peek, p + page) == 1, "overflow: a read past the end faults");
	ok(faults(poke, p - 1) == 1, "underflow: a write before the start faults");
	ok(faults(peek, p - 1) == 1, "underflow: a read before the start faults");
	ok(faults(poke, p - 2 * page) == 1, "the header cannot be written");
	ok(faults(poke, p) == 0, "the data itself can (the probe is no false alarm)");

	rc = seal_freeze(p);
	ok(rc == 0, "seal_freeze: 0 (%d)", rc);
	in = vma_at(p);
	ok(!strcmp(in.perms, "r--p") && in.sealed, "data: r--p and sealed (%s)", in.perms);
	ok(span_sealed(p, 100, true), "header, guards and data all sealed");
	ok(filled(p, page), "contents kept");
	ok(faults(poke, p) == 1, "frozen: a write faults");
	ok(faults(poke, p + page - 1) == 1, "frozen: a write to its last byte faults");
	ok(faults(poke, p + page) == 1 && faults(poke, p - 1) == 1, "frozen: the guards still fault");

	errno = 0;
	ok(mprotect(p, page, PROT_READ | PROT_WRITE) < 0 && errno == EPERM,
	   "frozen: mprotect read-write: EPERM (%s)", strerror(errno));
	errno = 0;
	ok(mprotect(p + page, page, PROT_READ) < 0 && errno == EPERM,
	   "frozen: mprotect of a guard: EPERM");
	errno = 0;
	ok(munmap(p, page) < 0 && errno == EPERM, "frozen: munmap: EPERM");
	errno = 0;
	ok(munmap(p - 2 * page, page) < 0 && errno == EPERM, "frozen: munmap of the header: EPERM");
	errno = 0;
	ok(mremap(p, page, 2 * page, MREMAP_MAYMOVE) == MAP_FAILED && errno == EPERM,
	   "frozen: mremap: EPERM");
	errno = 0;
	ok(mmap(p, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
	   MAP_FAILED && errno == EPERM, "frozen: mmap MAP_FIXED over it: EPERM");
	errno = 0;
	ok(madvise(p, page, MADV_DONTNEED) < 0 && errno == EPERM && filled(p, page),
	   "frozen: madvise DONTNEED: EPERM, contents kept");
	ok(seal_free(p) == -EPERM && filled(p, page), "seal_free of frozen memory: -EPERM, kept");
	ok(seal_freeze(p) == -EPERM && vma_at(p).sealed, "seal_freeze again: -EPERM, still frozen");
}

static void copy_and_free(void)
{
	static const char key[] = "0123456789abcdef0123456789abcdef";
	size_t len = 3 * page + 10;
	void *v = NULL;
	int rc;

	rc = seal_alloc_copy(&v, key, sizeof(key), SEAL_ALLOC_NODUMP, NULL);
	ok(rc == 0 && v && !memcmp(v, key, sizeof(key)), "seal_alloc_copy: 0, the bytes copied");
	if (rc == 0)
		ok(vma_at(v).sealed && !strcmp(vma_at(v).perms, "r--p") &&
		   faults(poke, v) == 1, "seal_alloc_copy: frozen");

	rc = seal_alloc(&v, len, 0, NULL);
	ok(rc == 0, "seal_alloc of 3 pages and 10 bytes");
	if (rc)
		return;
	fill(v, len);
	ok(faults(poke, (char *)v + 4 * page) == 1 && faults(poke, (char *)v + 4 * page - 1) == 0,
	   "the guard follows the last whole page");
	maps_text(before);
	rc = seal_free(v);
	maps_text(after);
	ok(rc == 0 && unmapped(v, len), "seal_free: 0, header, guards and data unmapped");
	ok(strlen(after) < strlen(before), "the process has fewer mappings");
}

static void options(void)
{
	struct vma_info in;
	void *v;
	int rc;

	rc = seal_alloc(&v, 10, SEAL_ALLOC_NODUMP | SEAL_ALLOC_LOCK, NULL);
	in = vma_at(v);
	ok(rc == 0 && has_flag(in.vmflags, "dd"), "NODUMP: VmFlags has dd (%s)", in.vmflags);
	if (MLOCK_WORKS)
		ok(has_flag(in.vmflags, "lo"), "LOCK: VmFlags has lo (%s)", in.vmflags);
	else
		skip("LOCK: ASan makes mlock a no-op");
	if (rc == 0)
		seal_free(v);
	rc = seal_alloc(&v, 10, 0, NULL);
	in = vma_at(v);
	ok(rc == 0 && !has_flag(in.vmflags, "dd") && !has_flag(in.vmflags, "lo"),
	   "no options: neither (%s)", in.vmflags);
	if (rc == 0)
		seal_free(v);
}

static void named(void)
{
	char path[128];
	struct vma_info in;
	int rc, fd;
	char *p;
	void *v;

	rc = seal_alloc(&v, 5000, SEAL_ALLOC_NODUMP | SEAL_ALLOC_LOCK, "unit-key");
	ok(rc == 0, "named seal_alloc: 0 (%d)", rc);
	if (rc)
		return;
	p = v;
	in = vma_at(p);
	ok(!strcmp(in.path, "/memfd:libseal:unit-key (deleted)") && in.kind == SEAL_KIND_REGION,
	   "smaps: /memfd:libseal:unit-key (deleted), kind %s", seal_kind_name(in.kind));
	ok(!strcmp(in.perms, "rw-s") && in.end - in.start == 2 * page,
	   "rw-s, two pages (%s)", in.perms);
	ok(has_flag(in.vmflags, "dd") && (has_flag(in.vmflags, "lo") || !MLOCK_WORKS),
	   "dd and lo (%s)", in.vmflags);
	ok(!strcmp(vma_at(p - page).perms, "---p") && !strcmp(vma_at(p + 2 * page).perms, "---p"),
	   "guards on each side");
	fill(p, 5000);
	rc = seal_freeze(p);
	ok(rc == 0 && span_sealed(p, 5000, true) && !strcmp(vma_at(p).perms, "r--s"),
	   "seal_freeze: r--s, the span sealed (%d)", rc);
	ok(faults(poke, p) == 1 && faults(poke, p + 2 * page) == 1, "frozen: writes fault");
	errno = 0;
	ok(mprotect(p, page, PROT_READ | PROT_WRITE) < 0 && errno == EPERM, "mprotect: EPERM");
	errno = 0;
	ok(madvise(p, page, MADV_REMOVE) < 0 && filled(p, 5000),
	   "madvise REMOVE refused (%s), contents kept", strerror(errno));
	madvise(p, 2 * page, MADV_DONTNEED);
	ok(filled(p, 5000), "madvise DONTNEED on the shared memory loses nothing");

	/* The file behind it, as root can reopen it. */
	snprintf(path, sizeof(path), "/proc/self/map_files/%lx-%lx",
		 (unsigned long)in.start, (unsigned long)in.end);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		skip("cannot open /proc/self/map_files (needs CAP_SYS_ADMIN)");
	} else {
		errno = 0;
		ok(pwrite(fd, "X", 1, 0) < 0 && errno == EPERM, "write(2) to the file: EPERM");
		errno = 0;
		ok(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, (off_t)page) < 0 &&
		   errno == EPERM, "hole punch: EPERM");
		errno = 0;
		ok(mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED &&
		   errno == EPERM, "a new writable mapping of it: EPERM");
		ok(ftruncate(fd, 0) < 0 && errno == EPERM, "truncate: EPERM");
		close(fd);
		ok(filled(p, 5000), "contents kept");
	}

	/* Unfrozen and freed: its file goes with the mapping. */
	rc = seal_alloc(&v, 100, 0, "gone");
	ok(rc == 0 && seal_free(v) == 0 && !vma_at(v).found, "a named region is freed like any");
}

static void bad_input(void)
{
	char name[SEAL_ALLOC_NAME_MAX + 2];
	void *v = (void *)1;
	char *m;

	ok(seal_alloc(&v, 0, 0, NULL) == -EINVAL && v == NULL, "len 0: -EINVAL, *p NULL");
	ok(seal_alloc(&v, 1, 0x80, NULL) == -EINVAL, "unknown flag: -EINVAL");
	ok(seal_alloc(&v, SIZE_MAX, 0, NULL) == -ENOMEM, "SIZE_MAX: -ENOMEM");
	ok(seal_alloc(&v, 1, 0, "") == -EINVAL, "empty name: -EINVAL");
	ok(seal_alloc(&v, 1, 0, "a key") == -EINVAL, "blank in a name: -EINVAL");
	ok(seal_alloc(&v, 1, 0, "key\n") == -EINVAL, "newline in a name: -EINVAL");
	memset(name, 'k', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	ok(seal_alloc(&v, 1, 0, name) == -ENAMETOOLONG, "%zu-byte name: -ENAMETOOLONG",
	   strlen(name));
	name[SEAL_ALLOC_NAME_MAX] = '\0';
	ok(seal_alloc(&v, 1, 0, name) == 0 && seal_free(v) == 0, "%d-byte name: fine",
	   (int)SEAL_ALLOC_NAME_MAX);

	ok(seal_freeze(NULL) == -EINVAL && seal_free(NULL) == -EINVAL, "NULL: -EINVAL");
	m = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok(seal_freeze(m + 2 * page + 8) == -EINVAL, "not page-aligned: -EINVAL");
	ok(seal_freeze(m + 2 * page) == -EINVAL && seal_free(m + 2 * page) == -EINVAL &&
	   !vma_at(m).sealed, "memory seal_alloc did not map: -EINVAL, untouched");
	munmap(m, 3 * page);
}

/* mlock refused (an unprivileged user with RLIMIT_MEMLOCK 0): the error,
 * and nothing left mapped. */
static void lock_refused(void)
{
	pid_t pid;
	int st;

	if (!MLOCK_WORKS) {
		skip("mlock refused: ASan makes mlock a no-op");
		return;
	}
	pid = fork();
	if (pid == 0) {
		struct rlimit none = { 0, 0 };
		void *v = (void *)1;
		int rc;

		if (setrlimit(RLIMIT_MEMLOCK, &none) < 0 || setgid(65534) < 0 || setuid(65534) < 0)
			_exit(3);
		maps_text(before);
		rc = seal_alloc(&v, 10, SEAL_ALLOC_LOCK, "locked");
		maps_text(after);
		_exit(rc != -ENOMEM && rc != -EAGAIN && rc != -EPERM ? 1 :
		      v != NULL || strcmp(before, after) ? 2 : 0);
	}
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "mlock refused: seal_alloc fails with its error, maps unchanged (status %d)",
	   WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* ---- under denyseal --------------------------------------------------------- */

/* denyseal ENOSYS: the probe fails as on a kernel without mseal. */
static void no_mseal(void)
{
	void *v = (void *)1;
	int rc;

	maps_text(before);
	rc = seal_alloc(&v, 10, 0, NULL);
	maps_text(after);
	ok(rc == -ENOSYS && v == NULL && !strcmp(before, after),
	   "default: -ENOSYS, nothing mapped (%d)", rc);
	ok(seal_alloc_copy(&v, "k", 1, 0, NULL) == -ENOSYS && v == NULL,
	   "seal_alloc_copy: -ENOSYS");

	/* Writes are tried with writable(), not faults(): this runs under
	 * qemu-user too, which hangs on a write fault in a child. */
	rc = seal_alloc(&v, 10, SEAL_ALLOC_BEST_EFFORT, "fallback");
	ok(rc == 0, "SEAL_ALLOC_BEST_EFFORT: seal_alloc works");
	if (rc)
		return;
	ok(writable(v), "writable before seal_freeze");
	fill(v, 10);
	rc = seal_freeze(v);
	ok(rc == SEAL_FROZEN_UNSEALED, "seal_freeze: SEAL_FROZEN_UNSEALED (%d)", rc);
	ok(!strcmp(vma_at(v).perms, "r--s") && !writable(v) && filled(v, 10),
	   "read-only: the kernel cannot store into it, contents kept");
	ok(span_sealed(v, 10, false), "nothing sealed");
	ok(seal_free(v) == -EPERM && vma_at(v).found, "seal_free: -EPERM, frozen memory stays");
	ok(seal_freeze(v) == -EPERM, "seal_freeze again: -EPERM");
	ok(seal_alloc_copy(&v, "key", 3, SEAL_ALLOC_BEST_EFFORT, NULL) == SEAL_FROZEN_UNSEALED &&
	   !memcmp(v, "key", 3), "seal_alloc_copy: SEAL_FROZEN_UNSEALED");
	ok(seal_self(NULL) == -ENOSYS, "seal_self: -ENOSYS");
}

/* denyseal -l ERRNO: seal_alloc's probe works, the seal fails. */
static void late_failure(const char *name)
{
	int err = 0;
	void *v;
	int rc;

	for (int e = 1; e < 200 && !err; e++)
		if (strerrorname_np(e) && !strcmp(strerrorname_np(e), name))
			err = e;
	for (int best = 0; best <= 1; best++) {
		unsigned int flags = best ? SEAL_ALLOC_BEST_EFFORT : 0;
		bool falls_back = best && (err == ENOSYS || err == EPERM);
		const char *how = best ? "best effort" : "default";

		for (int n = 0; n <= 1; n++) {
			rc = seal_alloc(&v, 3 * page, flags, n ? "late" : NULL);
			if (rc) {
				ok(0, "%s: seal_alloc: %d", how, rc);
				continue;
			}
			fill(v, 3 * page);
			maps_text(before);
			rc = seal_freeze(v);
			maps_text(after);
			if (falls_back) {
				ok(rc == SEAL_FROZEN_UNSEALED && faults(poke, v) == 1,
				   "%s%s: seal_freeze falls back to read-only (%d)", how,
				   n ? ", named" : "", rc);
				continue;
			}
			ok(rc == -err, "%s%s: seal_freeze: the kernel's error, %s (%d)", how,
			   n ? ", named" : "", name, rc);
			ok(!strcmp(before, after), "%s%s: maps as before the call", how,
			   n ? ", named" : "");
			/* Before the write: a named region is shared with the child. */
			ok(span_sealed(v, 3 * page, false) && filled(v, 3 * page) &&
			   faults(poke, (char *)v + 2 * page) == 0,
			   "%s%s: unsealed, contents kept, writable again", how, n ? ", named" : "");
			ok(seal_free(v) == 0 && unmapped(v, 3 * page), "%s%s: seal_free works", how,
			   n ? ", named" : "");
		}
		maps_text(before);
		rc = seal_alloc_copy(&v, "key", 3, flags, NULL);
		maps_text(after);
		if (!falls_back)
			ok(rc == -err && v == NULL && !strcmp(before, after),
			   "%s: seal_alloc_copy: %s, nothing left mapped", how, name);
	}
}

/* denyseal -l OK: mseal returns 0 and seals nothing. */
static void fake_success(void)
{
	void *v;
	int rc = seal_alloc(&v, 100, 0, NULL);

	if (rc) {
		ok(0, "seal_alloc: %d", rc);
		return;
	}
	fill(v, 100);
	rc = seal_freeze(v);
	ok(rc == -EIO, "seal_freeze finds no seal: -EIO (%d)", rc);
	ok(faults(poke, v) == 0 && filled(v, 100), "writable again, contents kept");
	ok(seal_free(v) == 0, "seal_free works");
}

int main(int argc, char **argv)
{
	page = (size_t)sysconf(_SC_PAGESIZE);

	if (argc > 1) {
		if (!strcmp(argv[1], "nosys"))
			no_mseal();
		else if (!strcmp(argv[1], "late") && argc > 2)
			late_failure(argv[2]);
		else if (!strcmp(argv[1], "fake"))
			fake_success();
		else
			ok(0, "unknown mode %s", argv[1]);
		return tap_done();
	}
	/* A kernel (or qemu-user) without mseal: what the fault injector
	 * fakes below, for real. */
	if (seal_probe() == -ENOSYS) {
		no_mseal();
		return tap_done();
	}
	if (seal_probe() < 0) {
		skip("mseal is not available here");
		return tap_done();
	}
	layout();
	copy_and_free();
	options();
	named();
	bad_input();
	lock_refused();
	under_denyseal("no mseal", (const char *const[]){ "ENOSYS", NULL }, "nosys");
	under_denyseal("mseal fails EPERM", (const char *const[]){ "-l", "EPERM", NULL },
		       "late EPERM");
	under_denyseal("mseal fails ENOMEM", (const char *const[]){ "-l", "ENOMEM", NULL },
		       "late ENOMEM");
	under_denyseal("mseal fails ENOSYS", (const char *const[]){ "-l", "ENOSYS", NULL },
		       "late ENOSYS");
	under_denyseal("mseal seals nothing", (const char *const[]){ "-l", "OK", NULL }, "fake");
	return tap_done();
}
