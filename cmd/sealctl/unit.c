// SPDX-License-Identifier: GPL-2.0-or-later
// SPDX-FileCopyrightText: 2026 The sealtools authors
/*
 * sealctl unit — seal a systemd service in one step: write the drop-in
 * /etc/systemd/system/UNIT.d/sealtools.conf that starts every command of
 * the vendor's unit through sealrun.
 *
 * The unit is read as systemd reads it, without systemd: its file from
 * the unit directories (a template's for an instance), then the drop-ins
 * of those directories in the order of their names (ours excepted),
 * [Service] only, continuation lines joined, an empty assignment
 * resetting a list.  The drop-in then
 *  - resets each Exec*= list (ExecCondition, ExecStartPre, ExecStart,
 *    ExecStartPost, ExecReload, ExecStop, ExecStopPost) and writes each
 *    command again behind sealrun, its prefixes ("-", "+", "!", ":")
 *    kept before sealrun, "@" turned into sealrun --argv0.  Every command
 *    systemd runs in the unit's cgroup is sealed, test runs (nginx -t)
 *    and reloads included, so that sealctl verify --unit UNIT holds at
 *    any moment, and a test run fails when the real run would;
 *  - adds RestartPreventExitStatus=125 126 127: sealrun's refusals, which
 *    a restart cannot mend;
 *  - relaxes what would refuse sealrun its work: an allow-list
 *    SystemCallFilter= (systemd 252's sets do not list mseal, and its
 *    filter kills the process there with SIGSYS, measured; 257's lets it
 *    through: the deny-list lines are kept), and NoExecPaths= (sealrun
 *    and its sealer are added to ExecPaths=).
 * Type=forking (sealrun execs the daemon in place; its child inherits
 * the seals, PIDFile= names it as before) and Type=notify (the main PID
 * is the daemon's own, NotifyAccess=main holds) need nothing, but for a
 * forking unit without PIDFile=: systemd then guesses the main PID as
 * the one process of the unit's cgroup that is its own child, and
 * sealrun's supervisor is one too (its parent exits, PID 1 adopts it),
 * so the guess fails (MainPID=0: no SIGTERM to the daemon at stop under
 * KillMode=mixed, only the final SIGKILL; Restart= blind), measured
 * under Debian 13's systemd with apache2.service.  Apache's pid file is
 * known (Debian's envvars): the drop-in names it.  For any other such
 * unit it says what to add, and so does sealctl unit on stderr.
 */
#define _GNU_SOURCE
#include <argp.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "escape.h"
#include "msg.h"
#include "sealctl.h"

#define UNIT_FILE_MAX	(1u << 20)	/* a unit file or drop-in we read */
#define UNIT_NAME_MAX	256
#define DROPIN_NAME	"sealtools.conf"

static const char *const unit_dirs[] = {
	"etc/systemd/system", "run/systemd/system", "usr/local/lib/systemd/system",
	"usr/lib/systemd/system", "lib/systemd/system",
};
#define NDIRS (sizeof(unit_dirs) / sizeof(unit_dirs[0]))

static const char *const exec_keys[] = {
	"ExecCondition", "ExecStartPre", "ExecStart", "ExecStartPost",
	"ExecReload", "ExecStop", "ExecStopPost",
};
#define NEXEC (sizeof(exec_keys) / sizeof(exec_keys[0]))

/* A list setting: its values, in order. */
struct list {
	char **v;
	size_t n;
};

struct unit {
	const char *name;		/* as given, ".service" added */
	char canon[UNIT_NAME_MAX];	/* the name of the file found */
	const char *root;		/* --root, or "" */
	const char *file;		/* --file */
	const char *sealrun;		/* sealrun's path in the drop-in */
	char **opts;			/* sealrun's options */
	size_t nopts;
	bool dry_run, remove;
	char *read_from;		/* the file read */
	struct list exec[NEXEC];
	struct list syscall_filter, no_exec_paths;
	char *type, *pidfile;
	const char *chkpwd;		/* the set-id PAM helper allowed unsealed, or NULL */
};

static void list_add(struct list *l, const char *v)
{
	if (!*v) {			/* "Key=": resets the list */
		for (size_t i = 0; i < l->n; i++)
			free(l->v[i]);
		l->n = 0;
		return;
	}
	l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
	if (!l->v || !(l->v[l->n] = strdup(v))) {
		sealctl_warn("%s", err_cause(ENOMEM));
		exit(SEALCTL_EXIT_FAIL);
	}
	l->n++;
}

static void list_free(struct list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* ---- reading the unit ------------------------------------------------------- */

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static void setting(struct unit *u, const char *key, const char *value)
{
	for (size_t i = 0; i < NEXEC; i++)
		if (strcmp(key, exec_keys[i]) == 0)
			list_add(&u->exec[i], value);
	if (strcmp(key, "SystemCallFilter") == 0)
		list_add(&u->syscall_filter, value);
	else if (strcmp(key, "NoExecPaths") == 0)
		list_add(&u->no_exec_paths, value);
	else if (strcmp(key, "Type") == 0) {
		free(u->type);
		u->type = strdup(value);
	} else if (strcmp(key, "PIDFile") == 0) {
		free(u->pidfile);
		u->pidfile = *value ? strdup(value) : NULL;
	}
}

/* Parse a unit file's text: the [Service] section's settings. */
static void parse_text(struct unit *u, char *text)
{
	bool service = false;
	char *line = text, *next;

	for (; line && *line; line = next) {
		char *l, *eq;
		size_t len;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		/* Continuation lines: a trailing backslash joins the next
		 * (comment lines in between are skipped, as systemd does). */
		while (next && (len = strlen(line)) && line[len - 1] == '\\') {
			char *more = next, *after = strchr(more, '\n');

			if (after)
				*after++ = '\0';
			next = after;
			if (*trim(more) == '#' || *trim(more) == ';')
				continue;
			line[len - 1] = ' ';
			memmove(line + len, more, strlen(more) + 1);
		}
		l = trim(line);
		if (!*l || *l == '#' || *l == ';')
			continue;
		if (*l == '[') {
			service = strcmp(l, "[Service]") == 0;
			continue;
		}
		eq = strchr(l, '=');
		if (!service || !eq)
			continue;
		*eq = '\0';
		setting(u, trim(l), trim(eq + 1));
	}
}

/* Read path (below the root unless as_given) and parse it.  0 or -errno. */
static int read_unit_file(struct unit *u, const char *path, bool as_given)
{
	char *full = NULL, *text;
	FILE *f;
	size_t n;

	if (asprintf(&full, "%s%s", as_given ? "" : u->root, path) < 0)
		return -ENOMEM;
	f = fopen(full, "re");
	free(full);
	if (!f)
		return -errno;
	text = malloc(UNIT_FILE_MAX + 1);
	if (!text) {
		fclose(f);
		return -ENOMEM;
	}
	n = fread(text, 1, UNIT_FILE_MAX, f);
	fclose(f);
	text[n] = '\0';
	parse_text(u, text);
	free(text);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	const char *x = strrchr(*(char *const *)a, '/'), *y = strrchr(*(char *const *)b, '/');

	return strcmp(x, y);
}

/* The drop-ins of names[] in every unit directory, ours excepted, in the
 * order of their file names.  0 or -errno. */
static int read_dropins(struct unit *u, const char *const names[], size_t nnames)
{
	char **files = NULL;
	size_t n = 0;
	int rc = 0;

	for (size_t k = 0; k < nnames; k++) {
		for (size_t d = 0; d < NDIRS; d++) {
			char *dir = NULL;
			DIR *dp;
			struct dirent *e;

			if (asprintf(&dir, "%s/%s/%s.d", u->root, unit_dirs[d], names[k]) < 0)
				return -ENOMEM;
			dp = opendir(dir);
			while (dp && (e = readdir(dp))) {
				size_t len = strlen(e->d_name);
				char *p;

				if (len < 6 || strcmp(e->d_name + len - 5, ".conf") != 0 ||
				    strcmp(e->d_name, DROPIN_NAME) == 0)
					continue;
				files = realloc(files, (n + 1) * sizeof(*files));
				if (!files || asprintf(&p, "/%s/%s.d/%s", unit_dirs[d], names[k],
						       e->d_name) < 0) {
					closedir(dp);
					free(dir);
					return -ENOMEM;
				}
				files[n++] = p;
			}
			if (dp)
				closedir(dp);
			free(dir);
		}
	}
	if (n > 1)		/* files is NULL where no drop-in was found */
		qsort(files, n, sizeof(*files), by_name);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			rc = read_unit_file(u, files[i], false);
		free(files[i]);
	}
	free(files);
	return rc;
}

/* Find and read the unit's file (a template's for an instance), then its
 * drop-ins.  0, or -errno (-ENOENT: none; -ELOOP: masked). */
static int read_unit(struct unit *u)
{
	char tmpl[UNIT_NAME_MAX];
	const char *names[2] = { u->name, NULL };
	const char *at = strchr(u->name, '@'), *dot = strrchr(u->name, '.');
	size_t nnames = 1;
	int rc;

	snprintf(u->canon, sizeof(u->canon), "%s", u->name);
	if (at && dot && at + 1 < dot) {
		snprintf(tmpl, sizeof(tmpl), "%.*s@%s", (int)(at - u->name), u->name, dot);
		names[nnames++] = tmpl;
	}
	if (u->file) {
		u->read_from = strdup(u->file);
		if (!u->read_from)
			return -ENOMEM;
		return read_unit_file(u, u->file, true);
	}
	for (size_t k = 0; k < nnames; k++) {
		for (size_t d = 0; d < NDIRS; d++) {
			char *path = NULL, *full = NULL, target[PATH_MAX];
			struct stat st;
			ssize_t tl;

			if (asprintf(&path, "/%s/%s", unit_dirs[d], names[k]) < 0 ||
			    asprintf(&full, "%s%s", u->root, path) < 0) {
				free(path);
				return -ENOMEM;
			}
			if (lstat(full, &st) < 0) {
				free(path);
				free(full);
				continue;
			}
			/* A link: masked (/dev/null), or an alias whose file is
			 * the unit's own name. */
			tl = S_ISLNK(st.st_mode) ? readlink(full, target, sizeof(target) - 1) : -1;
			free(full);
			if (tl > 0) {
				const char *base;
				size_t bl;

				target[tl] = '\0';
				if (strcmp(target, "/dev/null") == 0) {
					free(path);
					return -ELOOP;
				}
				base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
				bl = strlen(base);
				if (k == 0 && strcmp(base, names[0]) != 0 && bl < sizeof(u->canon))
					memcpy(u->canon, base, bl + 1);
			}
			rc = read_unit_file(u, path, false);
			u->read_from = path;
			if (rc < 0)
				return rc;
			return read_dropins(u, names, nnames);
		}
	}
	return -ENOENT;
}

/* ---- writing the drop-in ---------------------------------------------------- */

/* A word as systemd's command lines take it: quoted when it holds a
 * space, a quote or a backslash; '%' and '$' doubled (no specifier, no
 * variable in sealrun's options). */
static void put_word(FILE *f, const char *w)
{
	bool quote = !*w || strpbrk(w, " \t\"'\\;") != NULL;

	if (quote)
		putc('"', f);
	for (; *w; w++) {
		if (*w == '"' || *w == '\\')
			putc('\\', f);
		if (*w == '%' || *w == '$')
			putc(*w, f);
		putc(*w, f);
	}
	if (quote)
		putc('"', f);
}

/* The length of the first word of s (a quoted one whole). */
static size_t word_len(const char *s)
{
	if (*s == '"' || *s == '\'') {
		const char *e = s + 1;

		while (*e && *e != *s)
			e += (*e == '\\' && e[1]) ? 2 : 1;
		return (size_t)(e - s) + (*e != '\0');
	}
	return strcspn(s, " \t");
}

static void put_exec(FILE *f, const struct unit *u, const char *key, const char *cmd)
{
	char prefix[8];
	size_t np = 0;
	bool argv0 = false;

	/* The prefixes: "-", "+", "!", "!!", ":" stay before sealrun; "@"
	 * (argv[0] is the next word) becomes sealrun --argv0. */
	while (strchr("-@:+!", *cmd) && *cmd && np < sizeof(prefix) - 1) {
		if (*cmd == '@')
			argv0 = true;
		else
			prefix[np++] = *cmd;
		cmd++;
	}
	prefix[np] = '\0';
	fprintf(f, "%s=%s", key, prefix);
	put_word(f, u->sealrun);
	for (size_t i = 0; i < u->nopts; i++) {
		putc(' ', f);
		put_word(f, u->opts[i]);
	}
	if (u->chkpwd)
		fprintf(f, " --allow-unsealed %s", u->chkpwd);
	if (argv0) {
		size_t pl = word_len(cmd);
		const char *rest = cmd + pl, *a0;
		size_t al;

		rest += strspn(rest, " \t");
		a0 = rest;
		al = word_len(a0);
		/* --argv0 WORD, the word as the unit wrote it (systemd unquotes it). */
		fprintf(f, " --argv0 %.*s -- %.*s%s%s\n", (int)al, a0, (int)pl, cmd,
			*(a0 + al) ? " " : "", a0 + al + strspn(a0 + al, " \t"));
		return;
	}
	fprintf(f, " -- %s\n", cmd);
}

/* The sealer and exec guard sealrun uses, from its own dry run ("sealrun:
 * check: sealer: PATH" on standard output), for ExecPaths=; NULL when it
 * says nothing (then the drop-in says so). */
static char *sealer_paths(const char *sealrun)
{
	int pipefd[2];
	pid_t pid;
	char buf[8192], *out = NULL;
	size_t n = 0;
	ssize_t r;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return NULL;
	pid = fork();
	if (pid == 0) {
		/* The dry run's plan is on standard output. */
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(open("/dev/null", O_WRONLY), STDERR_FILENO);
		execl(sealrun, "sealrun", "--dry-run", "--", "/bin/true", (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	while (pid > 0 && n < sizeof(buf) - 1 &&
	       (r = read(pipefd[0], buf + n, sizeof(buf) - 1 - n)) > 0)
		n += (size_t)r;
	close(pipefd[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	buf[n] = '\0';
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
		static const char *const tags[] = { "sealrun: check: sealer: ",
						     "sealrun: check: exec guard: " };

		for (size_t t = 0; t < 2; t++) {
			char *grown;

			if (strncmp(l, tags[t], strlen(tags[t])) != 0 ||
			    strpbrk(l + strlen(tags[t]), " \t\"'\\"))
				continue;
			if (asprintf(&grown, "%s%s%s", out ? out : "", out ? " " : "",
				     l + strlen(tags[t])) < 0)
				continue;
			free(out);
			out = grown;
		}
	}
	return out;
}

static bool is_forking(const struct unit *u)
{
	return u->type && strcmp(u->type, "forking") == 0;
}

/* A forking unit without PIDFile= whose ExecStart= runs Apache's
 * apachectl (apache2ctl): the pid file Debian's /etc/apache2/envvars
 * gives it, /run/apache2$SUFFIX/apache2.pid, where SUFFIX is "-NAME"
 * for the instance apache2@NAME.service (APACHE_CONFDIR=/etc/apache2-NAME).
 * NULL for any other unit. */
static const char *apache_pidfile(const struct unit *u)
{
	const char *cmd = u->exec[2].n ? u->exec[2].v[0] : "";
	size_t len;

	if (!is_forking(u) || u->pidfile)
		return NULL;
	cmd += strspn(cmd, "-@:+!");
	len = word_len(cmd);
	while (len && memchr(cmd, '/', len)) {
		size_t skip = (size_t)((const char *)memchr(cmd, '/', len) - cmd) + 1;

		cmd += skip;
		len -= skip;
	}
	if (!(len == 9 && !strncmp(cmd, "apachectl", 9)) &&
	    !(len == 10 && !strncmp(cmd, "apache2ctl", 10)))
		return NULL;
	return strchr(u->canon, '@') ? "/run/apache2-%i/apache2.pid" : "/run/apache2/apache2.pid";
}

static void print_dropin(FILE *f, const struct unit *u)
{
	bool allow = false;

	fprintf(f, "# Written by sealctl unit (sealtools %s) from %s.\n"
		"# Every command systemd runs for %s starts through sealrun, test runs\n"
		"# and reloads included: sealctl verify --unit %s holds at any moment.\n"
		"# Remove this file (sealctl unit --remove) and daemon-reload to undo.\n"
		"[Service]\n", SEAL_VERSION, u->read_from, u->canon, u->canon);
	for (size_t i = 0; i < NEXEC; i++) {
		if (!u->exec[i].n)
			continue;
		fprintf(f, "%s=\n", exec_keys[i]);
		for (size_t k = 0; k < u->exec[i].n; k++)
			put_exec(f, u, exec_keys[i], u->exec[i].v[k]);
	}
	fputs("# sealrun exits 125 when it cannot seal, 126 or 127 when the program\n"
	      "# cannot be run: restarting would not mend that.\n"
	      "RestartPreventExitStatus=125 126 127\n", f);
	if (is_forking(u) && u->pidfile) {
		fputs("# Type=forking: sealrun execs the daemon in place; the child it forks\n"
		      "# inherits the seals, and PIDFile= names it as before.\n", f);
	} else if (is_forking(u)) {
		const char *pidfile = apache_pidfile(u);

		fputs("# Type=forking: sealrun execs the daemon in place; the child it forks\n"
		      "# inherits the seals.  Without PIDFile= systemd guesses the main PID as\n"
		      "# the one process of the unit that is its own child, and sealrun's\n"
		      "# supervisor is one too: the guess fails (MainPID=0, no SIGTERM to the\n"
		      "# daemon at stop, Restart= blind).\n", f);
		if (pidfile)
			fprintf(f, "# Apache's pid file (Debian's /etc/apache2/envvars, APACHE_PID_FILE;\n"
				"# change it here if PidFile in its configuration differs):\n"
				"PIDFile=%s\n", pidfile);
		else
			fputs("# Add the daemon's pid file here: PIDFile=/run/NAME.pid\n", f);
	} else if (u->type && strcmp(u->type, "notify") == 0)
		fputs("# Type=notify: sealrun execs the daemon in place, so the main PID is\n"
		      "# the daemon's and NotifyAccess=main still holds.\n", f);
	if (u->chkpwd)
		fprintf(f, "# sshd and PAM: pam_unix (Linux-PAM 1.6 and later, Debian 13) runs its\n"
			"# set-group-ID helper %s even as root; the kernel runs\n"
			"# it in secure mode, where the loader ignores the sealer: allowed to run\n"
			"# unsealed by name (sealtools README, \"sshd and unix_chkpwd\").\n", u->chkpwd);
	for (size_t i = 0; i < u->syscall_filter.n; i++)
		if (u->syscall_filter.v[i][0] != '~')
			allow = true;
	if (allow) {
		fputs("# The unit's SystemCallFilter= allow-list: systemd 252 (Debian 12) kills\n"
		      "# the process at mseal(2) (SIGSYS), which its sets do not list; 257 lets\n"
		      "# it through.  Kept: the unit's deny-lists only.\n"
		      "SystemCallFilter=\n", f);
		for (size_t i = 0; i < u->syscall_filter.n; i++)
			if (u->syscall_filter.v[i][0] == '~')
				fprintf(f, "SystemCallFilter=%s\n", u->syscall_filter.v[i]);
	}
	if (u->no_exec_paths.n) {
		char *sealer = sealer_paths(u->sealrun);

		fputs("# NoExecPaths=: sealrun and its sealer must be executable.\n", f);
		fputs("ExecPaths=", f);
		put_word(f, u->sealrun);
		if (sealer)
			fprintf(f, " %s", sealer);
		putc('\n', f);
		if (!sealer)
			fputs("# sealrun --dry-run did not name its sealer: add its directory to\n"
			      "# ExecPaths= (sealrun --dry-run /bin/true shows it).\n", f);
		free(sealer);
	}
}

/*
 * The one named exception sealctl unit writes: a unit whose ExecStart=
 * runs OpenSSH's sshd gets --allow-unsealed for PAM's set-id helper
 * unix_chkpwd when the root has one.  pam_unix (Linux-PAM 1.6 and
 * later) runs "unix_chkpwd USER chkexpiry" from sshd's root monitor for
 * every login; set-group-ID shadow, it runs in secure mode, where ld.so
 * ignores LD_AUDIT, so the supervisor refuses it (it would run unsealed)
 * and PAM's account check fails the login.
 */
static const char *pam_chkpwd(const struct unit *u)
{
	static const char *const helpers[] = { "/usr/sbin/unix_chkpwd", "/sbin/unix_chkpwd" };
	const char *cmd = u->exec[2].n ? u->exec[2].v[0] : "";
	size_t len;
	char path[PATH_MAX];
	struct stat st;

	cmd += strspn(cmd, "-@:+!");
	len = word_len(cmd);
	if (!(len == 4 && !strncmp(cmd, "sshd", 4)) &&
	    !(len > 5 && !strncmp(cmd + len - 5, "/sshd", 5)))
		return NULL;
	for (size_t i = 0; i < sizeof(helpers) / sizeof(*helpers); i++) {
		snprintf(path, sizeof(path), "%s%s", u->root, helpers[i]);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    (st.st_mode & (S_ISUID | S_ISGID)))
			return helpers[i];
	}
	return NULL;
}

/* Write the drop-in atomically (a temporary file, then rename), 0644.
 * 0, or -errno with *what naming the step. */
static int write_dropin(const struct unit *u, const char *dir, const char *path,
			const char **what)
{
	char *tmp = NULL;
	FILE *f;
	int fd, rc = 0;

	*what = "creating its directory";
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	*what = "creating a temporary file";
	if (asprintf(&tmp, "%s/.%s.XXXXXX", dir, DROPIN_NAME) < 0)
		return -ENOMEM;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		free(tmp);
		return rc;
	}
	if (fchmod(fd, 0644) < 0 || !(f = fdopen(fd, "w"))) {
		rc = -errno;
		close(fd);
		goto out;
	}
	*what = "writing";
	print_dropin(f, u);
	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) < 0)
		rc = errno ? -errno : -EIO;
	if (fclose(f) != 0 && rc == 0)
		rc = -errno;
	if (rc == 0) {
		*what = "renaming the temporary file";
		if (rename(tmp, path) < 0)
			rc = -errno;
	}
out:
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* ---- options ------------------------------------------------------------------ */

/* A name systemd would take for a unit: letters, digits, ":-_.\\"
 * (its escapes), at most one "@", not starting with "." or "@". */
static bool unit_name_ok(const char *s)
{
	const char *at = strchr(s, '@');

	if (!*s || *s == '.' || *s == '@' || (at && strchr(at + 1, '@')))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || strchr(":-_.\\@", *s)))
			return false;
	return true;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct unit *u = state->input;

	switch (key) {
	case 'f':
		u->file = arg;
		break;
	case 'R':
		u->root = arg;
		break;
	case 'S':
		if (arg[0] != '/')
			argp_error(state, "--sealrun needs an absolute path");
		u->sealrun = arg;
		break;
	case 'n':
		u->dry_run = true;
		break;
	case 'r':
		u->remove = true;
		break;
	case ARGP_KEY_ARG:
		if (!u->name) {
			static char name[UNIT_NAME_MAX];
			const char *dot = strrchr(arg, '.');

			if (!unit_name_ok(arg) || strlen(arg) + 9 >= sizeof(name)) {
				static char shown[4 * UNIT_NAME_MAX + 1];

				argp_error(state, "invalid unit name '%s' (systemd's names are "
					   "letters, digits and \":-_.\\\", one \"@\")",
					   strlen(arg) < UNIT_NAME_MAX ?
					   esc_str(arg, shown, ESC_CONTROL) : "(too long)");
			}
			if (dot && strcmp(dot, ".service") != 0)
				argp_error(state, "'%s' is not a service", arg);
			snprintf(name, sizeof(name), dot ? "%s" : "%s.service", arg);
			u->name = name;
			break;
		}
		u->opts = realloc(u->opts, (u->nopts + 1) * sizeof(*u->opts));
		if (!u->opts)
			argp_failure(state, SEALCTL_EXIT_FAIL, ENOMEM, "options");
		u->opts[u->nopts++] = arg;
		break;
	case ARGP_KEY_END:
		if (!u->name)
			argp_error(state, "no unit given");
		if (u->remove && (u->nopts || u->file || u->dry_run))
			argp_error(state, "--remove takes only the unit (and --root)");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* sealrun beside sealctl (as installed, and in a build tree), else
 * /usr/bin/sealrun. */
static char *default_sealrun(void)
{
	char self[PATH_MAX], *slash, *p = NULL;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash && asprintf(&p, "%.*s/sealrun", (int)(slash - self), self) >= 0 &&
		    access(p, X_OK) == 0 && !strpbrk(p, " \t\"'\\%$"))
			return p;
		free(p);
	}
	return strdup("/usr/bin/sealrun");
}

int cmd_unit(int argc, char **argv)
{
	static const struct argp_option options[] = {
		{ "dry-run", 'n', NULL, 0, "print the drop-in; write nothing", 0 },
		{ "file", 'f', "FILE", 0, "read the unit from FILE (default: as systemd "
		  "finds it, a template's file for an instance)", 0 },
		{ "root", 'R', "DIR", 0, "read and write the unit directories below DIR", 0 },
		{ "sealrun", 'S', "PATH", 0, "sealrun's path in the drop-in (default: the "
		  "sealrun beside sealctl)", 0 },
		{ "remove", 'r', NULL, 0, "remove the drop-in", 0 },
		{ 0 }
	};
	static const struct argp argp = {
		.options = options,
		.parser = parse_opt,
		.args_doc = "UNIT [-- SEALRUN-OPTION...]",
		.doc = "Seal a systemd service: write /etc/systemd/system/UNIT.d/"
		       "sealtools.conf, which starts every command of the unit "
		       "(ExecStartPre test runs, ExecStart, ExecReload, ExecStop...) "
		       "through sealrun with the options after --, stops restarts on "
		       "sealrun's refusals (125, 126, 127), and relaxes a SystemCallFilter= "
		       "allow-list and NoExecPaths= that would refuse sealing.  Then: "
		       "systemctl daemon-reload; systemctl restart UNIT; sealctl verify "
		       "--unit UNIT.  sealctl metrics and verify --all judge the units "
		       "with this drop-in.\v"
		       "Exit status: 0 written (or printed, or removed), 1 the unit could "
		       "not be read or the drop-in not written, 64 on a usage error.",
	};
	struct unit u = { .root = "" };
	char *dir = NULL, *path = NULL, *sealrun = NULL;
	const char *what;
	int rc, status = SEALCTL_EXIT_OK;

	sealctl_argp_parse(&argp, argc, argv, 0, &u);
	if (!u.sealrun) {
		sealrun = default_sealrun();
		if (!sealrun) {
			sealctl_warn("%s", err_cause(ENOMEM));
			return SEALCTL_EXIT_FAIL;
		}
		u.sealrun = sealrun;
	}
	if (u.remove) {
		snprintf(u.canon, sizeof(u.canon), "%s", u.name);
	} else {
		rc = read_unit(&u);
		if (rc < 0) {
			sealctl_warn("%s: %s", u.file ? u.file : u.name,
				     rc == -ENOENT ? "no such unit file" :
				     rc == -ELOOP ? "the unit is masked" : err_cause(-rc));
			status = SEALCTL_EXIT_FAIL;
			goto out;
		}
		if (!u.exec[2].n) {
			sealctl_warn("%s: no ExecStart= in %s", u.name, u.read_from);
			status = SEALCTL_EXIT_FAIL;
			goto out;
		}
		u.chkpwd = pam_chkpwd(&u);
		if (is_forking(&u) && !u.pidfile && !apache_pidfile(&u))
			sealctl_warn("%s: Type=forking without PIDFile=: beside sealrun's supervisor "
				     "systemd cannot tell the daemon's PID; add PIDFile= to the drop-in",
				     u.canon);
	}
	if (u.dry_run) {
		print_dropin(stdout, &u);
		goto out;
	}
	if (asprintf(&dir, "%s/etc/systemd/system/%s.d", u.root, u.canon) < 0 ||
	    asprintf(&path, "%s/%s", dir, DROPIN_NAME) < 0) {
		sealctl_warn("%s", err_cause(ENOMEM));
		status = SEALCTL_EXIT_FAIL;
		goto out;
	}
	if (u.remove) {
		if (unlink(path) < 0 && errno != ENOENT) {
			sealctl_warn("%s: %s", path, seal_strerror(errno));
			status = SEALCTL_EXIT_FAIL;
			goto out;
		}
		rmdir(dir);		/* when empty */
		printf("removed %s; now: systemctl daemon-reload; systemctl restart %s\n",
		       path, u.canon);
		goto out;
	}
	rc = write_dropin(&u, dir, path, &what);
	if (rc < 0) {
		sealctl_warn("%s: %s: %s", path, what, seal_strerror(-rc));
		status = SEALCTL_EXIT_FAIL;
		goto out;
	}
	if (strstr(u.canon, "@.")) {
		/* A template: its instances are what runs. */
		const char *at = strstr(u.canon, "@.");

		printf("wrote %s; now: systemctl daemon-reload; for each instance: systemctl "
		       "restart %.*s@NAME%s; sealctl verify --unit %.*s@NAME%s\n", path,
		       (int)(at - u.canon), u.canon, at + 1, (int)(at - u.canon), u.canon, at + 1);
	} else {
		printf("wrote %s; now: systemctl daemon-reload; systemctl restart %s; "
		       "sealctl verify --unit %s\n", path, u.canon, u.canon);
	}
out:
	for (size_t i = 0; i < NEXEC; i++)
		list_free(&u.exec[i]);
	list_free(&u.syscall_filter);
	list_free(&u.no_exec_paths);
	free(u.type);
	free(u.pidfile);
	free(u.read_from);
	free(u.opts);
	free(dir);
	free(path);
	free(sealrun);
	return status;
}
