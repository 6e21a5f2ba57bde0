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
 * The service of a process is its systemd unit: the last component of
 * its cgroup path (the cgroup v2 line of /proc/PID/cgroup, else the v1
 * name=systemd one) that ends in ".service" or ".scope", the two unit
 * types that hold processes.  Without one, its executable's path
 * (/proc/PID/exe); when that cannot be read either, "(unknown)".  No
 * label names a PID: the series must not grow with each new process.
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

#define SERVICE_MAX	4096		/* an executable's path, PATH_MAX */
#define UNKNOWN_SERVICE	"(unknown)"

struct service {
	char *name;
	unsigned long compliant, noncompliant, unreadable;
	unsigned long wx_enforced, wx_maps;
	uint64_t policy_bytes, sealed_bytes;
};

struct metrics {
	unsigned int policy;
	bool wx;
	const char *policy_text;
	const char *out;		/* -o FILE, or NULL: stdout */
	size_t page;
	struct service *svc;
	size_t n, cap;
	unsigned long unreadable;
};

/* ---- the service of a process ------------------------------------------- */

static bool is_unit(const char *name, size_t len)
{
	static const char *const suffix[] = { ".service", ".scope" };

	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		size_t sl = strlen(suffix[i]);

		if (len > sl && memcmp(name + len - sl, suffix[i], sl) == 0)
			return true;
	}
	return false;
}

/* The last unit component of a cgroup path (up to its end or newline)
 * into buf: true, or false when it has none. */
static bool unit_of_path(const char *path, char *buf, size_t size)
{
	const char *end = path + strcspn(path, "\n"), *p = end;

	while (p > path) {
		const char *c = p;

		while (c > path && c[-1] != '/')
			c--;
		if (is_unit(c, (size_t)(p - c)) && (size_t)(p - c) < size) {
			memcpy(buf, c, (size_t)(p - c));
			buf[p - c] = '\0';
			return true;
		}
		p = c > path ? c - 1 : path;
	}
	return false;
}

/* The systemd unit from /proc/PID/cgroup, whose lines are
 * "ID:CONTROLLERS:PATH": the v2 line "0::PATH" first, then the v1
 * "N:name=systemd:PATH". */
static bool unit_of(int dirfd, char *buf, size_t size)
{
	static const char *const want[] = { "", "name=systemd" };
	char cg[8192];

	if (proc_read_small(dirfd, "cgroup", cg, sizeof(cg)) < 0)
		return false;
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		const char *line, *next;

		for (line = cg; *line; line = next) {
			size_t len = strcspn(line, "\n");
			const char *ctl = memchr(line, ':', len), *path;

			next = line + len + (line[len] == '\n');
			if (!ctl++)
				continue;
			path = memchr(ctl, ':', (size_t)(line + len - ctl));
			if (!path++ || (size_t)(path - 1 - ctl) != strlen(want[w]) ||
			    memcmp(ctl, want[w], strlen(want[w])) != 0 ||
			    (w == 0 && (ctl - line != 2 || line[0] != '0')))
				continue;
			if (unit_of_path(path, buf, size))
				return true;
		}
	}
	return false;
}

static void service_of(int dirfd, char *buf, size_t size)
{
	ssize_t n;

	if (unit_of(dirfd, buf, size))
		return;
	n = readlinkat(dirfd, "exe", buf, size - 1);
	if (n > 0) {
		buf[n] = '\0';
		return;
	}
	snprintf(buf, size, UNKNOWN_SERVICE);
}

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

static void account(struct service *s, const struct metrics *mx, const struct target *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct mapping *m = &t->map[i];

		if (!m->parts)
			continue;
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

static int metrics_of(void *ctx, pid_t pid)
{
	struct metrics *mx = ctx;
	struct target t = { .pid = pid, .dirfd = proc_open(pid) };
	char service[SERVICE_MAX], comm[256];
	struct service *s;
	int rc;

	if (t.dirfd == -ESRCH)
		return 0;		/* gone since /proc was listed */
	if (t.dirfd >= 0)
		service_of(t.dirfd, service, sizeof(service));
	else
		snprintf(service, sizeof(service), UNKNOWN_SERVICE);
	rc = judge_read(&t, mx->policy, mx->page, comm, sizeof(comm));
	if (rc == -ESRCH || (rc == 0 && t.no_mm)) {
		rc = 0;			/* gone, or nothing to judge: as verify --all */
		goto out;
	}
	if (rc == -ENOMEM)
		goto out;
	s = find_service(mx, service);
	if (!s) {
		rc = -ENOMEM;
		goto out;
	}
	if (rc < 0) {
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
	const char *s = strlen(v) < SERVICE_MAX ? esc_str(v, buf, 0) : UNKNOWN_SERVICE;

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

	qsort(mx->svc, mx->n, sizeof(*mx->svc), by_name);
	header(f, "sealtools_mseal_usable",
	       "Whether this kernel can seal memory (mseal(2), as sealctl status tells).");
	fprintf(f, "sealtools_mseal_usable %d\n", probe == 0);
	header(f, "sealtools_policy_info", "The policy the processes are judged against.");
	fputs("sealtools_policy_info{policy=", f);
	label_value(f, mx->policy_text);
	fprintf(f, ",version=\"%s\"} 1\n", SEAL_VERSION);
	header(f, "sealtools_processes",
	       "Processes per service that comply with the policy, do not, or could not be read.");
	for (i = 0; i < mx->n; i++) {
		series(f, "sealtools_processes", &mx->svc[i], "compliant", mx->svc[i].compliant);
		series(f, "sealtools_processes", &mx->svc[i], "noncompliant",
		       mx->svc[i].noncompliant);
		series(f, "sealtools_processes", &mx->svc[i], "unreadable", mx->svc[i].unreadable);
	}
	header(f, "sealtools_policy_bytes",
	       "Bytes of the mappings the policy names (that should be sealed), per service.");
	for (i = 0; i < mx->n; i++)
		series(f, "sealtools_policy_bytes", &mx->svc[i], NULL, mx->svc[i].policy_bytes);
	header(f, "sealtools_sealed_bytes",
	       "Bytes of the mappings the policy names that are sealed, per service.");
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
		{ 0 }
	};
	static const struct argp argp = {
		.options = options,
		.parser = parse_opt,
		.doc = "Every process's sealing state, per service (systemd unit, else "
		       "executable), in the Prometheus text format, for node_exporter's "
		       "textfile collector.  Processes are judged as verify --all judges "
		       "them.\v"
		       "Exit status: 0 the metrics were written, 1 they could not be "
		       "(nothing is left half-written), 64 on a usage error.",
	};
	struct metrics mx = {
		.policy = SEAL_POLICY_DEFAULT,
		.policy_text = "default",
	};
	const char *what = NULL;
	int rc, probe, status = SEALCTL_EXIT_OK;

	mx.page = (size_t)sysconf(_SC_PAGESIZE);
	sealctl_argp_parse(&argp, argc, argv, 0, &mx);

	probe = seal_probe();
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
	for (size_t i = 0; i < mx.n; i++)
		free(mx.svc[i].name);
	free(mx.svc);
	return status;
}
