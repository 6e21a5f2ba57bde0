/* sealrun: what its files share.  Only cmd/sealrun prints and exits. */
#ifndef SEALRUN_H
#define SEALRUN_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "seal_elf.h"
#include "sealrun_env.h"

/* Exit statuses, as env(1) and timeout(1). */
#define EXIT_FAILED		SEALRUN_EXIT_FAILED	/* 125: failed or refused */
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

/* Fill r with status and the reason, for the caller to print; returns
 * status. */
__attribute__((format(printf, 3, 4)))
int refuse(struct refusal *r, int status, const char *fmt, ...);

/* Resolve name like execvp (PATH search unless it has a '/'), then
 * follow "#!" to the ELF file.  0, or a refusal filled in. */
int program_find(const char *name, struct program *p, struct refusal *r);

/* Can the sealer reach this ELF file: 64-bit, this machine, dynamically
 * linked by our loader?  0, or a refusal filled in. */
int check_elf(const struct program *p, struct refusal *r);

/* Statically linked (no PT_INTERP, and not our loader run as a
 * program): sealed from outside by static.c. */
bool program_static(const struct program *p);

/* Would the loader run it in secure mode (and ignore LD_AUDIT)?
 * 0, or a refusal filled in. */
int check_secure(const struct program *p, struct refusal *r);

/* The sealer library, found next to this sealrun (see sealrun(1)).
 * 0, or a refusal filled in. */
int find_sealer(char *path, size_t size, struct refusal *r);

/* ---- --preload-nss (nss.c) ---- */

/* The NSS modules the nsswitch.conf at conf names and this machine has
 * (files and dns are built into glibc), as absolute paths joined by ':',
 * into out.  The length (0: none), or -errno. */
int nss_modules(const char *conf, char *out, size_t size);

/* ---- --deny-wx (denywx.c) ---- */

enum wx_mode { WX_OFF, WX_AUTO, WX_PRCTL, WX_SECCOMP };

struct wx_plan {
	enum wx_mode want;		/* what the user asked for */
	enum wx_mode mode;		/* the backend: WX_OFF, WX_PRCTL or WX_SECCOMP */
	bool nnp;			/* seccomp: sealrun sets no_new_privs */
};

/* "auto", "prctl" or "seccomp": 0, or -EINVAL. */
int wx_parse(const char *text, enum wx_mode *mode);
const char *wx_name(enum wx_mode mode);

/* Pick the backend for want (auto prefers prctl), changing nothing.
 * 0, or a refusal filled in. */
int wx_choose(enum wx_mode want, struct wx_plan *plan, struct refusal *r);

/* Put the plan into force for this process and all it executes; cannot
 * be undone.  Auto may still fall back to seccomp here.  0, or a
 * refusal filled in. */
int wx_apply(struct wx_plan *plan, struct refusal *r);

/* One line: the backend and what it does. */
void wx_describe(const struct wx_plan *plan, char *buf, size_t size);

/* ---- static programs (static.c) ---- */

/* Start a tracer that holds this process through its exec and seals the
 * static program from outside (see static.c).  0 once it holds us, or a
 * refusal filled in (ptrace denied, the tracer could not start). */
int static_attach(unsigned int policy, bool verbose, struct refusal *r);

#endif /* SEALRUN_H */
