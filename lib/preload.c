/*
 * LD_PRELOAD list editing, shared by sealrun (which puts its sealer
 * first) and the sealer (which takes itself out for --no-inherit).
 */
#include <string.h>

#include "sealrun_env.h"

size_t sealrun_preload_without(const char *list, const char *path, char *out)
{
	size_t len = 0, plen = strlen(path);

	/* ld.so splits the list on blanks and colons. */
	for (const char *p = list; *p; ) {
		size_t n = strcspn(p, " :");

		if (n && !(n == plen && !memcmp(p, path, n))) {
			if (len)
				out[len++] = ':';
			memcpy(out + len, p, n);
			len += n;
		}
		p += n;
		p += strspn(p, " :");
	}
	out[len] = '\0';
	return len;
}
