/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl — judging a process against a sealing policy: which of its
 * mappings the policy names, by which part, and of which object (the
 * model behind verify, seal, metrics, and inspect's policy columns).
 *
 * The kernel's view decides (see judge.c and sealctl(8), THREAT MODEL):
 * the objects are the files the kernel shows mapped executable, each
 * judged by its own program headers read from the mapped file.  The
 * loader's list (seal_objects_read_dir_max(), written by the process
 * itself) only labels them (which came after start-up), and only when it
 * agrees with the kernel; a list that disagrees is reported and ignored.
 */
#ifndef SEALCTL_JUDGE_H
#define SEALCTL_JUDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "seal.h"
#include "seal_elf.h"
#include "sealctl.h"

struct mapping {
	uint64_t start, end, offset, inode;
	unsigned int dev_major, dev_minor;
	char perms[5];
	bool sealed;
	bool covered;			/* inside a segment of one of its file's objects */
	enum seal_kind kind;
	unsigned int parts;		/* the policy parts that name it */
	int owner;			/* index of its object, -1: none */
	size_t file;			/* index of its file, SIZE_MAX: none */
	size_t path;			/* offset in the target's pool */
	size_t path_len;
};

/* One file the process has mapped (device, inode and path alike). */
struct file {
	size_t first, n;		/* its mappings: t->by_file[first .. first + n) */
	bool code;			/* mapped executable somewhere: an object's */
	int hdr_err;			/* its headers: 0 read, -ENOEXEC no ELF, -errno */
	const struct judge_hdrs *hdrs;	/* when read */
	bool by_perms;			/* judged by the permissions of its mappings */
	/* Its objects: those of its executable mappings, by bias, in
	 * obj[obj_first .. + obj_n); those the list added (at most
	 * JUDGE_EXTRA_MAX), linked from extra; or the one by permissions. */
	size_t obj_first, obj_n;
	int extra, perms;
	unsigned int nextra;
};

#define JUDGE_EXTRA_MAX	64

struct judge_hdrs;

/* How an object's parts were told apart. */
enum judge_how {
	JUDGE_BY_FILE,			/* the mapped file's program headers */
	JUDGE_BY_MEMORY,		/* headers the loader's list pointed to (the
					   file unreadable; the list agreed) */
	JUDGE_BY_PERMS,			/* the permissions of its file's mappings */
};

/* One object as the kernel shows it: a file's mappings at one load bias
 * (the same file loaded twice, by dlmopen, is two). */
struct object {
	size_t file;			/* its file */
	size_t map;			/* its first mapping */
	uint64_t bias;
	uint64_t lo, hi;		/* its span (JUDGE_BY_FILE and _MEMORY) */
	enum judge_how how;
	int entry;			/* the list's entry that names it, -1: none */
	bool judged;			/* the policy names parts of it */
	bool initial;			/* loaded at start-up (always, without labels) */
	unsigned int unsealed;		/* parts named and not sealed */
	bool gone;			/* given up for another (while judging) */
	int next;			/* the next object the list added to its file */
};

#define JUDGE_WHY_MAX	256

struct target {
	pid_t pid;
	int dirfd;
	struct mapping *map;
	size_t n, cap;
	char *pool;
	size_t pool_len, pool_cap;
	unsigned long bad_line;
	unsigned long by_perms;		/* files judged by permissions: not readable */
	unsigned long by_perms_mismatch; /* ... their mappings and headers disagree */
	unsigned long by_perms_not_elf;	/* ... mapped executable, no ELF files */
	size_t hdr_reads;		/* files whose headers were read */
	struct proc_wx wx;		/* W^X enforcement, from /proc */
	bool no_mm;			/* a kernel thread or a zombie */
	struct seal_objects *objs;	/* the loader's list, or NULL */
	int objs_err;			/* why not: -errno */
	bool labels;			/* the list agreed: its labels were used */
	unsigned long disagree;		/* ways the list disagrees with the kernel */
	char why[JUDGE_WHY_MAX];	/* the first of them, in words */
	size_t *by_file;		/* mapping indices, file by file */
	struct file *file;
	size_t nfiles;
	struct object *obj;		/* the objects, in address order */
	size_t nobj, obj_cap;
	uint64_t work;			/* mappings visited marking spans */
	bool over_work;			/* past its bound: the rest by permissions */
	void **own;			/* headers read past the cache's size */
	size_t nown;
	int rootfd;			/* its /proc/PID/root, once root_tried */
	bool root_tried;
	bool paths_cut;			/* past JUDGE_PATHS_MAX: never compliant */
	uint64_t exec_kib;		/* executable mappings read, as the kernel
					 * counts them (VmExe + VmLib) */
	bool code_moved;		/* and the kernel's count disagreed with
					 * every reading: never compliant */
	bool sealer_mapped;		/* sealrun's sealer or guard mapped executable
					 * (seen as smaps streams, paths cut or not) */
};

/*
 * Read process t->pid, through t->dirfd when it is open (judge_free()
 * closes it), and its loader's list when the policy names objects, and
 * judge it: map[].parts and owner, obj[] set.  comm gets its command
 * name.  0 or -errno; t is to be freed with judge_free() either way.  A
 * kernel thread or zombie: 0 with t->no_mm.  t must start zeroed but for
 * pid and dirfd (-1 or an open /proc/PID).
 */
int judge_read(struct target *t, unsigned int policy, size_t page, char *comm, size_t size);

/* The loader's list of the process whose /proc directory is dirfd, as
 * seal_objects_read_dir_max() gives it, read by a child of ours in
 * bounded time (a page of it may wait for ever on a file system's
 * server): -ETIMEDOUT past the bound. */
int judge_read_list(int dirfd, size_t max, unsigned int flags, struct seal_objects **out);
void judge_free(struct target *t);

/* The path of a mapping ("" for none). */
const char *judge_path(const struct target *t, const struct mapping *m);

/* Is path[0..len) sealrun's sealer or exec guard (by file name, a
 * " (deleted)" one too)? */
bool judge_is_sealer(const char *path, size_t len);

/* The bytes of mapping paths kept per process.  Past it the paths of
 * the other mappings are not kept (t->paths_cut), and the process does
 * not comply: a process cannot hide behind long names. */
#define JUDGE_PATHS_MAX		(16u << 20)

/* Mappings the policy names that are not sealed; *checked: named. */
size_t judge_unsealed(const struct target *t, size_t *checked);
/* The verdict of verify (and of inspect's MEETS, metrics' counts): every
 * mapping the policy names sealed, and with the word "wx" W^X enforced;
 * never a process whose mapping paths were cut (JUDGE_PATHS_MAX). */
bool judge_compliant(const struct target *t, bool wx);

/*
 * A policy list: sealrun's vocabulary plus the verify-only word "wx"
 * ("-wx" drops it), applied left to right.  0, -ENOMEM, or -EINVAL with
 * the offending word of text in *bad and *badlen (0 for an empty item).
 */
int judge_parse_policy(const char *text, unsigned int *policy, bool *wx,
		       const char **bad, size_t *badlen);

/*
 * The --policy option of verify and metrics: judge_parse_policy(), with
 * argp's usage error naming the word, and a list that names nothing to
 * check refused.  ENOMEM fails with status enomem_status.
 */
struct argp_state;
void judge_policy_option(struct argp_state *state, const char *arg, unsigned int *policy,
			 bool *wx, int enomem_status);

/*
 * An argp help_filter's body: the policy words after the text of
 * ARGP_KEY_HELP_POST_DOC (with verify's "wx" when wx), from the
 * library's own table; other keys' text unchanged.
 */
char *judge_policy_help(int key, const char *text, bool wx);

#endif /* SEALCTL_JUDGE_H */
