/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Asking the kernel about this process, for the tests of seal_alloc and
 * seal_self: does an access fault (in a child, which the fault kills),
 * what does smaps say of an address, and running this test again under
 * tests/helpers/denyseal to inject mseal failures.
 */
#ifndef SEAL_PROBE_H
#define SEAL_PROBE_H

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "seal.h"
#include "tap.h"

/* ---- faults -------------------------------------------------------------- */

/* Plain loads and stores, uninstrumented: ASan must not stop them before
 * the kernel does. */
__attribute__((no_sanitize_address, unused))
static void poke(volatile char *p)
{
	*p = 'x';
}

__attribute__((no_sanitize_address, unused))
static void peek(volatile char *p)
{
	(void)*p;
}

/* Run fn(p) in a child: 1 if SIGSEGV killed it, 0 if it returned, -1
 * for anything else. */
static inline int faults(void (*fn)(volatile char *), volatile char *p)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		struct rlimit no_core = { 0, 0 };

		/* The kernel's verdict, not a sanitizer's handler; and no core
		 * file (qemu-user writes its own, slowly). */
		setrlimit(RLIMIT_CORE, &no_core);
		signal(SIGSEGV, SIG_DFL);
		fn(p);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV)
		return 1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* Can the kernel store a byte at p?  read(2) from a pipe into it fails
 * with EFAULT when it cannot.  No signal: this works under qemu-user,
 * which hangs on some write faults in a child.  Stores 'x' when it can. */
static inline bool writable(void *p)
{
	int fd[2];
	ssize_t n = -1;

	if (pipe(fd) < 0)
		return false;
	if (write(fd[1], "x", 1) == 1)
		n = read(fd[0], p, 1);
	close(fd[0]);
	close(fd[1]);
	return n == 1;
}

/* ---- smaps --------------------------------------------------------------- */

struct vma_info {
	bool found;
	bool sealed;
	char perms[5];
	enum seal_kind kind;
	char path[256];
	char vmflags[SEAL_SMAPS_FLAGS_MAX + 1];
	uint64_t start, end;
};

/* The mapping of this process that holds addr, by smaps. */
static inline struct vma_info vma_at(const void *addr)
{
	struct vma_info in = { .found = false };
	struct seal_smaps *r;
	struct seal_vma v;
	uint64_t a = (uint64_t)(uintptr_t)addr;

	if (seal_smaps_open(&r, 0) < 0)
		return in;
	while (seal_smaps_next(r, &v) > 0) {
		if (a < v.start || a >= v.end)
			continue;
		in.found = true;
		in.sealed = v.sealed;
		in.kind = v.kind;
		in.start = v.start;
		in.end = v.end;
		memcpy(in.perms, v.perms, 5);
		snprintf(in.path, sizeof(in.path), "%s", v.path);
		snprintf(in.vmflags, sizeof(in.vmflags), "%s", v.vmflags);
		break;
	}
	seal_smaps_close(r);
	return in;
}

/* Does a VmFlags value hold the two-letter flag? */
static inline bool has_flag(const char *vmflags, const char *flag)
{
	for (const char *p = vmflags; (p = strstr(p, flag)); p++)
		if ((p == vmflags || p[-1] == ' ') && (p[2] == ' ' || p[2] == '\0'))
			return true;
	return false;
}

/* /proc/self/maps, whole, into buf: before and after a failed call must
 * match.  Read with read(2) into the caller's buffer: no allocation, so
 * ASan's allocator maps nothing in between. */
#define MAPS_MAX (1 << 16)

static inline const char *maps_text(char buf[MAPS_MAX])
{
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	size_t n = 0;
	ssize_t got = 1;

	while (fd >= 0 && n < MAPS_MAX - 1 && (got = read(fd, buf + n, MAPS_MAX - 1 - n)) > 0)
		n += (size_t)got;
	if (fd >= 0)
		close(fd);
	buf[n] = '\0';
	return buf;
}

/* ASan makes mlock(2) a no-op that succeeds. */
#ifdef __SANITIZE_ADDRESS__
#define MLOCK_WORKS 0
#else
#define MLOCK_WORKS 1
#endif

/* ---- this test again, under denyseal ------------------------------------- */

/*
 * Run this program as "denyseal ARGS... SELF MODE" and report each test
 * line of its TAP output as one of ours, named "WHAT: ...".  denyseal is
 * in the build's helpers/ next to tests/.
 */
static inline void under_denyseal(const char *what, const char *const *args, const char *mode)
{
	char self[PATH_MAX], dir[PATH_MAX], helper[PATH_MAX + 32], cmd[2 * PATH_MAX + 256], line[512];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int lines = 0, st;
	FILE *f;

	if (n <= 0) {
		ok(0, "%s: cannot find this program", what);
		return;
	}
	self[n] = '\0';
	memcpy(dir, self, (size_t)n + 1);
	snprintf(helper, sizeof(helper), "%s/../helpers/denyseal", dirname(dir));
	if (access(helper, X_OK) != 0) {
		ok(0, "%s: no %s (make all builds it)", what, helper);
		return;
	}
	n = snprintf(cmd, sizeof(cmd), "'%s'", helper);
	for (; *args; args++)
		n += snprintf(cmd + n, sizeof(cmd) - (size_t)n, " %s", *args);
	snprintf(cmd + n, sizeof(cmd) - (size_t)n, " '%s' %s 2>&1", self, mode);
	fflush(stdout);
	f = popen(cmd, "r");
	if (!f) {
		ok(0, "%s: popen: %s", what, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		char *name;

		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "ok ", 3) && strncmp(line, "not ok ", 7)) {
			if (strncmp(line, "1..", 3))
				printf("# %s\n", line);
			continue;
		}
		name = strstr(line, " - ");
		ok(line[0] == 'o', "%s: %s", what, name ? name + 3 : line);
		lines++;
	}
	st = pclose(f);
	ok(lines > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "%s: %d tests, exit status %d", what, lines, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

#endif
