/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealrun — run a program so that, once its dynamic loader has finished,
 * its mappings are sealed with mseal(2).
 *
 * Seals do not survive execve, so sealrun seals nothing itself: it checks
 * that the in-target sealer (libsealrun.so) can reach PROGRAM, puts the
 * sealer in LD_AUDIT and the exec guard (libsealexec.so, which gives
 * sealrun's variables back to the programs PROGRAM starts) in LD_PRELOAD
 * with the policy in the environment, starts the supervisor that judges
 * every exec of the tree (supervise.c), and execs PROGRAM in place.
 * See sealrun(1) and DESIGN.md, "How sealrun works".
 */
#define _GNU_SOURCE
#include <argp.h>
#include <errno.h>
#include <gnu/libc-version.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "help.h"
#include "msg.h"
#include "seal.h"
#include "seal_policy.h"
#include "sealrun.h"
#include "protocol.h"

extern char **environ;

const char *argp_program_version = "sealrun (sealtools) " SEAL_VERSION;

struct options {
	unsigned int policy;
	char policy_text[256];
	bool best_effort;
	bool no_inherit;
	bool dry_run;
	bool verbose;
	bool preload_nss;
	char nss[4096];			/* --preload-nss: the modules, ':'-joined */
	char preload[4096];		/* --preload: the libraries, ':'-joined */
	char preload_all[8192];		/* both, for LD_PRELOAD */
	enum wx_mode deny_wx;
	char **argv;			/* PROGRAM and its arguments */
	char *argv0;			/* --argv0 */
	char self[PATH_MAX];		/* this sealrun, for the exec guard */
	char **allow;			/* --allow-unsealed, NULL-ended */
	size_t nallow;
};

enum { OPT_BEST_EFFORT = 0x100, OPT_NO_INHERIT, OPT_DENY_WX, OPT_PRELOAD_NSS, OPT_PRELOAD,
       OPT_ALLOW_UNSEALED };

static const struct argp_option option_list[] = {
	{ "policy", 'p', "LIST", 0,
	  "What to seal: comma-separated words below, -WORD removes (default: default)", 0 },
	{ "best-effort", OPT_BEST_EFFORT, NULL, 0,
	  "Run PROGRAM unsealed, with a warning, when this kernel cannot seal; run "
	  "it with the user's own LD_AUDIT modules, whose later loads stay unsealed; "
	  "let programs it starts that cannot be sealed run, with a warning", 0 },
	{ "allow-unsealed", OPT_ALLOW_UNSEALED, "PATH", 0,
	  "Let the program at PATH run unsealed wherever the tree executes it, each "
	  "time said on its standard error (repeatable); what it starts is judged as "
	  "usual", 0 },
	{ "no-inherit", OPT_NO_INHERIT, NULL, 0,
	  "Programs that PROGRAM executes run unsealed and unjudged (default: "
	  "sealed the same way, or refused)", 0 },
	{ "deny-wx", OPT_DENY_WX, "BACKEND", OPTION_ARG_OPTIONAL,
	  "Deny memory that is writable and executable, or made executable later, "
	  "to PROGRAM and all it runs; BACKEND: prctl, seccomp, or auto (the "
	  "default: prctl where the kernel has it)", 0 },
	{ "preload-nss", OPT_PRELOAD_NSS, NULL, 0,
	  "Load the NSS modules /etc/nsswitch.conf names, and libgcc_s, at start-up, "
	  "so that they are sealed whole with the program (see sealrun(1), What "
	  "remains open)", 0 },
	{ "preload", OPT_PRELOAD, "LIB", 0,
	  "Put LIB into PROGRAM's LD_PRELOAD (after the exec guard and the user's own "
	  "entries), rather than LD_PRELOAD=LIB in front of sealrun, which would load it "
	  "into sealrun itself; repeatable", 0 },
	{ "argv0", 'a', "NAME", 0, "Run PROGRAM with NAME as its argv[0], as exec -a does", 0 },
	{ "dry-run", 'n', NULL, 0, "Print the checks and the plan; run nothing", 0 },
	{ "verbose", 'v', NULL, 0,
	  "Report objects, ranges, bytes and mseal calls, and the --deny-wx backend, "
	  "on standard error", 0 },
	{ 0 }
};

__attribute__((format(printf, 1, 2)))
static void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seal_vsay(STDERR_FILENO, "sealrun", fmt, ap);
	va_end(ap);
}

/*
 * One line on f, "sealrun: TEXT", escaped as every message is
 * (common/msg.h): a program path, an argument or a file name with a
 * newline or terminal controls in it cannot forge a second "sealrun:"
 * line or act on a terminal.  fmt ends without the newline.
 */
__attribute__((format(printf, 2, 3)))
static void line(FILE *f, const char *fmt, ...)
{
	static char buf[SEAL_MSG_MAX];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = seal_vmsg(buf, "sealrun", fmt, ap);
	va_end(ap);
	fwrite(buf, 1, n, f);
}

static int parse_policy(struct options *o, const char *text, struct argp_state *state)
{
	size_t where = 0;
	int mask = seal_policy_parse(text, &where);

	if (mask < 0)
		argp_error(state, "unknown policy word '%.*s' in '%s' (see --help)",
			   (int)strcspn(text + where, ","), text + where, text);
	/* Sealing nothing is almost surely a mistake; run without sealrun. */
	if (mask == 0)
		argp_error(state, "policy '%s' seals nothing", text);
	o->policy = (unsigned int)mask;
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct options *o = state->input;

	switch (key) {
	case 'p':
		return parse_policy(o, arg, state);
	case OPT_BEST_EFFORT:
		o->best_effort = true;
		return 0;
	case OPT_NO_INHERIT:
		o->no_inherit = true;
		return 0;
	case OPT_ALLOW_UNSEALED: {
		char **more = realloc(o->allow, (o->nallow + 2) * sizeof(*more));
		struct stat st;

		if (!more)
			argp_failure(state, EXIT_FAILED, ENOMEM, "--allow-unsealed");
		if (arg[0] != '/')
			argp_error(state, "--allow-unsealed %s: give an absolute path", arg);
		if (stat(arg, &st) < 0)
			argp_failure(state, EXIT_FAILED, errno, "--allow-unsealed %s", arg);
		o->allow = more;
		o->allow[o->nallow++] = arg;
		o->allow[o->nallow] = NULL;
		return 0;
	}
	case OPT_DENY_WX:
		if (!arg)
			o->deny_wx = WX_AUTO;
		else if (wx_parse(arg, &o->deny_wx) < 0)
			argp_error(state, "unknown --deny-wx backend '%s' (auto, prctl or seccomp)",
				   arg);
		return 0;
	case OPT_PRELOAD_NSS:
		o->preload_nss = true;
		return 0;
	case OPT_PRELOAD: {
		size_t have = strlen(o->preload);

		/* ld.so splits LD_PRELOAD at these: one name must stay one. */
		if (!*arg || arg[strcspn(arg, SEALRUN_PRELOAD_SEPARATORS)])
			argp_error(state, "--preload '%s': one library, without ':' or blanks", arg);
		if (have + strlen(arg) + 2 > sizeof(o->preload))
			argp_error(state, "--preload: too many libraries");
		snprintf(o->preload + have, sizeof(o->preload) - have, "%s%s", have ? ":" : "", arg);
		return 0;
	}
	case 'a':
		o->argv0 = arg;
		return 0;
	case 'n':
		o->dry_run = true;
		return 0;
	case 'v':
		o->verbose = true;
		return 0;
	case ARGP_KEY_ARG:
		/* PROGRAM: our options end here, the rest is its own. */
		o->argv = &state->argv[state->next - 1];
		state->next = state->argc;
		return 0;
	case ARGP_KEY_NO_ARGS:
		argp_error(state, "missing PROGRAM");
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

/* The vocabulary at the end of --help, from the library's own table. */
static char *help_filter(int key, const char *text, void *input)
{
	(void)input;
	return seal_help_policy(key, text, NULL, NULL,
				"Static programs are sealed from outside, by a tracer (ptrace must be "
				"allowed; see sealrun(1)).\n"
				"\nExit status: 125 sealrun failed or refused, 126 PROGRAM found but not "
				"executable, 127 PROGRAM not found, otherwise PROGRAM's own status.\n");
}

static const struct argp argp = {
	option_list, parse_opt, "[--] PROGRAM [ARG...]",
	"Run PROGRAM with its memory mappings sealed by mseal(2) once its dynamic "
	"loader has finished: code, read-only data, RELRO and data segments of every "
	"object, objects loaded later with dlopen, and the kernel's vDSO."
	"\vThe heap and thread stacks are never sealed.  See sealrun(1).",
	NULL, help_filter, NULL,
};

/* glibc 2.41 and later relocate a later load before they announce it,
 * and the sealer seals it whole (sealrun(1), WHAT REMAINS OPEN).  This
 * C library's version: the one the program gets, unless it brings its
 * own. */
static bool glibc_seals_later_whole(void)
{
	unsigned int major = 0, minor = 0;

	if (sscanf(gnu_get_libc_version(), "%u.%u", &major, &minor) != 2)
		return false;
	return major > 2 || (major == 2 && minor >= 41);
}

/* ---- steps after the checks ------------------------------------------------ */

/*
 * The environment PROGRAM gets (inside/envbuild.c): the caller's, less every
 * entry of LD_AUDIT, LD_PRELOAD and SEALRUN_* (duplicates included, so
 * that no later copy the loader or the sealer might read disagrees),
 * then exactly one of each.  *theirs: the user's own audit modules.
 * Lives until exec.
 */
static char **sealed_environment(const struct options *o, const char *sealer,
				 const char *guard, const char **theirs)
{
	const struct sealrun_protocol p = {
		.sealer = sealer, .guard = o->no_inherit ? NULL : guard,
		.policy = o->policy_text, .verbose = o->verbose,
		.best_effort = o->best_effort, .no_inherit = o->no_inherit,
		.judged = !o->no_inherit,
		.preload = o->preload_all[0] ? o->preload_all : NULL,
		.exe = o->no_inherit || !o->self[0] ? NULL : o->self,
	};
	size_t nout, size;
	char **env;

	sealrun_env_size(environ, &p, &nout, &size);
	env = malloc(nout * sizeof(*env) + size);
	if (env && sealrun_env_build(environ, &p, env, nout, (char *)(env + nout), size,
				     theirs) < 0) {
		free(env);
		env = NULL;
	}
	return env;
}

static void print_plan(FILE *f, const struct options *o, const struct seal_exec *p,
		       char **env, bool sealed, const struct wx_plan *wx)
{
	const char *preload;
	char how[256];

	char *cmd = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&cmd, &len);

	if (m) {
		fprintf(m, "exec %s", p->via_sh ? "/bin/sh" : p->path);
		if (p->via_sh)
			fprintf(m, " %s", p->path);
		for (char **a = o->argv + 1; *a; a++)
			fprintf(m, " %s", *a);
	}
	if (m && fclose(m) == 0)
		line(f, "plan: %s", cmd);
	else
		line(f, "plan: exec (out of memory)");
	free(cmd);
	if (wx->mode != WX_OFF) {
		wx_describe(wx, how, sizeof(how));
		line(f, "plan: deny W^X for it and all it runs: %s", how);
	}
	if (!sealed) {
		line(f, "plan: unsealed (--best-effort)");
		return;
	}
	line(f, "plan: %s=%s", SEALRUN_ENV_AUDIT, sealrun_env_get(env, SEALRUN_ENV_AUDIT));
	preload = sealrun_env_get(env, SEALRUN_ENV_PRELOAD);
	if (preload)
		line(f, "plan: %s=%s", SEALRUN_ENV_PRELOAD, preload);
	line(f, "plan: %s=%s", SEALRUN_ENV_POLICY, o->policy_text);
	if (sealrun_env_get(env, SEALRUN_ENV_TUNABLES))
		line(f, "plan: %s=%s", SEALRUN_ENV_TUNABLES, sealrun_env_get(env, SEALRUN_ENV_TUNABLES));
	if (seal_exec_static(p))
		line(f, "plan: statically linked: sealed from outside through ptrace");
	line(f, "plan: programs it executes run %s",
		o->no_inherit ? "unsealed (--no-inherit)"
		: "sealed the same way, or are refused (the supervisor judges every exec)");
	for (size_t i = 0; !o->no_inherit && i < o->nallow; i++)
		line(f, "plan: %s runs unsealed wherever it is executed (--allow-unsealed)",
		     o->allow[i]);
}

/*
 * The exec system call itself: sealrun has judged PROGRAM, and run from
 * a sealed program it has the exec guard preloaded, which would judge
 * it again (and send a static one back through sealrun).
 */
static void sys_execve(const char *path, char **argv, char **env)
{
	syscall(SYS_execve, path, argv, env);
}

static int exec_program(const struct options *o, const struct seal_exec *p, char **env)
{
	int err;

	if (p->via_sh) {
		/* execvp's way with a file the kernel will not run. */
		size_t n = 0;
		char **argv;

		while (o->argv[n])
			n++;
		argv = calloc(n + 2, sizeof(*argv));
		if (!argv)
			return -ENOMEM;
		argv[0] = (char *)"/bin/sh";
		argv[1] = (char *)p->path;
		memcpy(argv + 2, o->argv + 1, n * sizeof(*argv));
		sys_execve("/bin/sh", argv, env);
		err = errno;
		free(argv);
		return -err;
	}
	sys_execve(p->path, o->argv, env);
	return -errno;
}

/*
 * W^X cannot be lifted and binds every descendant: under a program that
 * starts other people's sessions it binds every session.  Such programs,
 * by the base name PROGRAM was given or the file it names: a shell only
 * without arguments (interactive), since "sh -c CMD" runs one known
 * command.  The list is sealrun(1)'s, "W^X and session starters".
 */
static const char *session_starter(const struct options *o, const struct seal_exec *p)
{
	static const char *const starters[] = {
		"sshd", "cron", "crond", "atd", "login", "su", "sudo", "doas", "systemd",
		"init", "getty", "agetty", "screen", "tmux",
	};
	static const char *const shells[] = {
		"sh", "bash", "dash", "zsh", "ksh", "mksh", "fish", "csh", "tcsh",
	};
	char real[PATH_MAX];
	const char *names[2] = { o->argv[0], realpath(p->path, real) ? real : p->path };

	for (size_t i = 0; i < 2; i++) {
		const char *base = strrchr(names[i], '/') ? strrchr(names[i], '/') + 1 : names[i];

		for (size_t k = 0; k < sizeof(starters) / sizeof(*starters); k++)
			if (!strcmp(base, starters[k]))
				return starters[k];
		for (size_t k = 0; !o->argv[1] && k < sizeof(shells) / sizeof(*shells); k++)
			if (!strcmp(base, shells[k]))
				return shells[k];
	}
	return NULL;
}

/* "sealrun ld.so PROGRAM": PROGRAM judged too. */
static bool loader_run_ok(char **argv, const struct seal_exec *prog, struct seal_refusal *r)
{
	return seal_exec_check_loader_run(argv, prog, r) == 0;
}

int main(int argc, char **argv)
{
	struct options o = { .policy = SEAL_POLICY_DEFAULT };
	static struct seal_exec prog;
	struct seal_refusal r = { .status = 0 };
	struct wx_plan wx;
	char sealer[PATH_MAX], guard[PATH_MAX];
	const char *theirs = "", *starter;
	bool sealed = true;
	char **env = environ, **built = NULL;
	int rc;

	argp_err_exit_status = EXIT_FAILED;
	argp_parse(&argp, argc, argv, ARGP_IN_ORDER, NULL, &o);
	if (seal_policy_format(o.policy, o.policy_text, sizeof(o.policy_text)) < 0) {
		warn("policy too long");
		return EXIT_FAILED;
	}

	/* Checks, all before any side effect; a refusal says why. */
	if (seal_exec_judge(o.argv[0], true, getenv("PATH"), &prog, &r) == 0 &&
	    loader_run_ok(o.argv, &prog, &r) &&
	    find_sealer(sealer, sizeof(sealer), &r) == 0)
		find_guard(sealer, guard, sizeof(guard), &r);
	if (o.dry_run) {
		line(stdout, "check: program: %s", r.status && !prog.path[0] ? "-" : prog.path);
		if (prog.target.depth || prog.via_sh)
			line(stdout, "check: runs as: %s", prog.target.path);
	}
	/* A refusal is said once: with --dry-run in the checks, on stdout. */
	if (r.status) {
		if (o.dry_run)
			line(stdout, "check: refused: %s", r.why);
		else
			warn("%s", r.why);
		return r.status;
	}
	if (o.dry_run) {
		if (seal_exec_static(&prog))
			printf("sealrun: check: ELF%u %s, statically linked: sealed from outside "
			       "through ptrace: ok\n", prog.target.elf.elf_class,
			       seal_elf_machine_name(prog.target.elf.machine));
		else
			line(stdout, "check: ELF%u %s, dynamically linked (%s): ok",
			       prog.target.elf.elf_class,
			       seal_elf_machine_name(prog.target.elf.machine),
			       prog.target.elf.interp);
		line(stdout, "check: not secure mode: ok");
		line(stdout, "check: sealer: %s", sealer);
		line(stdout, "check: exec guard: %s", guard);
	}

	if (o.preload_nss) {
		rc = nss_modules("/etc/nsswitch.conf", o.nss, sizeof(o.nss));
		if (rc < 0) {
			warn("--preload-nss: /etc/nsswitch.conf: %s", seal_strerror(-rc));
			return EXIT_FAILED;
		}
		if (o.dry_run)
			line(stdout, "check: NSS modules to preload: %s",
			       o.nss[0] ? o.nss : "none");
	} else if (o.dry_run && !glibc_seals_later_whole()) {
		/* What a lookup (initgroups in a worker) would load later,
		 * with its RELRO open until the loader's next event. */
		char mods[sizeof(o.nss)];

		if (nss_modules("/etc/nsswitch.conf", mods, sizeof(mods)) > 0)
			line(stdout, "check: NSS: the C library loads %s after start-up when needed "
			     "(user and group lookups, unwinding), their RELRO open on glibc %s; "
			     "--preload-nss loads them at start-up",
			     mods, gnu_get_libc_version());
	}

	/* --preload: a path must name a file (a bare name is the loader's
	 * to find); the libraries first, then the NSS modules. */
	for (const char *q = o.preload; *q; ) {
		size_t n = strcspn(q, ":");
		char lib[PATH_MAX];
		struct stat st;

		snprintf(lib, sizeof(lib), "%.*s", (int)n, q);
		if (strchr(lib, '/') && stat(lib, &st) < 0) {
			if (o.dry_run)
				line(stdout, "check: refused: --preload %s: %s", lib, seal_strerror(errno));
			else
				warn("--preload %s: %s", lib, seal_strerror(errno));
			return EXIT_FAILED;
		}
		q += n;
		q += *q == ':';
	}
	snprintf(o.preload_all, sizeof(o.preload_all), "%s%s%s", o.preload,
		 o.preload[0] && o.nss[0] ? ":" : "", o.nss);
	if (o.dry_run && o.preload[0])
		line(stdout, "check: libraries to preload: %s", o.preload);

	/* The kernel: fail closed unless asked to run unsealed. */
	rc = seal_probe();
	if (rc < 0) {
		const char *why = rc == -ENOSYS ? "this kernel has no mseal (Linux 6.10 or later, "
						  "64-bit, is needed)"
				: rc == -EPERM ? "mseal is blocked here (seccomp or a security module)"
				: seal_strerror(-rc);

		if (o.dry_run)
			line(stdout, "check: kernel: %s", why);
		if (!o.best_effort) {
			if (!o.dry_run)
				warn("%s; use --best-effort to run %s unsealed", why, prog.path);
			return EXIT_FAILED;
		}
		if (!o.dry_run)
			warn("warning: %s; running %s unsealed (--best-effort)", why, prog.path);
		sealed = false;
	} else if (o.dry_run) {
		line(stdout, "check: kernel: mseal works (%s): ok", seal_backend());
	}

	/*
	 * The user's own audit modules: glibc audits no load into an audit
	 * module's namespace, so what such a module, or its libc copy, loads
	 * after start-up is announced to no one and would stay unsealed.
	 */
	if (sealed) {
		/* The guard starts static programs through this sealrun. */
		if (!realpath("/proc/self/exe", o.self) || strpbrk(o.self, "\n"))
			o.self[0] = '\0';
		built = sealed_environment(&o, sealer, guard, &theirs);
		if (!built) {
			warn("cannot set up the environment: %s", seal_strerror(ENOMEM));
			return EXIT_FAILED;
		}
		if (*theirs && !o.best_effort) {
			if (o.dry_run)
				line(stdout, "check: LD_AUDIT: refused: %s", theirs);
			else
				warn("LD_AUDIT names other audit modules (%s): what they load after "
				     "start-up is announced to no auditor and would stay unsealed; "
				     "remove them, or use --best-effort to run them anyway", theirs);
			return EXIT_FAILED;
		}
		if (*theirs)
			warn("warning: what the audit modules %s load after start-up stays unsealed "
			     "(--best-effort)", theirs);
		env = built;
	}

	/* W^X: only chosen here; --best-effort does not cover it. */
	if (wx_choose(o.deny_wx, &wx, &r) != 0) {
		if (o.dry_run)
			line(stdout, "check: W^X: refused: %s", r.why);
		else
			warn("%s", r.why);
		return r.status;
	}
	if (o.dry_run && wx.mode != WX_OFF)
		line(stdout, "check: W^X: %s backend available: ok", wx_name(wx.mode));
	if (wx.mode != WX_OFF && (starter = session_starter(&o, &prog)))
		fprintf(o.dry_run ? stdout : stderr, "sealrun: %swarning: --deny-wx on %s: W^X "
			"binds it and every program it starts, user sessions included, for good "
			"(JITs such as node and java fail there); see sealrun(1)\n",
			o.dry_run ? "check: W^X: " : "", starter);

	if (o.dry_run) {
		print_plan(stdout, &o, &prog, env, sealed, &wx);
		return fflush(stdout) == 0 ? 0 : EXIT_FAILED;
	}
	if (o.verbose)
		print_plan(stderr, &o, &prog, env, sealed, &wx);

	/* W^X after everything that may still fail softly: it cannot be
	 * undone, and from here on it binds sealrun too (nothing left to
	 * do needs new executable memory). */
	if (wx_apply(&wx, &r) != 0) {
		warn("%s", r.why);
		return r.status;
	}
	if (o.verbose && wx.mode != WX_OFF) {
		char how[256];

		wx_describe(&wx, how, sizeof(how));
		warn("W^X denied by %s", how);
	}
	fflush(NULL);

	/* Every exec of the tree from here on meets the supervisor; last
	 * but the exec (the filter binds sealrun too, and cannot be undone). */
	if (sealed && !o.no_inherit) {
		const struct supervise_opts so = {
			.policy = o.policy, .verbose = o.verbose, .best_effort = o.best_effort,
			.sealer = sealer, .guard = guard, .allow = o.allow,
		};

		rc = supervise_start(&so, &r);
		if (rc > 0 && o.verbose)
			warn("the supervisor of an enclosing sealrun judges this tree");
		if (rc < 0) {
			if (!o.best_effort) {
				warn("%s; use --best-effort to run %s anyway", r.why, prog.path);
				return r.status;
			}
			warn("warning: %s; what %s executes is not judged (--best-effort)", r.why,
			     prog.path);
		}
	}

	/* A static program: its tracer must hold us before the exec. */
	if (sealed && seal_exec_static(&prog) && static_attach(o.policy, o.verbose, &r) != 0) {
		if (!o.best_effort) {
			warn("%s; use --best-effort to run %s unsealed", r.why, prog.path);
			return r.status;
		}
		warn("warning: %s; running %s unsealed (--best-effort)", r.why, prog.path);
	}

	/* Last: exec in place, so the PID (and $!, a service manager's
	 * MAINPID) stays PROGRAM's. */
	if (o.argv0)
		o.argv[0] = o.argv0;
	rc = exec_program(&o, &prog, env);
	warn("%s: %s", prog.path, seal_strerror(-rc));
	return rc == -ENOENT ? EXIT_ENOENT : EXIT_CANNOT_INVOKE;
}
