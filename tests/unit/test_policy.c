/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/* Unit tests for the policy vocabulary and the object span arithmetic. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <string.h>

#include "seal_policy.h"
#include "tap.h"

#define PAGE 4096u

static void parse_cases(void)
{
	size_t where = 99;
	char buf[128];

	ok(seal_policy_parse("default", &where) == SEAL_POLICY_DEFAULT, "default");
	ok(seal_policy_parse("strict", &where) == (SEAL_POLICY_DEFAULT | SEAL_POLICY_STACK),
	   "strict is default plus stack");
	ok(seal_policy_parse("objects", &where) == SEAL_POLICY_OBJECTS, "objects");
	ok(seal_policy_parse("code,relro,system", &where) ==
	   (SEAL_POLICY_CODE | SEAL_POLICY_RELRO | SEAL_POLICY_SYSTEM), "a list of words");
	ok(seal_policy_parse("default,-dlopen", &where) ==
	   (SEAL_POLICY_OBJECTS | SEAL_POLICY_SYSTEM), "-word removes");
	ok(seal_policy_parse("-default,code", &where) == SEAL_POLICY_CODE,
	   "applied left to right");
	ok(seal_policy_parse("default,-default", &where) == 0, "an empty result is 0");

	ok(seal_policy_parse("code,bogus", &where) == -EINVAL && where == 5,
	   "unknown word: -EINVAL at its offset (%zu)", where);
	ok(seal_policy_parse("", &where) == -EINVAL && where == 0, "empty text");
	ok(seal_policy_parse("code,", &where) == -EINVAL && where == 5, "trailing comma");
	ok(seal_policy_parse("code,,data", &where) == -EINVAL && where == 5, "empty item");
	ok(seal_policy_parse("-", &where) == -EINVAL && where == 0, "lone minus");
	ok(seal_policy_parse("Code", &where) == -EINVAL, "words are case-sensitive");
	ok(seal_policy_parse("codes", &where) == -EINVAL, "no prefix matching");

	ok(seal_policy_format(SEAL_POLICY_DEFAULT, buf, sizeof(buf)) > 0 &&
	   !strcmp(buf, "default"), "format default: %s", buf);
	ok(seal_policy_format(SEAL_POLICY_STRICT, buf, sizeof(buf)) > 0 &&
	   !strcmp(buf, "strict"), "format strict: %s", buf);
	ok(seal_policy_format(SEAL_POLICY_OBJECTS | SEAL_POLICY_STACK, buf, sizeof(buf)) > 0 &&
	   !strcmp(buf, "objects,stack"), "format objects,stack: %s", buf);
	ok(seal_policy_format(SEAL_POLICY_CODE | SEAL_POLICY_SYSTEM, buf, sizeof(buf)) > 0 &&
	   !strcmp(buf, "code,system"), "format code,system: %s", buf);
	ok(seal_policy_format(SEAL_POLICY_DEFAULT, buf, 4) == -ENOSPC, "format: -ENOSPC");

	/* Every mask reads back as itself. */
	int bad = 0;

	for (unsigned int m = 1; m <= SEAL_POLICY_ALL; m++) {
		if (seal_policy_format(m, buf, sizeof(buf)) < 0 ||
		    seal_policy_parse(buf, &where) != (int)m)
			bad++;
	}
	ok(bad == 0, "format then parse is the identity on all %u masks", SEAL_POLICY_ALL);
}

/* A typical -z separate-code PIE: r, rx, r, rw with RELRO at its start. */
static const struct seal_segment typical[] = {
	{ PT_LOAD, PF_R, 0x0000, 0x1720 },
	{ PT_LOAD, PF_R | PF_X, 0x2000, 0x4da9 },
	{ PT_LOAD, PF_R, 0x7000, 0x20e8 },
	{ PT_LOAD, PF_R | PF_W, 0xac30, 0x07e8 },
	{ PT_GNU_RELRO, PF_R, 0xac30, 0x03d0 },
};

static void span_cases(void)
{
	struct seal_span s[16];
	int n;

	n = seal_object_spans(typical, 5, 0x10000, PAGE, SEAL_POLICY_OBJECTS, s, 16);
	ok(n == 1 && s[0].start == 0x10000 && s[0].end == 0x1c000,
	   "whole span is one range [%#lx, %#lx)", n > 0 ? (unsigned long)s[0].start : 0,
	   n > 0 ? (unsigned long)s[0].end : 0);

	n = seal_object_spans(typical, 5, 0, PAGE, SEAL_POLICY_CODE, s, 16);
	ok(n == 1 && s[0].start == 0x2000 && s[0].end == 0x7000 && s[0].parts == SEAL_POLICY_CODE,
	   "code only");

	/* RELRO 0xac30..0xb000: ld.so protects from the page it starts in
	 * to the page its end rounds down to. */
	n = seal_object_spans(typical, 5, 0, PAGE, SEAL_POLICY_RELRO, s, 16);
	ok(n == 1 && s[0].start == 0xa000 && s[0].end == 0xb000, "RELRO: its pages");

	n = seal_object_spans(typical, 5, 0, PAGE, SEAL_POLICY_RODATA, s, 16);
	ok(n == 2 && s[0].start == 0 && s[0].end == 0x2000 && s[1].start == 0x7000 &&
	   s[1].end == 0xa000, "rodata: two ranges");

	n = seal_object_spans(typical, 5, 0, PAGE, SEAL_POLICY_DATA, s, 16);
	ok(n == 1 && s[0].start == 0xb000 && s[0].end == 0xc000, "data: after RELRO");

	/* A RELRO of whole pages, then data; a hole between rx and rw. */
	static const struct seal_segment holey[] = {
		{ PT_LOAD, PF_R | PF_X, 0x0, 0x3000 },
		{ PT_LOAD, PF_R | PF_W, 0x10000, 0x5000 },
		{ PT_GNU_RELRO, PF_R, 0x10000, 0x2800 },
	};

	n = seal_object_spans(holey, 3, 0, PAGE, SEAL_POLICY_HOLES, s, 16);
	ok(n == 1 && s[0].start == 0x3000 && s[0].end == 0x10000, "the hole");
	n = seal_object_spans(holey, 3, 0, PAGE, SEAL_POLICY_RELRO, s, 16);
	ok(n == 1 && s[0].start == 0x10000 && s[0].end == 0x12000,
	   "RELRO: whole pages, end rounded down");
	n = seal_object_spans(holey, 3, 0, PAGE, SEAL_POLICY_DATA, s, 16);
	ok(n == 1 && s[0].start == 0x12000 && s[0].end == 0x15000, "data after RELRO");
	n = seal_object_spans(holey, 3, 0, PAGE, SEAL_POLICY_CODE | SEAL_POLICY_DATA, s, 16);
	ok(n == 2, "code and data, not merged across the hole");
	n = seal_object_spans(holey, 3, 0, PAGE, SEAL_POLICY_OBJECTS, s, 1);
	ok(n == 1 && s[0].start == 0 && s[0].end == 0x15000, "all merge into one");

	/* Errors. */
	ok(seal_object_spans(holey, 3, 0, PAGE, SEAL_POLICY_CODE | SEAL_POLICY_DATA, s, 1) ==
	   -ENOSPC, "-ENOSPC when the output is too small");
	ok(seal_object_spans(holey, 3, 0, 3000, SEAL_POLICY_OBJECTS, s, 16) == -EINVAL,
	   "page size not a power of two");
	static const struct seal_segment wrap[] = {
		{ PT_LOAD, PF_R, UINT64_MAX - 0x100, 0x1000 },
	};
	ok(seal_object_spans(wrap, 1, 0, PAGE, SEAL_POLICY_OBJECTS, s, 16) == -EOVERFLOW,
	   "wrapping segment: -EOVERFLOW");
	ok(seal_object_spans(typical + 4, 1, 0, PAGE, SEAL_POLICY_OBJECTS, s, 16) == 0,
	   "no PT_LOAD: nothing");

	/* Headers that map nothing name no page: an empty PT_LOAD inside the
	 * rw page, and a PT_NOTE over the code, change no part (found while
	 * writing the fuzz checks: both used to add "code"). */
	static const struct seal_segment stray[] = {
		{ PT_LOAD, PF_R, 0x0, 0x1000 },
		{ PT_LOAD, PF_R | PF_W, 0x1000, 0x1000 },
		{ PT_LOAD, PF_R | PF_X, 0x1010, 0 },
		{ PT_NOTE, PF_R | PF_X, 0x0, 0x100 },
	};

	n = seal_object_spans(stray, 4, 0, PAGE, SEAL_POLICY_OBJECTS, s, 16);
	ok(n == 1 && s[0].start == 0 && s[0].end == 0x2000 &&
	   s[0].parts == (SEAL_POLICY_RODATA | SEAL_POLICY_DATA),
	   "empty and non-load headers add no part (parts %#x)", n == 1 ? s[0].parts : 0);
	n = seal_object_spans(stray, 4, 0, PAGE, SEAL_POLICY_CODE, s, 16);
	ok(n == 0, "and no code range (%d)", n);

	struct seal_segment many[80];

	for (int i = 0; i < 80; i++)
		many[i] = (struct seal_segment){ PT_LOAD, PF_R, (uint64_t)i * 2 * PAGE, PAGE };
	ok(seal_object_spans(many, 80, 0, PAGE, SEAL_POLICY_OBJECTS, s, 16) == -ENOSPC,
	   "too many segments fail closed");
}

static void system_cases(void)
{
	ok(seal_policy_system_path("[vdso]"), "[vdso] is a system mapping");
	ok(seal_policy_system_path("[vvar]"), "[vvar] is a system mapping");
	ok(seal_policy_system_path("[vvar_vclock]"), "[vvar_vclock] is a system mapping");
	ok(!seal_policy_system_path("[vsyscall]"), "[vsyscall] cannot be sealed: not named");
	ok(!seal_policy_system_path("[vdso] "), "no prefix match");
	ok(!seal_policy_system_path("/memfd:[vdso]"), "a path is never a system mapping");
	ok(!seal_policy_system_path(""), "anonymous memory is not");
}

int main(void)
{
	parse_cases();
	span_cases();
	system_cases();
	return tap_done();
}
