/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Unit tests for the link-map reader (lib/linkmap.c).
 *
 * Real processes: this test itself (checked against dl_iterate_phdr),
 * and children compiled here with gcc: a PIE and a non-PIE program, one
 * with a dlopen'd library and a dlmopen namespace, one whose dlopen'd
 * library file is deleted, one linked against a library whose first
 * PT_LOAD maps the file from offset 0x1000 (tests/helpers/nohdr.ld), so
 * that its headers are not in memory.  Then made-up address spaces
 * (tests/unit/fakemem.h): cycles, stray pointers, overlong lists and
 * names must give -EBADMSG or -ENOENT, never a hang; list bombs (8,192
 * entries each needing the one before, names and DT_NEEDED entries as
 * long as allowed) must be read or refused within the budgets of seal.h,
 * counted read by read, and within a time bound.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "seal.h"
#include "seal_elf.h"
#include "fakemem.h"
#include "tap.h"

static char dir[] = "/tmp/test_linkmap.XXXXXX";

/* ---- this process -------------------------------------------------------- */

struct seen {
	size_t n;
	uintptr_t bias[256];
};

static int note_object(struct dl_phdr_info *info, size_t size, void *ctx)
{
	struct seen *s = ctx;

	(void)size;
	if (s->n < 256)
		s->bias[s->n++] = info->dlpi_addr;
	return 0;
}

static const struct seal_object *find(const struct seal_objects *o, const char *base,
				      unsigned int ns)
{
	for (size_t i = 0; i < o->count; i++) {
		const char *s = strrchr(o->object[i].name, '/');

		s = s ? s + 1 : o->object[i].name;
		if (o->object[i].ns == ns && strcmp(s, base) == 0)
			return &o->object[i];
	}
	return NULL;
}

static void test_self(void)
{
	struct seal_objects *o;
	struct seen seen = { 0 };
	size_t i, k, matched = 0;
	int rc = seal_objects_read(0, &o);

	ok(rc == 0, "this process: read (%d)", rc);
	if (rc < 0)
		return;
	dl_iterate_phdr(note_object, &seen);
	ok(o->nnamespaces >= 1 && o->consistent, "one consistent namespace at least");
	ok(o->count > 0 && o->object[0].name[0] == '\0' && o->object[0].ns == 0,
	   "the main program first, with an empty name");
	ok(o->object[0].phdrs == SEAL_PHDRS_MEMORY &&
	   o->object[0].bias + o->object[0].segment[0].vaddr <= getauxval(AT_PHDR),
	   "the main program's headers from AT_PHDR");
	for (i = 0; i < seen.n; i++)
		for (k = 0; k < o->ns[0].count; k++)
			if (o->object[k].bias == seen.bias[i]) {
				matched++;
				break;
			}
	ok(matched == seen.n && o->ns[0].count == seen.n,
	   "namespace 0 is what dl_iterate_phdr lists (%zu of %zu, %zu read)",
	   matched, seen.n, o->ns[0].count);
	for (i = k = 0; i < o->count; i++)
		k += o->object[i].initial && o->object[i].phdrs == SEAL_PHDRS_MEMORY;
	ok(k == o->count, "every object loaded at start-up, headers from memory");
	ok(find(o, "libc.so.6", 0) && !strcmp(find(o, "libc.so.6", 0)->soname, "libc.so.6"),
	   "libc with its DT_SONAME");
	seal_objects_free(o);
}

/* ---- children ------------------------------------------------------------ */

static const char child_src[] =
	"#define _GNU_SOURCE\n"
	"#include <dlfcn.h>\n#include <stdio.h>\n#include <string.h>\n#include <unistd.h>\n"
	"int off_value(int);\n"
	"int main(int argc, char **argv) {\n"
	"  for (int i = 1; i + 1 < argc; i += 2) {\n"
	"    if (!strcmp(argv[i], \"-m\") && !dlmopen(LM_ID_NEWLM, argv[i + 1], RTLD_NOW)) return 1;\n"
	"    if (!strcmp(argv[i], \"-d\") && !dlopen(argv[i + 1], RTLD_NOW)) return 1;\n"
	"    if (!strcmp(argv[i], \"-u\")) unlink(argv[i + 1]);\n"
	"  }\n"
	"#ifdef OFF\n  if (off_value(3) != 22) return 1;\n#endif\n"
	"  puts(\"ready\"); fflush(stdout); pause(); return 0;\n}\n";

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* Start dir/prog with args, wait for its "ready".  pid or -1. */
static pid_t start(const char *prog, char *const args[])
{
	char path[256], line[16] = "";
	char *argv[16] = { path };
	int p[2];
	pid_t pid;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, prog);
	for (int i = 0; args[i] && i < 14; i++)
		argv[i + 1] = args[i];
	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		execv(path, argv);
		_exit(127);
	}
	close(p[1]);
	f = fdopen(p[0], "r");
	if (!f || !fgets(line, sizeof(line), f) || strcmp(line, "ready\n") != 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		pid = -1;
	}
	if (f)
		fclose(f);
	return pid;
}

static void stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* Do the segments read equal those of the file (the ELF reader's)? */
static bool same_segments(const struct seal_object *ob, const char *path)
{
	static struct seal_elf elf;
	int fd = open(path, O_RDONLY), rc;
	size_t i;

	if (fd < 0)
		return false;
	rc = seal_elf_read(fd, &elf);
	close(fd);
	if (rc < 0 || elf.nsegments != ob->nsegments)
		return false;
	for (i = 0; i < elf.nsegments && i < SEAL_OBJECT_SEGMENTS_MAX; i++)
		if (elf.segment[i].type != ob->segment[i].type ||
		    elf.segment[i].vaddr != ob->segment[i].vaddr ||
		    elf.segment[i].memsz != ob->segment[i].memsz ||
		    elf.segment[i].flags != ob->segment[i].flags)
			return false;
	return true;
}

static void test_programs(void)
{
	char path[512], exe[256];
	struct seal_objects *o;
	const struct seal_object *ob;
	pid_t pid;
	int rc;

	/* PIE and non-PIE. */
	for (int pie = 1; pie >= 0; pie--) {
		pid = start(pie ? "pie" : "nopie", (char *[]){ NULL });
		ok(pid > 0, "%s child started", pie ? "PIE" : "non-PIE");
		if (pid < 0)
			continue;
		rc = seal_objects_read(pid, &o);
		ok(rc == 0, "%s child: read (%d)", pie ? "PIE" : "non-PIE", rc);
		if (rc == 0) {
			snprintf(exe, sizeof(exe), "%s/%s", dir, pie ? "pie" : "nopie");
			ob = &o->object[0];
			ok(pie ? ob->bias != 0 : ob->bias == 0, "%s: main program's bias %#llx",
			   pie ? "PIE" : "non-PIE", (unsigned long long)ob->bias);
			ok(same_segments(ob, exe), "%s: its segments are the file's", exe);
			seal_objects_free(o);
		}
		stop(pid);
	}

	/* dlopen and a dlmopen namespace. */
	snprintf(path, sizeof(path), "%s/libplug.so", dir);
	pid = start("pie", (char *[]){ "-d", path, "-m", "libm.so.6", NULL });
	ok(pid > 0, "dlopen/dlmopen child started");
	if (pid > 0) {
		rc = seal_objects_read(pid, &o);
		ok(rc == 0, "dlopen/dlmopen child: read (%d)", rc);
		if (rc == 0) {
			ok(o->nnamespaces == 2 && o->ns[0].version == 2 && o->ns[1].count > 0,
			   "two namespaces through r_next (%zu)", o->nnamespaces);
			ob = find(o, "libm.so.6", 1);
			ok(ob && !ob->initial && ob->phdrs == SEAL_PHDRS_MEMORY,
			   "libm in namespace 1, loaded after start-up");
			ob = find(o, "libc.so.6", 1);
			ok(ob && !ob->initial, "namespace 1 has its own libc, not initial");
			ob = find(o, "libplug.so", 0);
			ok(ob && !ob->initial && !strcmp(ob->name, path),
			   "the dlopen'd library in namespace 0, after start-up");
			ob = find(o, "libc.so.6", 0);
			ok(ob && ob->initial, "namespace 0's libc is initial");
			seal_objects_free(o);
		}
		stop(pid);
	}

	/* A deleted library file. */
	snprintf(path, sizeof(path), "%s/libgone.so", dir);
	sh("cp %s/libplug.so %s", dir, path);
	pid = start("pie", (char *[]){ "-d", path, "-u", path, NULL });
	ok(pid > 0 && access(path, F_OK) < 0, "child with a deleted library started");
	if (pid > 0) {
		rc = seal_objects_read(pid, &o);
		ob = rc == 0 ? find(o, "libgone.so", 0) : NULL;
		ok(ob && ob->phdrs == SEAL_PHDRS_MEMORY && ob->nsegments >= 2 && !strcmp(ob->name, path),
		   "the deleted library is listed by its path, headers from memory");
		if (rc == 0)
			seal_objects_free(o);
		stop(pid);
	}

	/* Headers not mapped: the first PT_LOAD is at file offset 0x1000. */
	pid = start("offmain", (char *[]){ NULL });
	ok(pid > 0, "child linked with liboff.so started");
	if (pid > 0) {
		rc = seal_objects_read(pid, &o);
		ob = rc == 0 ? find(o, "liboff.so", 0) : NULL;
		snprintf(path, sizeof(path), "%s/liboff.so", dir);
		ok(ob && ob->initial && ob->phdrs == SEAL_PHDRS_FILE,
		   "liboff.so: initial, headers from its file (%d)", ob ? (int)ob->phdrs : -1);
		ok(ob && same_segments(ob, path), "liboff.so: the file's segments");
		if (rc == 0)
			seal_objects_free(o);
		stop(pid);
	}
}

static bool native_compiler(void)
{
	FILE *p = popen("gcc -dumpmachine 2>/dev/null", "r");
	char line[128] = "";
	bool native;

	if (!p)
		return false;
	if (!fgets(line, sizeof(line), p))
		line[0] = '\0';
	pclose(p);
#if defined(__x86_64__)
	native = strncmp(line, "x86_64", 6) == 0;
#elif defined(__aarch64__)
	native = strncmp(line, "aarch64", 7) == 0;
#else
	native = false;
#endif
	/* Under qemu-user, /proc/self is qemu's: not ours to read. */
	return native && getauxval(AT_PHDR) != 0 && access("/proc/self/mem", R_OK) == 0;
}

static bool build_children(void)
{
	FILE *f;
	char src[300], cwd[1024];
	const char *top = getenv("SEALTOOLS_SRC");

	snprintf(src, sizeof(src), "%s/child.c", dir);
	/* The source tree: the current directory unless told. */
	if (!top)
		top = getcwd(cwd, sizeof(cwd));
	f = fopen(src, "w");
	if (!f || fputs(child_src, f) < 0 || fclose(f) != 0)
		return false;
	return sh("cd %s && gcc -O2 -pie -fPIE -o pie child.c -ldl && "
		  "gcc -O2 -no-pie -fno-pie -o nopie child.c -ldl && "
		  "printf 'int plug(int x) { return x + 1; }\\n' >plug.c && "
		  "gcc -O2 -shared -fPIC -o libplug.so plug.c && "
		  "printf 'int off_value(int x) { return x * 7 + 1; }\\n' >off.c && "
		  "gcc -O2 -shared -fPIC -Wl,-T,%s/tests/helpers/nohdr.ld -Wl,--no-eh-frame-hdr "
		  "-o liboff.so off.c && "
		  "gcc -O2 -DOFF -o offmain child.c -L. -loff -Wl,-rpath,%s -ldl",
		  dir, top ? top : ".", dir) == 0;
}

/* ---- made-up address spaces ------------------------------------------------- */

static int read_fake(unsigned char *img, size_t len, const char *preload,
		     struct seal_objects **o)
{
	struct fakemem m = { img, len };
	struct seal_auxv aux = fake_auxv();

	return seal_objects_read_fn(&aux, fake_read, &m, preload, o);
}

static void test_fake(void)
{
	static unsigned char img[FAKE_SIZE];
	struct seal_objects *o;
	int rc;

	fake_image(img, 4);
	rc = read_fake(img, sizeof(img), NULL, &o);
	ok(rc == 0 && o->count == 4 && o->nnamespaces == 1 && o->consistent &&
	   !strcmp(o->object[2].name, "/lib/libfake2.so"), "a valid image: 4 objects (%d)", rc);
	if (rc == 0) {
		ok(o->object[0].initial && !o->object[1].initial,
		   "only the main program is initial without DT_NEEDED");
		seal_objects_free(o);
	}
	rc = read_fake(img, sizeof(img), "libfake1.so:/lib/libfake3.so", &o);
	ok(rc == 0 && o->object[1].initial && !o->object[2].initial && o->object[3].initial,
	   "preloads by name and by path are initial");
	if (rc == 0)
		seal_objects_free(o);

	/* RT_ADD is reported. */
	fake_put(img, FAKE_RDEBUG + 24, SEAL_RT_ADD, 4);
	rc = read_fake(img, sizeof(img), NULL, &o);
	ok(rc == 0 && !o->consistent && o->ns[0].state == SEAL_RT_ADD, "r_state RT_ADD reported");
	if (rc == 0)
		seal_objects_free(o);

	/* A cycle back to the head, and one further in. */
	fake_image(img, 4);
	fake_put(img, FAKE_MAPS + 3 * 0x40 + 24, fake_map_addr(0), 8);
	ok(read_fake(img, sizeof(img), NULL, &o) == -EBADMSG, "a cycle to the head: -EBADMSG");
	fake_image(img, 4);
	fake_put(img, FAKE_MAPS + 3 * 0x40 + 24, fake_map_addr(3), 8);
	ok(read_fake(img, sizeof(img), NULL, &o) == -EBADMSG, "an entry pointing at itself");
	fake_image(img, 4);
	fake_put(img, FAKE_MAPS + 3 * 0x40 + 24, fake_map_addr(1), 8);
	fake_put(img, FAKE_MAPS + 1 * 0x40 + 32, fake_map_addr(3), 8);
	ok(read_fake(img, sizeof(img), NULL, &o) == -EBADMSG,
	   "a cycle whose entry points back at the wrong place");

	/* Stray pointers. */
	fake_image(img, 3);
	fake_put(img, FAKE_MAPS + 1 * 0x40 + 24, 0xdead0000, 8);
	ok(read_fake(img, sizeof(img), NULL, &o) == -EBADMSG, "l_next outside memory");
	fake_image(img, 3);
	fake_put(img, FAKE_MAPS + 1 * 0x40 + 8, 0xdead0000, 8);
	ok(read_fake(img, sizeof(img), NULL, &o) == -EBADMSG, "l_name outside memory");
	fake_image(img, 3);
	memset(img + FAKE_NAMES + 0x40, 'x', FAKE_SIZE - FAKE_NAMES - 0x40);
	ok(read_fake(img, sizeof(img), NULL, &o) == -EBADMSG, "a name without its NUL");

	/* A chain of every slot, looping in a long circle. */
	fake_image(img, FAKE_MAPS_MAX);
	rc = read_fake(img, sizeof(img), NULL, &o);
	ok(rc == 0 && o->count == FAKE_MAPS_MAX, "%u objects read", (unsigned)FAKE_MAPS_MAX);
	if (rc == 0)
		seal_objects_free(o);
	fake_put(img, FAKE_MAPS + (FAKE_MAPS_MAX - 1) * 0x40 + 24, fake_map_addr(0), 8);
	ok(read_fake(img, sizeof(img), NULL, &o) == -EBADMSG, "the same, closed into a circle");

	/* Namespaces: a second one, then a cycle of them. */
	fake_image(img, 3);
	fake_put(img, FAKE_MAPS + 1 * 0x40 + 24, 0, 8);		/* ns 0: main, lib1 */
	fake_put(img, FAKE_MAPS + 2 * 0x40 + 32, 0, 8);		/* ns 1: lib2 */
	fake_put(img, FAKE_RDEBUG + 40, FAKE_BASE + FAKE_RDEBUG2, 8);
	fake_put(img, FAKE_RDEBUG2, 2, 4);
	fake_put(img, FAKE_RDEBUG2 + 8, fake_map_addr(2), 8);
	rc = read_fake(img, sizeof(img), NULL, &o);
	ok(rc == 0 && o->nnamespaces == 2 && o->ns[1].count == 1 && o->object[2].ns == 1,
	   "a second namespace through r_next (%d)", rc);
	if (rc == 0)
		seal_objects_free(o);
	fake_put(img, FAKE_RDEBUG2 + 40, FAKE_BASE + FAKE_RDEBUG, 8);
	ok(read_fake(img, sizeof(img), NULL, &o) == -EBADMSG, "a cycle of namespaces");
	/* Version 1: r_next is not read. */
	fake_put(img, FAKE_RDEBUG, 1, 4);
	rc = read_fake(img, sizeof(img), NULL, &o);
	ok(rc == 0 && o->nnamespaces == 1, "r_version 1: one namespace");
	if (rc == 0)
		seal_objects_free(o);

	/* No loader list. */
	fake_image(img, 2);
	fake_put(img, FAKE_RDEBUG, 0, 4);
	ok(read_fake(img, sizeof(img), NULL, &o) == -ENOENT, "r_version 0: -ENOENT");
	fake_image(img, 2);
	fake_put(img, FAKE_DYNAMIC, DT_NULL, 8);
	ok(read_fake(img, sizeof(img), NULL, &o) == -ENOENT, "no DT_DEBUG: -ENOENT");
	fake_image(img, 2);
	fake_put(img, FAKE_PHDR + 2 * sizeof(Elf64_Phdr), PT_NULL, 4);
	ok(read_fake(img, sizeof(img), NULL, &o) == -ENOENT, "no PT_DYNAMIC (static): -ENOENT");
	fake_image(img, 2);
	ok(read_fake(img, FAKE_PHDR, NULL, &o) == -ENOENT, "headers not readable: -ENOENT");
}

/* ---- list bombs: bounded cost --------------------------------------------- */

static double now(void)
{
	struct timespec ts;

	/* The CPU time this process used: the bound is on the work done
	 * (cubic work took an hour), not on how loaded the machine is. */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Read a bomb; ok unless it took more reads or bytes than seal.h
 * allows for SEAL_OBJECTS_MAX objects, or more than 60 s of CPU (cubic took an hour
 * natively; a qemu-system guest under TCG on a loaded machine takes 20 s for the
 * linear work: the counts above are the exact bound, this one catches a blow-up). */
static int read_bomb(struct bomb *b, const char *what, struct seal_objects **o)
{
	struct seal_auxv aux = fake_auxv();
	unsigned long reads_max = SEAL_OBJECTS_READS_BASE +
				  (unsigned long)SEAL_OBJECTS_READS_PER * SEAL_OBJECTS_MAX;
	unsigned long long bytes_max = SEAL_OBJECTS_BYTES_BASE +
				       (unsigned long long)SEAL_OBJECTS_BYTES_PER * SEAL_OBJECTS_MAX;
	double t0 = now(), took;
	int rc = seal_objects_read_fn(&aux, bomb_read, b, NULL, o);

	took = now() - t0;
	ok(b->reads <= reads_max && b->bytes <= bytes_max,
	   "%s: %lu reads (at most %lu), %llu bytes (at most %llu)", what, b->reads, reads_max,
	   b->bytes, bytes_max);
	ok(took < 60.0, "%s: %.3f s of CPU (a bound for slow machines and sanitizers)", what, took);
	return rc;
}

static void test_bombs(void)
{
	static unsigned char img[FAKE_SIZE];
	struct seal_objects *o;
	struct bomb b;
	size_t i, initial;
	int rc;

	fake_image(img, 1);
	/* 8,191 entries after the main program, each needing the one
	 * before, the main program the last: marking in list order found one
	 * more object a round (cubic: an hour for this). */
	b = (struct bomb){ .img = img, .n = SEAL_OBJECTS_MAX - 1, .needed = 1 };
	rc = read_bomb(&b, "8,192 entries, each needing the one before", &o);
	ok(rc == 0 && o->count == SEAL_OBJECTS_MAX, "read whole (%d)", rc);
	if (rc == 0) {
		for (i = initial = 0; i < o->count; i++)
			initial += o->object[i].initial;
		ok(initial == o->count, "all %zu start-up objects found (%zu)", o->count, initial);
		seal_objects_free(o);
	}
	b = (struct bomb){ .img = img, .n = SEAL_OBJECTS_MAX, .needed = 1 };
	ok(read_bomb(&b, "one entry more", &o) == -EBADMSG, "past SEAL_OBJECTS_MAX: -EBADMSG");

	/* Every entry with 256 DT_NEEDED names of 4,000 bytes (8 GiB of
	 * names, copied per entry). */
	b = (struct bomb){ .img = img, .n = SEAL_OBJECTS_MAX - 1, .needed = 256, .need_len = 4000 };
	ok(read_bomb(&b, "a DT_NEEDED bomb", &o) == -EBADMSG, "refused: -EBADMSG");
	b = (struct bomb){ .img = img, .n = 40, .needed = 256, .need_len = 4000 };
	ok(read_bomb(&b, "40 entries of such names", &o) == -EBADMSG, "refused: -EBADMSG");
	/* Names of 4,000 bytes: past the strings kept. */
	b = (struct bomb){ .img = img, .n = SEAL_OBJECTS_MAX - 1, .name_pad = 3980, .needed = 1 };
	ok(read_bomb(&b, "8,191 names of 4,000 bytes", &o) == -EBADMSG, "refused: -EBADMSG");
	/* Short names, many DT_NEEDED: reads run out first. */
	b = (struct bomb){ .img = img, .n = SEAL_OBJECTS_MAX - 1, .needed = 256, .need_len = 8 };
	ok(read_bomb(&b, "8,191 entries of 256 short names", &o) == -EBADMSG, "refused: -EBADMSG");
}

/* seal_objects_read_dir_max(): the caller's bound. */
static void test_bounded(void)
{
	struct seal_objects *o;
	int dirfd = open("/proc/self", O_PATH | O_DIRECTORY | O_CLOEXEC), rc;

	rc = seal_objects_read_dir_max(dirfd, 1, 0, &o);
	ok(rc == -E2BIG && !o, "more objects than max_objects: -E2BIG (%d)", rc);
	rc = seal_objects_read_dir_max(dirfd, 0, 0, &o);
	ok(rc == 0 && o->count > 1, "max_objects 0: SEAL_OBJECTS_MAX (%d)", rc);
	if (rc == 0) {
		size_t n = o->count;

		seal_objects_free(o);
		rc = seal_objects_read_dir_max(dirfd, n, 0, &o);
		ok(rc == 0 && o->count == n, "exactly max_objects: read (%d)", rc);
		if (rc == 0)
			seal_objects_free(o);
		rc = seal_objects_read_dir_max(dirfd, 0, SEAL_OBJECTS_NO_PHDRS, &o);
		ok(rc == 0 && o->count == n && o->object[0].phdrs == SEAL_PHDRS_MEMORY &&
		   o->object[1].phdrs == SEAL_PHDRS_NONE && !o->object[1].nsegments,
		   "SEAL_OBJECTS_NO_PHDRS: the main program's headers only (%d)", rc);
		if (rc == 0)
			seal_objects_free(o);
	}
	close(dirfd);
}

int main(void)
{
	test_fake();
	test_bombs();
	if (!native_compiler()) {
		skip("no native gcc, or /proc/self is not this program's (qemu-user)");
		return tap_done();
	}
	test_self();
	test_bounded();
	if (!mkdtemp(dir) || !build_children()) {
		ok(0, "children built in %s", dir);
		return tap_done();
	}
	test_programs();
	sh("rm -rf %s", dir);
	return tap_done();
}
