/*
 * sealctl verify — does a running process meet a sealing policy?
 *
 * The policy is sealrun's (lib/seal_policy.h); the evidence is the
 * process's smaps.  Which mappings a policy names is worked out the way
 * the in-target sealer works it out:
 *
 *  - objects: every file mapped from offset 0 that is an ELF file is a
 *    loaded object.  Its program headers (read through
 *    /proc/PID/map_files, so the very file mapped, or through
 *    /proc/PID/root when map_files is closed to us and the device and
 *    inode still match) give its span and parts with seal_object_spans(),
 *    exactly as the sealer computes them; every mapping overlapping a
 *    span of a part the policy names must be sealed.  When the file
 *    cannot be read, its mappings are judged by their permissions
 *    (x: code, w: data, r: rodata and relro, none: holes) provided one
 *    of them is executable;
 *  - system: [vdso], [vvar] and [vvar_vclock];
 *  - stack: [stack].
 *
 * smaps does not say which objects were loaded by dlopen: every object
 * is judged by the part words, and "dlopen" adds nothing.
 */
#define _GNU_SOURCE
#include <argp.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "seal.h"
#include "seal_elf.h"
#include "seal_policy.h"
#include "sealctl.h"

/* Exit statuses of verify (documented in sealctl(8)). */
#define VERIFY_EXIT_COMPLIANT	0
#define VERIFY_EXIT_VIOLATION	1
#define VERIFY_EXIT_UNREADABLE	2


/* Spans of one object: the sealer's limit is ours. */
#define MAX_SPANS	(2 * SEAL_ELF_SEGMENTS_MAX + 2)

struct mapping {
	uint64_t start, end, offset, inode;
	unsigned int dev_major, dev_minor;
	char perms[5];
	bool sealed;
	enum seal_kind kind;
	unsigned int parts;		/* the policy parts that name it */
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
};

struct verify {
	unsigned int policy;
	bool wx;			/* the verify-only word "wx" */
	const char *policy_text;
	bool json, quiet;
	pid_t *pids;
	size_t npids;
	size_t page;
};

/* ---- collecting the mappings ------------------------------------------- */

static int keep_vma(void *ctx, const struct seal_vma *v)
{
	struct target *t = ctx;
	struct mapping *m;

	proc_wx_vma(&t->wx, v);
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256;
		void *p = realloc(t->map, cap * sizeof(*t->map));

		if (!p)
			return -ENOMEM;
		t->map = p;
		t->cap = cap;
	}
	if (t->pool_cap - t->pool_len < v->path_len + 1) {
		size_t cap = t->pool_cap ? t->pool_cap : 16384;
		void *p;

		while (cap - t->pool_len < v->path_len + 1)
			cap *= 2;
		p = realloc(t->pool, cap);
		if (!p)
			return -ENOMEM;
		t->pool = p;
		t->pool_cap = cap;
	}
	m = &t->map[t->n++];
	*m = (struct mapping){
		.start = v->start, .end = v->end, .offset = v->offset,
		.inode = v->inode, .dev_major = v->dev_major, .dev_minor = v->dev_minor,
		.sealed = v->sealed, .kind = v->kind,
		.path = t->pool_len, .path_len = v->path_len,
	};
	memcpy(m->perms, v->perms, sizeof(m->perms));
	memcpy(t->pool + t->pool_len, v->path, v->path_len);
	t->pool[t->pool_len + v->path_len] = '\0';
	t->pool_len += v->path_len + 1;
	return 0;
}

static const char *path_of(const struct target *t, const struct mapping *m)
{
	return t->pool + m->path;
}

static bool same_file(const struct target *t, const struct mapping *a,
		      const struct mapping *b)
{
	return a->inode == b->inode && a->dev_major == b->dev_major &&
	       a->dev_minor == b->dev_minor && a->path_len == b->path_len &&
	       memcmp(path_of(t, a), path_of(t, b), a->path_len) == 0;
}

/* ---- judging ------------------------------------------------------------ */

/*
 * The file mapped by m, opened for reading: the mapped file itself when
 * map_files lets us, else the path under the process's root if it is
 * still the same file.  fd or -errno.
 */
static int open_mapped(const struct target *t, const struct mapping *m)
{
	char name[64];
	struct stat st;
	int fd;

	snprintf(name, sizeof(name), "map_files/%llx-%llx",
		 (unsigned long long)m->start, (unsigned long long)m->end);
	fd = openat(t->dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		return fd;

	/* "root" + path, path starting with '/'. */
	if (m->path_len + sizeof("root") > 4096)
		return -ENAMETOOLONG;
	char buf[4096 + sizeof("root")];
	snprintf(buf, sizeof(buf), "root%s", path_of(t, m));
	fd = openat(t->dirfd, buf, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_ino != m->inode ||
	    major(st.st_dev) != m->dev_major || minor(st.st_dev) != m->dev_minor) {
		close(fd);
		return -ESTALE;
	}
	return fd;
}

/* Mark the mappings from index i on that overlap [start, end). */
static void mark_range(struct target *t, size_t i, uint64_t start, uint64_t end,
		       unsigned int parts)
{
	for (; i < t->n && t->map[i].start < end; i++)
		if (t->map[i].end > start)
			t->map[i].parts |= parts;
}

/* The object whose first mapping is map[i], by its program headers.
 * 0, -ENOEXEC when it is no ELF file, or another -errno. */
static int judge_by_headers(struct target *t, size_t i, unsigned int parts, size_t page)
{
	const struct mapping *m = &t->map[i];
	struct seal_elf elf;
	struct seal_span span[MAX_SPANS];
	uint64_t low = UINT64_MAX, base;
	size_t k, nseg;
	unsigned int bit;
	int fd, rc;

	fd = open_mapped(t, m);
	if (fd < 0)
		return fd;
	rc = seal_elf_read(fd, &elf);
	close(fd);
	if (rc < 0)
		return rc;
	if (elf.type != ET_DYN && elf.type != ET_EXEC)
		return -ENOEXEC;
	/* Beyond what the reader keeps, the sealer refuses the object too;
	 * judge it by permissions rather than by part of its headers. */
	if (elf.nsegments > SEAL_ELF_SEGMENTS_MAX)
		return -E2BIG;
	nseg = elf.nsegments;
	for (k = 0; k < nseg; k++)
		if (elf.segment[k].type == PT_LOAD && elf.segment[k].vaddr < low)
			low = elf.segment[k].vaddr;
	if (low == UINT64_MAX)
		return 0;		/* nothing loaded, nothing to seal */
	base = elf.type == ET_EXEC ? 0 : m->start - (low & ~(uint64_t)(page - 1));
	/* One part at a time, so that each mapping is told which parts it
	 * holds rather than those of the merged run it lies in. */
	for (bit = 1; bit & SEAL_POLICY_OBJECTS; bit <<= 1) {
		if (!(parts & bit))
			continue;
		rc = seal_object_spans(elf.segment, nseg, (uintptr_t)base, page, bit,
				       span, MAX_SPANS);
		if (rc < 0)
			return rc;
		for (k = 0; k < (size_t)rc; k++) {
			size_t j = i;

			/* Spans may begin below map[i] (holes before it). */
			while (j > 0 && t->map[j - 1].end > span[k].start)
				j--;
			mark_range(t, j, span[k].start, span[k].end, bit);
		}
	}
	return 0;
}

/* The object whose first mapping is map[i], by the permissions of the
 * mappings of the same file: the fallback when its file is closed to us. */
static void judge_by_perms(struct target *t, size_t i, unsigned int parts)
{
	size_t j;
	bool code = false;

	for (j = 0; j < t->n; j++)
		if (same_file(t, &t->map[i], &t->map[j]) && t->map[j].perms[2] == 'x')
			code = true;
	if (!code)
		return;			/* a data file, not a loaded object */
	t->by_perms++;
	for (j = 0; j < t->n; j++) {
		struct mapping *m = &t->map[j];
		unsigned int p;

		if (!same_file(t, &t->map[i], m))
			continue;
		if (m->perms[2] == 'x')
			p = SEAL_POLICY_CODE;
		else if (m->perms[1] == 'w')
			p = SEAL_POLICY_DATA;
		else if (m->perms[0] == 'r')
			p = SEAL_POLICY_RODATA | SEAL_POLICY_RELRO;
		else
			p = SEAL_POLICY_HOLES;
		m->parts |= p & parts;
	}
}

/* Set map[].parts for every mapping the policy names. */
static void judge(struct target *t, unsigned int policy, size_t page)
{
	unsigned int parts = policy & SEAL_POLICY_OBJECTS;
	size_t i;

	for (i = 0; i < t->n; i++) {
		struct mapping *m = &t->map[i];
		const char *path = path_of(t, m);

		if ((policy & SEAL_POLICY_STACK) && strcmp(path, "[stack]") == 0)
			m->parts |= SEAL_POLICY_STACK;
		else if ((policy & SEAL_POLICY_SYSTEM) && seal_policy_system_path(path))
			m->parts |= SEAL_POLICY_SYSTEM;
		else if (parts && path[0] == '/' && m->inode != 0 && m->offset == 0) {
			int rc = judge_by_headers(t, i, parts, page);

			if (rc < 0 && rc != -ENOEXEC)
				judge_by_perms(t, i, parts);
		}
	}
}

/* ---- W^X ------------------------------------------------------------------ */

static void print_wx_text(const struct target *t)
{
	fputs("  W^X: ", stdout);
	proc_wx_print(stdout, &t->wx);
	putchar('\n');
}

static void print_wx_json(const struct target *t)
{
	printf(", \"wx\": {\"enforced\": %s, ", proc_wx_enforced(&t->wx) ? "true" : "false");
	proc_wx_print_json(stdout, &t->wx);
	putchar('}');
}

/* ---- output ------------------------------------------------------------- */

/* "code", "rodata+relro", …: the parts in vocabulary order. */
static void parts_text(unsigned int parts, char *buf, size_t size)
{
	const struct seal_policy_word *w;
	size_t n, k, len = 0;

	buf[0] = '\0';
	w = seal_policy_words(&n);
	for (k = 0; k < n; k++) {
		/* Single-bit words only: the presets and "objects" are sums. */
		if ((w[k].mask & (w[k].mask - 1)) || !(parts & w[k].mask))
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "+" : "", w[k].name);
		if (len >= size)
			break;
	}
}

static size_t count_unsealed(const struct target *t, size_t *checked)
{
	size_t i, bad = 0;

	*checked = 0;
	for (i = 0; i < t->n; i++) {
		if (!t->map[i].parts)
			continue;
		++*checked;
		bad += !t->map[i].sealed;
	}
	return bad;
}

static bool compliant(const struct verify *v, const struct target *t)
{
	size_t checked;

	return count_unsealed(t, &checked) == 0 && (!v->wx || proc_wx_enforced(&t->wx));
}

static void print_text(const struct verify *v, const struct target *t, const char *comm)
{
	size_t i, checked, bad = count_unsealed(t, &checked);
	char parts[64];

	if (compliant(v, t))
		printf("%d (%s): compliant with policy %s: %zu mapping%s checked, all sealed%s\n",
		       (int)t->pid, comm, v->policy_text, checked, checked == 1 ? "" : "s",
		       v->wx ? ", W^X enforced" : "");
	else if (bad)
		printf("%d (%s): NOT compliant with policy %s: %zu of %zu mapping%s checked "
		       "not sealed%s\n", (int)t->pid, comm, v->policy_text, bad, checked,
		       checked == 1 ? "" : "s",
		       v->wx && !proc_wx_enforced(&t->wx) ? ", W^X not shown to be enforced" : "");
	else
		printf("%d (%s): NOT compliant with policy %s: W^X not shown to be enforced "
		       "(%zu mapping%s checked, all sealed)\n", (int)t->pid, comm,
		       v->policy_text, checked, checked == 1 ? "" : "s");
	if (v->wx)
		print_wx_text(t);
	if (t->by_perms)
		printf("  (%lu object%s judged by permissions: file not readable)\n",
		       t->by_perms, t->by_perms == 1 ? "" : "s");
	for (i = 0; i < t->n; i++) {
		const struct mapping *m = &t->map[i];

		if (!m->parts || m->sealed)
			continue;
		parts_text(m->parts, parts, sizeof(parts));
		printf("  %012llx-%012llx %s %-12s %s\n", (unsigned long long)m->start,
		       (unsigned long long)m->end, m->perms, parts,
		       m->path_len ? path_of(t, m) : "[anon]");
	}
}

static void print_json(const struct verify *v, const struct target *t, const char *comm,
		       bool *first)
{
	size_t i, checked;
	bool first_map = true;
	char parts[64];

	printf("%s\n    {\"pid\": %d, \"comm\": ", *first ? "" : ",", (int)t->pid);
	json_string(comm);
	count_unsealed(t, &checked);
	printf(", \"compliant\": %s, \"checked\": %zu, \"by_permissions\": %lu",
	       compliant(v, t) ? "true" : "false", checked, t->by_perms);
	print_wx_json(t);
	printf(", \"unsealed\": [");
	for (i = 0; i < t->n; i++) {
		const struct mapping *m = &t->map[i];

		if (!m->parts || m->sealed)
			continue;
		parts_text(m->parts, parts, sizeof(parts));
		printf("%s\n      {\"start\": \"%llx\", \"end\": \"%llx\", \"perms\": \"%s\", "
		       "\"size\": %llu, \"parts\": \"%s\", \"kind\": \"%s\", \"path\": ",
		       first_map ? "" : ",", (unsigned long long)m->start,
		       (unsigned long long)m->end, m->perms,
		       (unsigned long long)(m->end - m->start), parts,
		       seal_kind_name(m->kind));
		json_string(path_of(t, m));
		putchar('}');
		first_map = false;
	}
	printf("%s]}", first_map ? "" : "\n    ");
	*first = false;
}

static void print_json_error(pid_t pid, int err, bool *first)
{
	printf("%s\n    {\"pid\": %d, \"compliant\": null, \"error\": ", *first ? "" : ",",
	       (int)pid);
	json_string(err_cause(err));
	putchar('}');
	*first = false;
}

/* ---- one target ---------------------------------------------------------- */

/* Read and judge one process; print its verdict.  The exit status it
 * calls for, or -ENOMEM. */
static int verify_one(const struct verify *v, pid_t pid, bool *first)
{
	struct target t = { .pid = pid, .dirfd = -1 };
	char comm[256] = "?";
	int rc;

	t.dirfd = proc_open(pid);
	rc = t.dirfd;
	if (rc >= 0) {
		if (proc_comm(t.dirfd, comm, sizeof(comm)) < 0)
			strcpy(comm, "?");
		rc = proc_wx(t.dirfd, pid, &t.wx);
		if (rc >= 0)
			rc = proc_each_vma(t.dirfd, keep_vma, &t, &t.bad_line);
	}
	if (rc >= 0) {
		judge(&t, v->policy, v->page);
		/* The files were read after smaps: is it still the same process? */
		if (proc_has_mm(t.dirfd) == -ESRCH)
			rc = -ESRCH;
	}
	if (rc == -ENOMEM)
		goto out;
	if (rc < 0) {
		if (rc == -EBADMSG || rc == -ENAMETOOLONG)
			sealctl_warn("%d: %s at line %lu (smaps)", (int)pid, err_cause(-rc),
				     t.bad_line);
		else
			sealctl_warn("%d: %s", (int)pid, err_cause(-rc));
		if (v->json)
			print_json_error(pid, -rc, first);
		rc = VERIFY_EXIT_UNREADABLE;
		goto out;
	}
	if (v->json)
		print_json(v, &t, comm, first);
	else if (!v->quiet)
		print_text(v, &t, comm);
	rc = compliant(v, &t) ? VERIFY_EXIT_COMPLIANT : VERIFY_EXIT_VIOLATION;
out:
	if (t.dirfd >= 0)
		close(t.dirfd);
	free(t.map);
	free(t.pool);
	return rc;
}

/* ---- options ------------------------------------------------------------- */

/*
 * sealrun's vocabulary plus the verify-only word "wx" ("-wx" drops it),
 * applied left to right.  0, -ENOMEM, or -EINVAL with the offending word
 * of text in *bad and *badlen (0 for an empty item).
 */
static int parse_policy(struct verify *v, const char *text, const char **bad, size_t *badlen)
{
	char *word = malloc(strlen(text) + 1);
	unsigned int mask = 0;
	bool wx = false;
	const char *p, *end;
	size_t where;
	int rc = 0;

	if (!word)
		return -ENOMEM;
	for (p = text;; p = end + 1) {
		size_t len = strcspn(p, ",");
		bool minus = *p == '-';
		int m;

		end = p + len;
		memcpy(word, p + minus, len - minus);
		word[len - minus] = '\0';
		if (strcmp(word, "wx") == 0) {
			wx = !minus;
		} else if (!*word || *word == '-' || (m = seal_policy_parse(word, &where)) < 0) {
			*bad = p;
			*badlen = len;
			rc = -EINVAL;
			break;
		} else if (minus) {
			mask &= ~(unsigned int)m;
		} else {
			mask |= (unsigned int)m;
		}
		if (!*end)
			break;
	}
	free(word);
	if (rc == 0) {
		v->policy = mask;
		v->wx = wx;
	}
	return rc;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct verify *v = state->input;
	const char *bad = NULL;
	size_t badlen = 0;
	pid_t pid;
	int rc;

	switch (key) {
	case 'p':
		rc = parse_policy(v, arg, &bad, &badlen);
		if (rc == -ENOMEM)
			argp_failure(state, VERIFY_EXIT_UNREADABLE, ENOMEM, "policy");
		if (rc < 0)
			argp_error(state, badlen ? "invalid policy '%s': unknown word '%.*s' "
				   "(see --help for the words)" : "invalid policy '%s': an empty "
				   "item%.*s", arg, (int)badlen, bad);
		if ((v->policy & ~SEAL_POLICY_DLOPEN) == 0 && !v->wx)
			argp_error(state, "policy '%s' names nothing to check", arg);
		v->policy_text = arg;
		break;
	case 'J':
		v->json = true;
		break;
	case 'q':
		v->quiet = true;
		break;
	case ARGP_KEY_ARG:
		if (parse_pid(arg, &pid) < 0)
			argp_error(state, "invalid PID '%s': a number from 1 or 'self'", arg);
		v->pids[v->npids++] = pid;
		break;
	case ARGP_KEY_END:
		if (!v->npids)
			argp_error(state, "no PID given");
		if (v->json && v->quiet)
			argp_error(state, "--json and --quiet exclude each other");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* The policy words at the end of --help, from the library's own table. */
static char *help_filter(int key, const char *text, void *input)
{
	const struct seal_policy_word *w;
	char *buf = NULL;
	size_t n, k, len = 0;
	FILE *f;

	(void)input;
	if (key != ARGP_KEY_HELP_POST_DOC)
		return (char *)text;
	f = open_memstream(&buf, &len);
	if (!f)
		return (char *)text;
	fprintf(f, "%s\n\nPolicy words (comma-separated; -WORD removes):\n", text ? text : "");
	w = seal_policy_words(&n);
	for (k = 0; k < n; k++)
		fprintf(f, "  %-9s %s\n", w[k].name, w[k].help);
	fprintf(f, "  %-9s %s\n", "wx", "verify only: no writable+executable mapping, and "
		"W^X enforced (MDWE or a seccomp filter)");
	if (fclose(f) != 0) {
		free(buf);
		return (char *)text;
	}
	return buf;
}

int cmd_verify(int argc, char **argv)
{
	static const struct argp_option options[] = {
		{ "policy", 'p', "LIST", 0, "the policy to check (default: default)", 0 },
		{ "json", 'J', NULL, 0, "JSON output", 0 },
		{ "quiet", 'q', NULL, 0, "print nothing; the exit status tells", 0 },
		{ 0 }
	};
	static const struct argp argp = {
		.options = options,
		.parser = parse_opt,
		.args_doc = "PID|self...",
		.doc = "Check running processes against a sealing policy (sealrun's), "
		       "as far as /proc/PID/smaps shows it, and list each mapping the "
		       "policy names that is not sealed.\v"
		       "Exit status: 0 every process complies, 1 one does not, 2 one "
		       "could not be read, 64 on a usage error.",
		.help_filter = help_filter,
	};
	struct verify v = {
		.policy = SEAL_POLICY_DEFAULT,
		.policy_text = "default",
	};
	bool first = true;
	size_t i;
	int worst = VERIFY_EXIT_COMPLIANT, rc;

	v.page = (size_t)sysconf(_SC_PAGESIZE);
	v.pids = calloc((size_t)argc, sizeof(*v.pids));
	if (!v.pids) {
		sealctl_warn("%s", err_cause(ENOMEM));
		return VERIFY_EXIT_UNREADABLE;
	}
	argp_parse(&argp, argc, argv, 0, NULL, &v);

	if (v.json) {
		printf("{\"policy\": ");
		json_string(v.policy_text);
		printf(", \"processes\": [");
	}
	for (i = 0; i < v.npids; i++) {
		rc = verify_one(&v, v.pids[i], &first);
		if (rc < 0) {
			sealctl_warn("%d: %s", (int)v.pids[i], err_cause(-rc));
			rc = VERIFY_EXIT_UNREADABLE;
		}
		/* Unreadable beats non-compliant: the answer is then unknown. */
		if (rc > worst)
			worst = rc;
	}
	if (v.json)
		printf("%s]}\n", first ? "" : "\n  ");
	free(v.pids);
	return worst;
}
