/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * sealstate — print how this very process was started: "sealed N open M
 * secure S", N and M counting its mappings of ELF files (paths under /)
 * with and without the "sl" flag in /proc/self/smaps, S the kernel's
 * AT_SECURE.  Made set-user-ID or set-group-ID by the tests, it shows
 * whether a child of a sealed program ran sealed.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

int main(void)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[4096], path[4096] = "";
	unsigned long sealed = 0, open = 0;

	if (!f) {
		perror("sealstate: /proc/self/smaps");
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "VmFlags:", 8)) {
			if (path[0] == '/') {
				if (strstr(line, " sl ") || strstr(line, " sl\n"))
					sealed++;
				else
					open++;
			}
			continue;
		}
		/* A mapping's first line: "start-end perms offset dev inode [path]";
		 * the other lines start with a capitalised name. */
		if (isxdigit((unsigned char)line[0]) && !isupper((unsigned char)line[0]) &&
		    sscanf(line, "%*s %*s %*s %*s %*s %4095s", path) != 1)
			path[0] = '\0';
	}
	fclose(f);
	printf("sealed %lu open %lu secure %lu\n", sealed, open, getauxval(AT_SECURE));
	return 0;
}
