/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * seal_self against the real kernel.  Sealing cannot be undone, so each
 * case runs in a fresh copy of this program ("test_self policy WORDS"),
 * started through tests/helpers/denyseal, which also injects failures.
 *
 * The Makefile links this program with 64 KiB segment alignment: the
 * kernel then maps it with unmapped gaps inside its span, the case that
 * makes a plain mseal over the span fail with ENOMEM.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <sys/mman.h>

#include "probe.h"

static char self_path[PATH_MAX];

enum group { G_MAIN, G_LIBC, G_LDSO, G_LIBM, G_VDSO, G_STACK, G_HEAP, G_MINE, G_N };

static const char *const group_name[G_N] = {
	"the main program", "libc", "ld.so", "libm (dlopen)", "[vdso] and [vvar]", "[stack]",
	"[heap]", "memory mapped by the program",
};

struct count {
	unsigned int vmas, sealed;
	unsigned int code, code_sealed;		/* r-x mappings */
};

static void *mine;		/* an anonymous mapping of ours, never sealed */

static int group_of(const struct seal_vma *v)
{
	if (!strcmp(v->path, self_path))
		return G_MAIN;
	if (strstr(v->path, "/libc.so"))
		return G_LIBC;
	if (strstr(v->path, "/ld-linux"))
		return G_LDSO;
	if (strstr(v->path, "/libm.so"))
		return G_LIBM;
	if (!strcmp(v->path, "[vdso]") || !strncmp(v->path, "[vvar", 5))
		return G_VDSO;
	if (!strcmp(v->path, "[stack]"))
		return G_STACK;
	if (!strcmp(v->path, "[heap]"))
		return G_HEAP;
	if ((uintptr_t)mine == v->start)
		return G_MINE;
	return -1;
}

static void census(struct count c[G_N])
{
	struct seal_smaps *r;
	struct seal_vma v;

	memset(c, 0, G_N * sizeof(c[0]));
	if (seal_smaps_open(&r, 0) < 0)
		return;
	while (seal_smaps_next(r, &v) > 0) {
		int g = group_of(&v);

		if (g < 0)
			continue;
		c[g].vmas++;
		c[g].sealed += v.sealed;
		if (v.perms[2] == 'x') {
			c[g].code++;
			c[g].code_sealed += v.sealed;
		}
	}
	seal_smaps_close(r);
}

/* Each group: all sealed, none, or only its code. */
enum want { NONE, ALL, CODE };

static void expect(const struct count c[G_N], const enum want w[G_N])
{
	for (int g = 0; g < G_N; g++) {
		const struct count *k = &c[g];

		if (k->vmas == 0 && g == G_HEAP)
			continue;	/* no malloc yet: no heap */
		switch (w[g]) {
		case NONE:
			ok(k->vmas > 0 && k->sealed == 0, "%s: none of %u mappings sealed",
			   group_name[g], k->vmas);
			break;
		case ALL:
			ok(k->vmas > 0 && k->sealed == k->vmas, "%s: all %u mappings sealed (%u)",
			   group_name[g], k->vmas, k->sealed);
			break;
		case CODE:
			ok(k->code > 0 && k->code_sealed == k->code && k->sealed == k->code,
			   "%s: its %u code mappings sealed, nothing else (%u of %u)",
			   group_name[g], k->code, k->sealed, k->vmas);
			break;
		}
	}
}

/* One case, in a fresh process: seal with the policy, then count. */
static void run_policy(const char *policy)
{
	const char *text = strcmp(policy, "NULL") ? policy : NULL;
	struct count c[G_N];
	int rc;

	mine = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!dlopen("libm.so.6", RTLD_NOW)) {
		ok(0, "dlopen libm: %s", dlerror());
		return;
	}
	rc = seal_self(text);
	census(c);

	if (!strcmp(policy, "default") || !strcmp(policy, "NULL") || !strcmp(policy, "strict")) {
		bool strict = !strcmp(policy, "strict");

		ok(rc == 0, "seal_self(%s): 0 (%d)", policy, rc);
		expect(c, (const enum want[G_N]){ ALL, ALL, ALL, ALL, ALL, strict ? ALL : NONE,
						  NONE, NONE });
		errno = 0;
		ok(mprotect((void *)((uintptr_t)&printf & ~(uintptr_t)4095), 4096,
			    PROT_READ | PROT_EXEC) < 0 && errno == EPERM,
		   "mprotect of libc's code to its own protection: EPERM");
		ok(seal_self(text) == 0, "seal_self again: 0");
	} else if (!strcmp(policy, "code")) {
		ok(rc == 0, "seal_self(code): 0 (%d)", rc);
		expect(c, (const enum want[G_N]){ CODE, CODE, CODE, CODE, NONE, NONE, NONE, NONE });
	} else if (!strcmp(policy, "system")) {
		ok(rc == 0, "seal_self(system): 0 (%d)", rc);
		expect(c, (const enum want[G_N]){ NONE, NONE, NONE, NONE, ALL, NONE, NONE, NONE });
	} else if (!strcmp(policy, "-default")) {
		ok(rc == 0, "seal_self(-default): 0, an empty policy (%d)", rc);
		expect(c, (const enum want[G_N]){ NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE });
	} else if (!strcmp(policy, "bogus")) {
		ok(rc == -EINVAL, "seal_self(bogus): -EINVAL (%d)", rc);
		expect(c, (const enum want[G_N]){ NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE });
	} else {
		ok(0, "no case for policy %s", policy);
	}
}

/* Injected: mseal fails, or says yes and seals nothing. */
static void run_injected(const char *what)
{
	int rc = seal_self("default");

	if (!strcmp(what, "fake"))
		ok(rc == -EIO, "smaps shows no seal: -EIO (%d)", rc);
	else
		ok(rc == -EPERM, "mseal refused: its error, -EPERM (%d)", rc);
}

/* Another link-map namespace is not ours to see. */
static void run_namespace(void)
{
	void *h = dlmopen(LM_ID_NEWLM, "libm.so.6", RTLD_NOW);
	struct link_map *lm = NULL;
	struct vma_info in;

	if (!h || dlinfo(h, RTLD_DI_LINKMAP, &lm) != 0 || !lm) {
		ok(0, "dlmopen libm: %s", dlerror());
		return;
	}
	ok(seal_self("default") == 0, "seal_self: 0");
	in = vma_at((void *)(lm->l_addr + 4096));
	ok(in.found && strstr(in.path, "/libm.so") && !in.sealed,
	   "libm in a dlmopen namespace stays unsealed (%s)", in.path);
	ok(vma_at((void *)&printf).sealed, "our own libc is sealed");
}

/* The gap the Makefile's link options make: an unmapped page inside the
 * main program's span. */
static int main_span(struct dl_phdr_info *info, size_t size, void *data)
{
	uintptr_t *span = data;

	(void)size;
	span[0] = UINTPTR_MAX;
	span[1] = 0;
	for (size_t i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD)
			continue;
		if (info->dlpi_addr + ph->p_vaddr < span[0])
			span[0] = info->dlpi_addr + ph->p_vaddr;
		if (info->dlpi_addr + ph->p_vaddr + ph->p_memsz > span[1])
			span[1] = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
	}
	return 1;		/* the first object is the main program */
}

static void has_gap(void)
{
	uintptr_t span[2], a;
	bool gap = false;

	dl_iterate_phdr(main_span, span);
	for (a = span[0] & ~(uintptr_t)4095; a < span[1] && !gap; a += 4096)
		gap = !vma_at((void *)a).found;
	ok(gap, "this program has an unmapped gap at %#lx inside its span %#lx-%#lx",
	   (unsigned long)(a - 4096), (unsigned long)span[0], (unsigned long)span[1]);
}

int main(int argc, char **argv)
{
	ssize_t n = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);

	if (n > 0)
		self_path[n] = '\0';
	if (argc > 2 && !strcmp(argv[1], "policy")) {
		run_policy(argv[2]);
		return tap_done();
	}
	if (argc > 2 && !strcmp(argv[1], "inject")) {
		run_injected(argv[2]);
		return tap_done();
	}
	if (argc > 1 && !strcmp(argv[1], "namespace")) {
		run_namespace();
		return tap_done();
	}
	if (seal_probe() < 0) {
		skip("mseal is not available here");
		return tap_done();
	}
	has_gap();
	static const char *const policies[] = {
		"default", "NULL", "strict", "code", "system", "-default", "bogus",
	};
	for (size_t i = 0; i < sizeof(policies) / sizeof(policies[0]); i++) {
		char mode[64], what[64];

		snprintf(mode, sizeof(mode), "policy %s", policies[i]);
		snprintf(what, sizeof(what), "policy %s", policies[i]);
		under_denyseal(what, (const char *const[]){ "-", NULL }, mode);
	}
	under_denyseal("namespaces", (const char *const[]){ "-", NULL }, "namespace");
	under_denyseal("mseal fails EPERM", (const char *const[]){ "-l", "EPERM", NULL },
		       "inject EPERM");
	under_denyseal("mseal seals nothing", (const char *const[]){ "-l", "OK", NULL },
		       "inject fake");
	return tap_done();
}
