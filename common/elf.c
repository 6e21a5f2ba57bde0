/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * ELF and "#!" reader.  Every read is a pread at an offset checked
 * against the file size first; every field is converted from the file's
 * byte order; a header that does not add up is -EBADMSG.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seal_elf.h"

#ifndef PT_GNU_RELRO
#define PT_GNU_RELRO 0x6474e552
#endif

/* Read exactly len bytes at off, or fail: a short read means the file is
 * shorter than its headers say. */
static int read_at(int fd, void *buf, size_t len, uint64_t off, uint64_t size)
{
	size_t done = 0;

	if (off > size || len > size - off)
		return -EBADMSG;
	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EBADMSG;
		done += (size_t)n;
	}
	return 0;
}

/* Fields in the file's byte order, at any alignment. */
static uint64_t get(const unsigned char *p, size_t len, bool big)
{
	uint64_t v = 0;

	for (size_t i = 0; i < len; i++)
		v |= (uint64_t)p[big ? len - 1 - i : i] << (8 * i);
	return v;
}

#define F(buf, type, field, big) \
	get((const unsigned char *)(buf) + offsetof(type, field), \
	    sizeof(((type *)0)->field), big)

unsigned int seal_elf_native_machine(void)
{
#if defined(__x86_64__)
	return EM_X86_64;
#elif defined(__aarch64__)
	return EM_AARCH64;
#else
	return EM_NONE;
#endif
}

const char *seal_elf_machine_name(unsigned int machine)
{
	switch (machine) {
	case EM_X86_64:		return "x86_64";
	case EM_AARCH64:	return "aarch64";
	case EM_386:		return "i386";
	case EM_ARM:		return "arm";
	case EM_RISCV:		return "riscv";
	case EM_PPC64:		return "ppc64";
	case EM_S390:		return "s390";
	case EM_MIPS:		return "mips";
	case EM_LOONGARCH:	return "loongarch";
	default:		return NULL;
	}
}

/* One program header, whichever the class, into neutral fields. */
struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, filesz, memsz;
};

static void get_phdr(const unsigned char *p, const struct seal_elf *elf, struct phdr *ph)
{
	bool big = elf->big_endian;

	if (elf->elf_class == 64) {
		ph->type = (uint32_t)F(p, Elf64_Phdr, p_type, big);
		ph->flags = (uint32_t)F(p, Elf64_Phdr, p_flags, big);
		ph->offset = F(p, Elf64_Phdr, p_offset, big);
		ph->vaddr = F(p, Elf64_Phdr, p_vaddr, big);
		ph->filesz = F(p, Elf64_Phdr, p_filesz, big);
		ph->memsz = F(p, Elf64_Phdr, p_memsz, big);
	} else {
		ph->type = (uint32_t)F(p, Elf32_Phdr, p_type, big);
		ph->flags = (uint32_t)F(p, Elf32_Phdr, p_flags, big);
		ph->offset = F(p, Elf32_Phdr, p_offset, big);
		ph->vaddr = F(p, Elf32_Phdr, p_vaddr, big);
		ph->filesz = F(p, Elf32_Phdr, p_filesz, big);
		ph->memsz = F(p, Elf32_Phdr, p_memsz, big);
	}
}

/* PT_INTERP: a NUL-terminated path filling the segment, as the kernel
 * requires (binfmt_elf refuses anything else). */
static int read_interp(int fd, struct seal_elf *elf, const struct phdr *ph, uint64_t size)
{
	int rc;

	if (ph->filesz < 2 || ph->filesz > sizeof(elf->interp))
		return -EBADMSG;
	rc = read_at(fd, elf->interp, (size_t)ph->filesz, ph->offset, size);
	if (rc < 0)
		return rc;
	if (elf->interp[ph->filesz - 1] != '\0' || strlen(elf->interp) == 0)
		return -EBADMSG;
	elf->has_interp = true;
	return 0;
}

int seal_elf_read(int fd, struct seal_elf *elf)
{
	unsigned char eh[sizeof(Elf64_Ehdr)];
	unsigned char buf[64 * sizeof(Elf64_Phdr)];
	uint64_t phoff, size;
	size_t phentsize, phnum, done;
	struct stat st;
	int rc;

	memset(elf, 0, offsetof(struct seal_elf, interp));
	elf->interp[0] = '\0';
	elf->nsegments = 0;
	if (fstat(fd, &st) < 0)
		return -errno;
	size = (uint64_t)st.st_size;

	/* Not even an identification block, or not the magic: not ELF. */
	if (size < EI_NIDENT)
		return -ENOEXEC;
	rc = read_at(fd, eh, EI_NIDENT, 0, size);
	if (rc < 0)
		return rc;
	if (memcmp(eh, ELFMAG, SELFMAG) != 0)
		return -ENOEXEC;

	if (eh[EI_CLASS] == ELFCLASS64)
		elf->elf_class = 64;
	else if (eh[EI_CLASS] == ELFCLASS32)
		elf->elf_class = 32;
	else
		return -EBADMSG;
	if (eh[EI_DATA] != ELFDATA2LSB && eh[EI_DATA] != ELFDATA2MSB)
		return -EBADMSG;
	elf->big_endian = eh[EI_DATA] == ELFDATA2MSB;
	if (eh[EI_VERSION] != EV_CURRENT)
		return -EBADMSG;

	rc = read_at(fd, eh, elf->elf_class == 64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr), 0,
		     size);
	if (rc < 0)
		return rc;
	/* e_type and e_machine lie at the same offsets in both classes. */
	_Static_assert(offsetof(Elf32_Ehdr, e_machine) == offsetof(Elf64_Ehdr, e_machine) &&
		       offsetof(Elf32_Ehdr, e_type) == offsetof(Elf64_Ehdr, e_type), "ELF header");
	elf->type = (unsigned int)F(eh, Elf64_Ehdr, e_type, elf->big_endian);
	elf->machine = (unsigned int)F(eh, Elf64_Ehdr, e_machine, elf->big_endian);
	if (elf->elf_class == 64) {
		phoff = F(eh, Elf64_Ehdr, e_phoff, elf->big_endian);
		phentsize = (size_t)F(eh, Elf64_Ehdr, e_phentsize, elf->big_endian);
		phnum = (size_t)F(eh, Elf64_Ehdr, e_phnum, elf->big_endian);
	} else {
		phoff = F(eh, Elf32_Ehdr, e_phoff, elf->big_endian);
		phentsize = (size_t)F(eh, Elf32_Ehdr, e_phentsize, elf->big_endian);
		phnum = (size_t)F(eh, Elf32_Ehdr, e_phnum, elf->big_endian);
	}
	if (phnum && phentsize != (elf->elf_class == 64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr)))
		return -EBADMSG;

	/* PN_XNUM (extended numbering) is beyond this limit too: the kernel
	 * cannot run such a file either. */
	elf->phnum = phnum;
	if (phnum * phentsize > SEAL_ELF_PHDRS_MAX_BYTES)
		return -EBADMSG;
	if (phoff > size || phnum * phentsize > size - phoff)
		return -EBADMSG;

	/* Program headers, a buffer at a time. */
	for (done = 0; done < phnum; ) {
		size_t n = phnum - done;

		if (n > sizeof(buf) / phentsize)
			n = sizeof(buf) / phentsize;
		rc = read_at(fd, buf, n * phentsize, phoff + done * phentsize, size);
		if (rc < 0)
			return rc;
		for (size_t i = 0; i < n; i++) {
			struct phdr ph;

			get_phdr(buf + i * phentsize, elf, &ph);
			if (ph.type == PT_INTERP) {
				/* The kernel takes the first PT_INTERP. */
				if (!elf->has_interp) {
					rc = read_interp(fd, elf, &ph, size);
					if (rc < 0)
						return rc;
				}
				continue;
			}
			if (ph.type == PT_DYNAMIC && !elf->has_dynamic) {
				elf->has_dynamic = true;
				elf->dynamic = ph.vaddr;
			}
			if (ph.type != PT_LOAD && ph.type != PT_GNU_RELRO)
				continue;
			if (ph.vaddr + ph.memsz < ph.vaddr)
				return -EBADMSG;
			if (ph.type == PT_LOAD && ph.filesz > ph.memsz)
				return -EBADMSG;
			if (ph.type == PT_LOAD && ph.offset + ph.filesz > elf->load_end)
				elf->load_end = ph.offset + ph.filesz;
			if (elf->nsegments < SEAL_SEGMENTS_MAX) {
				elf->segment[elf->nsegments] = (struct seal_segment){
					.type = ph.type, .flags = ph.flags,
					.vaddr = ph.vaddr, .memsz = ph.memsz,
				};
				elf->offset[elf->nsegments] = ph.offset;
				elf->filesz[elf->nsegments] = ph.filesz;
			}
			elf->nsegments++;
		}
		done += n;
	}
	return 0;
}

int seal_script_interp(int fd, char *interp, size_t size)
{
	char line[SEAL_SCRIPT_LINE_MAX];
	ssize_t n;
	size_t i, start, end;

	do
		n = pread(fd, line, sizeof(line), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n < 2 || line[0] != '#' || line[1] != '!')
		return -ENOEXEC;

	/* "#!", blanks, the interpreter, then blanks and one argument. */
	for (i = 2; i < (size_t)n && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	start = i;
	for (; i < (size_t)n && line[i] != ' ' && line[i] != '\t' &&
	       line[i] != '\n' && line[i] != '\0'; i++)
		;
	end = i;
	if (end == start)
		return -ENOEXEC;
	/* A name running into the end of what the kernel reads is cut. */
	if (end == (size_t)n && n == (ssize_t)sizeof(line))
		return -ENAMETOOLONG;
	if (end - start >= size)
		return -ENAMETOOLONG;
	memcpy(interp, line + start, end - start);
	interp[end - start] = '\0';
	return 0;
}

static int copy_path(char *dst, const char *src)
{
	size_t len = strlen(src);

	if (len >= SEAL_ELF_INTERP_MAX)
		return -ENAMETOOLONG;
	memcpy(dst, src, len + 1);
	return 0;
}

int seal_target_read(const char *path, bool relative_ok, struct seal_target *t)
{
	char next[SEAL_ELF_INTERP_MAX];
	int rc;

	t->depth = 0;
	t->script[0] = '\0';
	rc = copy_path(t->path, path);
	if (rc < 0)
		return rc;

	for (;;) {
		int fd;

		/* A relative interpreter is the kernel's to find from the
		 * task's directory, which the caller could not search. */
		if (t->depth && t->path[0] != '/' && !relative_ok)
			return -EACCES;
		/* O_NONBLOCK: a FIFO put where a program was expected must
		 * not hold the reader (sealrun's supervisor judges for a whole
		 * tree); on a regular file it changes nothing. */
		fd = open(t->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
		if (fd < 0)
			return -errno;
		rc = seal_elf_read(fd, &t->elf);
		if (rc != -ENOEXEC) {
			close(fd);
			return rc;
		}
		rc = seal_script_interp(fd, next, sizeof(next));
		close(fd);
		if (rc < 0)
			return rc;
		/* Linux gives up past this depth with ELOOP as well. */
		if (++t->depth > SEAL_SCRIPT_DEPTH_MAX)
			return -ELOOP;
		memcpy(t->script, t->path, sizeof(t->script));
		memcpy(t->path, next, sizeof(t->path));
	}
}
