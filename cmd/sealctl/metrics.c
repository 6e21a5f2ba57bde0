/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl metrics — the sealing state of every process, per service, in
 * the Prometheus text exposition format, for node_exporter's textfile
 * collector.
 *
 * Each process is read and judged by judge_read()/judge_compliant(), the
 * code behind verify --all, and skipped or counted the way verify --all
 * skips or counts it, so the numbers are verify's by construction:
 *
 *  - kernel threads and zombies (no address space) are skipped;
 *  - a process that vanished mid-scan (ESRCH) is skipped: it has no
 *    state left to report, and counting it would make a short-lived
 *    helper look like an unreadable service;
 *  - any other error reading it counts as unreadable.
 *
 * Which processes (select.c): by default those of the services an
 * admin chose to seal, that is processes with the sealrun sealer mapped,
 * and every process of a unit named by --unit or by a sealtools.conf
 * drop-in (sealctl unit writes one).  --every judges every process.
 * Processes not chosen are one aggregate, sealtools_other_processes;
 * sealctl's own process, and the unit sealtools-metrics.service when it
 * runs there, are never counted.  Sealed processes in a login session
 * (past a sealed sshd) are state="boundary", not a failure.
 *
 * The service label is bounded and stable (select_label()): the systemd
 * unit from /proc/PID/cgroup, login sessions grouped as "session.scope",
 * else "comm:NAME", the command name the kernel set at exec (not the
 * executable's resolved path, which a symlinked or multi-call binary
 * changes, nor argv, which daemons rewrite).  No label names a PID.
 *
 * Bytes are per service with each file-backed range counted once (the
 * same range of a shared library in 50 processes is one range); a range
 * is sealed when it is sealed in every process that maps it.  Anonymous
 * ranges (an object's bss) are each process's own and add up.
 *
 * -o FILE writes a temporary file in FILE's directory (a name the
 * textfile collector ignores: it does not end in ".prom"), mode 0644,
 * and renames it over FILE only once it is complete, so the collector
 * never reads half a file.
 */
#define _GNU_SOURCE
#include <argp.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seal.h"
#include "seal_policy.h"
#include "sealctl.h"
#include "judge.h"
#include "select.h"

#define SERVICE_MAX	SELECT_LABEL_MAX
#define RANGES_MAX	(1u << 20)	/* file ranges kept per service */

/* A file-backed range, counted once per service. */
struct range {
	uint64_t inode, offset, len;
	unsigned int dev_major, dev_minor;
	bool used, unsealed;
};

struct service {
	char *name;
	unsigned long compliant, noncompliant, unreadable, boundary;
	unsigned long wx_enforced, wx_maps;
	uint64_t policy_bytes, sealed_bytes;	/* anonymous ones, and past RANGES_MAX */
	struct range *range;			/* open addressing, cap a power of 2 */
	size_t nrange, rcap;
};

struct metrics {
	unsigned int policy;
	bool wx;
	const char *policy_text;
	const char *out;		/* -o FILE, or NULL: stdout */
	const char *dropins;		/* where sealtools.conf drop-ins are */
	size_t page;
	struct service *svc;
	size_t n, cap;
	unsigned long unreadable;
	unsigned long other;			/* processes not chosen */
	struct selection sel;
};

static struct service *find_service(struct metrics *mx, const char *name)
{
	size_t i;

	for (i = 0; i < mx->n; i++)
		if (strcmp(mx->svc[i].name, name) == 0)
			return &mx->svc[i];
	if (mx->n == mx->cap) {
		size_t cap = mx->cap ? 2 * mx->cap : 64;
		void *p = realloc(mx->svc, cap * sizeof(*mx->svc));

		if (!p)
			return NULL;
		mx->svc = p;
		mx->cap = cap;
	}
	mx->svc[mx->n] = (struct service){ .name = strdup(name) };
	if (!mx->svc[mx->n].name)
		return NULL;
	return &mx->svc[mx->n++];
}

/* ---- one process -------------------------------------------------------- */

static size_t range_hash(const struct mapping *m)
{
	uint64_t h = m->inode * 0x9e3779b97f4a7c15ull;

	h ^= (m->offset + (m->end - m->start)) * 0xc2b2ae3d27d4eb4full;
	h ^= ((uint64_t)m->dev_major << 32 | m->dev_minor) * 0x165667b19e3779f9ull;
	return (size_t)(h ^ h >> 29);
}

static bool same_range(const struct range *r, const struct mapping *m)
{
	return r->inode == m->inode && r->offset == m->offset && r->len == m->end - m->start &&
	       r->dev_major == m->dev_major && r->dev_minor == m->dev_minor;
}

/* Find or add m's range in s's table: the entry, or NULL when the table
 * is full (then counted as anonymous) or memory ran out. */
static struct range *range_of(struct service *s, const struct mapping *m)
{
	size_t i;

	if (s->nrange * 2 >= s->rcap) {
		size_t cap = s->rcap ? 2 * s->rcap : 256;
		struct range *r;

		if (cap > 2 * (size_t)RANGES_MAX)
			return NULL;
		r = calloc(cap, sizeof(*r));
		if (!r)
			return NULL;
		for (size_t k = 0; k < s->rcap; k++) {
			if (!s->range[k].used)
				continue;
			for (i = range_hash(&(struct mapping){ .inode = s->range[k].inode,
				.offset = s->range[k].offset, .end = s->range[k].len,
				.dev_major = s->range[k].dev_major,
				.dev_minor = s->range[k].dev_minor }) & (cap - 1);
			     r[i].used; i = (i + 1) & (cap - 1))
				;
			r[i] = s->range[k];
		}
		free(s->range);
		s->range = r;
		s->rcap = cap;
	}
	for (i = range_hash(m) & (s->rcap - 1); s->range[i].used; i = (i + 1) & (s->rcap - 1))
		if (same_range(&s->range[i], m))
			return &s->range[i];
	s->range[i] = (struct range){
		.inode = m->inode, .offset = m->offset, .len = m->end - m->start,
		.dev_major = m->dev_major, .dev_minor = m->dev_minor, .used = true,
	};
	s->nrange++;
	return &s->range[i];
}

static void account(struct service *s, const struct metrics *mx, const struct target *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct mapping *m = &t->map[i];
		struct range *r;

		if (!m->parts)
			continue;
		r = m->inode ? range_of(s, m) : NULL;
		if (r) {
			r->unsealed |= !m->sealed;
			continue;
		}
		s->policy_bytes += m->end - m->start;
		if (m->sealed)
			s->sealed_bytes += m->end - m->start;
	}
	if (judge_compliant(t, mx->wx))
		s->compliant++;
	else
		s->noncompliant++;
	s->wx_enforced += proc_wx_enforced(&t->wx);
	s->wx_maps += t->wx.wx_maps;
}

/* The ranges into the byte counts, once the scan is done. */
static void sum_ranges(struct service *s)
{
	for (size_t i = 0; i < s->rcap; i++) {
		if (!s->range[i].used)
			continue;
		s->policy_bytes += s->range[i].len;
		if (!s->range[i].unsealed)
			s->sealed_bytes += s->range[i].len;
	}
}

static int metrics_of(void *ctx, pid_t pid)
{
	struct metrics *mx = ctx;
	struct target t = { .pid = pid, .dirfd = proc_open(pid) };
	char service[SERVICE_MAX], comm[256] = "?", unit[SELECT_UNIT_MAX];
	bool has_unit = false;
	enum select_class class;
	struct service *s;
	int rc;

	if (t.dirfd == -ESRCH)
		return 0;		/* gone since /proc was listed */
	if (t.dirfd >= 0)
		has_unit = select_unit_of(t.dirfd, unit, sizeof(unit));
	rc = judge_read(&t, mx->policy, mx->page, comm, sizeof(comm));
	if (rc == -ESRCH || (rc == 0 && t.no_mm)) {
		rc = 0;			/* gone, or nothing to judge: as verify --all */
		goto out;
	}
	if (rc == -ENOMEM)
		goto out;
	class = select_classify(&mx->sel, pid, has_unit ? unit : NULL, rc == 0 ? &t : NULL);
	if (class == SELECT_SKIP) {
		rc = 0;
		goto out;
	}
	if (class == SELECT_OTHER) {
		mx->other++;
		rc = 0;
		goto out;
	}
	select_label(has_unit ? unit : NULL, comm, service, sizeof(service));
	s = find_service(mx, service);
	if (!s) {
		rc = -ENOMEM;
		goto out;
	}
	if (class == SELECT_BOUNDARY) {
		s->boundary++;
		rc = 0;
	} else if (rc < 0) {
		s->unreadable++;
		mx->unreadable++;
		rc = 0;
	} else {
		account(s, mx, &t);
	}
out:
	judge_free(&t);
	return rc;
}

/* ---- output ------------------------------------------------------------- */

/* A label value: our escaper (invalid UTF-8 as \ooo, so the text is
 * UTF-8 as the format requires), then the format's own escapes for
 * backslash, double quote and newline. */
static void label_value(FILE *f, const char *v)
{
	static char buf[4 * SERVICE_MAX + 1];
	const char *s = strlen(v) < SERVICE_MAX ? esc_str(v, buf, ESC_CONTROL) : "?";

	putc('"', f);
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			putc(*s, f);
	}
	putc('"', f);
}

static void header(FILE *f, const char *name, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void series(FILE *f, const char *name, const struct service *s, const char *state,
		   uint64_t value)
{
	fprintf(f, "%s{service=", name);
	label_value(f, s->name);
	if (state)
		fprintf(f, ",state=\"%s\"", state);
	fprintf(f, "} %llu\n", (unsigned long long)value);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct service *)a)->name, ((const struct service *)b)->name);
}

static void print_metrics(FILE *f, struct metrics *mx, int probe)
{
	size_t i;

	for (i = 0; i < mx->n; i++)
		sum_ranges(&mx->svc[i]);
	if (mx->n > 1)		/* mx->svc is NULL where no service was seen */
		qsort(mx->svc, mx->n, sizeof(*mx->svc), by_name);
	header(f, "sealtools_mseal_usable",
	       "Whether this kernel can seal memory (mseal(2), as sealctl status tells).");
	fprintf(f, "sealtools_mseal_usable %d\n", probe == 0);
	header(f, "sealtools_policy_info", "The policy the processes are judged against.");
	fputs("sealtools_policy_info{policy=", f);
	label_value(f, mx->policy_text);
	fprintf(f, ",version=\"%s\"} 1\n", SEAL_VERSION);
	header(f, "sealtools_processes",
	       "Processes per sealed service that comply with the policy, do not, could not "
	       "be read, or are sealed past a documented boundary (a login session).");
	for (i = 0; i < mx->n; i++) {
		series(f, "sealtools_processes", &mx->svc[i], "compliant", mx->svc[i].compliant);
		series(f, "sealtools_processes", &mx->svc[i], "noncompliant",
		       mx->svc[i].noncompliant);
		series(f, "sealtools_processes", &mx->svc[i], "unreadable", mx->svc[i].unreadable);
		series(f, "sealtools_processes", &mx->svc[i], "boundary", mx->svc[i].boundary);
	}
	header(f, "sealtools_other_processes",
	       "Processes not judged: neither started by sealrun nor in a unit chosen by "
	       "--unit or a sealtools.conf drop-in (sealctl itself not counted).");
	fprintf(f, "sealtools_other_processes %lu\n", mx->other);
	header(f, "sealtools_policy_bytes",
	       "Bytes of the mappings the policy names (that should be sealed), per service; "
	       "each file-backed range counted once per service however many processes map "
	       "it, anonymous ones per process.");
	for (i = 0; i < mx->n; i++)
		series(f, "sealtools_policy_bytes", &mx->svc[i], NULL, mx->svc[i].policy_bytes);
	header(f, "sealtools_sealed_bytes",
	       "Bytes of those that are sealed, per service, counted as policy_bytes; a "
	       "file-backed range counts when it is sealed in every process that maps it.");
	for (i = 0; i < mx->n; i++)
		series(f, "sealtools_sealed_bytes", &mx->svc[i], NULL, mx->svc[i].sealed_bytes);
	header(f, "sealtools_wx_enforced_processes",
	       "Processes per service with W^X enforced as far as /proc shows (MDWE or a "
	       "seccomp filter, no writable and executable mapping).");
	for (i = 0; i < mx->n; i++)
		series(f, "sealtools_wx_enforced_processes", &mx->svc[i], NULL,
		       mx->svc[i].wx_enforced);
	header(f, "sealtools_wx_mappings",
	       "Mappings that are writable and executable, per service.");
	for (i = 0; i < mx->n; i++)
		series(f, "sealtools_wx_mappings", &mx->svc[i], NULL, mx->svc[i].wx_maps);
}

/* Write to a temporary file beside path, then rename it over path.
 * 0, or -errno with *what naming the step that failed. */
static int write_atomic(struct metrics *mx, int probe, const char **what)
{
	char *dup = strdup(mx->out), *tmp = NULL;
	const char *dir, *base;
	FILE *f = NULL;
	int fd = -1, rc = 0;

	*what = "out of memory";
	if (!dup)
		return -ENOMEM;
	base = strrchr(mx->out, '/') ? strrchr(mx->out, '/') + 1 : mx->out;
	dir = dirname(dup);
	if (asprintf(&tmp, "%s/.%s.XXXXXX", dir, base) < 0) {
		tmp = NULL;
		rc = -ENOMEM;
		goto out;
	}
	*what = "creating a temporary file";
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		free(tmp);
		tmp = NULL;
		goto out;
	}
	/* mkstemp makes it 0600; the collector may run as another user. */
	if (fchmod(fd, 0644) < 0) {
		rc = -errno;
		goto out;
	}
	f = fdopen(fd, "w");
	if (!f) {
		rc = -errno;
		goto out;
	}
	fd = -1;
	*what = "writing";
	print_metrics(f, mx, probe);
	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) < 0) {
		rc = errno ? -errno : -EIO;
		goto out;
	}
	rc = fclose(f) == 0 ? 0 : -errno;
	f = NULL;
	if (rc < 0)
		goto out;
	*what = "renaming the temporary file";
	if (rename(tmp, mx->out) < 0)
		rc = -errno;
out:
	if (f)
		fclose(f);
	if (fd >= 0)
		close(fd);
	if (rc < 0 && tmp)
		unlink(tmp);
	free(tmp);
	free(dup);
	return rc;
}

/* ---- options ------------------------------------------------------------- */

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct metrics *mx = state->input;

	switch (key) {
	case 'p':
		judge_policy_option(state, arg, &mx->policy, &mx->wx, SEALCTL_EXIT_FAIL);
		mx->policy_text = arg;
		break;
	case 'o':
		if (!*arg)
			argp_error(state, "--output needs a file name");
		mx->out = arg;
		break;
	case 'u':
		if (select_add_unit(&mx->sel, arg) < 0)
			argp_error(state, "invalid unit '%s'", arg);
		break;
	case 'e':
		mx->sel.every = true;
		break;
	case 'D':
		mx->dropins = arg;
		break;
	case ARGP_KEY_ARG:
		argp_error(state, "unexpected argument '%s' (metrics reads every process)", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

int cmd_metrics(int argc, char **argv)
{
	static const struct argp_option options[] = {
		{ "policy", 'p', "LIST", 0, "the policy to judge by, as for verify "
		  "(default: default)", 0 },
		{ "output", 'o', "FILE", 0, "write FILE atomically (a temporary file in "
		  "its directory, then rename), mode 0644; default: standard output", 0 },
		{ "unit", 'u', "UNIT", 0, "judge every process of UNIT too (a pattern: "
		  "postgresql@*.service; may be repeated)", 0 },
		{ "dropins", 'D', "DIR", 0, "judge the units DIR has a sealtools.conf "
		  "drop-in for (default: /etc/systemd/system)", 0 },
		{ "every", 'e', NULL, 0, "judge every process, not only the sealed "
		  "services", 0 },
		{ 0 }
	};
	static const struct argp argp = {
		.options = options,
		.parser = parse_opt,
		.doc = "The sealing state of the sealed services (processes started by "
		       "sealrun, units named by --unit or by a sealtools.conf drop-in), per "
		       "service (systemd unit, else comm:NAME), in the Prometheus text "
		       "format, for node_exporter's textfile collector; other processes "
		       "as one count.  Processes are judged as verify --all judges them.\v"
		       "Exit status: 0 the metrics were written, 1 they could not be "
		       "(nothing is left half-written), 64 on a usage error.",
	};
	struct metrics mx = {
		.policy = SEAL_POLICY_DEFAULT,
		.policy_text = "default",
		.dropins = "/etc/systemd/system",
	};
	const char *what = NULL;
	int rc, probe, status = SEALCTL_EXIT_OK;

	mx.page = (size_t)sysconf(_SC_PAGESIZE);
	select_init(&mx.sel);
	sealctl_argp_parse(&argp, argc, argv, 0, &mx);

	probe = seal_probe();
	rc = select_add_dropins(&mx.sel, mx.dropins);
	if (rc < 0) {
		sealctl_warn("%s: %s", mx.dropins, err_cause(-rc));
		status = SEALCTL_EXIT_FAIL;
		goto out;
	}
	rc = proc_each_pid(metrics_of, &mx);
	if (rc < 0) {
		/* A partial scan would read as processes gone: write nothing. */
		sealctl_warn("/proc: %s", err_cause(-rc));
		status = SEALCTL_EXIT_FAIL;
	} else if (mx.out) {
		rc = write_atomic(&mx, probe, &what);
		if (rc < 0) {
			/* A file's ENOENT is no missing process. */
			sealctl_warn("%s: %s: %s", mx.out, what, rc == -ENOENT ?
				     "no such file or directory" : err_cause(-rc));
			status = SEALCTL_EXIT_FAIL;
		}
	} else {
		print_metrics(stdout, &mx, probe);
	}
out:
	for (size_t i = 0; i < mx.n; i++) {
		free(mx.svc[i].name);
		free(mx.svc[i].range);
	}
	free(mx.svc);
	select_free(&mx.sel);
	return status;
}
