/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/* The sealing policy vocabulary: words, parsing, canonical text. */
#include <errno.h>
#include <string.h>

#include "seal_policy.h"

static const struct seal_policy_word words[] = {
	{ "code",    SEAL_POLICY_CODE,    "executable segments of every object" },
	{ "rodata",  SEAL_POLICY_RODATA,  "read-only segments (headers, constants, unwind tables)" },
	{ "relro",   SEAL_POLICY_RELRO,   "relocation read-only data (GOT, vtables) after relocation" },
	{ "data",    SEAL_POLICY_DATA,    "writable segments (.data, .bss), which stay writable" },
	{ "holes",   SEAL_POLICY_HOLES,   "PROT_NONE gaps the loader leaves between segments" },
	{ "objects", SEAL_POLICY_OBJECTS, "code,rodata,relro,data,holes: each object's whole span" },
	{ "dlopen",  SEAL_POLICY_DLOPEN,  "objects loaded later by dlopen (left mapped, sealed, by dlclose)" },
	{ "stack",   SEAL_POLICY_STACK,   "the main thread's stack" },
	{ "system",  SEAL_POLICY_SYSTEM,  "the kernel's [vdso], [vvar] and [vvar_vclock]" },
	{ "default", SEAL_POLICY_DEFAULT, "objects,dlopen,system" },
	{ "strict",  SEAL_POLICY_STRICT,  "default,stack" },
};

#define NWORDS (sizeof(words) / sizeof(words[0]))

const struct seal_policy_word *seal_policy_words(size_t *count)
{
	*count = NWORDS;
	return words;
}

static const struct seal_policy_word *lookup(const char *s, size_t len)
{
	for (size_t i = 0; i < NWORDS; i++)
		if (strlen(words[i].name) == len && memcmp(words[i].name, s, len) == 0)
			return &words[i];
	return NULL;
}

int seal_policy_parse(const char *text, size_t *where)
{
	unsigned int mask = 0;
	const char *p = text;

	for (;;) {
		const char *word = p;
		size_t len = strcspn(p, ",");
		const struct seal_policy_word *w;
		int remove = 0;

		if (len > 0 && *p == '-') {
			remove = 1;
			word++;
			len--;
		}
		w = len ? lookup(word, len) : NULL;
		if (!w) {
			*where = (size_t)(p - text);
			return -EINVAL;
		}
		mask = remove ? mask & ~w->mask : mask | w->mask;
		p = word + len;
		if (*p == '\0')
			return (int)mask;
		p++;			/* the comma; a trailing one is an empty item */
	}
}

int seal_policy_format(unsigned int mask, char *buf, size_t size)
{
	size_t len = 0;

	if (size == 0)
		return -ENOSPC;
	buf[0] = '\0';
	mask &= SEAL_POLICY_ALL;

	/* Presets first, then single words; "objects" before its parts. */
	for (size_t i = NWORDS; i-- > 0 && mask; ) {
		const struct seal_policy_word *w = &words[i];
		size_t n;

		if (w->mask & ~mask)
			continue;
		if (w->mask != SEAL_POLICY_DEFAULT && w->mask != SEAL_POLICY_STRICT &&
		    w->mask != SEAL_POLICY_OBJECTS)
			continue;
		n = strlen(w->name);
		if (len + n + 1 > size)
			return -ENOSPC;
		memcpy(buf + len, w->name, n + 1);
		len += n;
		mask &= ~w->mask;
		break;
	}
	for (size_t i = 0; i < NWORDS && mask; i++) {
		const struct seal_policy_word *w = &words[i];
		size_t n = strlen(w->name);

		/* Single-bit words only, in vocabulary order. */
		if (w->mask & (w->mask - 1) || !(mask & w->mask))
			continue;
		if (len + (len > 0) + n + 1 > size)
			return -ENOSPC;
		if (len > 0)
			buf[len++] = ',';
		memcpy(buf + len, w->name, n + 1);
		len += n;
		mask &= ~w->mask;
	}
	return (int)len;
}

bool seal_policy_system_path(const char *path)
{
	static const char *const names[] = { "[vdso]", "[vvar]", "[vvar_vclock]" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(path, names[i]) == 0)
			return true;
	return false;
}
