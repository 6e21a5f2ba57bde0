/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Sealed allocations: seal_alloc, seal_freeze, seal_alloc_copy, seal_free.
 *
 * One region is one span of whole pages, mapped by one mmap:
 *
 *   base                                                       base + total
 *   | header r-- | guard --- | data rw- (len rounded up) | guard --- |
 *
 * The header page is written once and made read-only before seal_alloc
 * returns: it tells the other calls the region's size and options, from
 * the data pointer alone (it sits two pages below it).  Nothing else
 * keeps state, so there is no lock and no registry to inherit on fork.
 * A pointer that seal_alloc() did not return is undefined behaviour, as
 * for free(3); the magic number catches the common mistakes.
 *
 * Freezing is mprotect(data, PROT_READ), then one mseal over the whole
 * span.  The kernel checks that the span is mapped before it seals
 * anything; after that it can fail only when it has to split a mapping
 * at the edges of the span.  A split of the first mapping fails before
 * anything is sealed.  So that the last one never needs a split, the
 * trailing guard carries MADV_WIPEONFORK: a flag no one else puts on a
 * PROT_NONE page (and that changes nothing for a page without contents),
 * so no later neighbour merges into it.  When mseal fails, the data gets
 * its write permission back: nothing is left half done.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "seal.h"

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010	/* Linux 5.1 */
#endif

#define MAGIC 0x6c69627365616c32ull	/* "libseal2", xored with the address */
#define KNOWN_FLAGS (SEAL_ALLOC_NODUMP | SEAL_ALLOC_LOCK | SEAL_ALLOC_BEST_EFFORT)

struct header {
	uint64_t magic;			/* MAGIC ^ (uintptr_t)this header */
	size_t total;			/* the span, header and guards included */
	size_t data;			/* the data's length, whole pages */
	unsigned int flags;
	unsigned int frozen_unsealed;	/* frozen by SEAL_ALLOC_BEST_EFFORT */
};

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* The header of the region whose data starts at p, or NULL. */
static const struct header *header_of(const void *p)
{
	size_t page = page_size();
	const struct header *h;

	if (!p || ((uintptr_t)p & (page - 1)) || (uintptr_t)p < 2 * page)
		return NULL;
	h = (const struct header *)((uintptr_t)p - 2 * page);
	if (h->magic != (MAGIC ^ (uintptr_t)h) || h->total != h->data + 3 * page)
		return NULL;
	return h;
}

/* Printable ASCII without blanks, so smaps shows it as it is. */
static int check_name(const char *name)
{
	size_t n = strlen(name);

	if (n == 0)
		return -EINVAL;
	if (n > SEAL_ALLOC_NAME_MAX)
		return -ENAMETOOLONG;
	for (size_t i = 0; i < n; i++)
		if (name[i] <= ' ' || name[i] > '~')
			return -EINVAL;
	return 0;
}

/*
 * Back the data with a memfd named after the region, its size fixed and
 * its contents writable through this one mapping only: F_SEAL_FUTURE_WRITE
 * refuses write(2), fallocate(2) hole punching and new writable mappings
 * to anyone who reopens the file (root, through /proc/PID/map_files).
 */
static int map_named(void *data, size_t len, const char *name)
{
	char full[sizeof(SEAL_ALLOC_NAME_PREFIX) + SEAL_ALLOC_NAME_MAX];
	int fd, rc = 0;

	snprintf(full, sizeof(full), "%s%s", SEAL_ALLOC_NAME_PREFIX, name);
	fd = memfd_create(full, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)len) < 0 ||
	    mmap(data, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_FUTURE_WRITE |
		  F_SEAL_SEAL) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

/* Everything but the probe; on failure the caller unmaps the span. */
static int build(char *base, size_t page, size_t data, unsigned int flags, const char *name)
{
	struct header *h = (struct header *)base;
	char *p = base + 2 * page;
	int rc;

	if (madvise(p + data, page, MADV_WIPEONFORK) < 0)
		return -errno;
	if (name) {
		rc = map_named(p, data, name);
		if (rc < 0)
			return rc;
	} else if (mprotect(p, data, PROT_READ | PROT_WRITE) < 0) {
		return -errno;
	}
	if (mprotect(h, page, PROT_READ | PROT_WRITE) < 0)
		return -errno;
	*h = (struct header){
		.magic = MAGIC ^ (uintptr_t)h, .total = data + 3 * page, .data = data,
		.flags = flags,
	};
	if (mprotect(h, page, PROT_READ) < 0)
		return -errno;
	/* Before the caller writes a secret into it. */
	if ((flags & SEAL_ALLOC_NODUMP) && madvise(base, data + 3 * page, MADV_DONTDUMP) < 0)
		return -errno;
	if ((flags & SEAL_ALLOC_LOCK) && mlock(p, data) < 0)
		return -errno;
	return 0;
}

int seal_alloc(void **p, size_t len, unsigned int flags, const char *name)
{
	size_t page = page_size(), data;
	char *base;
	int rc;

	*p = NULL;
	if (len == 0 || (flags & ~KNOWN_FLAGS))
		return -EINVAL;
	if (name && (rc = check_name(name)) < 0)
		return rc;
	if (len > SIZE_MAX - 4 * page)
		return -ENOMEM;
	data = (len + page - 1) & ~(page - 1);

	/* Fail before the caller fills the memory, not at seal_freeze(). */
	rc = seal_probe();
	if (rc < 0 && !(flags & SEAL_ALLOC_BEST_EFFORT))
		return rc;

	base = mmap(NULL, data + 3 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return -errno;
	rc = build(base, page, data, flags, name);
	if (rc < 0) {
		munmap(base, data + 3 * page);
		return rc;
	}
	*p = base + 2 * page;
	return 0;
}

/* Is the page at addr sealed?  An mprotect to its own protection fails
 * with EPERM when it is, and changes nothing when it is not. */
static bool sealed_page(void *addr, size_t page, int prot)
{
	return mprotect(addr, page, prot) < 0 && errno == EPERM;
}

int seal_freeze(void *p)
{
	const struct header *h = header_of(p);
	size_t page = page_size();
	char *base;
	int rc;

	if (!h)
		return -EINVAL;
	if (h->frozen_unsealed)
		return -EPERM;
	base = (char *)h;

	/* Read-only first: once sealed, the protection cannot change. */
	if (mprotect(p, h->data, PROT_READ) < 0) {
		rc = -errno;
		mprotect(p, h->data, PROT_READ | PROT_WRITE);
		return rc;
	}
	rc = seal_range(base, h->total);
	if (rc == 0) {
		/* mseal said yes: ask the kernel whether the seal is there. */
		if (sealed_page(base, page, PROT_READ))
			return 0;
		rc = -EIO;
	} else if ((rc == -ENOSYS || rc == -EPERM) && (h->flags & SEAL_ALLOC_BEST_EFFORT)) {
		/* Frozen without a seal: mark it, so that seal_free refuses. */
		struct header *w = (struct header *)base;

		if (mprotect(w, page, PROT_READ | PROT_WRITE) < 0) {
			rc = -errno;
		} else {
			w->frozen_unsealed = 1;
			if (mprotect(w, page, PROT_READ) == 0)
				return SEAL_FROZEN_UNSEALED;
			rc = -errno;
			w->frozen_unsealed = 0;
			mprotect(w, page, PROT_READ);
		}
	}
	mprotect(p, h->data, PROT_READ | PROT_WRITE);
	return rc;
}

int seal_alloc_copy(void **p, const void *src, size_t len, unsigned int flags,
		    const char *name)
{
	int rc = seal_alloc(p, len, flags, name);

	if (rc < 0)
		return rc;
	memcpy(*p, src, len);
	rc = seal_freeze(*p);
	if (rc < 0) {
		seal_free(*p);
		*p = NULL;
	}
	return rc;
}

int seal_free(void *p)
{
	const struct header *h = header_of(p);
	size_t page = page_size();
	size_t total;

	if (!h)
		return -EINVAL;
	/* Frozen memory stays: other code may hold pointers into it. */
	if (h->frozen_unsealed || sealed_page((void *)h, page, PROT_READ))
		return -EPERM;
	total = h->total;
	explicit_bzero(p, h->data);
	if (munmap((void *)h, total) < 0)
		return -errno;
	return 0;
}
