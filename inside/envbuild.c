/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * The environment of a sealed program: sealrun builds it for PROGRAM,
 * the exec guard again for every program a sealed program starts.  One
 * implementation, so that both give the same answer.  No allocation
 * (the guard runs in vfork children and after fork in threaded
 * programs): the caller passes the space, sized by sealrun_env_size.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "protocol.h"

#define ENV_AUDIT	SEALRUN_ENV_AUDIT "="
#define ENV_PRELOAD	SEALRUN_ENV_PRELOAD "="
#define ENV_TUNABLES	SEALRUN_ENV_TUNABLES "="
#define TLS_TUNABLE	SEALRUN_STATIC_TLS "="

static int starts(const char *e, const char *prefix)
{
	return !strncmp(e, prefix, strlen(prefix));
}

/* The files the protocol names, by device and inode. */
struct ours {
	struct stat sealer, guard;
	int have_sealer, have_guard;
};

static void ours_init(struct ours *o, const struct sealrun_protocol *p)
{
	o->have_sealer = p->sealer && stat(p->sealer, &o->sealer) == 0;
	o->have_guard = p->guard && stat(p->guard, &o->guard) == 0;
}

/* Is the list entry (len bytes, not terminated) the sealer's or the
 * guard's file, under whatever spelling? */
static int is_ours(const char *entry, size_t len, void *ctx)
{
	const struct ours *o = ctx;
	char path[PATH_MAX];
	struct stat st;

	if (len >= sizeof(path))
		return 0;
	memcpy(path, entry, len);
	path[len] = '\0';
	if (stat(path, &st) < 0)
		return 0;
	return (o->have_sealer && st.st_dev == o->sealer.st_dev && st.st_ino == o->sealer.st_ino) ||
	       (o->have_guard && st.st_dev == o->guard.st_dev && st.st_ino == o->guard.st_ino);
}

static int is_protocol(const char *e)
{
	return starts(e, SEALRUN_ENV_PREFIX) || starts(e, ENV_AUDIT) || starts(e, ENV_PRELOAD);
}

/*
 * The largest glibc.rtld.optional_static_tls a GLIBC_TUNABLES value
 * (name=value entries split at ':') sets, read as glibc reads numbers
 * (0x… hex, 0… octal); 0 when it sets none.  A value that is no number
 * counts as 0: glibc ignores it too.
 */
static unsigned long long static_tls(const char *list)
{
	unsigned long long best = 0;

	for (const char *q = list; *q; ) {
		size_t n = strcspn(q, ":");

		if (n > strlen(TLS_TUNABLE) && !strncmp(q, TLS_TUNABLE, strlen(TLS_TUNABLE))) {
			const char *v = q + strlen(TLS_TUNABLE);
			char *end;
			unsigned long long x;

			errno = 0;
			x = strtoull(v, &end, 0);
			if (!errno && end == q + n && *v >= '0' && *v <= '9' && x > best)
				best = x;
		}
		q += n;
		q += *q == ':';
	}
	return best;
}

int sealrun_env_tls_ok(char *const *env)
{
	unsigned long long tls = 0, x;

	for (char *const *e = env; e && *e; e++)
		if (starts(*e, ENV_TUNABLES) && (x = static_tls(*e + strlen(ENV_TUNABLES))) > tls)
			tls = x;
	return tls >= SEALRUN_STATIC_TLS_MIN;
}

void sealrun_env_size(char *const *env, const struct sealrun_protocol *p,
		      size_t *nout, size_t *size)
{
	/* Up to 11 entries of the protocol, GLIBC_TUNABLES and the NULL. */
	size_t n = 13, bytes = 256 + sizeof(ENV_TUNABLES) + sizeof(TLS_TUNABLE) + 24;

	for (char *const *e = env; e && *e; e++) {
		n++;
		if (is_protocol(*e) || starts(*e, ENV_TUNABLES))
			bytes += strlen(*e) + 1;
	}
	bytes += strlen(p->sealer) + (p->guard ? strlen(p->guard) : 0) +
		 (p->policy ? strlen(p->policy) : 0) + (p->preload ? strlen(p->preload) : 0);
	/* SEALRUN_SEALER and SEALRUN_GUARD repeat the paths. */
	bytes += strlen(p->sealer) + (p->guard ? strlen(p->guard) : 0);
	bytes += p->exe ? strlen(p->exe) + sizeof(SEALRUN_ENV_EXE) + 1 : 0;
	*nout = n;
	*size = bytes;
}

/* A cursor in the caller's buffer. */
struct out {
	char *buf, *end;
	int full;
};

static char *put(struct out *w, const char *s, size_t n)
{
	char *at = w->buf;

	if ((size_t)(w->end - w->buf) < n + 1) {
		w->full = 1;
		return NULL;
	}
	memcpy(w->buf, s, n);
	w->buf[n] = '\0';
	w->buf += n;
	return at;
}

/* Append the user's entries of list, less ours, after ':'. */
static void put_list(struct out *w, const char *list, const char *seps, struct ours *o)
{
	size_t room = (size_t)(w->end - w->buf);

	/* Filtering writes at most strlen(list) + 1 bytes, after a ':'. */
	if (room < strlen(list) + 2) {
		w->full = 1;
		return;
	}
	if (sealrun_list_filter(list, seps, is_ours, o, w->buf + 1)) {
		w->buf[0] = ':';
		w->buf += 1 + strlen(w->buf + 1);
	}
	*w->buf = '\0';
}

static char *var(struct out *w, const char *name, const char *value)
{
	char *at = put(w, name, strlen(name));

	put(w, "=", 1);
	put(w, value, strlen(value));
	if (w->full)
		return NULL;
	w->buf++;
	return at;
}

int sealrun_env_build(char *const *env, const struct sealrun_protocol *p,
		      char **out, size_t nout, char *buf, size_t size, const char **theirs)
{
	struct out w = { buf, buf + size, 0 };
	const char *user_preload = NULL;
	size_t k = 0, tunables = (size_t)-1;
	struct ours o;
	char *audit;

	ours_init(&o, p);
	for (char *const *e = env; e && *e; e++) {
		if (starts(*e, ENV_PRELOAD))
			user_preload = *e + strlen(ENV_PRELOAD);
		else if (!starts(*e, SEALRUN_ENV_PREFIX) && !starts(*e, ENV_AUDIT)) {
			if (k + 12 > nout)
				return -ENOSPC;
			if (starts(*e, ENV_TUNABLES))
				tunables = k;
			out[k++] = *e;
		}
	}

	/* GLIBC_TUNABLES: room for the libraries' static TLS (protocol.h).
	 * glibc reads every entry in order, so the last one decides. */
	if (!sealrun_env_tls_ok(env)) {
		const char *old = tunables != (size_t)-1 ? out[tunables] + strlen(ENV_TUNABLES) : "";
		char num[24];
		char *at = put(&w, ENV_TUNABLES, strlen(ENV_TUNABLES));

		snprintf(num, sizeof(num), "%d", SEALRUN_STATIC_TLS_MIN);
		put(&w, old, strlen(old));
		if (*old)
			put(&w, ":", 1);
		put(&w, TLS_TUNABLE, strlen(TLS_TUNABLE));
		put(&w, num, strlen(num));
		if (w.full)
			return -ENOSPC;
		w.buf++;
		if (tunables != (size_t)-1)
			out[tunables] = at;
		else
			out[k++] = at;
	}

	/* LD_AUDIT: the sealer, then the user's modules of every entry. */
	audit = put(&w, ENV_AUDIT, strlen(ENV_AUDIT));
	put(&w, p->sealer, strlen(p->sealer));
	*theirs = w.buf;
	for (char *const *e = env; e && *e; e++)
		if (starts(*e, ENV_AUDIT) && !w.full)
			put_list(&w, *e + strlen(ENV_AUDIT), SEALRUN_AUDIT_SEPARATORS, &o);
	if (w.full)
		return -ENOSPC;
	if (**theirs == ':')
		(*theirs)++;
	out[k++] = audit;
	w.buf++;

	/* LD_PRELOAD: the guard, the user's last entry, then p->preload;
	 * none at all when there is nothing to preload. */
	if (p->guard || (user_preload && *user_preload) || p->preload) {
		char *preload = put(&w, ENV_PRELOAD, strlen(ENV_PRELOAD)), *value = w.buf;

		if (p->guard)
			put(&w, p->guard, strlen(p->guard));
		if (user_preload && !w.full)
			put_list(&w, user_preload, SEALRUN_PRELOAD_SEPARATORS, &o);
		if (p->preload && *p->preload) {
			if (w.buf != value)
				put(&w, ":", 1);
			put(&w, p->preload, strlen(p->preload));
		}
		if (w.full)
			return -ENOSPC;
		/* No guard: the user's list began with ':'. */
		if (*value == ':')
			memmove(value, value + 1, strlen(value));
		out[k++] = preload;
		w.buf = value + strlen(value) + 1;
	}

	if (p->policy && !(out[k++] = var(&w, SEALRUN_ENV_POLICY, p->policy)))
		return -ENOSPC;
	if (!(out[k++] = var(&w, SEALRUN_ENV_SEALER, p->sealer)))
		return -ENOSPC;
	if (p->guard && !(out[k++] = var(&w, SEALRUN_ENV_GUARD, p->guard)))
		return -ENOSPC;
	if (p->exe && !(out[k++] = var(&w, SEALRUN_ENV_EXE, p->exe)))
		return -ENOSPC;
	if (p->verbose && !(out[k++] = var(&w, SEALRUN_ENV_VERBOSE, "1")))
		return -ENOSPC;
	if (p->best_effort && !(out[k++] = var(&w, SEALRUN_ENV_BEST_EFFORT, "1")))
		return -ENOSPC;
	if (p->no_inherit && !(out[k++] = var(&w, SEALRUN_ENV_NO_INHERIT, "1")))
		return -ENOSPC;
	if (p->judged && !(out[k++] = var(&w, SEALRUN_ENV_JUDGED, "1")))
		return -ENOSPC;
	out[k] = NULL;
	return 0;
}
