/*
 * sealctl — judging a process against a sealing policy: which of its
 * mappings the policy names, by which part, and of which object (the
 * model behind verify, and inspect's policy columns).
 *
 * The objects come from the loader's own list (seal_objects_read());
 * only when that cannot be read, from the mappings (an ELF file mapped
 * from offset 0 is taken for an object).  See verify.c for the rules.
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
	enum seal_kind kind;
	unsigned int parts;		/* the policy parts that name it */
	int owner;			/* index of its object, -1: none */
	size_t path;			/* offset in the target's pool */
	size_t path_len;
};

struct target {
	pid_t pid;
	int dirfd;
	struct mapping *map;
	size_t n, cap;
	char *pool;
	size_t pool_len, pool_cap;
	unsigned long bad_line;
	unsigned long by_perms;		/* objects judged by permissions */
	struct proc_wx wx;		/* W^X enforcement, from /proc */
	bool no_mm;			/* a kernel thread or a zombie */
	struct seal_objects *objs;	/* the loader's list, or NULL */
	int objs_err;			/* why not: -errno */
	struct object *obj;		/* one per objs->object[] */
};

/* What verify makes of one object of the loader's list. */
struct object {
	size_t map;			/* a mapping of its file, SIZE_MAX: none */
	bool judged;			/* the policy names parts of it */
	bool initial;			/* loaded at start-up */
	unsigned int unsealed;		/* parts named and not sealed */
};

/* Read process t->pid, through t->dirfd when it is open (judge_free()
 * closes it), (and its loader's list, when the policy names
 * objects) and judge it: map[].parts, owner and obj[] set.  comm gets
 * its command name.  0 or -errno; t is to be freed with judge_free()
 * either way.  A kernel thread or zombie: 0 with t->no_mm. */
int judge_read(struct target *t, unsigned int policy, size_t page, char *comm, size_t size);
void judge_free(struct target *t);

/* The path of a mapping ("" for none). */
const char *judge_path(const struct target *t, const struct mapping *m);
/* Do two mappings map the same file? */
bool judge_same_file(const struct target *t, const struct mapping *a,
		     const struct mapping *b);
/* Mappings the policy names that are not sealed; *checked: named. */
size_t judge_unsealed(const struct target *t, size_t *checked);
/* The verdict of verify (and of inspect's MEETS, metrics' counts): every
 * mapping the policy names sealed, and with the word "wx" W^X enforced. */
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
