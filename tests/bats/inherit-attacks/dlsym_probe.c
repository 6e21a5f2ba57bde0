/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Look names up with dlsym and dlvsym every way a program can, and say
 * for each the object the answer lies in and what dlerror() then says:
 * from the program, and from liblate.so (dlopen'ed, RTLD_LOCAL), whose
 * dlsym(RTLD_NEXT) and error messages are relative to it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#ifdef LATE
#define SHOW late_show
#else
#define SHOW show
#endif

void SHOW(const char *what, void *p);
void SHOW(const char *what, void *p)
{
	const char *err = dlerror(), *obj = "NULL";
	Dl_info i = { 0 };

	if (p && dladdr(p, &i) && i.dli_fname)
		obj = strrchr(i.dli_fname, '/') ? strrchr(i.dli_fname, '/') + 1 : i.dli_fname;
	printf("%s: %s; %s\n", what, obj, err ? err : "no error");
}

#ifdef LATE
void late_probe(void);
void late_probe(void)
{
	SHOW("late NEXT execve", dlsym(RTLD_NEXT, "execve"));
	SHOW("late NEXT open", dlsym(RTLD_NEXT, "open"));
	SHOW("late NEXT nosuch", dlsym(RTLD_NEXT, "sealtools_nosuch"));
	SHOW("late DEFAULT execve", dlsym(RTLD_DEFAULT, "execve"));
	SHOW("late DEFAULT nosuch", dlsym(RTLD_DEFAULT, "sealtools_nosuch"));
}
#else
int main(int argc, char **argv)
{
	void *libc = dlopen("libc.so.6", RTLD_NOW), *self = dlopen(NULL, RTLD_NOW), *late;
	const char *v = argc > 1 ? argv[1] : "GLIBC_2.2.5";
	void (*probe)(void);

	dlerror();
	SHOW("NEXT nosuch", dlsym(RTLD_NEXT, "sealtools_nosuch"));
	SHOW("NEXT open", dlsym(RTLD_NEXT, "open"));
	SHOW("NEXT execve", dlsym(RTLD_NEXT, "execve"));
	SHOW("DEFAULT open", dlsym(RTLD_DEFAULT, "open"));
	SHOW("DEFAULT execve", dlsym(RTLD_DEFAULT, "execve"));
	SHOW("DEFAULT nosuch", dlsym(RTLD_DEFAULT, "sealtools_nosuch"));
	SHOW("libc open", dlsym(libc, "open"));
	SHOW("libc execve", dlsym(libc, "execve"));
	SHOW("libc __libc_system", dlsym(libc, "__libc_system"));
	SHOW("libc nosuch", dlsym(libc, "sealtools_nosuch"));
	SHOW("self execve", dlsym(self, "execve"));
	SHOW("vsym libc execve", dlvsym(libc, "execve", v));
	SHOW("vsym libc execve GLIBC_9", dlvsym(libc, "execve", "GLIBC_9"));
	SHOW("vsym NEXT open", dlvsym(RTLD_NEXT, "open", v));
	SHOW("vsym NEXT execve", dlvsym(RTLD_NEXT, "execve", v));
	SHOW("vsym NEXT execve GLIBC_9", dlvsym(RTLD_NEXT, "execve", "GLIBC_9"));
	/* An error left pending, then a lookup that succeeds. */
	dlsym(RTLD_DEFAULT, "sealtools_nosuch");
	SHOW("pending, then open", dlsym(RTLD_DEFAULT, "open"));
	dlsym(RTLD_DEFAULT, "sealtools_nosuch");
	SHOW("pending, then execve", dlsym(RTLD_DEFAULT, "execve"));
	late = dlopen("./liblate.so", RTLD_NOW | RTLD_LOCAL);
	if (!late || !(probe = (void (*)(void))dlsym(late, "late_probe"))) {
		fprintf(stderr, "liblate.so: %s\n", dlerror());
		return 1;
	}
	probe();
	return 0;
}
#endif
