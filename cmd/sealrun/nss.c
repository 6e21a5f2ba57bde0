/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * --preload-nss: the NSS modules /etc/nsswitch.conf names, for LD_PRELOAD.
 *
 * glibc loads an NSS module the first time a lookup needs it (getpwnam,
 * initgroups, …), through its own dlopen.  glibc <= 2.40 announces such a
 * load to the sealer before relocating it, so the module's RELRO is
 * sealed only at the next loader event, which may never come.  Preloaded,
 * the modules are initial objects, sealed whole before any constructor;
 * glibc's dlopen later finds them loaded, by name, and maps nothing new.
 * libgcc_s.so.1 too, which glibc loads the same way the first time a
 * thread is cancelled or exits through unwinding (apache2's workers).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sealrun.h"

/* Built with -DSEAL_MULTIARCH (gcc -print-multiarch). */
#ifndef SEAL_MULTIARCH
#define SEAL_MULTIARCH ""
#endif

/* Services glibc has built in since 2.34: no module to load. */
static bool builtin(const char *name, size_t len)
{
	return (len == 5 && !memcmp(name, "files", 5)) || (len == 3 && !memcmp(name, "dns", 3));
}

/* The file libNAME.so.2 (or NAME itself, whole) where the loader's
 * default search finds it; 0, or -ENOENT when it is not installed. */
static int module_path(const char *name, size_t len, char *path, size_t size)
{
	static const char *const dirs[] = {
		"/lib/" SEAL_MULTIARCH, "/usr/lib/" SEAL_MULTIARCH, "/lib64", "/usr/lib64",
		"/lib", "/usr/lib",
	};
	struct stat st;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		int n = len ? snprintf(path, size, "%s/libnss_%.*s.so.2", dirs[i], (int)len, name)
			    : snprintf(path, size, "%s/%s", dirs[i], name);

		if (n > 0 && (size_t)n < size && stat(path, &st) == 0 && S_ISREG(st.st_mode))
			return 0;
	}
	return -ENOENT;
}

static bool listed(const char *list, const char *path)
{
	size_t n = strlen(path);

	for (const char *p = list; (p = strstr(p, path)); p += n)
		if ((p == list || p[-1] == ':') && (p[n] == ':' || p[n] == '\0'))
			return true;
	return false;
}

int nss_modules(const char *conf, char *out, size_t size)
{
	char line[1024], path[256];
	size_t len = 0;
	FILE *f = fopen(conf, "re");

	/* No nsswitch.conf: glibc's defaults, whose services are built in;
	 * libgcc_s still loads later. */
	if (!f && errno != ENOENT)
		return -errno;
	out[0] = '\0';
	while (f && fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ':');

		if (line[0] == '#' || !p)
			continue;
		/* "database: service [STATUS=action] service …" */
		for (p++; *p; ) {
			size_t n;

			while (isspace((unsigned char)*p))
				p++;
			if (*p == '[') {
				p += strcspn(p, "]");
				p += *p == ']';
				continue;
			}
			n = strcspn(p, " \t\n#[");
			if (n == 0)
				break;
			if (!builtin(p, n) && module_path(p, n, path, sizeof(path)) == 0 &&
			    !listed(out, path)) {
				if (len + strlen(path) + 2 > size) {
					fclose(f);
					return -ENAMETOOLONG;
				}
				len += (size_t)snprintf(out + len, size - len, "%s%s", len ? ":" : "", path);
			}
			p += n;
			if (*p == '#')
				break;
		}
	}
	if (f)
		fclose(f);
	if (module_path("libgcc_s.so.1", 0, path, sizeof(path)) == 0 && !listed(out, path)) {
		if (len + strlen(path) + 2 > size)
			return -ENAMETOOLONG;
		len += (size_t)snprintf(out + len, size - len, "%s%s", len ? ":" : "", path);
	}
	return (int)len;
}
