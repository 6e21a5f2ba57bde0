/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * libFuzzer target: the link-map reader (lib/linkmap.c) over made-up
 * address spaces (tests/unit/fakemem.h).
 *
 * The first byte picks the form of the rest.  With its top bit set, the
 * rest is the memory itself, at FAKE_BASE.  Exactly 0x40: the rest gives
 * the parameters of a list bomb, made up address by address (struct
 * bomb): how many entries, how long their names, how many DT_NEEDED
 * names of how many bytes (a bomb can cost a tenth of a second: one
 * value of the byte keeps the other forms fast).  Otherwise a valid
 * image of (byte % 16) objects is laid out and the rest is a list of
 * 3-byte patches (a little-endian offset, a byte), so that nearly every
 * input is a list with a few things wrong: a cycle, a stray pointer, a
 * name without an end, a namespace chain looping back.
 *
 * Invariants beyond "no crash, no hang": only 0, -EBADMSG or -ENOENT;
 * what is returned holds together (namespaces cover the objects in
 * order, names are strings within the limit, bounded counts); and the
 * cost stays within seal.h's caps, whatever the input: reads and bytes
 * read of the process's memory within the SEAL_OBJECTS_* budgets, names
 * kept within SEAL_OBJECTS_STRINGS_MAX, the heap in use during the read
 * within MEM_CAP, the time within TIME_CAP_S.  Past any, abort().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sanitizer/allocator_interface.h>

#include "seal.h"
#include "../unit/fakemem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What one read may cost (seal.h, for SEAL_OBJECTS_MAX objects). */
#define READS_CAP	(SEAL_OBJECTS_READS_BASE + \
			 (unsigned long)SEAL_OBJECTS_READS_PER * SEAL_OBJECTS_MAX)
#define BYTES_CAP	(SEAL_OBJECTS_BYTES_BASE + \
			 (unsigned long long)SEAL_OBJECTS_BYTES_PER * SEAL_OBJECTS_MAX)
/* The objects (twice, as an array grows), names (twice) and the rest. */
#define MEM_CAP		(2 * (size_t)SEAL_OBJECTS_MAX * (sizeof(struct seal_object) + 64) + \
			 2 * (size_t)SEAL_OBJECTS_STRINGS_MAX + (8u << 20))
/* Sanitizers make a read many times slower: a bound for them, far
 * below what the cubic marking took (an hour for 8,192 entries). */
#define TIME_CAP_S	5.0

static size_t heap_base, heap_peak;

static void sample_heap(void)
{
	size_t now = __sanitizer_get_current_allocated_bytes();

	if (now > heap_base && now - heap_base > heap_peak)
		heap_peak = now - heap_base;
}

/* The readers, counted and sampled. */
struct counted {
	seal_mem_fn fn;
	void *ctx;
	unsigned long reads;
	unsigned long long bytes;
};

static ssize_t counted_read(void *ctx, void *buf, size_t len, uint64_t addr)
{
	struct counted *c = ctx;

	c->reads++;
	c->bytes += len;
	sample_heap();
	return c->fn(c->ctx, buf, len, addr);
}

static void check(const struct seal_objects *o)
{
	size_t i, next = 0, strings = 0;

	if (o->count == 0 || o->count > SEAL_OBJECTS_MAX ||
	    o->nnamespaces == 0 || o->nnamespaces > SEAL_NAMESPACES_MAX)
		abort();
	for (i = 0; i < o->nnamespaces; i++) {
		if (o->ns[i].first != next)
			abort();
		next += o->ns[i].count;
	}
	if (next != o->count)
		abort();
	for (i = 0; i < o->count; i++) {
		const struct seal_object *ob = &o->object[i];

		if (!ob->name || !ob->soname || strlen(ob->name) >= SEAL_OBJECT_NAME_MAX ||
		    ob->ns >= o->nnamespaces ||
		    (ob->phdrs == SEAL_PHDRS_NONE && ob->nsegments))
			abort();
		strings += strlen(ob->name) + strlen(ob->soname);
	}
	/* Names may be shared; never more than the pool holds. */
	if (strings > (size_t)SEAL_OBJECTS_STRINGS_MAX * 2)
		abort();
}

static uint64_t get16(const uint8_t *data, size_t size, size_t at)
{
	return at + 1 < size ? (uint64_t)data[at] | (uint64_t)data[at + 1] << 8 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char img[FAKE_SIZE];
	struct fakemem m = { img, sizeof(img) };
	struct seal_auxv aux = fake_auxv();
	struct counted c = { fake_read, &m, 0, 0 };
	struct seal_objects *o;
	struct bomb b;
	struct timespec t0, t1;
	double took;
	size_t i;
	int rc;

	if (size < 1)
		return 0;
	if (data[0] & 0x80) {
		m.data = data + 1;
		m.len = size - 1;
	} else if (data[0] == 0x40) {
		/* n up to 256, names up to 4,200 bytes (past
		 * SEAL_OBJECT_NAME_MAX), 0 to 31 DT_NEEDED names of up to 511
		 * bytes.  tests/unit/test_linkmap.c reads the largest ones
		 * (8,192 entries, 256 names of 4,000 bytes) every time: here
		 * they would leave a few inputs a second for the other forms. */
		fake_image(img, 1);
		b = (struct bomb){
			.img = img,
			.n = get16(data, size, 1) % 257,
			.name_pad = get16(data, size, 3) % 4200,
			.needed = get16(data, size, 5) % 32,
			.need_len = get16(data, size, 7) % 512,
		};
		c.fn = bomb_read;
		c.ctx = &b;
	} else {
		fake_image(img, data[0] % 16u);
		for (i = 1; i + 3 <= size; i += 3)
			img[(data[i] | (size_t)data[i + 1] << 8) % FAKE_SIZE] = data[i + 2];
	}
	heap_base = __sanitizer_get_current_allocated_bytes();
	heap_peak = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = seal_objects_read_fn(&aux, counted_read, &c, "libfake1.so /lib/libfake2.so", &o);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	sample_heap();
	took = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (c.reads > READS_CAP || c.bytes > BYTES_CAP || heap_peak > MEM_CAP || took > TIME_CAP_S)
		abort();
	if (rc == 0) {
		check(o);
		seal_objects_free(o);
	} else if (rc != -EBADMSG && rc != -ENOENT) {
		abort();
	}
	return 0;
}
