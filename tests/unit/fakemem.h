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

#endif /* SEAL_TESTS_FAKEMEM_H */
