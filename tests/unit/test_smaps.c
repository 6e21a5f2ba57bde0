/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/* Unit tests for the smaps reader, on synthetic text and on our own smaps. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "seal.h"
#include "memsrc.h"
#include "tap.h"

#define MAXV 16

struct result {
	int n;			/* VMAs returned */
	int rc;			/* last return: 0 or -errno */
	unsigned long line;
	struct seal_vma v[MAXV];
	char path[MAXV][256];
	char flags[MAXV][64];
};

static void run(const char *text, size_t len, size_t chunk, struct result *res)
{
	struct memsrc m = { text, len, 0, chunk };
	struct seal_smaps *r;
	struct seal_vma v;
	int rc;

	memset(res, 0, sizeof(*res));
	if (seal_smaps_open_fn(&r, memsrc_read, &m) < 0) {
		res->rc = -ENOMEM;
		return;
	}
	while ((rc = seal_smaps_next(r, &v)) == 1) {
		if (res->n < MAXV) {
			res->v[res->n] = v;
			snprintf(res->path[res->n], 256, "%s", v.path);
			snprintf(res->flags[res->n], 64, "%s", v.vmflags);
		}
		res->n++;
	}
	res->rc = rc;
	res->line = seal_smaps_line(r);
	/* An error is sticky: the reader never resumes after garbage. */
	if (rc < 0 && seal_smaps_next(r, &v) != rc)
		res->rc = 1;
	seal_smaps_close(r);
}

static const char sample[] =
	"55d4c8a00000-55d4c8a02000 r--p 00000000 fe:01 1234                       /usr/bin/cat\n"
	"Size:                  8 kB\n"
	"KernelPageSize:        4 kB\n"
	"Rss:                   8 kB\n"
	"THPeligible:    0\n"
	"VmFlags: rd mr mw me sl \n"
	"55d4c8a02000-55d4c8a07000 r-xp 00002000 fe:01 1234                       /usr/bin/cat\n"
	"Size:                 20 kB\n"
	"VmFlags: rd ex mr mw me \n"
	"7f0000000000-7f0000001000 rw-p 00000000 00:00 0 \n"
	"Size:                  4 kB\n"
	"VmFlags: rd wr mr mw me ac sd \n"
	"7f0000001000-7f0000002000 rw-s 00000000 00:01 77                         /memfd:my buf (deleted)\n"
	"VmFlags: rd wr sh mr mw me ms sd \n"
	"7f0000002000-7f0000003000 r--p 00000000 08:02 99                         /tmp/a b\\012c \"q\" \\\\z \n"
	"VmFlags: rd mr mw me sl\n"
	"7f0000003000-7f0000004000 rw-p 00000000 00:00 0                          [anon:my pool]\n"
	"VmFlags: rd wr mr mw me ac\n"
	"7ffd1c3fe000-7ffd1c400000 r-xp 00000000 00:00 0                          [vdso]\n"
	"VmFlags: rd ex mr mw me de sd sl\n"
	"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n"
	"VmFlags: ex \n";

static void test_sample(size_t chunk)
{
	struct result r;

	run(sample, sizeof(sample) - 1, chunk, &r);
	ok(r.rc == 0 && r.n == 8, "chunk %zu: 8 records, clean end (rc %d, n %d)", chunk, r.rc, r.n);
	if (r.n != 8)
		return;
	ok(r.v[0].start == 0x55d4c8a00000 && r.v[0].end == 0x55d4c8a02000 &&
	   !strcmp(r.v[0].perms, "r--p") && r.v[0].offset == 0 &&
	   r.v[0].dev_major == 0xfe && r.v[0].dev_minor == 1 && r.v[0].inode == 1234 &&
	   !strcmp(r.path[0], "/usr/bin/cat") && r.v[0].sealed && r.v[0].has_vmflags &&
	   !strcmp(r.flags[0], "rd mr mw me sl") && r.v[0].kind == SEAL_KIND_RODATA,
	   "chunk %zu: header fields, VmFlags and sealed of record 1", chunk);
	ok(!r.v[1].sealed && r.v[1].offset == 0x2000 && r.v[1].kind == SEAL_KIND_CODE,
	   "chunk %zu: code record unsealed", chunk);
	ok(r.path[2][0] == '\0' && r.v[2].kind == SEAL_KIND_ANON && !r.v[2].sealed,
	   "chunk %zu: anonymous record has an empty path", chunk);
	ok(!strcmp(r.path[3], "/memfd:my buf (deleted)") && r.v[3].kind == SEAL_KIND_SHM &&
	   r.v[3].perms[3] == 's', "chunk %zu: memfd path kept with spaces and (deleted)", chunk);
	ok(!strcmp(r.path[4], "/tmp/a b\\012c \"q\" \\\\z ") && r.v[4].sealed,
	   "chunk %zu: escapes, quotes and trailing space kept verbatim", chunk);
	ok(!strcmp(r.path[5], "[anon:my pool]") && r.v[5].kind == SEAL_KIND_ANON,
	   "chunk %zu: [anon:name]", chunk);
	ok(r.v[6].kind == SEAL_KIND_SYSTEM && r.v[6].sealed, "chunk %zu: sealed [vdso]", chunk);
	ok(r.v[7].start == 0xffffffffff600000 && r.v[7].kind == SEAL_KIND_SYSTEM &&
	   !strcmp(r.flags[7], "ex"), "chunk %zu: 64-bit address, [vsyscall]", chunk);
}

#define RUN(text, chunk, res) run(text, sizeof(text) - 1, chunk, res)

static void test_missing_vmflags(void)
{
	static const char t[] =
		"1000-2000 r--p 00000000 00:00 0\n"
		"Size: 4 kB\n"
		"2000-3000 r--p 00000000 00:00 0\n"
		"VmFlags: rd sl\n";
	struct result r;

	RUN(t, 3, &r);
	ok(r.rc == 0 && r.n == 2 && !r.v[0].has_vmflags && !r.v[0].sealed &&
	   r.flags[0][0] == '\0' && r.v[1].has_vmflags && r.v[1].sealed,
	   "a record without VmFlags is returned as not known to be sealed");
}

static void test_truncated(void)
{
	static const char cut_line[] =
		"1000-2000 r--p 00000000 00:00 0\n"
		"VmFlags: rd sl\n"
		"2000-3000 r--p 00000000 00:00 0\n"
		"VmFlags: rd s";
	static const char cut_header[] =
		"1000-2000 r--p 00000000 00:00 0\n"
		"VmFlags: rd\n"
		"2000-30";
	static const char header_only[] =
		"1000-2000 r--p 00000000 00:00 0\n"
		"VmFlags: rd\n"
		"2000-3000 rw-p 00000000 00:00 0\n";
	struct result r;

	RUN(cut_line, 5, &r);
	ok(r.rc == -EBADMSG && r.n == 1 && r.line == 4,
	   "unterminated last line: -EBADMSG at line 4, the partial record not returned (n %d, line %lu)",
	   r.n, r.line);
	RUN(cut_header, 64, &r);
	/* The record before the cut never saw its end: it is not returned. */
	ok(r.rc == -EBADMSG && r.n == 0, "a cut header line is an error, not a VMA");
	RUN(header_only, 64, &r);
	ok(r.rc == 0 && r.n == 2 && !r.v[1].has_vmflags,
	   "a final record with only its header is returned, VmFlags unknown");
	run("", 0, 1, &r);
	ok(r.rc == 0 && r.n == 0, "empty input: no VMA, no error (kernel threads)");
}

static void test_long_lines(void)
{
	static char big[200000];
	const char *head = "1000-2000 r--p 00000000 08:01 5 /";
	size_t hl = strlen(head), n;
	struct result r;

	/* A path just at the limit is accepted... */
	memcpy(big, head, hl);
	memset(big + hl, 'a', SEAL_SMAPS_PATH_MAX - 1);
	n = hl + SEAL_SMAPS_PATH_MAX - 1;
	n += (size_t)sprintf(big + n, "\nVmFlags: rd sl\n");
	run(big, n, 4096, &r);
	ok(r.rc == 0 && r.n == 1 && r.v[0].path_len == SEAL_SMAPS_PATH_MAX && r.v[0].sealed,
	   "a %d-byte path is read whole", SEAL_SMAPS_PATH_MAX);

	/* ...one byte more is refused. */
	memset(big + hl, 'a', SEAL_SMAPS_PATH_MAX);
	n = hl + SEAL_SMAPS_PATH_MAX;
	n += (size_t)sprintf(big + n, "\nVmFlags: rd sl\n");
	run(big, n, 4096, &r);
	ok(r.rc == -ENAMETOOLONG && r.n == 0, "a longer path: -ENAMETOOLONG, no VMA");

	/* A line longer than the whole buffer. */
	memcpy(big, head, hl);
	memset(big + hl, 'b', sizeof(big) - hl - 1);
	big[sizeof(big) - 1] = '\n';
	run(big, sizeof(big), 65536, &r);
	ok(r.rc == -ENAMETOOLONG && r.n == 0, "a 200 kB line: -ENAMETOOLONG, no crash");

	n = (size_t)sprintf(big, "1000-2000 r--p 00000000 00:00 0\nVmFlags:");
	memset(big + n, 'x', 300);
	n += 300;
	big[n++] = '\n';
	run(big, n, 100, &r);
	ok(r.rc == -ENAMETOOLONG && r.n == 0, "an over-long VmFlags value is refused");
}

static void test_garbage(void)
{
	static const struct {
		const char *text, *what;
	} bad[] = {
		{ "Size: 4 kB\n", "a field before any header" },
		{ "hello world\n", "a line that is neither header nor field" },
		{ "1000-2000 r--p 00000000 00:00 0\nnot a field\n", "a field without a colon" },
		{ "1000-2000 rwxq 00000000 00:00 0\n", "bad permissions" },
		{ "2000-1000 r--p 00000000 00:00 0\n", "start after end" },
		{ "1000-1000 r--p 00000000 00:00 0\n", "empty range" },
		{ "11112222333344445-2000 r--p 00000000 00:00 0\n", "17 hex digits" },
		{ "1000-2000 r--p 00000000 00:00\n", "missing inode" },
		{ "1000-2000 r--p 00000000 0000 0\n", "device without a colon" },
		{ "1000-2000 r--p 00000000 00:00 0x\n", "junk after the inode" },
		{ "1000-2000 r--p 00000000 00:00 99999999999999999999999\n", "inode overflow" },
		{ "1000-2000  r--p 00000000 00:00 0\n", "double space" },
		{ "1000-2000 r--p 00000000 00:00 0\nVmFlags: rd\nVmFlags: sl\n", "two VmFlags lines" },
		{ "\n", "an empty line" },
		{ ":\n", "a bare colon" },
	};
	static const char nul[] = "1000-2000 r--p 00000000 00:00 0 /a\0b\nVmFlags: sl\n";
	struct result r;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		run(bad[i].text, strlen(bad[i].text), 7, &r);
		ok(r.rc == -EBADMSG && r.n == 0, "garbage (%s): -EBADMSG, no VMA, sticky (rc %d)",
		   bad[i].what, r.rc);
	}
	RUN(nul, 64, &r);
	ok(r.rc == -EBADMSG && r.n == 0, "a NUL byte in a line is refused");
}

/*
 * A NUL far into the input, after the reader has refilled and moved its
 * buffer many times (it looks for NULs once per block read, and must
 * still stop at the right line): every record before it and none after,
 * the line number of the NUL's line, whatever the read sizes.
 */
static void test_late_nul(void)
{
	static const char rec[] = "1000-2000 r--p 00000000 00:00 0 /lib/x.so\n"
				  "Rss:                   4 kB\n"
				  "VmFlags: rd mr sl\n";
	const size_t nrec = 5000, rlen = sizeof(rec) - 1;
	size_t chunks[] = { 1, 61, 4096, 65536, 1 << 20 }, len, i, c, nulat;
	char saved;
	char *text = malloc((nrec + 1) * rlen + 64);
	struct result r;

	if (!text) {
		ok(0, "out of memory");
		return;
	}
	for (i = 0; i < nrec; i++)
		memcpy(text + i * rlen, rec, rlen);
	/* In record 4000's Rss value, line 3 * 3999 + 2.  Record 4000 is
	 * never returned: it has not ended when the NUL is met. */
	nulat = 3999 * rlen + (size_t)(strchr(rec, '\n') - rec) + 10;
	saved = text[nulat];
	text[nulat] = '\0';
	len = nrec * rlen;
	for (c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		run(text, len, chunks[c], &r);
		ok(r.rc == -EBADMSG && r.n == 3999 && r.line == 3 * 3999 + 2,
		   "chunk %zu: a NUL at byte %zu stops at its line (rc %d, n %d, line %lu)",
		   chunks[c], nulat, r.rc, r.n, r.line);
	}
	/* A NUL in the last line, which also lacks its newline. */
	text[nulat] = saved;
	text[len - 3] = '\0';
	run(text, len - 1, 4096, &r);
	ok(r.rc == -EBADMSG && r.n == nrec - 1, "a NUL in an unterminated last line (rc %d, n %d)",
	   r.rc, r.n);
	/* And the input clean again: every record. */
	text[len - 3] = 'l';
	run(text, len, 4096, &r);
	ok(r.rc == 0 && r.n == (int)nrec, "without the NUL: all %zu records (n %d)", nrec, r.n);
	free(text);
}

/* A source that claims more bytes than it was asked for is refused
 * rather than believed (the reader's buffer would overrun). */
static ssize_t liar_read(void *ctx, void *buf, size_t len)
{
	(void)ctx;
	memset(buf, 'a', len);
	return (ssize_t)len + 1;
}

static void test_bad_source(void)
{
	struct seal_smaps *r;
	struct seal_vma v;

	if (seal_smaps_open_fn(&r, liar_read, NULL) < 0) {
		ok(0, "out of memory");
		return;
	}
	ok(seal_smaps_next(r, &v) == -EIO, "a read function returning more than asked: -EIO");
	seal_smaps_close(r);
}

/* Pseudo-random bytes and mutations of the sample: the reader must end
 * with 0 or -errno, and never return a VMA whose range is empty. */
static void test_random(void)
{
	static char buf[4096];
	uint32_t x = 12345;
	int i, bad = 0;

	for (i = 0; i < 20000; i++) {
		size_t len = sizeof(sample) - 1, k;
		struct result r;

		memcpy(buf, sample, len);
		for (k = 0; k < 1 + (size_t)(i % 8); k++) {
			x = x * 1103515245 + 12345;
			buf[(x >> 8) % len] = (char)(x >> 20);
		}
		if (i % 3 == 0)
			len = (x >> 4) % len;
		run(buf, len, 1 + (x >> 12) % 300, &r);
		if (r.rc > 0 || r.rc < -4095)
			bad++;
		for (k = 0; k < (size_t)r.n && k < MAXV; k++)
			if (r.v[k].start >= r.v[k].end)
				bad++;
	}
	ok(bad == 0, "20000 mutated inputs: only VMAs with valid ranges, errors as -errno");
}

static void test_classify(void)
{
	static const struct {
		const char *path, *perms;
		uint64_t inode;
		enum seal_kind kind;
	} t[] = {
		{ "/usr/lib/libc.so.6", "r-xp", 5, SEAL_KIND_CODE },
		{ "/usr/lib/libc.so.6", "r--p", 5, SEAL_KIND_RODATA },
		{ "/usr/lib/libc.so.6", "rw-p", 5, SEAL_KIND_DATA },
		{ "/usr/lib/libc.so.6", "---p", 5, SEAL_KIND_OTHER },
		{ "", "rw-p", 0, SEAL_KIND_ANON },
		{ "[anon:x]", "rw-p", 0, SEAL_KIND_ANON },
		{ "[anon_shmem:x]", "rw-s", 1, SEAL_KIND_ANON },
		{ "[heap]", "rw-p", 0, SEAL_KIND_HEAP },
		{ "[stack]", "rw-p", 0, SEAL_KIND_STACK },
		{ "[vvar]", "r--p", 0, SEAL_KIND_SYSTEM },
		{ "[vvar_vclock]", "r--p", 0, SEAL_KIND_SYSTEM },
		{ "[uprobes]", "r-xp", 0, SEAL_KIND_SYSTEM },
		{ "/SYSV0000002a (deleted)", "rw-s", 3, SEAL_KIND_SHM },
		{ "/dev/shm/x", "rw-s", 3, SEAL_KIND_SHM },
		{ "/memfd:y (deleted)", "r-xp", 3, SEAL_KIND_SHM },
		{ "/memfd:libseal:key (deleted)", "r--s", 3, SEAL_KIND_REGION },
		{ "/memfd:libsealx (deleted)", "r--s", 3, SEAL_KIND_SHM },
		{ "/memfd:sealrun:mdwe (deleted)", "---p", 3, SEAL_KIND_SHM },
		{ "anon_inode:[perf_event]", "r--s", 9, SEAL_KIND_OTHER },
		{ "[io_uring]", "rw-s", 0, SEAL_KIND_OTHER },
	};
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		enum seal_kind k = seal_classify(t[i].path, strlen(t[i].path), t[i].perms, t[i].inode);

		if (k != t[i].kind) {
			printf("# %s %s: %s, want %s\n", t[i].path, t[i].perms,
			       seal_kind_name(k), seal_kind_name(t[i].kind));
			bad++;
		}
	}
	ok(bad == 0, "classification of %zu mappings", sizeof(t) / sizeof(t[0]));
	ok(seal_kind_name(SEAL_KIND_COUNT) == NULL && !strcmp(seal_kind_name(SEAL_KIND_SHM), "shm") &&
	   !strcmp(seal_kind_name(SEAL_KIND_REGION), "region"), "kind names");
}

/* The real thing: seal one of three pages in our own address space and
 * find exactly that range marked sealed in our own smaps. */
static void test_self(void)
{
	long page = sysconf(_SC_PAGESIZE);
	struct seal_smaps *r;
	struct seal_vma v;
	char *p;
	int rc, found = 0, n = 0;

	if (seal_probe() == -ENOSYS) {
		skip("kernel without mseal (ENOSYS)");
		return;
	}
	p = mmap(NULL, (size_t)page * 3, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok(p != MAP_FAILED, "map three pages");
	ok(seal_range(p + 1, (size_t)page) == -EINVAL, "an unaligned address is -EINVAL");
	ok(seal_range(p + page, (size_t)page) == 0, "seal the middle page");
	ok(mprotect(p + page, (size_t)page, PROT_READ) == -1 && errno == EPERM,
	   "the kernel refuses mprotect on it with EPERM");
	ok(mprotect(p, (size_t)page, PROT_READ) == 0, "the page before stays changeable");
	ok(seal_range(p + page, (size_t)page) == 0, "sealing twice is a no-op");
	ok(seal_range(p, 0) == 0, "a zero length seals nothing and succeeds");

	ok(seal_smaps_open(&r, 0) == 0, "open our own smaps");
	while ((rc = seal_smaps_next(r, &v)) == 1) {
		n++;
		if (v.start == (uintptr_t)(p + page) && v.end == (uintptr_t)(p + 2 * page) && v.sealed)
			found++;
		else if (v.start <= (uintptr_t)(p + page) && v.end > (uintptr_t)(p + page))
			found = -100;	/* the page shows up unsealed or merged */
	}
	ok(rc == 0 && n > 5, "read %d VMAs to the end", n);
	ok(found == 1, "exactly the sealed page is a VMA of its own, marked sl");
	seal_smaps_close(r);

	ok(seal_smaps_open(&r, -1) == -EINVAL, "negative pid refused");
	ok(seal_smaps_open_path(&r, "/nonexistent/smaps") == -ENOENT, "missing file: -ENOENT");
}

int main(void)
{
	size_t chunks[] = { 1, 2, 7, 64, 333, 4096, 1 << 20 };
	size_t i;

	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++)
		test_sample(chunks[i]);
	test_missing_vmflags();
	test_truncated();
	test_long_lines();
	test_garbage();
	test_late_nul();
	test_bad_source();
	test_random();
	test_classify();
	test_self();
	return tap_done();
}
