/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl — front end: finds the subcommand and hands it the rest of the
 * command line.  To add one, write cmd/sealctl/NAME.c with
 * cmd_NAME(argc, argv), declare it in sealctl.h and list it below.
 */
#define _GNU_SOURCE
#include <argp.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"
#include "sealctl.h"

const char *argp_program_version = "sealctl (sealtools) " SEAL_VERSION;

static const struct subcommand {
	const char *name;
	const char *help;		/* one line for sealctl --help */
	int (*run)(int argc, char **argv);
} subcommands[] = {
	{ "status",  "what this kernel and C library can do", cmd_status },
	{ "inspect", "which mappings of processes are sealed", cmd_inspect },
	{ "verify",  "whether processes meet a sealing policy", cmd_verify },
	{ "metrics", "every service's sealing state for Prometheus", cmd_metrics },
	{ "seal",    "seal running processes in place", cmd_seal },
	{ "unit",    "seal a systemd service: write its drop-in", cmd_unit },
};

#define NSUBCOMMANDS (sizeof(subcommands) / sizeof(subcommands[0]))

/* ---- helpers shared by the subcommands (sealctl.h) ---------------------- */

void sealctl_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seal_vsay(STDERR_FILENO, "sealctl", fmt, ap);
	va_end(ap);
}

const char *err_cause(int err)
{
	static const struct { int err; const char *text; } causes[] = {
		{ ESRCH,	"no such process" },
		{ ENOENT,	"no such process" },
		{ EACCES,	"permission denied" },
		{ EPERM,	"permission denied" },
		{ ENOMEM,	"out of memory" },
		{ EBADMSG,	"malformed input" },
		{ ENAMETOOLONG,	"line too long" },
		{ ENOSYS,	"not supported by this kernel" },
		{ EIO,		"input/output error" },
	};
	size_t i;

	for (i = 0; i < sizeof(causes) / sizeof(causes[0]); i++)
		if (causes[i].err == err)
			return causes[i].text;
	return seal_strerror(err);
}

int parse_pid(const char *arg, pid_t *pid)
{
	long v = 0;
	const char *p;

	if (strcmp(arg, "self") == 0) {
		*pid = getpid();
		return 0;
	}
	if (!*arg)
		return -EINVAL;
	/* Digits only: no sign, no spaces, no hex; strtol would accept those. */
	for (p = arg; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		v = v * 10 + (*p - '0');
		if (v > INT_MAX)
			return -EINVAL;
	}
	if (v < 1)
		return -EINVAL;
	*pid = (pid_t)v;
	return 0;
}

/*
 * The options every command has, util-linux's way: -h/--help, --usage
 * and -V/--version.  argp's own help option is -?, so its defaults are
 * left out (ARGP_NO_HELP) and these stand in for them, after the
 * command's options (group -1, where argp puts its own).
 */
enum { OPT_USAGE = 0x1000 };

static error_t parse_std(int key, char *arg, struct argp_state *state)
{
	(void)arg;
	switch (key) {
	case 'h':
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP);
		return 0;
	case OPT_USAGE:
		argp_state_help(state, stdout, ARGP_HELP_USAGE | ARGP_HELP_EXIT_OK);
		return 0;
	case 'V':
		printf("%s\n", argp_program_version);
		exit(SEALCTL_EXIT_OK);
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

void sealctl_argp_parse(const struct argp *argp, int argc, char **argv, unsigned flags,
			void *input)
{
	static const struct argp_option std_options[] = {
		{ "help", 'h', NULL, 0, "give this help list", -1 },
		{ "usage", OPT_USAGE, NULL, 0, "give a short usage message", -1 },
		{ "version", 'V', NULL, 0, "print the version", -1 },
		{ 0 }
	};
	static const struct argp std = { .options = std_options, .parser = parse_std };
	/* A wrapper with no parser of its own: argp hands its input to the
	 * first child, the command, whose usage and text are the help's. */
	const struct argp_child children[] = { { argp, 0, NULL, 0 }, { &std, 0, NULL, 0 }, { 0 } };
	const struct argp both = { .children = children };

	argp_parse(&both, argc, argv, flags | ARGP_NO_HELP, NULL, input);
}

/* ---- the front end --------------------------------------------------------- */

/* Output errors (a full disk, a closed pipe) only surface when stdout is
 * closed; a command that could not write its answer must not exit 0. */
static void close_stdout(void)
{
	int failed = ferror(stdout);

	if (fclose(stdout) != 0)
		failed = 1;
	else if (failed)
		errno = 0;
	/* EPIPE too: with SIGPIPE ignored (systemd services, trap '' PIPE)
	 * a closed pipe is output lost like any other. */
	if (failed) {
		if (errno)
			sealctl_warn("write error: %s", seal_strerror(errno));
		else
			sealctl_warn("write error");
		_exit(SEALCTL_EXIT_FAIL);
	}
	if (fclose(stderr) != 0)
		_exit(SEALCTL_EXIT_FAIL);
}

struct top {
	const struct subcommand *cmd;
	int argi;			/* argv index of the subcommand's name */
};

static const struct subcommand *find_subcommand(const char *name)
{
	size_t i;

	for (i = 0; i < NSUBCOMMANDS; i++)
		if (strcmp(subcommands[i].name, name) == 0)
			return &subcommands[i];
	return NULL;
}

static error_t parse_top(int key, char *arg, struct argp_state *state)
{
	struct top *top = state->input;

	switch (key) {
	case ARGP_KEY_ARG:
		top->cmd = find_subcommand(arg);
		if (!top->cmd)
			argp_error(state, "unknown command '%s'", arg);
		top->argi = state->next - 1;
		state->next = state->argc;	/* the rest is the subcommand's */
		return 0;
	case ARGP_KEY_NO_ARGS:
		argp_error(state, "no command given");
		return EINVAL;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

/* The text after the options in --help: the subcommands, from the table. */
static char *help_filter(int key, const char *text, void *input)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;

	(void)input;
	if (key != ARGP_KEY_HELP_POST_DOC)
		return (char *)text;
	f = open_memstream(&buf, &len);
	if (!f)
		return (char *)text;
	fputs("Commands:\n", f);
	for (i = 0; i < NSUBCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", subcommands[i].name, subcommands[i].help);
	fputs("\n'sealctl COMMAND --help' shows a command's options.  "
	      "See sealctl(8).", f);
	if (fclose(f) != 0) {
		free(buf);
		return (char *)text;
	}
	return buf;
}

int main(int argc, char **argv)
{
	static const struct argp argp = {
		.parser = parse_top,
		.args_doc = "COMMAND [ARG...]",
		.doc = "Linux memory sealing (mseal(2)): what this system can do, "
		       "which mappings of a process are sealed, and whether processes "
		       "meet a sealing policy.\v",
		.help_filter = help_filter,
	};
	struct top top = { 0 };
	char name[64];

	/* Character classes only: paths print in the user's encoding, while
	 * numbers keep the '.' that JSON and scripts expect. */
	setlocale(LC_CTYPE, "");
	atexit(close_stdout);
	argp_err_exit_status = SEALCTL_EXIT_USAGE;
	sealctl_argp_parse(&argp, argc, argv, ARGP_IN_ORDER, &top);

	/* The subcommand's argp names itself "sealctl NAME" in its messages. */
	snprintf(name, sizeof(name), "sealctl %s", top.cmd->name);
	argv[top.argi] = name;
	return top.cmd->run(argc - top.argi, argv + top.argi);
}
