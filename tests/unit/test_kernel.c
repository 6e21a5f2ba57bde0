/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * The kernel's own mseal(2) semantics that sealtools relies on, checked
 * through the raw system call (not libseal), as TAP.  Run on the host by
 * tests/run and on each kernel by tests/vm/run.sh, so that a kernel that
 * changes behaviour is noticed.  The table below is DESIGN.md's list and
 * sealctl(8) "What sealing blocks": each operation on a fresh sealed
 * range must fail with its errno, and on a fresh unsealed range succeed.
 *
 * Whether this kernel should have mseal: SEAL_EXPECT_MSEAL=yes|no, else
 * yes from Linux 6.10 on (by uname).  qemu-user answers ENOSYS whatever
 * the host runs, so tests/cross/run.sh says "no".  Without mseal, every
 * mseal call must answer ENOSYS, the unsealed rows still run, and the
 * sealed rows are skipped with that reason.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "syscall_arch.h"
#include "tap.h"

#define NPAGES 4
#define MARK 0x5a

static size_t pg;

static int sys_mseal(void *addr, size_t len, unsigned long flags)
{
	return (int)seal_syscall3(SEAL_NR_mseal, (long)addr, (long)len, (long)flags);
}

static int err(long rc)
{
	return rc == -1 ? -errno : 0;
}

/* NPAGES private anonymous pages holding MARK, with protection PROT. */
static char *region(int prot)
{
	char *p = mmap(NULL, NPAGES * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("test_kernel: mmap");
		exit(99);
	}
	memset(p, MARK, NPAGES * pg);
	if (mprotect(p, NPAGES * pg, prot)) {
		perror("test_kernel: mprotect");
		exit(99);
	}
	return p;
}

/* A free address range of N pages: mapped, then unmapped again. */
static char *hole(size_t n)
{
	char *p = mmap(NULL, n * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || munmap(p, n * pg)) {
		perror("test_kernel: hole");
		exit(99);
	}
	return p;
}

/*
 * The VmFlags of the VMA holding ADDR in /proc/self/smaps: 1 with "sl",
 * 0 without, -1 when no VMA holds it.
 */
static int sealed_in_smaps(const void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	char line[512];
	int in = 0, res = -1;
	uintptr_t a = (uintptr_t)addr;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;

		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
			in = a >= lo && a < hi;
		} else if (in && !strncmp(line, "VmFlags:", 8)) {
			res = strstr(line, " sl") != NULL;
			break;
		}
	}
	fclose(f);
	return res;
}

/* Sealed VMAs of this process other than the kernel's own mappings. */
static int count_sealed(void)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	char line[512];
	int sys = 0, n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;

		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
			sys = strstr(line, " [v") != NULL;	/* [vdso] [vvar] [vvar_vclock] [vsyscall] */
		else if (!sys && !strncmp(line, "VmFlags:", 8) && strstr(line, " sl"))
			n++;
	}
	fclose(f);
	return n;
}

/* ---- the operations: each returns 0 or -errno -------------------------- */

static int op_munmap(char *p) { return err(munmap(p, NPAGES * pg)); }
static int op_munmap_page(char *p) { return err(munmap(p + pg, pg)); }

static int op_mremap_shrink(char *p)
{
	return mremap(p, NPAGES * pg, pg, 0) == MAP_FAILED ? -errno : 0;
}

static int op_mremap_grow(char *p)
{
	return mremap(p, NPAGES * pg, 2 * NPAGES * pg, MREMAP_MAYMOVE) == MAP_FAILED ? -errno : 0;
}

static int op_mremap_move(char *p)
{
	return mremap(p, NPAGES * pg, NPAGES * pg, MREMAP_MAYMOVE | MREMAP_FIXED,
		      hole(NPAGES)) == MAP_FAILED ? -errno : 0;
}

/* Another mapping moved onto the range. */
static int op_mremap_onto(char *p)
{
	char *src = region(PROT_READ);

	return mremap(src, pg, pg, MREMAP_MAYMOVE | MREMAP_FIXED, p) == MAP_FAILED ? -errno : 0;
}

static int op_mmap_fixed(char *p)
{
	return mmap(p, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		    -1, 0) == MAP_FAILED ? -errno : 0;
}

static int op_mprotect(char *p) { return err(mprotect(p, NPAGES * pg, PROT_READ | PROT_WRITE)); }

static int op_pkey_mprotect(char *p)
{
	/* pkey -1: the default key, mprotect's semantics on every ISA. */
	return err(pkey_mprotect(p, NPAGES * pg, PROT_READ | PROT_WRITE, -1));
}

static int op_madv_dontneed(char *p) { return err(madvise(p, NPAGES * pg, MADV_DONTNEED)); }

static const struct row {
	const char *name;
	int prot;		/* of the range the operation is tried on */
	int (*op)(char *);
	int sealed_err;		/* expected on the sealed range; 0 everywhere else */
} table[] = {
	{ "munmap(whole range)", PROT_READ, op_munmap, EPERM },
	{ "munmap(one page inside)", PROT_READ, op_munmap_page, EPERM },
	{ "mremap shrink", PROT_READ, op_mremap_shrink, EPERM },
	{ "mremap grow", PROT_READ, op_mremap_grow, EPERM },
	{ "mremap move (MREMAP_FIXED elsewhere)", PROT_READ, op_mremap_move, EPERM },
	{ "mremap of another mapping onto it", PROT_READ, op_mremap_onto, EPERM },
	{ "mmap(MAP_FIXED) over it", PROT_READ, op_mmap_fixed, EPERM },
	{ "mprotect(PROT_READ|PROT_WRITE)", PROT_READ, op_mprotect, EPERM },
	{ "pkey_mprotect(PROT_READ|PROT_WRITE, pkey -1)", PROT_READ, op_pkey_mprotect, EPERM },
	{ "madvise(MADV_DONTNEED), read-only private anonymous", PROT_READ, op_madv_dontneed, EPERM },
	/* Discarding memory the caller could overwrite anyway is allowed. */
	{ "madvise(MADV_DONTNEED), writable private anonymous", PROT_READ | PROT_WRITE,
	  op_madv_dontneed, 0 },
};

static const char *ename(int e)
{
	return e ? strerrorname_np(-e) : "success";
}

static int kernel_should_seal(void)
{
	const char *env = getenv("SEAL_EXPECT_MSEAL");
	struct utsname u;
	int major = 0, minor = 0;

	if (env && (!strcmp(env, "yes") || !strcmp(env, "no")))
		return !strcmp(env, "yes");
	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return 1;
	return major > 6 || (major == 6 && minor >= 10);
}

/* After an exec of ourselves: no seal may have survived it. */
static int exec_child(void)
{
	return count_sealed() == 0 ? 0 : 1;
}

static void check_arguments(void)
{
	char *p = region(PROT_READ), *q;
	int rc;

	ok(sys_mseal(p, NPAGES * pg, 1) == -EINVAL, "mseal flags 1: EINVAL");
	ok(sys_mseal(p, NPAGES * pg, ~0UL) == -EINVAL, "mseal flags ~0: EINVAL");
	ok(sys_mseal(p + 1, pg, 0) == -EINVAL, "mseal unaligned address: EINVAL");
	ok(sealed_in_smaps(p) == 0, "after the refused calls nothing is sealed");
	ok(sys_mseal(p, 0, 0) == 0, "mseal length 0: success (the support probe)");
	ok(sealed_in_smaps(p) == 0, "length 0 sealed nothing");

	/* Three pages with the middle one unmapped. */
	q = region(PROT_READ);
	if (munmap(q + pg, pg)) {
		perror("test_kernel: munmap");
		exit(99);
	}
	rc = sys_mseal(q, 3 * pg, 0);
	ok(rc == -ENOMEM, "mseal over a gap: ENOMEM (got %s)", ename(rc));
	ok(sealed_in_smaps(q) == 0 && sealed_in_smaps(q + 2 * pg) == 0,
	   "after ENOMEM neither side of the gap is sealed");
	ok(munmap(q, pg) == 0, "the page before the gap can still be unmapped");

	rc = sys_mseal(p + pg, pg + 1, 0);
	ok(rc == 0, "mseal an unaligned length: success (rounded up)");
	ok(sealed_in_smaps(p + pg) == 1 && sealed_in_smaps(p + 2 * pg) == 1 &&
	   sealed_in_smaps(p) == 0 && sealed_in_smaps(p + 3 * pg) == 0,
	   "exactly the two pages the rounded length covers are sealed");
	ok(sys_mseal(p + pg, pg, 0) == 0, "sealing a sealed range again: success");
}

static void check_table(int have)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const struct row *r = &table[i];
		char *p = region(r->prot);
		int rc = r->op(p);

		ok(rc == 0, "unsealed: %s: success (got %s)", r->name, ename(rc));
		if (!have) {
			skip("sealed: no mseal on this kernel");
			continue;
		}
		p = region(r->prot);
		if (sys_mseal(p, NPAGES * pg, 0)) {
			ok(0, "sealed: %s: mseal failed", r->name);
			continue;
		}
		rc = r->op(p);
		ok(rc == -r->sealed_err, "sealed: %s: %s (got %s)", r->name,
		   ename(-r->sealed_err), ename(rc));
		if (r->sealed_err) {
			int intact = 1;

			for (size_t b = 0; b < NPAGES * pg; b += pg)
				intact &= p[b] == MARK && sealed_in_smaps(p + b) == 1;
			ok(intact, "sealed: after %s every page is still there, unchanged, sealed",
			   r->name);
		}
	}
}

static void check_fork_exec(int have)
{
	char *p = region(PROT_READ);
	int status;
	pid_t pid;

	if (!have) {
		skip("fork inherits seals: no mseal on this kernel");
		skip("exec drops seals: no mseal on this kernel");
		return;
	}
	if (sys_mseal(p, NPAGES * pg, 0)) {
		ok(0, "mseal for the fork test");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(sealed_in_smaps(p) == 1 && munmap(p, NPAGES * pg) == -1 && errno == EPERM ?
		      0 : 1);
	ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	   WEXITSTATUS(status) == 0, "fork: the child's copy is sealed (sl, munmap EPERM)");

	pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", "test_kernel", "--exec-child", (char *)NULL);
		_exit(127);
	}
	ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	   WEXITSTATUS(status) == 0, "exec: the new image has no sealed mapping of its own");
}

/*
 * What the sealer does to a sealed object that dlclose let go (its
 * mappings stay): MADV_DONTNEED on a private mapping of a file, written
 * (copied on write) and then made read-only as RELRO is, is allowed on a
 * sealed range, and gives back the file's bytes.
 */
static void check_file_discard(int have)
{
	char path[] = "/tmp/test_kernel.XXXXXX", *p, buf[4096];
	int fd = mkstemp(path), rc = -1;

	if (!have) {
		skip("sealed private file mapping: madvise(MADV_DONTNEED): no mseal on this kernel");
		return;
	}
	memset(buf, 'F', sizeof(buf));
	for (size_t done = 0; fd >= 0 && done < NPAGES * pg; done += sizeof(buf))
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			break;
	p = fd < 0 ? MAP_FAILED : mmap(NULL, NPAGES * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (fd >= 0) {
		unlink(path);
		close(fd);
	}
	if (p != MAP_FAILED) {
		memset(p, MARK, pg);
		if (!mprotect(p, NPAGES * pg, PROT_READ) && !sys_mseal(p, NPAGES * pg, 0))
			rc = err(madvise(p, NPAGES * pg, MADV_DONTNEED));
	}
	ok(rc == 0 && p[0] == 'F' && sealed_in_smaps(p) == 1,
	   "sealed read-only private file mapping, written before: madvise(MADV_DONTNEED) "
	   "succeeds (got %s), the file's bytes are back, still sealed", ename(rc));
}

int main(int argc, char **argv)
{
	int should = kernel_should_seal(), rc;
	struct utsname u;

	if (argc > 1 && !strcmp(argv[1], "--exec-child"))
		return exec_child();
	pg = (size_t)sysconf(_SC_PAGESIZE);
	uname(&u);
	printf("# kernel %s %s, page size %zu, mseal expected: %s\n", u.release, u.machine, pg,
	       should ? "yes" : "no");

	rc = sys_mseal(NULL, 0, 0);
	if (!should) {
		char *p = region(PROT_READ);

		ok(rc == -ENOSYS, "no mseal expected: mseal(NULL, 0, 0) answers ENOSYS (got %s)",
		   ename(rc));
		rc = sys_mseal(p, NPAGES * pg, 0);
		ok(rc == -ENOSYS, "no mseal expected: mseal of a mapping answers ENOSYS (got %s)",
		   ename(rc));
		ok(count_sealed() == 0, "smaps shows no sealed mapping");
		check_table(0);
		check_fork_exec(0);
		check_file_discard(0);
		return tap_done();
	}
	ok(rc == 0, "mseal(NULL, 0, 0) succeeds (got %s)", ename(rc));
	if (rc) {
		printf("Bail out! this kernel should have mseal\n");
		return 1;
	}
	ok(count_sealed() == 0, "a fresh process has no sealed mapping outside the kernel's own");
	check_arguments();
	check_table(1);
	check_fork_exec(1);
	check_file_discard(1);
	return tap_done();
}
