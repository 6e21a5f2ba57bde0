/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
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
	SEAL_KIND_SHM,		/* SysV (/SYSV…), POSIX (/dev/shm/…), memfd, shared anonymous */
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

/* ---- loaded objects: the dynamic loader's own list -------------------- */

/*
 * The objects a process has loaded, read the way debuggers read them:
 * /proc/PID/auxv (AT_PHDR, AT_PHNUM, AT_BASE) leads to the main program's
 * PT_DYNAMIC, its DT_DEBUG entry to the loader's struct r_debug, and
 * that to the link_map chain of the main namespace; glibc >= 2.35
 * (r_version 2) chains the r_debug of every other namespace through
 * r_debug_extended.r_next.  Memory is read through /proc/PID/mem, which
 * needs ptrace-read permission on the process (root, or the same user
 * where Yama allows it).  Every loop is bounded: a corrupt or cyclic
 * list gives -EBADMSG, never a hang.
 */

/* Reads len bytes of the target's memory at addr, like pread(2) on
 * /proc/PID/mem: the number of bytes stored (short at an unmapped page)
 * or -errno. */
typedef ssize_t (*seal_mem_fn)(void *ctx, void *buf, size_t len, uint64_t addr);

/* The auxiliary vector entries the reader starts from (0: absent). */
struct seal_auxv {
	uint64_t phdr;			/* AT_PHDR: the main program's headers */
	uint64_t phent;			/* AT_PHENT */
	uint64_t phnum;			/* AT_PHNUM */
	uint64_t base;			/* AT_BASE: the loader's load address */
	uint64_t sysinfo_ehdr;		/* AT_SYSINFO_EHDR: the vDSO */
};

/* Limits, past which the list counts as corrupt (-EBADMSG). */
#define SEAL_OBJECTS_MAX	8192	/* objects in all namespaces */
#define SEAL_NAMESPACES_MAX	64	/* glibc has 16 */
#define SEAL_OBJECT_NAME_MAX	4096	/* bytes of l_name, NUL included */
#define SEAL_OBJECT_SEGMENTS_MAX 32	/* PT_LOAD + PT_GNU_RELRO kept */

/*
 * What one read of a list may cost, whatever the process wrote there (it
 * may be hostile: see sealctl(8), "THREAT MODEL").  For a read that may
 * list up to N objects (SEAL_OBJECTS_MAX, or seal_objects_read_dir_max()'s
 * bound): at most BASE + PER * N reads of the process's memory and bytes
 * read, and BASE + PER * N bytes of names kept (SEAL_OBJECTS_STRINGS_MAX
 * at most).  Past any of these the list counts as corrupt, or, from
 * seal_objects_read_dir_max(), too large: -E2BIG.  An honest object costs
 * about 6 reads plus one per DT_NEEDED, 4 KiB read and 200 bytes kept.
 */
#define SEAL_OBJECTS_READS_BASE		4096
#define SEAL_OBJECTS_READS_PER		32
#define SEAL_OBJECTS_BYTES_BASE		(1u << 20)
#define SEAL_OBJECTS_BYTES_PER		(16u << 10)
#define SEAL_OBJECTS_STRINGS_BASE	(64u << 10)
#define SEAL_OBJECTS_STRINGS_PER	(4u << 10)
#define SEAL_OBJECTS_STRINGS_MAX	(4u << 20)

/* r_debug.r_state */
enum seal_rt_state {
	SEAL_RT_CONSISTENT = 0,		/* no change under way */
	SEAL_RT_ADD = 1,		/* objects being added */
	SEAL_RT_DELETE = 2,		/* objects being removed */
};

/* Where an object's program headers came from. */
enum seal_phdrs_source {
	SEAL_PHDRS_NONE,		/* not found: segment[] is empty */
	SEAL_PHDRS_MEMORY,		/* the process's memory */
	SEAL_PHDRS_FILE,		/* the mapped file (/proc/PID/map_files) */
};

/* A PT_LOAD or PT_GNU_RELRO program header. */
struct seal_object_segment {
	uint32_t type;			/* PT_LOAD or PT_GNU_RELRO */
	uint32_t flags;			/* PF_R | PF_W | PF_X */
	uint64_t vaddr;			/* add bias for the address */
	uint64_t memsz;
};

struct seal_object {
	const char *name;		/* l_name: a path, "linux-vdso.so.1", or
					   "" for the main program */
	const char *soname;		/* DT_SONAME, "" when none was read */
	uint64_t link_map;		/* address of its struct link_map */
	uint64_t bias;			/* l_addr: load address - p_vaddr */
	uint64_t dynamic;		/* l_ld: its PT_DYNAMIC in memory */
	unsigned int ns;		/* index of its namespace (see below) */
	/*
	 * Loaded at start-up: the main program, the loader, the vDSO, the
	 * preloads and auditors given, and everything their DT_NEEDED
	 * entries reach in the same namespace.  Everything else came later
	 * (dlopen, dlmopen, or the C library's own loads: NSS, iconv,
	 * libgcc_s).  A later object that an initial one also needs cannot
	 * be told apart: it counts as initial.
	 */
	bool initial;
	enum seal_phdrs_source phdrs;
	size_t nsegments;		/* all such headers; at most
					   SEAL_OBJECT_SEGMENTS_MAX kept */
	struct seal_object_segment segment[SEAL_OBJECT_SEGMENTS_MAX];
};

/* One namespace: the index is its place in the r_next chain, 0 the main
 * one (the order in which the loader first used them, not the Lmid_t). */
struct seal_namespace {
	uint64_t r_debug;		/* address of its struct r_debug */
	int version;			/* r_version */
	enum seal_rt_state state;	/* r_state */
	size_t first, count;		/* its objects in object[] */
};

struct seal_objects {
	size_t count;
	struct seal_object *object;	/* namespace by namespace, in list order */
	size_t nnamespaces;
	struct seal_namespace *ns;
	bool consistent;		/* every namespace SEAL_RT_CONSISTENT */
	void *priv;			/* the reader's own (strings) */
};

/*
 * Read the loaded objects of process pid (0: the calling process), or of
 * the process whose /proc directory is open on procdir.  Program headers
 * come from memory, or from the file of the mapping holding the object's
 * dynamic section when they are not mapped.  Preloads and auditors are
 * taken from the process's environment (LD_PRELOAD, LD_AUDIT) and
 * /etc/ld.so.preload under its root.  Returns 0 and *out (free it with
 * seal_objects_free()), or -errno: -ENOENT no loader list (a static
 * program, no DT_DEBUG, a loader not yet started); -EACCES/-EPERM
 * memory not readable; -ESRCH no such process or no address space;
 * -EBADMSG a corrupt list, or one past the limits above; -ENOMEM.
 * /etc/ld.so.preload is opened as the process itself would resolve it
 * in its root (openat2 RESOLVE_IN_ROOT), only if it is a regular file,
 * without blocking, and read up to 64 KiB.
 */
int seal_objects_read(pid_t pid, struct seal_objects **out);
int seal_objects_read_dir(int procdir, struct seal_objects **out);

/* Flags of seal_objects_read_dir_max(). */
#define SEAL_OBJECTS_NO_PHDRS	0x1u	/* read no program headers but the
					   main program's: every other object
					   SEAL_PHDRS_NONE (the caller reads
					   the mapped files itself) */

/*
 * seal_objects_read_dir() bounded by the caller (libseal 0.3): at most
 * max_objects objects (0: SEAL_OBJECTS_MAX), and the memory read and
 * names kept in proportion (the SEAL_OBJECTS_* budgets above).  A list
 * past one of these gives -E2BIG rather than -EBADMSG, so that a caller
 * that knows how many objects the kernel shows mapped (sealctl) can tell
 * a list longer than the process's own mappings allow.  flags:
 * SEAL_OBJECTS_NO_PHDRS or 0.
 */
int seal_objects_read_dir_max(int procdir, size_t max_objects, unsigned int flags,
			      struct seal_objects **out);

/*
 * The same from a caller-supplied address space (tests, fuzzing): aux as
 * auxv gives it, memory read through fn, and the preloads and auditors
 * as a list of names or paths separated by blanks or colons (NULL:
 * none).  Program headers come from memory only.
 */
int seal_objects_read_fn(const struct seal_auxv *aux, seal_mem_fn fn, void *ctx,
			 const char *preload, struct seal_objects **out);

/* Free what a seal_objects_read*() gave; NULL is allowed. */
void seal_objects_free(struct seal_objects *objects);

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
