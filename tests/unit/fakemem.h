/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * A made-up address space for the link-map reader (lib/linkmap.c): one
 * block of bytes at FAKE_BASE, read through a seal_mem_fn that fails
 * outside it.  fake_image() lays out a valid one: the main program's
 * headers, its dynamic section with DT_DEBUG, an r_debug and a chain of
 * link maps; tests then corrupt it.  Shared by the unit tests and the
 * fuzz target (tests/fuzz/seeds.sh writes the same layout).
 */
#ifndef SEAL_TESTS_FAKEMEM_H
#define SEAL_TESTS_FAKEMEM_H

#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "seal.h"

#define FAKE_BASE	0x10000u
#define FAKE_SIZE	0x4000u
#define FAKE_PHDR	0x100u		/* the main program's headers */
#define FAKE_DYNAMIC	0x300u		/* its dynamic section */
#define FAKE_RDEBUG	0x400u		/* r_debug of namespace 0 */
#define FAKE_RDEBUG2	0x440u		/* a second namespace's */
#define FAKE_MAPS	0x800u		/* link maps, 0x40 apart */
#define FAKE_NAMES	0x2000u		/* their names, 0x40 apart */
#define FAKE_MAPS_MAX	((FAKE_NAMES - FAKE_MAPS) / 0x40)

struct fakemem {
	const unsigned char *data;
	size_t len;
};

static inline ssize_t fake_read(void *ctx, void *buf, size_t len, uint64_t addr)
{
	const struct fakemem *m = ctx;

	if (addr < FAKE_BASE || addr - FAKE_BASE >= m->len)
		return -EIO;
	if (len > m->len - (addr - FAKE_BASE))
		len = m->len - (addr - FAKE_BASE);
	memcpy(buf, m->data + (addr - FAKE_BASE), len);
	return (ssize_t)len;
}

static inline void fake_put(unsigned char *img, uint64_t off, uint64_t v, size_t len)
{
	memcpy(img + off, &v, len);
}

/* The auxv of the made-up program. */
static inline struct seal_auxv fake_auxv(void)
{
	return (struct seal_auxv){ .phdr = FAKE_BASE + FAKE_PHDR,
				   .phent = sizeof(Elf64_Phdr), .phnum = 3 };
}

/* Link map i of the image (0: the main program), its name, its links. */
static inline void fake_map(unsigned char *img, unsigned int i, const char *name,
			    uint64_t next, uint64_t prev)
{
	uint64_t lm = FAKE_MAPS + 0x40u * i, str = FAKE_NAMES + 0x40u * i;

	fake_put(img, lm, 0, 8);				/* l_addr */
	fake_put(img, lm + 8, FAKE_BASE + str, 8);		/* l_name */
	fake_put(img, lm + 16, 0, 8);				/* l_ld */
	fake_put(img, lm + 24, next, 8);			/* l_next */
	fake_put(img, lm + 32, prev, 8);			/* l_prev */
	strncpy((char *)img + str, name, 0x3f);
}

static inline uint64_t fake_map_addr(unsigned int i)
{
	return FAKE_BASE + FAKE_MAPS + 0x40u * i;
}

/* A valid image (FAKE_SIZE bytes) with n objects in one namespace. */
static inline void fake_image(unsigned char *img, unsigned int n)
{
	Elf64_Phdr ph[3] = {
		{ .p_type = PT_PHDR, .p_vaddr = FAKE_PHDR, .p_memsz = 3 * sizeof(Elf64_Phdr) },
		{ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_vaddr = 0,
		  .p_filesz = FAKE_SIZE, .p_memsz = FAKE_SIZE },
		{ .p_type = PT_DYNAMIC, .p_vaddr = FAKE_DYNAMIC, .p_memsz = 32 },
	};
	unsigned int i;

	memset(img, 0, FAKE_SIZE);
	memcpy(img + FAKE_PHDR, ph, sizeof(ph));
	fake_put(img, FAKE_DYNAMIC, DT_DEBUG, 8);
	fake_put(img, FAKE_DYNAMIC + 8, FAKE_BASE + FAKE_RDEBUG, 8);
	fake_put(img, FAKE_RDEBUG, 2, 4);			/* r_version */
	fake_put(img, FAKE_RDEBUG + 8, fake_map_addr(0), 8);	/* r_map */
	for (i = 0; i < n; i++) {
		char name[32];

		if (i)
			snprintf(name, sizeof(name), "/lib/libfake%u.so", i);
		else
			name[0] = '\0';
		fake_map(img, i, name, i + 1 < n ? fake_map_addr(i + 1) : 0,
			 i ? fake_map_addr(i - 1) : 0);
	}
	fake_put(img, FAKE_MAPS, FAKE_BASE, 8);	/* the main program's l_addr */
}

/*
 * A list bomb, made up address by address rather than stored: the main
 * program of fake_image() (the image, at FAKE_BASE) followed by n
 * entries at BOMB_MAPS, each named "libbombI.so" and padded with
 * name_pad bytes of 'x' before its NUL, each with a dynamic section of
 * its own at BOMB_DYN naming needed DT_NEEDED entries: "libbomb(I-1).so"
 * (so that marking the start-up objects in list order finds one more a
 * round), then needed - 1 names of need_len bytes.  The main program
 * needs the last one.  Every read through bomb_read() is counted.
 */
/* The generator is not what is fuzzed: no coverage hooks in it. */
#if defined(__clang__)
#define BOMB_PLAIN	__attribute__((no_sanitize("coverage")))
#else
#define BOMB_PLAIN
#endif

#define BOMB_MAPS	0x10000000000ull	/* link maps, 0x40 apart */
#define BOMB_NAMES	0x20000000000ull	/* names, 0x10000 apart */
#define BOMB_DYN	0x30000000000ull	/* dynamic sections, 0x10000 apart */
#define BOMB_STR	0x40000000000ull	/* string tables, 0x1000000 apart */
#define BOMB_SPAN	0x10000000000ull

struct bomb {
	const unsigned char *img;	/* fake_image(img, 1) */
	uint64_t n;
	uint64_t name_pad;		/* < 0x10000 - 32 */
	uint64_t needed;		/* DT_NEEDED per entry, < 4096 */
	uint64_t need_len;		/* < 4096 */
	unsigned long reads;
	unsigned long long bytes;
};

/* Entry i's name ("libbombI.so" and padding) into buf; its length. */
BOMB_PLAIN static inline size_t bomb_name(const struct bomb *b, uint64_t i, char *buf)
{
	int n = snprintf(buf, 32, "libbomb%llu.so", (unsigned long long)i);

	memset(buf + n, 'x', b->name_pad);
	return (size_t)n + b->name_pad;
}

/* Made-up names come in runs: filled a run at a time (a read of up to
 * len bytes at a in the names or string tables).  The bytes filled, 0
 * when a is elsewhere. */
BOMB_PLAIN static inline size_t bomb_run(const struct bomb *b, uint64_t a, unsigned char *out, size_t len)
{
	static char name[0x10000];	/* static: not 64 KiB of stack (and of
					   ASan's red zones) a call */
	uint64_t i, off, e, n = 0;

	if (a >= BOMB_NAMES && a < BOMB_NAMES + BOMB_SPAN) {
		i = (a - BOMB_NAMES) / 0x10000;
		off = (a - BOMB_NAMES) % 0x10000;
		n = i ? bomb_name(b, i, name) + 1 : 1;		/* with its NUL */
		if (!i)
			name[0] = '\0';
		name[n - 1] = '\0';
		n = off < n ? n - off : 0;
		if (n > len)
			n = len;
		if (n)
			memcpy(out, name + off, n);
		return n;
	}
	if (a >= BOMB_STR && a < BOMB_STR + BOMB_SPAN) {
		i = (a - BOMB_STR) / 0x1000000;
		off = (a - BOMB_STR) % 0x1000000;
		e = off / 4096;
		off %= 4096;
		n = 4096 - off;
		if (n > len)
			n = len;
		memset(out, 0, n);
		if (e == 0) {
			char buf[32];
			uint64_t want = i == 0 ? b->n : i - 1;
			int k = snprintf(buf, sizeof(buf), "libbomb%llu.so", (unsigned long long)want);

			for (uint64_t j = 0; want && j < n && off + j < (uint64_t)k; j++)
				out[j] = (unsigned char)buf[off + j];
		} else {
			for (uint64_t j = 0; j < n && off + j < b->need_len; j++)
				out[j] = (unsigned char)('a' + (e + off + j) % 26);
		}
		return n;
	}
	return 0;
}

BOMB_PLAIN static inline unsigned char bomb_byte(const struct bomb *b, uint64_t a)
{
	uint64_t i, off, v = 0;

	if (a >= FAKE_BASE && a < FAKE_BASE + FAKE_SIZE) {
		off = a - FAKE_BASE;
		/* The main program's l_next and l_ld lead into the bomb. */
		if (off >= FAKE_MAPS + 16 && off < FAKE_MAPS + 32)
			v = off < FAKE_MAPS + 24 ? BOMB_DYN : (b->n ? BOMB_MAPS + 0x40 : 0);
		else
			return b->img[off];
		return (unsigned char)(v >> 8 * ((off - FAKE_MAPS) % 8));
	}
	if (a >= BOMB_MAPS && a < BOMB_MAPS + BOMB_SPAN) {
		i = (a - BOMB_MAPS) / 0x40;
		off = (a - BOMB_MAPS) % 0x40;
		if (i == 0 || i > b->n || off >= 40)
			return 0;
		switch (off / 8) {
		case 0: v = 0; break;					/* l_addr */
		case 1: v = BOMB_NAMES + i * 0x10000; break;		/* l_name */
		case 2: v = BOMB_DYN + i * 0x10000; break;		/* l_ld */
		case 3: v = i < b->n ? BOMB_MAPS + (i + 1) * 0x40 : 0; break;
		case 4: v = i > 1 ? BOMB_MAPS + (i - 1) * 0x40 : FAKE_BASE + FAKE_MAPS; break;
		}
		return (unsigned char)(v >> 8 * (off % 8));
	}
	if (a >= BOMB_DYN && a < BOMB_DYN + BOMB_SPAN) {
		/* needed DT_NEEDED, DT_STRTAB, DT_STRSZ, DT_NULL. */
		uint64_t e;

		i = (a - BOMB_DYN) / 0x10000;
		off = (a - BOMB_DYN) % 0x10000;
		e = off / 16;
		if (e < b->needed)
			v = off % 16 < 8 ? DT_NEEDED : e * 4096;
		else if (e == b->needed)
			v = off % 16 < 8 ? DT_STRTAB : BOMB_STR + i * 0x1000000;
		else if (e == b->needed + 1)
			v = off % 16 < 8 ? DT_STRSZ : b->needed * 4096 + 4096;
		return (unsigned char)(v >> 8 * (off % 8));
	}
	return 0;
}

BOMB_PLAIN static inline ssize_t bomb_read(void *ctx, void *buf, size_t len, uint64_t addr)
{
	struct bomb *b = ctx;

	b->reads++;
	b->bytes += len;
	if (addr < FAKE_BASE)
		return -EIO;
	for (size_t k = 0; k < len;) {
		size_t run = bomb_run(b, addr + k, (unsigned char *)buf + k, len - k);

		if (run) {
			k += run;
			continue;
		}
		((unsigned char *)buf)[k] = bomb_byte(b, addr + k);
		k++;
	}
	return (ssize_t)len;
}

#endif /* SEAL_TESTS_FAKEMEM_H */
