/*
 * libseal — memory sealing (mseal(2)) for Linux, public interface.
 *
 * Every function returns 0 (or a non-negative result) on success and a
 * negative errno value on failure.  Nothing here prints or exits.
 */
#ifndef SEAL_H
#define SEAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the system call -------------------------------------------------- */

/*
 * Seal [addr, addr + len).  addr must be page-aligned; len is rounded up
 * to whole pages by the kernel; len == 0 seals nothing and succeeds when
 * mseal exists.  Returns 0 or -errno (-EINVAL, -ENOMEM, -EPERM, -ENOSYS).
 */
int seal_range(void *addr, size_t len);

/*
 * Can this process seal?  Issues mseal(page, 0, 0).  Returns 0 when it
 * can, otherwise the -errno the kernel gave (-ENOSYS: no mseal in this
 * kernel or this ABI; -EPERM: a seccomp filter or LSM refuses it).
 */
int seal_probe(void);

/* "libc" when the build uses glibc's mseal(), "syscall" otherwise. */
const char *seal_backend(void);

/* ---- /proc/PID/smaps -------------------------------------------------- */

enum seal_kind {
	SEAL_KIND_CODE,		/* file-backed, executable */
	SEAL_KIND_RODATA,	/* file-backed, readable, not writable */
	SEAL_KIND_DATA,		/* file-backed, writable */
	SEAL_KIND_HEAP,		/* [heap] */
	SEAL_KIND_STACK,	/* [stack] */
	SEAL_KIND_SYSTEM,	/* [vdso] [vvar] [vvar_vclock] [vsyscall] [uprobes] */
	SEAL_KIND_ANON,		/* no path, [anon:NAME], [anon_shmem:NAME] */
	SEAL_KIND_SHM,		/* SysV (/SYSV…), POSIX (/dev/shm/…), memfd */
	SEAL_KIND_OTHER,	/* anything else, and inaccessible file mappings */
	SEAL_KIND_REGION,	/* a named seal_alloc() region: /memfd:libseal:NAME */
	SEAL_KIND_COUNT
};

/* Lower-case name of a kind ("code", "rodata", …), NULL if out of range. */
const char *seal_kind_name(enum seal_kind kind);

/* Longest path field the reader accepts, in bytes, as the kernel prints it. */
#define SEAL_SMAPS_PATH_MAX	16384
/* Longest VmFlags value kept (the kernel prints about 3 bytes per flag). */
#define SEAL_SMAPS_FLAGS_MAX	256

/*
 * One VMA.  The strings belong to the reader and stay valid until the
 * next call to seal_smaps_next() or seal_smaps_close().
 */
struct seal_vma {
	uint64_t start;
	uint64_t end;			/* exclusive */
	uint64_t offset;
	uint64_t inode;
	unsigned int dev_major;
	unsigned int dev_minor;
	char perms[5];			/* "r-xp", NUL-terminated */
	const char *path;		/* exactly as printed, "" when none */
	size_t path_len;
	const char *vmflags;		/* "rd ex mr mw me sl", "" when absent */
	bool has_vmflags;		/* false when the record had no VmFlags line */
	bool sealed;			/* "sl" in VmFlags */
	enum seal_kind kind;
};

struct seal_smaps;

/*
 * Source of bytes for the reader: like read(2), returns the number of
 * bytes stored (0 at end of input) or -errno.
 */
typedef ssize_t (*seal_read_fn)(void *ctx, void *buf, size_t len);

/* Open /proc/PID/smaps (pid 0: the calling process).  -ENOENT/-ESRCH: no
 * such process; -EACCES: not allowed; -ENOMEM. */
int seal_smaps_open(struct seal_smaps **reader, pid_t pid);
/* Read an smaps-formatted file. */
int seal_smaps_open_path(struct seal_smaps **reader, const char *path);
/* Read from an open descriptor; the reader does not close it. */
int seal_smaps_open_fd(struct seal_smaps **reader, int fd);
/* Read from a caller-supplied source (tests, fuzzing). */
int seal_smaps_open_fn(struct seal_smaps **reader, seal_read_fn fn, void *ctx);

/*
 * Next VMA: 1 and *vma filled, 0 at the end, or -errno: -EBADMSG for
 * malformed input (see seal_smaps_line()), -ENAMETOOLONG for a line over
 * the limits above, or the error of the underlying read.  After an error
 * the reader only returns that error again.
 */
int seal_smaps_next(struct seal_smaps *reader, struct seal_vma *vma);

/* 1-based number of the line the reader stopped at (for messages). */
unsigned long seal_smaps_line(const struct seal_smaps *reader);

/* Close and free; NULL is allowed. */
void seal_smaps_close(struct seal_smaps *reader);

/*
 * Parse the text of one smaps header line ("start-end perms offset
 * maj:min inode   path", no newline) into vma.  The path points into
 * line.  Returns 0 or -EBADMSG.
 */
int seal_smaps_parse_header(const char *line, size_t len, struct seal_vma *vma);

/* Kind of a VMA from its path, permissions and inode. */
enum seal_kind seal_classify(const char *path, size_t path_len,
			     const char perms[5], uint64_t inode);

/* ---- sealed allocations (libseal 0.2) --------------------------------- */

/*
 * Memory that is filled once and then never changes: keys, configuration,
 * dispatch tables.  seal_alloc() maps len bytes (rounded up to pages) with
 * an inaccessible guard page on each side; seal_freeze() makes them
 * read-only and seals them, guards included, all or nothing.  Frozen
 * memory is never freed.  See libseal(3).
 */

/* Options of seal_alloc() and seal_alloc_copy(). */
#define SEAL_ALLOC_NODUMP	0x1u	/* left out of core dumps (MADV_DONTDUMP) */
#define SEAL_ALLOC_LOCK		0x2u	/* locked in memory, never swapped (mlock) */
#define SEAL_ALLOC_BEST_EFFORT	0x4u	/* no mseal here: freeze makes read-only only */

/* seal_freeze()'s result when SEAL_ALLOC_BEST_EFFORT applied: read-only,
 * not sealed. */
#define SEAL_FROZEN_UNSEALED	1

/* A region's memfd is named this prefix and the caller's name; the
 * longest name is memfd_create(2)'s limit (249 bytes) less the prefix. */
#define SEAL_ALLOC_NAME_PREFIX	"libseal:"
#define SEAL_ALLOC_NAME_MAX	(249 - (sizeof(SEAL_ALLOC_NAME_PREFIX) - 1))

/*
 * Map a zeroed, writable, page-aligned region of len bytes into *p.  A
 * name (printable ASCII, no blanks; NULL for none) backs the region with
 * a memfd that /proc/PID/smaps shows as "/memfd:libseal:NAME (deleted)".
 * Fails with the error of seal_probe() unless SEAL_ALLOC_BEST_EFFORT.
 */
int seal_alloc(void **p, size_t len, unsigned int flags, const char *name);

/*
 * Make the region at p (from seal_alloc()) read-only and seal it with its
 * guard pages.  0, SEAL_FROZEN_UNSEALED, or -errno with the region left
 * exactly as it was: writable and unsealed.
 */
int seal_freeze(void *p);

/* seal_alloc(), copy len bytes from src, seal_freeze(); nothing is left
 * mapped on failure. */
int seal_alloc_copy(void **p, const void *src, size_t len, unsigned int flags,
		    const char *name);

/* Clear and unmap a region that is not frozen; -EPERM for a frozen one. */
int seal_free(void *p);

/* ---- sealing the program itself (libseal 0.2) ------------------------- */

/*
 * Seal the calling program's loaded objects, and the kernel's mappings
 * or the main stack when the policy names them.  policy is a list of
 * sealrun's policy words ("default", "strict", "code,relro,system", ...;
 * NULL: "default").  Only the caller's link-map namespace is seen.
 * Checks in /proc/self/smaps that every range took its seal.
 */
int seal_self(const char *policy);

#ifdef __cplusplus
}
#endif

#endif /* SEAL_H */
