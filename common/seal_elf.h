/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * libseal — what a program file is: its ELF header and program headers,
 * and where a "#!" script leads.  Used by sealrun to refuse, before exec,
 * anything its in-target sealer cannot reach, and by the sealer itself.
 *
 * Every function returns 0 or a negative errno value; nothing prints.
 * Files are read with pread(2) only, bounded by their size: truncated or
 * garbage input gives an error, never a crash.
 */
#ifndef SEAL_ELF_H
#define SEAL_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seal_limits.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One program header that matters for sealing: PT_LOAD or PT_GNU_RELRO. */
struct seal_segment {
	uint32_t type;		/* PT_LOAD or PT_GNU_RELRO */
	uint32_t flags;		/* PF_R | PF_W | PF_X */
	uint64_t vaddr;
	uint64_t memsz;
};

/* The kernel reads at most 64 KiB of program headers; so do we. */
#define SEAL_ELF_PHDRS_MAX_BYTES	65536
/* Longest PT_INTERP the kernel accepts (PATH_MAX, NUL included). */
#define SEAL_ELF_INTERP_MAX		4096

struct seal_elf {
	unsigned int elf_class;		/* 32 or 64 */
	bool big_endian;
	unsigned int type;		/* e_type: ET_EXEC, ET_DYN, … */
	unsigned int machine;		/* e_machine: EM_X86_64, EM_AARCH64, … */
	bool has_interp;		/* a PT_INTERP: dynamically linked */
	bool has_dynamic;		/* a PT_DYNAMIC */
	uint64_t dynamic;		/* the first PT_DYNAMIC's p_vaddr */
	uint64_t load_end;		/* the end of the last PT_LOAD's bytes in the file */
	char interp[SEAL_ELF_INTERP_MAX];
	size_t phnum;			/* program headers of any type */
	size_t nsegments;		/* PT_LOAD and PT_GNU_RELRO headers */
	struct seal_segment segment[SEAL_SEGMENTS_MAX];
	/* segment[i]'s p_offset and p_filesz: where a mapping of the file
	 * at some offset lands in the object. */
	uint64_t offset[SEAL_SEGMENTS_MAX], filesz[SEAL_SEGMENTS_MAX];
};

/*
 * Read the ELF file open on fd.  Returns 0; -ENOEXEC when the file does
 * not start with the ELF magic; -EBADMSG when it does but the header or
 * program headers are malformed or beyond the end of the file; or the
 * error of fstat/pread.
 */
int seal_elf_read(int fd, struct seal_elf *elf);

/* e_machine of the ISA this library was built for. */
unsigned int seal_elf_native_machine(void);

/* "x86_64", "aarch64", "i386", … or NULL for a machine without a name here. */
const char *seal_elf_machine_name(unsigned int machine);

/* Linux reads at most this much of a "#!" line (BINPRM_BUF_SIZE), and
 * follows at most this many levels of scripts: exec_binprm() tries six
 * files (depth 0 to 5), so five scripts lead to an ELF file and a sixth
 * fails with ELOOP (measured on 6.1 and 6.18). */
#define SEAL_SCRIPT_LINE_MAX	256
#define SEAL_SCRIPT_DEPTH_MAX	5

/*
 * Read the interpreter of a "#!" script open on fd into interp (as the
 * kernel parses it: the first word after "#!", blanks skipped).  Returns
 * 0; -ENOEXEC when the file does not start with "#!" or names no
 * interpreter; -ENAMETOOLONG when the name does not fit the kernel's
 * line or interp; or the error of pread.
 */
int seal_script_interp(int fd, char *interp, size_t size);

/* What PROGRAM finally runs as, once "#!" lines are followed. */
struct seal_target {
	char path[SEAL_ELF_INTERP_MAX];	/* the ELF file; on error, the file at fault */
	unsigned int depth;		/* "#!" levels followed (0: PROGRAM is ELF) */
	char script[SEAL_ELF_INTERP_MAX]; /* the last script, when depth > 0 */
	struct seal_elf elf;
};

/*
 * Follow path through "#!" lines to an ELF file and read it.  Returns 0;
 * -ELOOP past SEAL_SCRIPT_DEPTH_MAX levels; or the error of open (the
 * path at fault is in t->path), seal_script_interp or seal_elf_read.
 * Without relative_ok, a relative interpreter is -EACCES, unopened (the
 * caller cannot search the directory the kernel would look in).
 */
int seal_target_read(const char *path, bool relative_ok, struct seal_target *t);

#ifdef __cplusplus
}
#endif

#endif /* SEAL_ELF_H */
