/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/* The one argp help filter of the commands (help.c).  Private. */
#ifndef SEAL_HELP_H
#define SEAL_HELP_H

/*
 * For ARGP_KEY_HELP_POST_DOC: text, then the policy words with their
 * one-line help, then extra_name with extra_help when not NULL (a word
 * one command adds), then tail when not NULL.  Other keys' text is
 * returned as it is.  The result is what argp frees.
 */
char *seal_help_policy(int key, const char *text, const char *extra_name, const char *extra_help,
		       const char *tail);

#endif /* SEAL_HELP_H */
