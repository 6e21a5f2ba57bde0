/* sealrun: what its files share.  Only cmd/sealrun prints and exits. */
#ifndef SEALRUN_H
#define SEALRUN_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "seal_elf.h"

/* Exit statuses, as env(1) and timeout(1). */
#define EXIT_FAILED		125	/* sealrun failed or refused */
#define EXIT_CANNOT_INVOKE	126	/* found but not executable */
#define EXIT_ENOENT		127	/* not found */

/* A refusal: the status to exit with, and one line saying why and what
 * to do instead, without the "sealrun: " prefix. */
struct refusal {
	int status;
	char why[1024];
};

/* PROGRAM as the kernel will run it. */
struct program {
	char path[PATH_MAX];		/* PROGRAM resolved like execvp */
	bool via_sh;			/* neither ELF nor "#!": execvp's /bin/sh */
	struct seal_target target;	/* the ELF file finally run */
};

/* Resolve name like execvp (PATH search unless it has a '/'), then
 * follow "#!" to the ELF file.  0, or a refusal filled in. */
int program_find(const char *name, struct program *p, struct refusal *r);

/* Can the sealer reach this ELF file: 64-bit, this machine, dynamically
 * linked by our loader?  0, or a refusal filled in. */
int check_elf(const struct program *p, struct refusal *r);

/* Would the loader run it in secure mode (and ignore LD_PRELOAD)?
 * 0, or a refusal filled in. */
int check_secure(const struct program *p, struct refusal *r);

/* The sealer library, found next to this sealrun (see sealrun(1)).
 * 0, or a refusal filled in. */
int find_sealer(char *path, size_t size, struct refusal *r);

#endif /* SEALRUN_H */
