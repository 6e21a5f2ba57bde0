/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * hostile — a process that attacks the tools that judge it (issue 22).
 * It prepares one attack on itself, prints "ready", and waits for a
 * signal.  Every attack is one a compromised, unprivileged process can
 * make (only "fuse" needs root here, for /dev/fuse; see there).
 *
 *   hostile forge-one        the debugger's list (r_debug.r_map, through
 *                            DT_DEBUG) replaced by one made-up entry whose
 *                            l_ld points into [heap]
 *   hostile unlink PATTERN   a copy of the list without the entries whose
 *                            l_name contains PATTERN
 *   hostile misplace PATTERN the entries whose l_name contains PATTERN
 *                            given the l_addr and l_ld of the main program
 *   hostile bomb N           N well-formed made-up entries, each "needing"
 *                            the one listed before it, the main program
 *                            first (needing the last)
 *   hostile needed N K L     N made-up entries sharing one dynamic section
 *                            with K DT_NEEDED names of L bytes each
 *   hostile vdso-ro          its [vdso] made read-only
 *   hostile vdso-file DIR [unmap]
 *                            a file DIR/x[vdso] mapped read-only; with
 *                            unmap, the kernel's [vdso] unmapped
 *   hostile rewrite LIB      LIB dlopen'd, then its file's ELF header
 *                            overwritten and its entry unlinked from the list
 *   hostile longpaths DIR N  a file under DIR at a path of about 4,000
 *                            bytes mapped N times, then every mapping of its
 *                            own but [heap] and [stack] sealed
 *   hostile flip FILE        FILE mapped executable, unsealed, and moved
 *                            (mremap) between two addresses for ever
 *   hostile comm NAME        its command name set to NAME (prctl)
 *   hostile threads N        N threads more, each waiting
 *   hostile workers N SECS   N threads that each read one byte from standard
 *                            input (the last prints "done N"), then one more
 *                            that waits in vfork for a child sleeping SECS
 *                            seconds ("vfork done" after): a seal holds the
 *                            N + 1 others stopped while it waits on that one
 *   hostile fuse DIR         a file system of its own (FUSE) mounted on
 *                            DIR in a mount namespace of its own, its
 *                            server answering everything but reads; a file
 *                            of it mapped, never touched, and the list's
 *                            head (r_debug.r_map) put there: whoever reads
 *                            that page waits for the server for ever
 *                            (mounting needs /dev/fuse: any user where it
 *                            is 0666 through fusermount3, root here)
 *   hostile honest           nothing changed (the control)
 *
 * glibc never reads r_debug.r_map back (it keeps its own list), so the
 * program keeps working with a forged one; the real link maps are left
 * alone and only copies are linked into the forged list.  After "ready"
 * it calls nothing but pause(): a read-only vDSO would fault on
 * clock_gettime.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/fuse.h>
#include <sched.h>
#include <sys/mount.h>

extern ElfW(Dyn) _DYNAMIC[];

static struct r_debug *find_r_debug(void)
{
	for (ElfW(Dyn) *d = _DYNAMIC; d->d_tag != DT_NULL; d++)
		if (d->d_tag == DT_DEBUG && d->d_un.d_ptr)
			return (struct r_debug *)d->d_un.d_ptr;
	fputs("hostile: no DT_DEBUG\n", stderr);
	exit(1);
}

static struct link_map *new_entry(ElfW(Addr) addr, const char *name, ElfW(Dyn) *ld)
{
	struct link_map *m = calloc(1, sizeof(*m));

	if (!m)
		exit(1);
	m->l_addr = addr;
	m->l_name = (char *)name;
	m->l_ld = ld;
	return m;
}

/* Link entries in order into a list that r_map then names. */
static void install(struct r_debug *r, struct link_map **e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		e[i]->l_prev = i ? e[i - 1] : NULL;
		e[i]->l_next = i + 1 < n ? e[i + 1] : NULL;
	}
	r->r_map = n ? e[0] : NULL;
}

/* A copy of the real list, entries matching pattern dropped or, with
 * misplace, given the main program's place. */
static void copy_list(struct r_debug *r, const char *pattern, int misplace)
{
	struct link_map *e[4096], *main = r->r_map;
	size_t n = 0;

	for (struct link_map *m = r->r_map; m && n < 4096; m = m->l_next) {
		int hit = strstr(m->l_name, pattern) != NULL;

		if (hit && !misplace)
			continue;
		e[n++] = hit ? new_entry(main->l_addr, m->l_name, main->l_ld)
			     : new_entry(m->l_addr, m->l_name, m->l_ld);
	}
	install(r, e, n);
}

static void bomb(struct r_debug *r, size_t n)
{
	struct link_map **e = calloc(n, sizeof(*e));
	struct link_map *main = r->r_map;

	if (!e)
		exit(1);
	e[0] = new_entry(main->l_addr, main->l_name, main->l_ld);
	for (size_t i = 1; i < n; i++) {
		/* Its own name, and a dynamic section naming the one before
		 * it: marking the start-up objects in list order then finds
		 * one more a round. */
		char *str = malloc(64);
		ElfW(Dyn) *dyn = calloc(5, sizeof(*dyn));
		int len;

		if (!str || !dyn)
			exit(1);
		len = snprintf(str, 64, "libbomb%zu.so", i) + 1;
		snprintf(str + len, 64 - (size_t)len, "libbomb%zu.so", i > 1 ? i - 1 : 1);
		dyn[0] = (ElfW(Dyn)){ DT_NEEDED, { (ElfW(Addr))len } };
		dyn[1] = (ElfW(Dyn)){ DT_SONAME, { 0 } };
		dyn[2] = (ElfW(Dyn)){ DT_STRTAB, { (ElfW(Addr))str } };
		dyn[3] = (ElfW(Dyn)){ DT_STRSZ, { 64 } };
		e[i] = new_entry(0, str, dyn);
	}
	/* The main program needs the last one: the chain runs backwards. */
	{
		char *str = malloc(64);
		ElfW(Dyn) *dyn = calloc(4, sizeof(*dyn));

		if (!str || !dyn)
			exit(1);
		snprintf(str, 64, "libbomb%zu.so", n - 1);
		dyn[0] = (ElfW(Dyn)){ DT_NEEDED, { 0 } };
		dyn[1] = (ElfW(Dyn)){ DT_STRTAB, { (ElfW(Addr))str } };
		dyn[2] = (ElfW(Dyn)){ DT_STRSZ, { 64 } };
		e[0]->l_ld = dyn;
	}
	install(r, e, n);
}

static void needed_bomb(struct r_debug *r, size_t n, size_t k, size_t len)
{
	struct link_map **e = calloc(n, sizeof(*e));
	ElfW(Dyn) *dyn = calloc(k + 3, sizeof(*dyn));
	char *str = malloc(k * (len + 1) + 1);

	if (!e || !dyn || !str)
		exit(1);
	str[0] = '\0';
	for (size_t j = 0; j < k; j++) {
		char *s = str + 1 + j * (len + 1);

		memset(s, 'a' + (int)(j % 26), len);
		snprintf(s, len + 1, "%zu", j);
		s[strlen(s)] = 'x';
		s[len] = '\0';
		dyn[j] = (ElfW(Dyn)){ DT_NEEDED, { 1 + j * (len + 1) } };
	}
	dyn[k] = (ElfW(Dyn)){ DT_STRTAB, { (ElfW(Addr))str } };
	dyn[k + 1] = (ElfW(Dyn)){ DT_STRSZ, { k * (len + 1) + 1 } };
	for (size_t i = 0; i < n; i++)
		e[i] = new_entry(i ? 0 : r->r_map->l_addr, i ? str + 1 : "", dyn);
	install(r, e, n);
}

static unsigned long nworkers;
static unsigned long done_workers;

static void *worker(void *arg)
{
	char c;

	(void)arg;
	if (read(STDIN_FILENO, &c, 1) == 1 &&
	    __atomic_add_fetch(&done_workers, 1, __ATOMIC_SEQ_CST) == nworkers) {
		char line[64];
		int n = snprintf(line, sizeof(line), "done %lu\n", nworkers);

		if (write(STDOUT_FILENO, line, (size_t)n) != n)
			_exit(1);
	}
	for (;;)
		pause();
	return NULL;
}

static void *vforker(void *arg)
{
	unsigned int secs = (unsigned int)(uintptr_t)arg;
	pid_t p = vfork();

	if (p == 0) {
		sleep(secs);
		_exit(0);
	}
	if (p > 0 && waitpid(p, NULL, 0) == p && write(STDOUT_FILENO, "vfork done\n", 11) != 11)
		_exit(1);
	for (;;)
		pause();
	return NULL;
}

/* "flip": one mapping moved between two places for ever. */
static void *flip_lo, *flip_hi;

static void *flipper(void *arg)
{
	size_t len = (size_t)(uintptr_t)arg;

	for (;;) {
		if (mremap(flip_lo, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, flip_hi) != flip_hi ||
		    mremap(flip_hi, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, flip_lo) != flip_lo) {
			perror("hostile: mremap");
			exit(1);
		}
	}
	return NULL;
}

static void *wait_forever(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* ---- a file system whose reads never end (mode fuse) ---------------- */

static int fuse_fd;

static void fuse_reply(uint64_t unique, int error, const void *body, size_t len)
{
	char out[sizeof(struct fuse_out_header) + 256];
	struct fuse_out_header h = { .len = (uint32_t)(sizeof(h) + len), .error = error,
				     .unique = unique };

	memcpy(out, &h, sizeof(h));
	memcpy(out + sizeof(h), body, len);
	if (write(fuse_fd, out, h.len) < 0)
		return;
}

static void fuse_attr(struct fuse_attr *a, uint64_t node)
{
	*a = (struct fuse_attr){ .ino = node, .size = node == 1 ? 0 : 4096, .blocks = 8,
				 .mode = node == 1 ? S_IFDIR | 0755 : S_IFREG | 0644,
				 .nlink = 1, .blksize = 4096 };
}

/* Answers everything the mapping needs; a read is never answered. */
static void *fuse_serve(void *arg)
{
	static char buf[1 << 20] __attribute__((aligned(8)));

	(void)arg;
	for (;;) {
		ssize_t n = read(fuse_fd, buf, sizeof(buf));
		struct fuse_in_header *in = (void *)buf;
		void *body = buf + sizeof(*in);

		if (n < (ssize_t)sizeof(*in))
			continue;
		switch (in->opcode) {
		case FUSE_INIT: {
			struct fuse_init_out o = { .major = FUSE_KERNEL_VERSION,
						   .minor = FUSE_KERNEL_MINOR_VERSION,
						   .max_readahead = 4096, .max_write = 4096 };

			fuse_reply(in->unique, 0, &o, sizeof(o));
			break;
		}
		case FUSE_LOOKUP: {
			struct fuse_entry_out o = { .nodeid = 2, .entry_valid = 86400,
						    .attr_valid = 86400 };

			if (strcmp(body, "f") != 0) {
				fuse_reply(in->unique, -ENOENT, NULL, 0);
				break;
			}
			fuse_attr(&o.attr, 2);
			fuse_reply(in->unique, 0, &o, sizeof(o));
			break;
		}
		case FUSE_GETATTR: {
			struct fuse_attr_out o = { .attr_valid = 86400 };

			fuse_attr(&o.attr, in->nodeid);
			fuse_reply(in->unique, 0, &o, sizeof(o));
			break;
		}
		case FUSE_OPEN: {
			struct fuse_open_out o = { .fh = 1 };

			fuse_reply(in->unique, 0, &o, sizeof(o));
			break;
		}
		case FUSE_READ:
		case FUSE_FORGET:
		case FUSE_BATCH_FORGET:
		case FUSE_INTERRUPT:
			break;		/* no answer */
		default:
			fuse_reply(in->unique, in->opcode == FUSE_FLUSH ||
				   in->opcode == FUSE_RELEASE ? 0 : -ENOSYS, NULL, 0);
		}
	}
	return NULL;
}

static void *fuse_mapping(const char *dir)
{
	char opts[128], path[4096];
	pthread_t t;
	void *p;
	int fd;

	fuse_fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	snprintf(opts, sizeof(opts), "fd=%d,rootmode=40000,user_id=%d,group_id=%d", fuse_fd,
		 (int)getuid(), (int)getgid());
	if (fuse_fd < 0 || unshare(CLONE_NEWNS) != 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
	    mount("hostile", dir, "fuse.hostile", MS_NOSUID | MS_NODEV, opts) != 0 ||
	    pthread_create(&t, NULL, fuse_serve, NULL) != 0) {
		perror("hostile: fuse");
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/f", dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	p = fd < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		perror("hostile: fuse file");
		exit(1);
	}
	/* Closed now, while the server answers its flush: at exit, the
	 * server thread would be gone before the flush (a process that
	 * never ends).  Unmapped at exit, before /dev/fuse is closed,
	 * which ends every request still waiting. */
	close(fd);
	return p;
}

int main(int argc, char **argv)
{
	struct r_debug *r = find_r_debug();
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "forge-one")) {
		ElfW(Dyn) *dyn = calloc(64, sizeof(*dyn));	/* in [heap] */
		struct link_map *e = new_entry(0, "", dyn);

		install(r, &e, 1);
	} else if (!strcmp(mode, "unlink") && argc == 3) {
		copy_list(r, argv[2], 0);
	} else if (!strcmp(mode, "misplace") && argc == 3) {
		copy_list(r, argv[2], 1);
	} else if (!strcmp(mode, "bomb") && argc == 3) {
		bomb(r, strtoul(argv[2], NULL, 10));
	} else if (!strcmp(mode, "needed") && argc == 5) {
		needed_bomb(r, strtoul(argv[2], NULL, 10), strtoul(argv[3], NULL, 10),
			    strtoul(argv[4], NULL, 10));
	} else if (!strcmp(mode, "vdso-ro")) {
		uintptr_t v = (uintptr_t)getauxval(AT_SYSINFO_EHDR);

		/* The vDSO's text is its first pages; a page is enough to
		 * fault on, but all of it must go for a site search to fail. */
		if (!v || mprotect((void *)v, 2 * (size_t)sysconf(_SC_PAGESIZE), PROT_READ) != 0) {
			perror("hostile: mprotect [vdso]");
			return 1;
		}
	} else if (!strcmp(mode, "vdso-file") && (argc == 3 || argc == 4)) {
		char path[4096];
		int fd;

		snprintf(path, sizeof(path), "%s/x[vdso]", argv[2]);
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		/* A system-call instruction in it, as a site search would want. */
		if (fd < 0 || write(fd, "\x0f\x05\xd4\x00\x00\x00\x01\xd4", 8) != 8 ||
		    ftruncate(fd, 4096) != 0 ||
		    mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED) {
			perror("hostile: x[vdso]");
			return 1;
		}
		if (argc == 4 && !strcmp(argv[3], "unmap")) {
			char line[512];
			FILE *f = fopen("/proc/self/maps", "re");
			unsigned long s0, e0;

			while (f && fgets(line, sizeof(line), f))
				if (strstr(line, " [vdso]\n") &&
				    sscanf(line, "%lx-%lx", &s0, &e0) == 2 &&
				    munmap((void *)s0, e0 - s0) != 0) {
					perror("hostile: munmap [vdso]");
					return 1;
				}
			if (f)
				fclose(f);
		}
	} else if (!strcmp(mode, "rewrite") && argc == 3) {
		static const char zero[64];
		int fd;

		if (!dlopen(argv[2], RTLD_NOW)) {
			fprintf(stderr, "hostile: %s\n", dlerror());
			return 1;
		}
		fd = open(argv[2], O_WRONLY | O_CLOEXEC);
		if (fd < 0 || pwrite(fd, zero, sizeof(zero), 0) != sizeof(zero)) {
			perror("hostile: rewrite");
			return 1;
		}
		close(fd);
		copy_list(r, strrchr(argv[2], '/') ? strrchr(argv[2], '/') + 1 : argv[2], 0);
	} else if (!strcmp(mode, "longpaths") && argc == 4) {
		char path[4200], line[8192];
		unsigned long n = strtoul(argv[3], NULL, 10);
		size_t len = (size_t)snprintf(path, sizeof(path), "%s", argv[2]);
		FILE *f;
		int fd;

		while (len < 3800) {
			len += (size_t)snprintf(path + len, sizeof(path) - len, "/%0200d", 0);
			if (mkdir(path, 0700) != 0 && errno != EEXIST) {
				perror("hostile: mkdir");
				return 1;
			}
		}
		snprintf(path + len, sizeof(path) - len, "/f");
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0 || ftruncate(fd, 4096) != 0) {
			perror("hostile: longpaths");
			return 1;
		}
		for (unsigned long i = 0; i < n; i++)
			if (mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED) {
				perror("hostile: mmap");
				return 1;
			}
		/* Seal all but what is never sealed: it would comply. */
		f = fopen("/proc/self/maps", "re");
		while (f && fgets(line, sizeof(line), f)) {
			unsigned long s0, e0;

			if (strstr(line, "[heap]") || strstr(line, "[stack]") ||
			    strstr(line, "[vsyscall]") || sscanf(line, "%lx-%lx", &s0, &e0) != 2)
				continue;
			if (syscall(462, s0, e0 - s0, 0) != 0) {
				perror("hostile: mseal");
				return 1;
			}
		}
		if (f)
			fclose(f);
	} else if (!strcmp(mode, "flip") && argc == 3) {
		/* FILE's first 64 KiB mapped executable, unsealed, moved
		 * between a low address and one below the stack as fast as
		 * mremap goes: a reading that walks up the address space sees
		 * it in neither place when it moves down behind it. */
		int fd = open(argv[2], O_RDONLY | O_CLOEXEC);
		size_t len = 0x10000;
		pthread_t t;

		flip_lo = (void *)0x200000;
		flip_hi = (void *)(((uintptr_t)&fd - ((uintptr_t)1 << 28)) & ~(uintptr_t)0xfffff);
		if (fd < 0 || mmap(flip_lo, len, PROT_READ | PROT_EXEC,
				   MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, 0) != flip_lo) {
			perror("hostile: flip");
			return 1;
		}
		if (pthread_create(&t, NULL, flipper, (void *)(uintptr_t)len) != 0)
			return 1;
	} else if (!strcmp(mode, "comm") && argc == 3) {
		prctl(PR_SET_NAME, argv[2], 0, 0, 0);
	} else if (!strcmp(mode, "threads") && argc == 3) {
		unsigned long n = strtoul(argv[2], NULL, 10);
		pthread_attr_t a;

		pthread_attr_init(&a);
		pthread_attr_setstacksize(&a, 1 << 17);
		for (unsigned long i = 0; i < n; i++) {
			pthread_t t;

			if (pthread_create(&t, &a, wait_forever, NULL) != 0) {
				perror("hostile: pthread_create");
				return 1;
			}
		}
	} else if (!strcmp(mode, "workers") && argc == 4) {
		pthread_t t;

		nworkers = strtoul(argv[2], NULL, 10);
		for (unsigned long i = 0; i < nworkers; i++)
			if (pthread_create(&t, NULL, worker, NULL) != 0)
				return 1;
		if (pthread_create(&t, NULL, vforker,
				   (void *)(uintptr_t)strtoul(argv[3], NULL, 10)) != 0)
			return 1;
	} else if (!strcmp(mode, "fuse") && argc == 3) {
		r->r_map = fuse_mapping(argv[2]);
	} else if (strcmp(mode, "honest") != 0) {
		fputs("usage: hostile MODE [ARG...] (see tests/helpers/hostile.c)\n", stderr);
		return 64;
	}
	if (write(STDOUT_FILENO, "ready\n", 6) != 6)
		return 1;
	for (;;)
		pause();
}
