/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * selfattack — tries, on itself, what sealing must refuse, and prints one
 * line per attempt: "NAME OK" or "NAME ERRNONAME".
 *
 *   selfattack            the attempts that change nothing when allowed
 *   selfattack --unmap    also munmap and mremap of a libc segment, which
 *                         would wreck an unsealed process: run it sealed
 *   selfattack --stack N  grow the main stack by N KiB, then print "stack OK"
 *
 * The non-destructive attempts put things back as they were when the
 * kernel lets them through: same protection, or the same file page
 * mapped again over itself.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static const char rodata_marker[8192] __attribute__((aligned(4096))) = "selfattack rodata";

static size_t page;

static void *page_of(const void *p)
{
	return (void *)((uintptr_t)p & ~(uintptr_t)(page - 1));
}

static void report(const char *name, int rc)
{
	printf("%s %s\n", name, rc == 0 ? "OK" : strerrorname_np(errno));
	fflush(stdout);
}

/* The main program is the first object dl_iterate_phdr reports. */
static int first_object(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	*(struct dl_phdr_info *)data = *info;
	return 1;
}

/* File offset of our own rodata page: from the PT_LOAD that holds it. */
static int rodata_offset(off_t *off)
{
	uintptr_t addr = (uintptr_t)page_of(rodata_marker);
	struct dl_phdr_info self;

	dl_iterate_phdr(first_object, &self);
	for (size_t i = 0; i < self.dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &self.dlpi_phdr[i];
		uintptr_t lo = self.dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_LOAD && addr >= lo && addr < lo + ph->p_filesz) {
			*off = (off_t)(ph->p_offset + (addr - lo));
			return 0;
		}
	}
	return -1;
}

static void attempts(void)
{
	void *code = page_of((void *)attempts);
	void *ro = page_of(rodata_marker);
	void *libc = page_of((void *)printf);
	off_t off;
	int fd;

	/* Same protection: a no-op when allowed. */
	report("mprotect-code", mprotect(code, page, PROT_READ | PROT_EXEC));
	/* Read-only to read-write and back. */
	if (mprotect(ro, page, PROT_READ | PROT_WRITE) == 0) {
		report("mprotect-rodata-rw", 0);
		mprotect(ro, page, PROT_READ);
	} else {
		report("mprotect-rodata-rw", -1);
	}
	report("mprotect-libc", mprotect(libc, page, PROT_READ | PROT_EXEC));

	/* The same file page mapped again over itself. */
	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || rodata_offset(&off) < 0) {
		printf("mmap-fixed-rodata SETUP\n");
		return;
	}
	report("mmap-fixed-rodata",
	       mmap(ro, page, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, off) == MAP_FAILED ? -1 : 0);
	close(fd);
	/* Still the same bytes, whichever way it went. */
	printf("rodata %s\n", strcmp(rodata_marker, "selfattack rodata") ? "CHANGED" : "intact");
}

static void unmap(void)
{
	Dl_info info;
	void *base;

	if (!dladdr((void *)printf, &info)) {
		printf("munmap-libc SETUP\n");
		return;
	}
	base = info.dli_fbase;	/* libc's first page: its ELF header */
	report("mremap-libc", mremap(base, page, 2 * page, MREMAP_MAYMOVE) == MAP_FAILED ? -1 : 0);
	report("munmap-libc", munmap(base, page));
}

static volatile char sink;

static void grow(size_t kib)
{
	volatile char frame[1024];

	frame[0] = (char)kib;
	if (kib > 1)
		grow(kib - 1);
	sink = frame[0];
}

int main(int argc, char **argv)
{
	page = (size_t)sysconf(_SC_PAGESIZE);
	if (argc == 3 && !strcmp(argv[1], "--stack")) {
		grow(strtoul(argv[2], NULL, 10));
		printf("stack OK\n");
		return 0;
	}
	attempts();
	if (argc == 2 && !strcmp(argv[1], "--unmap"))
		unmap();
	return 0;
}
