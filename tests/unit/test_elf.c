/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/* Unit tests for the ELF and "#!" reader: real files, made-up files,
 * and every truncation of a real header. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seal_elf.h"
#include "tap.h"

static char dir[] = "/tmp/test_elf.XXXXXX";

static const char *put(const char *name, const void *data, size_t len, mode_t mode)
{
	static char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		abort();
	close(fd);
	return path;
}

static int read_path(const char *path, struct seal_elf *elf)
{
	int fd = open(path, O_RDONLY), rc;

	if (fd < 0)
		return -errno;
	rc = seal_elf_read(fd, elf);
	close(fd);
	return rc;
}

static unsigned char *slurp(const char *path, size_t *len)
{
	struct stat st;
	unsigned char *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) < 0)
		abort();
	buf = malloc((size_t)st.st_size);
	if (!buf || read(fd, buf, (size_t)st.st_size) != st.st_size)
		abort();
	close(fd);
	*len = (size_t)st.st_size;
	return buf;
}

int main(void)
{
	static struct seal_elf elf;
	static struct seal_target t;
	unsigned char *sh;
	size_t len, bad = 0;
	char interp[64];
	int rc;

	if (!mkdtemp(dir))
		return 1;

	/* This test program: native by definition, also under qemu-user. */
	rc = read_path("/proc/self/exe", &elf);
	ok(rc == 0 && elf.elf_class == 64 && elf.machine == seal_elf_native_machine() &&
	   elf.has_interp && elf.interp[0] == '/', "itself: 64-bit, native, interp %s", elf.interp);
	ok(elf.nsegments >= 2, "itself: %zu PT_LOAD/RELRO headers", elf.nsegments);
	ok(!strcmp(seal_elf_machine_name(EM_AARCH64), "aarch64") &&
	   seal_elf_machine_name(9999) == NULL, "machine names");

	/* Every truncation of a real executable is an error, never a crash. */
	sh = slurp("/proc/self/exe", &len);
	for (size_t cut = 0; cut < 4096 && cut < len; cut += 7) {
		rc = read_path(put("cut", sh, cut, 0644), &elf);
		if (rc != -ENOEXEC && rc != -EBADMSG && rc != 0)
			bad++;
		/* Cut before the headers end: must fail. */
		if (cut < sizeof(Elf64_Ehdr) && rc == 0)
			bad++;
	}
	ok(bad == 0, "truncations give -ENOEXEC or -EBADMSG");

	/* Garbage after the magic. */
	bad = 0;
	srand(1);
	for (int i = 0; i < 2000; i++) {
		unsigned char junk[512];

		memcpy(junk, sh, sizeof(junk) < len ? sizeof(junk) : len);
		for (int k = 0; k < 8; k++)
			junk[4 + rand() % 60] = (unsigned char)rand();
		rc = read_path(put("junk", junk, sizeof(junk), 0644), &elf);
		if (rc != 0 && rc != -EBADMSG && rc != -ENOEXEC)
			bad++;
	}
	ok(bad == 0, "random header bytes: an answer or -EBADMSG");

	/* Not ELF at all. */
	ok(read_path(put("text", "hello\n", 6, 0644), &elf) == -ENOEXEC, "text: -ENOEXEC");
	ok(read_path(put("empty", "", 0, 0644), &elf) == -ENOEXEC, "empty: -ENOEXEC");

	/* ELF with a bad class byte. */
	memcpy(interp, "\177ELF\003\001\001", 7);
	memset(interp + 7, 0, sizeof(interp) - 7);
	ok(read_path(put("class3", interp, sizeof(interp), 0644), &elf) == -EBADMSG,
	   "bad class: -EBADMSG");

	/* A PT_INTERP running past the end of the file. */
	{
		unsigned char *copy = malloc(len);
		Elf64_Ehdr *eh = (Elf64_Ehdr *)copy;

		memcpy(copy, sh, len);
		for (int i = 0; i < eh->e_phnum; i++) {
			Elf64_Phdr *ph = (Elf64_Phdr *)(copy + eh->e_phoff) + i;

			if (ph->p_type == PT_INTERP)
				ph->p_offset = len - 3;
		}
		ok(read_path(put("interp", copy, len, 0644), &elf) == -EBADMSG,
		   "PT_INTERP beyond EOF: -EBADMSG");
		free(copy);
	}

	/* Scripts. */
	{
		int fd;

		put("s1", "#! /bin/sh -e\necho\n", 19, 0755);
		fd = open(put("s1", "#! /bin/sh -e\necho\n", 19, 0755), O_RDONLY);
		ok(seal_script_interp(fd, interp, sizeof(interp)) == 0 && !strcmp(interp, "/bin/sh"),
		   "#! with blanks and an argument: %s", interp);
		close(fd);
		fd = open(put("s2", "#!\n", 3, 0755), O_RDONLY);
		ok(seal_script_interp(fd, interp, sizeof(interp)) == -ENOEXEC, "#! without a name");
		close(fd);
	}
	{
		char path[300], line[400];

		snprintf(line, sizeof(line), "#!%s/s1\n", dir);
		snprintf(path, sizeof(path), "%s", put("s3", line, strlen(line), 0755));
		rc = seal_target_read(path, true, &t);
		ok(rc == 0 && t.depth == 2 && !strcmp(t.path, "/bin/sh") && t.elf.has_interp,
		   "a script for a script for /bin/sh: depth %u, %s", t.depth, t.path);

		/* A script naming itself loops until the kernel's limit. */
		snprintf(line, sizeof(line), "#!%s/self\n", dir);
		snprintf(path, sizeof(path), "%s", put("self", line, strlen(line), 0755));
		ok(seal_target_read(path, true, &t) == -ELOOP, "script loop: -ELOOP");

		snprintf(line, sizeof(line), "#!%s/nowhere\n", dir);
		snprintf(path, sizeof(path), "%s", put("lost", line, strlen(line), 0755));
		ok(seal_target_read(path, true, &t) == -ENOENT && strstr(t.path, "nowhere"),
		   "missing interpreter: -ENOENT naming it");

		/* A relative interpreter, where the caller cannot look in the
		 * task's directory: EACCES, and the name given; an absolute
		 * one is followed all the same. */
		snprintf(path, sizeof(path), "%s", put("rel", "#!s1\n", 5, 0755));
		ok(seal_target_read(path, false, &t) == -EACCES && !strcmp(t.path, "s1") &&
		   t.depth == 1, "relative interpreter, no directory: -EACCES naming it");
		ok(seal_target_read(put("s4", line, strlen(line), 0755), false, &t) == -ENOENT,
		   "absolute interpreter, no directory: followed");
	}

	free(sh);
	{
		char cmd[64];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			return 1;
	}
	return tap_done();
}
