/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * The one help filter for argp: the policy words, from the policy
 * table itself, after the text of ARGP_KEY_HELP_POST_DOC.
 */
#define _GNU_SOURCE
#include <argp.h>
#include <stdio.h>
#include <stdlib.h>

#include "help.h"
#include "seal_policy.h"

char *seal_help_policy(int key, const char *text, const char *extra_name, const char *extra_help,
		       const char *tail)
{
	const struct seal_policy_word *w;
	char *buf = NULL;
	size_t n, len = 0;
	FILE *f;

	if (key != ARGP_KEY_HELP_POST_DOC)
		return (char *)text;
	f = open_memstream(&buf, &len);
	if (!f)
		return (char *)text;
	fprintf(f, "%s\n\nPolicy words (comma-separated; -WORD removes):\n", text ? text : "");
	w = seal_policy_words(&n);
	for (size_t k = 0; k < n; k++)
		fprintf(f, "  %-9s %s\n", w[k].name, w[k].help);
	if (extra_name)
		fprintf(f, "  %-9s %s\n", extra_name, extra_help);
	if (tail)
		fprintf(f, "\n%s", tail);
	if (fclose(f) != 0) {
		free(buf);
		return (char *)text;
	}
	return buf;
}
