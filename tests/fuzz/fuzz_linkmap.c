/*
 * libFuzzer target: the link-map reader (lib/linkmap.c) over made-up
 * address spaces (tests/unit/fakemem.h).
 *
 * The first byte picks the form of the rest.  With its top bit set, the
 * rest is the memory itself, at FAKE_BASE.  Otherwise a valid image of
 * (byte % 16) objects is laid out and the rest is a list of 3-byte
 * patches (a little-endian offset, a byte), so that nearly every input
 * is a list with a few things wrong: a cycle, a stray pointer, a name
 * without an end, a namespace chain looping back.  Invariants beyond "no
 * crash, no hang": only 0, -EBADMSG or -ENOENT; what is returned holds
 * together (namespaces cover the objects in order, names are strings
 * within the limit, bounded counts).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "seal.h"
#include "../unit/fakemem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct seal_objects *o)
{
	size_t i, next = 0;

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
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char img[FAKE_SIZE];
	struct fakemem m = { img, sizeof(img) };
	struct seal_auxv aux = fake_auxv();
	struct seal_objects *o;
	size_t i;
	int rc;

	if (size < 1)
		return 0;
	if (data[0] & 0x80) {
		m.data = data + 1;
		m.len = size - 1;
	} else {
		fake_image(img, data[0] % 16u);
		for (i = 1; i + 3 <= size; i += 3)
			img[(data[i] | (size_t)data[i + 1] << 8) % FAKE_SIZE] = data[i + 2];
	}
	rc = seal_objects_read_fn(&aux, fake_read, &m, "libfake1.so /lib/libfake2.so", &o);
	if (rc == 0) {
		check(o);
		seal_objects_free(o);
	} else if (rc != -EBADMSG && rc != -ENOENT) {
		abort();
	}
	return 0;
}
