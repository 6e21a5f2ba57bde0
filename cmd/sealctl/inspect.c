/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealctl inspect — which mappings of processes are sealed: the columns
 * and the options.  The model is inspect_model.c, the output
 * inspect_output.c (see inspect.h).
 */
#define _GNU_SOURCE
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "seal.h"
#include "seal_policy.h"
#include "inspect.h"
#include "judge.h"

const struct colinfo infos[] = {
	[COL_PID]	  = { "PID", 0, SCOLS_FL_RIGHT, "process ID",
			      SCOLS_JSON_NUMBER, M_ALL },
	[COL_COMM]	  = { "COMM", 0, 0, "command name",
			      SCOLS_JSON_STRING, M_PROC },
	[COL_START]	  = { "START", 12, 0, "start address (hex, as in /proc)",
			      SCOLS_JSON_STRING, M_MAP },
	[COL_END]	  = { "END", 12, 0, "end address, exclusive (hex)",
			      SCOLS_JSON_STRING, M_MAP },
	[COL_PERMS]	  = { "PERMS", 0, 0, "permissions: r, w, x, p(rivate) or s(hared)",
			      SCOLS_JSON_STRING, M_MAP },
	[COL_OFFSET]	  = { "OFFSET", 0, 0, "offset in the file (hex)",
			      SCOLS_JSON_STRING, M_MAP },
	[COL_DEV]	  = { "DEV", 0, 0, "device of the file, major:minor (hex)",
			      SCOLS_JSON_STRING, M_MAP },
	[COL_INODE]	  = { "INODE", 0, SCOLS_FL_RIGHT, "inode of the file, 0 if none",
			      SCOLS_JSON_NUMBER, M_MAP },
	[COL_SIZE]	  = { "SIZE", 0, SCOLS_FL_RIGHT, "size (bytes in JSON and with --bytes)",
			      SCOLS_JSON_NUMBER, M_ALL },
	[COL_SEALED]	  = { "SEALED", 0, 0, "sealed by mseal(2)",
			      SCOLS_JSON_BOOLEAN, M_MAP },
	[COL_KIND]	  = { "KIND", 0, 0, "kind of mapping: code, rodata, data, heap, ...",
			      SCOLS_JSON_STRING, M_MAP },
	[COL_PATH]	  = { "PATH", 0, 0, "path or [name] as the kernel prints it",
			      SCOLS_JSON_STRING, M_MAP | M_OBJ },
	[COL_VMFLAGS]	  = { "VMFLAGS", 0, 0, "kernel flags of the mapping (VmFlags)",
			      SCOLS_JSON_STRING, M_MAP },
	[COL_VMAS]	  = { "VMAS", 0, SCOLS_FL_RIGHT, "number of mappings",
			      SCOLS_JSON_NUMBER, M_OBJ | M_PROC },
	[COL_NSEALED]	  = { "SEALED", 0, SCOLS_FL_RIGHT, "number of sealed mappings",
			      SCOLS_JSON_NUMBER, M_OBJ | M_PROC },
	[COL_SEALED_SIZE] = { "SEALED-SIZE", 0, SCOLS_FL_RIGHT, "size of the sealed mappings",
			      SCOLS_JSON_NUMBER, M_OBJ | M_PROC },
	[COL_COVERAGE]	  = { "COVERAGE", 0, SCOLS_FL_RIGHT, "percent of the bytes sealed",
			      SCOLS_JSON_NUMBER, M_OBJ | M_PROC },
	[COL_POLICY_SIZE] = { "POLICY-SIZE", 0, SCOLS_FL_RIGHT,
			      "size of the mappings the policy says must be sealed",
			      SCOLS_JSON_NUMBER, M_OBJ | M_PROC },
	[COL_POLICY]	  = { "POLICY", 0, SCOLS_FL_RIGHT,
			      "percent of what the policy names that is sealed",
			      SCOLS_JSON_NUMBER, M_OBJ | M_PROC },
	[COL_MEETS]	  = { "MEETS", 0, 0, "meets the policy: yes, no, - (names nothing)",
			      SCOLS_JSON_BOOLEAN_OPTIONAL, M_OBJ | M_PROC },
};

/* The defaults; PID goes first when there are several targets. */
static const int default_columns[][8] = {
	[MODE_MAPPINGS]	 = { COL_START, COL_END, COL_PERMS, COL_SIZE, COL_SEALED,
			     COL_KIND, COL_PATH, -1 },
	[MODE_OBJECTS]	 = { COL_PATH, COL_VMAS, COL_NSEALED, COL_SIZE,
			     COL_SEALED_SIZE, COL_COVERAGE, -1 },
	[MODE_PROCESSES] = { COL_PID, COL_COMM, COL_VMAS, COL_NSEALED,
			     COL_COVERAGE, COL_POLICY, COL_MEETS, -1 },
};
/* ---- options ---------------------------------------------------------------- */

static int add_column(struct inspect *ctl, int id)
{
	if (ctl->ncolumns == MAX_COLUMNS)
		return -E2BIG;
	ctl->columns[ctl->ncolumns++] = id;
	return 0;
}

/* The columns: the defaults, or -o LIST, or the defaults and -o +LIST,
 * or every column of the mode (--output-all). */
static void set_columns(struct inspect *ctl, struct argp_state *state)
{
	const char *list = ctl->outarg, *names[NCOLS], *bad = NULL;
	size_t i, badlen = 0;
	int rc;

	if (ctl->output_all) {
		for (i = 0; i < NCOLS; i++)
			if (infos[i].modes & (1u << ctl->mode))
				add_column(ctl, (int)i);
		goto done;
	}
	if (!list || *list == '+') {
		if (ctl->npids > 1 && ctl->mode != MODE_PROCESSES)
			add_column(ctl, COL_PID);
		for (i = 0; default_columns[ctl->mode][i] >= 0; i++)
			add_column(ctl, default_columns[ctl->mode][i]);
		/* --summary judges only when asked: its default stays as fast
		 * as reading smaps (README, benchmarks). */
		if (ctl->mode == MODE_OBJECTS && ctl->policy_given) {
			add_column(ctl, COL_POLICY);
			add_column(ctl, COL_MEETS);
		}
		if (!list)
			goto done;
		list++;
	}
	/* Only the columns this mode has. */
	for (i = 0; i < NCOLS; i++)
		names[i] = infos[i].modes & (1u << ctl->mode) ? infos[i].name : NULL;
	rc = parse_columns(list, names, NCOLS, ctl->columns, MAX_COLUMNS,
			   &ctl->ncolumns, &bad, &badlen);
	if (rc == -EINVAL)
		argp_error(state, "unknown column: %.*s%s", (int)badlen, bad,
			   ctl->mode == MODE_MAPPINGS ? "" :
			   ctl->mode == MODE_OBJECTS ?
			   " (with --summary)" : " (with --all)");
	if (rc < 0)
		argp_error(state, "too many columns");
done:
	for (i = 0; i < ctl->ncolumns; i++) {
		if (ctl->columns[i] == COL_VMFLAGS)
			ctl->want_vmflags = 1;
		if (ctl->columns[i] == COL_POLICY_SIZE || ctl->columns[i] == COL_POLICY ||
		    ctl->columns[i] == COL_MEETS)
			ctl->want_policy = 1;
	}
}

static void list_columns(const struct inspect *ctl)
{
	size_t i;

	for (i = 0; i < NCOLS; i++)
		if (infos[i].modes & (1u << ctl->mode))
			printf("%12s  %s\n", infos[i].name, infos[i].help);
}

enum {
	OPT_OUTPUT_ALL = 256,
	OPT_SEALED,
	OPT_UNSEALED,
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct inspect *ctl = state->input;
	pid_t pid;

	switch (key) {
	case 'o':
		ctl->outarg = arg;
		break;
	case OPT_OUTPUT_ALL:
		ctl->output_all = 1;
		break;
	case 'H':
		ctl->list_columns = 1;
		break;
	case 'J':
		ctl->json = 1;
		break;
	case 'r':
		ctl->raw = 1;
		break;
	case 'n':
		ctl->noheadings = 1;
		break;
	case 'P':
		ctl->pairs = 1;
		break;
	case 'y':
		ctl->shell = 1;
		break;
	case 'b':
		ctl->bytes = 1;
		break;
	case OPT_SEALED:
		ctl->sealed_only = 1;
		break;
	case OPT_UNSEALED:
		ctl->unsealed_only = 1;
		break;
	case 's':
		ctl->summary = 1;
		break;
	case 'a':
		ctl->all = 1;
		break;
	case 'v':
		ctl->verbose = 1;
		break;
	case 'p': {
		const char *bad = NULL;
		size_t badlen = 0;
		int rc = judge_parse_policy(arg, &ctl->policy, &ctl->policy_wx, &bad, &badlen);

		if (rc == -ENOMEM)
			argp_failure(state, SEALCTL_EXIT_FAIL, ENOMEM, "policy");
		if (rc < 0)
			argp_error(state, badlen ? "invalid policy '%s': unknown word '%.*s'" :
				   "invalid policy '%s': an empty item%.*s", arg, (int)badlen, bad);
		ctl->policy_given = 1;
		break;
	}
	case ARGP_KEY_ARG:
		if (parse_pid(arg, &pid) < 0)
			argp_error(state, "invalid PID '%s': a number from 1 or 'self'", arg);
		ctl->pids[ctl->npids++] = pid;
		break;
	case ARGP_KEY_END:
		/* All checks before any work; each is a usage error. */
		if (ctl->json + ctl->raw + ctl->pairs > 1)
			argp_error(state, "--json, --raw and --pairs exclude each other");
		if (ctl->outarg && ctl->output_all)
			argp_error(state, "--output and --output-all exclude each other");
		if (ctl->sealed_only && ctl->unsealed_only)
			argp_error(state, "--sealed and --unsealed exclude each other");
		if (ctl->summary && ctl->all)
			argp_error(state, "--summary and --all exclude each other");
		if (ctl->all && ctl->npids)
			argp_error(state, "--all takes no PID");
		if (!ctl->all && !ctl->npids && !ctl->list_columns)
			argp_error(state, "no PID given");
		if (ctl->policy_given && !ctl->all && !ctl->summary)
			argp_error(state, "--policy goes with --summary or --all");
		ctl->mode = ctl->all ? MODE_PROCESSES :
			    ctl->summary ? MODE_OBJECTS : MODE_MAPPINGS;
		set_columns(ctl, state);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

int cmd_inspect(int argc, char **argv)
{
	static const struct argp_option options[] = {
		{ NULL, 0, NULL, 0, "Rows:", 1 },
		{ "summary", 's', NULL, 0, "one row per object (path, [name] or [anon])", 1 },
		{ "all", 'a', NULL, 0, "one row per process, for every process", 1 },
		{ "sealed", OPT_SEALED, NULL, 0, "only rows with sealed mappings", 1 },
		{ "unsealed", OPT_UNSEALED, NULL, 0, "only rows with unsealed mappings", 1 },
		{ "verbose", 'v', NULL, 0, "with --all, name each process not read", 1 },
		{ "policy", 'p', "LIST", 0, "the policy of the POLICY, POLICY-SIZE and MEETS "
		  "columns, in the words of verify (default: default)", 1 },
		{ NULL, 0, NULL, 0, "Output:", 2 },
		{ "output", 'o', "LIST", 0, "columns to print; +LIST adds to the defaults", 2 },
		{ "output-all", OPT_OUTPUT_ALL, NULL, 0, "print every column", 2 },
		{ "list-columns", 'H', NULL, 0, "list the columns and exit", 2 },
		{ "json", 'J', NULL, 0, "JSON output", 2 },
		{ "raw", 'r', NULL, 0, "raw output, one space between columns", 2 },
		{ "pairs", 'P', NULL, 0, "NAME=\"value\" output, names as shell variables", 2 },
		{ "shell", 'y', NULL, 0, "column names as shell variables in every format "
		  "(SEALED_SIZE, not SEALED-SIZE)", 2 },
		{ "noheadings", 'n', NULL, 0, "no header line", 2 },
		{ "bytes", 'b', NULL, 0, "sizes in bytes, not human-readable", 2 },
		{ 0 }
	};
	static const struct argp argp = {
		.options = options,
		.parser = parse_opt,
		.args_doc = "PID|self...\n--all",
		.doc = "List the mappings of processes and whether each is sealed "
		       "(from /proc/PID/smaps).\v"
		       "Exit status: 0 when every process was read, 1 when one "
		       "could not be, 64 on a usage error; with --all, 0 when /proc "
		       "was listed (those not read are counted on stderr).  See sealctl(8) for the "
		       "columns and the JSON format.",
	};
	struct inspect ctl = { .policy = SEAL_POLICY_DEFAULT };
	unsigned long unreadable = 0;
	size_t i;
	int status = SEALCTL_EXIT_OK, rc = 0;

	/* At most one PID per argument. */
	ctl.pids = calloc((size_t)argc, sizeof(*ctl.pids));
	if (!ctl.pids) {
		rc = -ENOMEM;
		goto done;
	}
	ctl.page = (size_t)sysconf(_SC_PAGESIZE);
	sealctl_argp_parse(&argp, argc, argv, 0, &ctl);
	if (ctl.list_columns) {
		list_columns(&ctl);
		goto done;
	}
	if (ctl.mode == MODE_OBJECTS) {
		ctl.wx = calloc(ctl.npids, sizeof(*ctl.wx));
		if (!ctl.wx) {
			rc = -ENOMEM;
			goto done;
		}
	}
	/* Each path byte may become four ("\377"). */
	ctl.scratch = malloc(4 * SEAL_SMAPS_PATH_MAX + 1);
	if (!ctl.scratch) {
		rc = -ENOMEM;
		goto done;
	}

	if (ctl.all) {
		rc = inspect_read_all(&ctl, &unreadable);
		if (rc == -ENOMEM)
			goto done;
		if (rc < 0) {
			sealctl_warn("/proc: %s", err_cause(-rc));
			status = SEALCTL_EXIT_FAIL;
			rc = 0;
		}
		if (unreadable) {
			sealctl_warn("%lu process%s could not be read%s", unreadable,
				     unreadable == 1 ? "" : "es",
				     ctl.verbose ? "" : " (--verbose names them)");
			/* Counted, not failed: some process is always closed to
			 * an unprivileged caller (see sealctl(8)). */
		}
	}
	for (i = 0; i < ctl.npids; i++) {
		rc = inspect_read_target(&ctl, ctl.pids[i]);
		if (rc == -ENOMEM)
			goto done;
		if (rc < 0) {
			inspect_warn(&ctl, ctl.pids[i], -rc);
			status = SEALCTL_EXIT_FAIL;
		}
	}
	/* Each target's error was reported above; what fails from here
	 * on stops everything. */
	rc = inspect_print(&ctl);
done:
	/* Only what stops everything comes here: out of memory, mostly. */
	if (rc < 0) {
		sealctl_warn("%s", err_cause(-rc));
		status = SEALCTL_EXIT_FAIL;
	}
	free(ctl.rows);
	free(ctl.pool.buf);
	free(ctl.objects);
	free(ctl.scratch);
	free(ctl.wx);
	free(ctl.pids);
	return status;
}
