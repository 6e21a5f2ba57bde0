/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl verify — does a running process meet a sealing policy?
 *
 * The policy is sealrun's (common/seal_policy.h); the evidence is the
 * process's smaps.  Which mappings a policy names is worked out the way
 * the in-target sealer works it out:
 *
 *  - objects: those the kernel shows, every file mapped executable,
 *    each by the program headers of the very file mapped (judge.c has
 *    the rule).  seal_object_spans() turns an object's headers into its
 *    parts, exactly as the sealer computes them; every mapping
 *    overlapping a span of a part the policy names must be sealed.  The
 *    loader's own list (seal_objects_read_dir_max()), checked against
 *    the kernel, only labels them: objects loaded after start-up are
 *    named only when the policy has "dlopen".  A list that disagrees
 *    with the kernel is named, and every object then counts as loaded
 *    at start-up, as with no list.  An ELF file that is merely mapped
 *    (as crash reporters do) is no object.  An object whose headers
 *    cannot be used is judged by the permissions of its mappings (x:
 *    code, w: data, r: rodata and relro, none: holes).  The vDSO is left
 *    to "system";
 *  - system: [vdso], [vvar] and [vvar_vclock];
 *  - stack: [stack].
 *
 * Output: a verdict per process, a reason per object that falls short,
 * and the unsealed mappings; --all does every process in /proc.
 */
#define _GNU_SOURCE
#include <argp.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seal.h"
#include "seal_elf.h"
#include "seal_policy.h"
#include "sealctl.h"
#include "judge.h"
#include "json.h"
#include "select.h"

/* Exit statuses of verify (documented in sealctl(8)). */
#define VERIFY_EXIT_COMPLIANT	0
#define VERIFY_EXIT_VIOLATION	1
#define VERIFY_EXIT_UNREADABLE	2


struct verify {
	unsigned int policy;
	bool wx;			/* the verify-only word "wx" */
	const char *policy_text;
	bool json, quiet, all, verbose;
	struct pid_list pids;		/* PIDs given */
	struct pid_list members;	/* processes of --unit and --cgroup */
	const char *dropins;		/* --all: where sealtools.conf drop-ins are */
	struct selection sel;		/* --all: which processes */
	bool targets_bad;
	size_t nargs, ntargets;		/* a --unit or --cgroup could not be listed */
	size_t page;
};

/* ---- W^X ------------------------------------------------------------------ */

static void print_wx_text(const struct target *t)
{
	fputs("  W^X: ", stdout);
	proc_wx_print(stdout, &t->wx);
	putchar('\n');
}

static void print_wx_json(struct json *j, const struct target *t)
{
	json_object(j, "wx");
	json_bool(j, "enforced", proc_wx_enforced(&t->wx));
	proc_wx_json(j, &t->wx);
	json_close(j);
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

static bool compliant(const struct verify *v, const struct target *t)
{
	return judge_compliant(t, v->wx);
}

/* ---- reasons ----------------------------------------------------------- */

/* Objects glibc loads by itself, through __libc_dlopen: NSS and iconv
 * modules, libgcc_s for unwinding.  Names only: the labels, never the
 * verdict (the kernel's view decides). */
enum libc_load { NOT_LIBC, LIBC_NSS, LIBC_GCC_S, LIBC_GCONV };

static enum libc_load libc_loads(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (strncmp(base, "libnss_", 7) == 0)
		return LIBC_NSS;
	if (strncmp(base, "libgcc_s.so", 11) == 0)
		return LIBC_GCC_S;
	return strstr(path, "/gconv/") ? LIBC_GCONV : NOT_LIBC;
}

/* The reason for an object loaded after start-up, with its remedy. */
static const char *later_reason(const char *path)
{
	switch (libc_loads(path)) {
	case LIBC_NSS:
		return "open: an NSS module loaded by the C library after start-up; "
		       "sealrun --preload-nss loads it at start-up";
	case LIBC_GCC_S:
		return "open: libgcc_s loaded by the C library after start-up; "
		       "sealrun --preload-nss loads it at start-up";
	case LIBC_GCONV:
		return "open: loaded by the C library after start-up";
	default:
		return "open: loaded after start-up (dlopen); "
		       "sealctl seal PID after start-up seals it";
	}
}

/*
 * One reason for each object that falls short, then one for each other
 * kind of mapping that does, and the heap, which is never sealed: each
 * given to fn as (what, parts, the reason's text after what, loaded:
 * 1 at start-up, 0 later, -1 not known: the list's labels were not used).
 * The object's name is the path the kernel shows (with its
 * " (deleted)"), never a name from the process's memory.
 */
typedef void (*reason_fn)(void *ctx, const char *what, unsigned int parts,
			  const char *why, int initial);

static void each_reason(const struct target *t, reason_fn fn, void *ctx)
{
	size_t i, k;
	bool heap = false;

	for (k = 0; k < t->nobj; k++) {
		const struct object *ob = &t->obj[k];
		const char *name;

		if (!ob->unsealed)
			continue;
		name = judge_path(t, &t->map[ob->map]);
		if (!t->labels)
			fn(ctx, name, ob->unsealed, "unsealed", -1);
		else if (ob->initial)
			fn(ctx, name, ob->unsealed, "unsealed", 1);
		else
			fn(ctx, name, ob->unsealed, later_reason(name), 0);
	}
	for (i = 0; i < t->n; i++) {
		const struct mapping *m = &t->map[i];
		const char *path = judge_path(t, m);

		if (m->parts & (SEAL_POLICY_SYSTEM | SEAL_POLICY_STACK) && !m->sealed)
			fn(ctx, path, m->parts, "unsealed", -1);
		if (strcmp(path, "[heap]") == 0 && !m->sealed && !heap) {
			fn(ctx, "[heap]", 0, "never sealed (by design)", -1);
			heap = true;
		}
	}
}

/* ---- output ------------------------------------------------------------- */

static void reason_text(void *ctx, const char *what, unsigned int parts, const char *why,
			int initial)
{
	char text[64];

	(void)ctx;
	fputs("  ", stdout);
	if (initial < 0 && what[0] == '[' && parts) {
		/* The kernel's mappings, the stack: the word that names them. */
		parts_text(parts, text, sizeof(text));
		fputs_esc(what, stdout);
		printf(" %s (%s)\n", why, text);
		return;
	}
	if (parts) {
		parts_text(parts, text, sizeof(text));
		printf("%s of ", text);
	}
	fputs_esc(what, stdout);
	printf("%s%s\n", parts ? " " : ": ", why);
}

/* Why the loader's list could not be read, in words. */
static const char *objects_cause(int err)
{
	switch (err) {
	case ENOENT:	return "no loader list (a static program, or no DT_DEBUG)";
	case EBADMSG:	return "the list does not hold together";
	case E2BIG:	return "the list is longer than the process's mappings allow";
	case ETIMEDOUT:	return "reading it took too long (its memory waits on a file system)";
	case EACCES:
	case EPERM:	return "memory not readable (ptrace access needed)";
	default:	return err_cause(err);
	}
}

static const char *loader_state(const struct target *t)
{
	return t->objs->consistent ? "consistent" : "changing";
}

/* How the objects were found, when not simply from a list that agreed
 * with the kernel; what was judged by permissions; what was cut. */
static void print_notes(const struct target *t)
{
	if (t->disagree) {
		fputs("  the loader's list disagrees with the kernel: ", stdout);
		fputs_esc(t->why, stdout);
		if (t->disagree > 1)
			printf(" (and %lu more)", t->disagree - 1);
		puts("; judged from the kernel's view alone");
	} else if (!t->objs && t->objs_err) {
		printf("  (objects found from the mappings, not the loader's list: %s)\n",
		       objects_cause(-t->objs_err));
	} else if (t->objs && !t->objs->consistent) {
		puts("  (the loader was changing its list while it was read: judged from the "
		     "kernel's view alone)");
	}
	if (t->by_perms)
		printf("  (%lu object%s judged by permissions: file not readable)\n",
		       t->by_perms, t->by_perms == 1 ? "" : "s");
	if (t->by_perms_mismatch)
		printf("  (%lu object%s judged by permissions: mappings not where %s headers "
		       "put them)\n", t->by_perms_mismatch, t->by_perms_mismatch == 1 ? "" : "s",
		       t->by_perms_mismatch == 1 ? "its" : "their");
	if (t->by_perms_not_elf)
		printf("  (%lu object%s judged by permissions: mapped executable, not ELF)\n",
		       t->by_perms_not_elf, t->by_perms_not_elf == 1 ? "" : "s");
	if (t->over_work)
		puts("  (too many objects to judge by their headers: the rest by permissions)");
	if (t->paths_cut)
		printf("  (the paths of its mappings pass %u MiB: not compliant, not judged "
		       "past that)\n", JUDGE_PATHS_MAX >> 20);
	if (t->code_moved)
		puts("  (its executable memory changed while it was read, each time: not the "
		     "kernel's count; not compliant, not judged)");
}

static void print_text(const struct verify *v, const struct target *t, const char *comm)
{
	size_t i, checked, bad = judge_unsealed(t, &checked);
	char parts[64];

	printf("%d (", (int)t->pid);
	fputs_esc(comm, stdout);
	fputs("): ", stdout);
	if (t->no_mm) {
		puts("no address space (a kernel thread or a zombie): nothing to check");
		return;
	}
	if (compliant(v, t))
		printf("compliant with policy %s: %zu mapping%s checked, all sealed%s\n",
		       v->policy_text, checked, checked == 1 ? "" : "s",
		       v->wx ? ", W^X enforced" : "");
	else if (bad)
		printf("NOT compliant with policy %s: %zu of %zu mapping%s checked "
		       "not sealed%s\n", v->policy_text, bad, checked,
		       checked == 1 ? "" : "s",
		       v->wx && !proc_wx_enforced(&t->wx) ? ", W^X not shown to be enforced" : "");
	else if (t->code_moved || t->paths_cut)
		printf("NOT compliant with policy %s: its mappings could not be judged (below)\n",
		       v->policy_text);
	else
		printf("NOT compliant with policy %s: W^X not shown to be enforced "
		       "(%zu mapping%s checked, all sealed)\n",
		       v->policy_text, checked, checked == 1 ? "" : "s");
	if (v->wx)
		print_wx_text(t);
	print_notes(t);
	if (!compliant(v, t))
		each_reason(t, reason_text, NULL);
	for (i = 0; i < t->n; i++) {
		const struct mapping *m = &t->map[i];

		if (!m->parts || m->sealed)
			continue;
		parts_text(m->parts, parts, sizeof(parts));
		printf("  %012llx-%012llx %s %-12s ", (unsigned long long)m->start,
		       (unsigned long long)m->end, m->perms, parts);
		fputs_esc(m->path_len ? judge_path(t, m) : "[anon]", stdout);
		putchar('\n');
	}
}

static void reason_json(void *ctx, const char *what, unsigned int parts, const char *why,
			int initial)
{
	struct json *j = ctx;
	char text[64];

	parts_text(parts, text, sizeof(text));
	json_object(j, NULL);
	json_string(j, "object", what);
	json_string(j, "parts", text);
	json_string(j, "loaded", initial < 0 ? NULL : initial ? "start-up" : "later");
	json_string(j, "reason", why);
	json_close(j);
}

static void print_json(const struct verify *v, struct json *j, const struct target *t,
		       const char *comm)
{
	size_t i, checked;
	char parts[64], hex[20];

	json_object(j, NULL);
	json_i64(j, "pid", t->pid);
	json_string(j, "comm", comm);
	if (t->no_mm) {
		json_bool(j, "address_space", false);
		json_null(j, "compliant");
		json_close(j);
		return;
	}
	judge_unsealed(t, &checked);
	json_bool(j, "address_space", true);
	json_bool(j, "compliant", compliant(v, t));
	json_u64(j, "checked", checked);
	json_u64(j, "by_permissions", t->by_perms + t->by_perms_mismatch + t->by_perms_not_elf);
	json_string(j, "objects_from", t->labels ? "loader" : "mappings");
	json_object(j, "loader");
	if (t->objs) {
		json_string(j, "state", loader_state(t));
		json_u64(j, "namespaces", t->objs->nnamespaces);
		json_u64(j, "objects", t->objs->count);
	} else {
		json_string(j, "error", t->objs_err ? objects_cause(-t->objs_err) : "not read");
	}
	if (t->disagree)
		json_string(j, "disagrees", t->why);
	json_close(j);
	print_wx_json(j, t);
	json_array(j, "reasons");
	each_reason(t, reason_json, j);
	json_close(j);
	json_array(j, "unsealed");
	for (i = 0; i < t->n; i++) {
		const struct mapping *m = &t->map[i];

		if (!m->parts || m->sealed)
			continue;
		parts_text(m->parts, parts, sizeof(parts));
		json_object(j, NULL);
		snprintf(hex, sizeof(hex), "%llx", (unsigned long long)m->start);
		json_string(j, "start", hex);
		snprintf(hex, sizeof(hex), "%llx", (unsigned long long)m->end);
		json_string(j, "end", hex);
		json_string(j, "perms", m->perms);
		json_u64(j, "size", m->end - m->start);
		json_string(j, "parts", parts);
		json_string(j, "kind", seal_kind_name(m->kind));
		json_string(j, "path", judge_path(t, m));
		json_close(j);
	}
	json_close(j);
	json_close(j);
}

static void print_json_error(struct json *j, pid_t pid, int err)
{
	json_object(j, NULL);
	json_i64(j, "pid", pid);
	json_null(j, "compliant");
	json_string(j, "error", err_cause(err));
	json_close(j);
}

static void warn_target(pid_t pid, int err, unsigned long line)
{
	if (err == EBADMSG || err == ENAMETOOLONG)
		sealctl_warn("%d: %s at line %lu (smaps)", (int)pid, err_cause(err), line);
	else
		sealctl_warn("%d: %s", (int)pid, err_cause(err));
}

/* Read and judge one process; print its verdict (into j with --json).
 * The exit status it calls for, or -errno: -ENOMEM, or with --all the
 * error reading it. */
static int verify_one(const struct verify *v, struct json *j, pid_t pid, bool listed)
{
	struct target t = { .pid = pid, .dirfd = v->all ? proc_open(pid) : -1 };
	char comm[256] = "?", unit[SELECT_UNIT_MAX];
	bool has_unit = v->all && t.dirfd >= 0 && select_unit_of(t.dirfd, unit, sizeof(unit));
	int rc = t.dirfd == -ESRCH ? -ESRCH : judge_read(&t, v->policy, v->page, comm, sizeof(comm));
	enum select_class class = SELECT_JUDGE;

	if (v->all && rc != -ENOMEM && rc != -ESRCH && !(rc == 0 && t.no_mm))
		class = select_classify(&v->sel, pid, has_unit ? unit : NULL, rc == 0 ? &t : NULL);
	/* Not chosen: counted, not judged.  One that could not be read may
	 * be a sealed service's: counted as not read. */
	if (class == SELECT_SKIP || (class == SELECT_OTHER && rc == 0)) {
		rc = -ECHILD;
		goto out;
	}
	if (class == SELECT_BOUNDARY) {
		if (!v->quiet && !v->json) {
			printf("%d (", (int)pid);
			fputs_esc(comm, stdout);
			fputs("): past a boundary, login session ", stdout);
			fputs_esc(unit, stdout);
			puts(": not judged as its service");
		}
		rc = -EXDEV;
		goto out;
	}
	if (rc == -ENOMEM || (rc < 0 && v->all)) {
		if (rc != -ESRCH && rc != -ENOMEM && v->verbose)
			warn_target(pid, -rc, t.bad_line);
		goto out;
	}
	/* One listed from /proc or a cgroup that has ended since: the
	 * caller skips it. */
	if (rc == -ESRCH && listed)
		goto out;
	if (rc < 0) {
		warn_target(pid, -rc, t.bad_line);
		if (v->json)
			print_json_error(j, pid, -rc);
		rc = VERIFY_EXIT_UNREADABLE;
		goto out;
	}
	/* --all: kernel threads and zombies have nothing to say. */
	if (t.no_mm && v->all) {
		rc = VERIFY_EXIT_COMPLIANT;
		goto out;
	}
	if (v->json)
		print_json(v, j, &t, comm);
	else if (!v->quiet)
		print_text(v, &t, comm);
	rc = t.no_mm || compliant(v, &t) ? VERIFY_EXIT_COMPLIANT : VERIFY_EXIT_VIOLATION;
out:
	judge_free(&t);
	return rc;
}

/* --all: every process in /proc. */
struct all_state {
	const struct verify *v;
	struct json *json;
	int worst;
	unsigned long read, unreadable, other, boundary;
};

static int verify_of_all(void *ctx, pid_t pid)
{
	struct all_state *a = ctx;
	int rc = verify_one(a->v, a->json, pid, true);

	if (rc == -ENOMEM)
		return rc;
	if (rc == -ESRCH)
		return 0;		/* gone since /proc was listed */
	if (rc == -ECHILD) {
		a->other++;
		return 0;
	}
	if (rc == -EXDEV) {
		a->boundary++;
		return 0;
	}
	if (rc < 0) {
		a->unreadable++;
		return 0;
	}
	a->read++;
	if (rc > a->worst)
		a->worst = rc;
	return 0;
}

/* ---- options ------------------------------------------------------------- */

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct verify *v = state->input;
	pid_t pid;

	switch (key) {
	case 'p':
		judge_policy_option(state, arg, &v->policy, &v->wx, VERIFY_EXIT_UNREADABLE);
		v->policy_text = arg;
		break;
	case 'J':
		v->json = true;
		break;
	case 'q':
		v->quiet = true;
		break;
	case 'a':
		v->all = true;
		break;
	case 'v':
		v->verbose = true;
		break;
	case 'u':
	case 'c':
		v->ntargets++;
		if (select_targets(key == 'u' ? arg : NULL, key == 'c' ? arg : NULL,
				   &v->members) < 0)
			v->targets_bad = true;
		break;
	case 'e':
		v->sel.every = true;
		break;
	case 'D':
		v->dropins = arg;
		break;
	case ARGP_KEY_ARG:
		if (parse_pid(arg, &pid) < 0)
			argp_error(state, "invalid PID '%s': a number from 1 or 'self'", arg);
		if (pid_list_add(&v->pids, pid) < 0)
			argp_failure(state, VERIFY_EXIT_UNREADABLE, ENOMEM, "PID list");
		v->nargs++;
		break;
	case ARGP_KEY_END:
		if (v->all && (v->nargs || v->ntargets))
			argp_error(state, "--all takes no PID, unit or cgroup");
		if (!v->all && !v->nargs && !v->ntargets)
			argp_error(state, "no PID given");
		if (v->verbose && !v->all)
			argp_error(state, "--verbose goes with --all");
		if ((v->sel.every || v->dropins) && !v->all)
			argp_error(state, "--every and --dropins go with --all");
		if (v->json && v->quiet)
			argp_error(state, "--json and --quiet exclude each other");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* The policy words at the end of --help, wx included. */
static char *help_filter(int key, const char *text, void *input)
{
	(void)input;
	return judge_policy_help(key, text, true);
}

int cmd_verify(int argc, char **argv)
{
	static const struct argp_option options[] = {
		{ "policy", 'p', "LIST", 0, "the policy to check (default: default)", 0 },
		{ "json", 'J', NULL, 0, "JSON output", 0 },
		{ "quiet", 'q', NULL, 0, "print nothing; the exit status tells", 0 },
		{ "all", 'a', NULL, 0, "every process that can be read", 0 },
		{ "verbose", 'v', NULL, 0, "with --all, name each process not read", 0 },
		{ "unit", 'u', "UNIT", 0, "every process of systemd unit UNIT (its cgroup "
		  "and those below it; may be repeated)", 0 },
		{ "cgroup", 'c', "PATH", 0, "every process of cgroup PATH (in the cgroup v2 "
		  "hierarchy) and those below it", 0 },
		{ "every", 'e', NULL, 0, "with --all, judge every process, not only the "
		  "sealed services", 0 },
		{ "dropins", 'D', "DIR", 0, "with --all, the units DIR has a sealtools.conf "
		  "drop-in for are sealed services (default: /etc/systemd/system)", 0 },
		{ 0 }
	};
	static const struct argp argp = {
		.options = options,
		.parser = parse_opt,
		.args_doc = "PID|self...\n--unit=UNIT|--cgroup=PATH...\n--all",
		.doc = "Check running processes against a sealing policy (sealrun's), "
		       "as far as /proc/PID/smaps and the loader's list of objects show "
		       "it, and say why each object that falls short does.\v"
		       "--all judges the sealed services: processes started by sealrun, "
		       "and every process of a unit with a sealtools.conf drop-in; sealctl "
		       "itself never.  A sealed process in a login session (past a sealed "
		       "sshd) is reported as past that boundary, not judged.\v"
		       "Exit status: 0 every process complies, 1 one does not, 2 one "
		       "could not be read (or a unit or cgroup has no process), 64 on a "
		       "usage error.  With --all: 0 every process read complies, 1 one "
		       "does not, 2 none could be read; those not read are counted on "
		       "stderr.",
		.help_filter = help_filter,
	};
	struct verify v = {
		.policy = SEAL_POLICY_DEFAULT,
		.policy_text = "default",
	};
	struct json json = { 0 };
	size_t i;
	int worst = VERIFY_EXIT_COMPLIANT, rc;

	v.page = (size_t)sysconf(_SC_PAGESIZE);
	select_init(&v.sel);
	sealctl_argp_parse(&argp, argc, argv, 0, &v);
	if (v.targets_bad)
		worst = VERIFY_EXIT_UNREADABLE;
	if (v.all) {
		rc = select_add_dropins(&v.sel, v.dropins ? v.dropins : "/etc/systemd/system");
		if (rc < 0) {
			sealctl_warn("%s: %s", v.dropins ? v.dropins : "/etc/systemd/system",
				     err_cause(-rc));
			select_free(&v.sel);
			return VERIFY_EXIT_UNREADABLE;
		}
	}

	if (v.json) {
		json_begin(&json, stdout);
		json_string(&json, "policy", v.policy_text);
		json_array(&json, "processes");
	}
	if (v.all) {
		struct all_state a = { .v = &v, .json = &json };

		rc = proc_each_pid(verify_of_all, &a);
		worst = a.worst;
		if (rc < 0) {
			sealctl_warn("/proc: %s", err_cause(-rc));
			worst = VERIFY_EXIT_UNREADABLE;
		} else if (a.read == 0 && a.unreadable) {
			worst = VERIFY_EXIT_UNREADABLE;
		}
		/* Unreadable processes do not make the answer unknown for the
		 * others: counted, not failed (see sealctl(8)). */
		if (a.unreadable)
			sealctl_warn("%lu process%s could not be read%s", a.unreadable,
				     a.unreadable == 1 ? "" : "es",
				     v.verbose ? "" : " (--verbose names them)");
	}
	for (i = 0; i < v.members.n; i++) {
		/* sealctl run inside the unit (ExecStartPost=) is not the unit's
		 * service: never judged. */
		if (v.members.pid[i] == getpid())
			continue;
		rc = verify_one(&v, &json, v.members.pid[i], true);
		/* A process of a unit or cgroup that ended since it was listed
		 * is no longer the unit's. */
		if (rc == -ESRCH)
			continue;
		if (rc < 0) {
			sealctl_warn("%d: %s", (int)v.members.pid[i], err_cause(-rc));
			rc = VERIFY_EXIT_UNREADABLE;
		}
		if (rc > worst)
			worst = rc;
	}
	for (i = 0; i < v.pids.n; i++) {
		rc = verify_one(&v, &json, v.pids.pid[i], false);
		if (rc < 0) {
			sealctl_warn("%d: %s", (int)v.pids.pid[i], err_cause(-rc));
			rc = VERIFY_EXIT_UNREADABLE;
		}
		/* Unreadable beats non-compliant: the answer is then unknown. */
		if (rc > worst)
			worst = rc;
	}
	if (v.json)
		json_end(&json);
	pid_list_free(&v.pids);
	pid_list_free(&v.members);
	select_free(&v.sel);
	return worst;
}
