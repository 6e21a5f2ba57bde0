/*
 * sealrun's checks on PROGRAM, all made before any side effect.  Each
 * refusal says what is wrong with the program and what to do instead;
 * each rule has a one-line reason next to it.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "seal_elf.h"
#include "sealrun.h"
#include "sealrun_env.h"

int refuse(struct refusal *r, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	r->status = status;
	return status;
}

/* ---- finding PROGRAM ------------------------------------------------------ */

/* 0: an executable regular file; -EACCES: there, but not that. */
static int executable(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || access(path, X_OK) < 0)
		return -EACCES;
	return 0;
}

/* execvp's search: each PATH entry in turn ("" is the current directory);
 * a match that cannot be run is remembered and the search goes on. */
static int search_path(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH");
	char dflt[PATH_MAX];
	int err = -ENOENT;

	if (!path) {
		size_t n = confstr(_CS_PATH, dflt, sizeof(dflt));

		path = n > 0 && n <= sizeof(dflt) ? dflt : "/bin:/usr/bin";
	}
	for (const char *p = path; ; ) {
		size_t len = strcspn(p, ":");
		int n = len ? snprintf(out, size, "%.*s/%s", (int)len, p, name)
			    : snprintf(out, size, "%s", name);
		int rc;

		if (n > 0 && (size_t)n < size) {
			rc = executable(out);
			if (rc == 0)
				return 0;
			if (rc == -EACCES)
				err = rc;
		}
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	return err;
}

int program_find(const char *name, struct program *p, struct refusal *r)
{
	int rc;

	p->via_sh = false;
	if (!*name)
		return refuse(r, EXIT_ENOENT, "'': %s", strerror(ENOENT));
	if (strchr(name, '/')) {
		if (snprintf(p->path, sizeof(p->path), "%s", name) >= (int)sizeof(p->path))
			return refuse(r, EXIT_ENOENT, "%.64s…: %s", name, strerror(ENAMETOOLONG));
		rc = executable(p->path);
	} else {
		rc = search_path(name, p->path, sizeof(p->path));
	}
	if (rc == -ENOENT || rc == -ENOTDIR)
		return refuse(r, EXIT_ENOENT, "%s: %s", name, strerror(-rc));
	if (rc < 0)
		return refuse(r, EXIT_CANNOT_INVOKE, "%s: %s", name, strerror(-rc));

	rc = seal_target_read(p->path, &p->target);
	/* Neither ELF nor "#!": the kernel refuses it and execvp hands it
	 * to /bin/sh, which is then the program to judge. */
	if (rc == -ENOEXEC && p->target.depth == 0) {
		p->via_sh = true;
		rc = seal_target_read("/bin/sh", &p->target);
	}
	if (rc == -ENOENT)
		return refuse(r, EXIT_ENOENT, "%s: interpreter %s: %s", p->path,
			      p->target.path, strerror(-rc));
	if (rc == -ENOEXEC || rc == -ENAMETOOLONG)
		return refuse(r, EXIT_CANNOT_INVOKE, "%s: bad \"#!\" line in %s", p->path,
			      p->target.depth ? p->target.script : p->path);
	if (rc == -EBADMSG)
		return refuse(r, EXIT_CANNOT_INVOKE, "%s: %s is a malformed or truncated ELF file",
			      p->path, p->target.path);
	if (rc == -ELOOP)
		return refuse(r, EXIT_CANNOT_INVOKE, "%s: more than %d levels of \"#!\" scripts",
			      p->path, SEAL_SCRIPT_DEPTH_MAX);
	if (rc < 0)
		return refuse(r, EXIT_CANNOT_INVOKE, "%s: %s: %s", p->path, p->target.path,
			      strerror(-rc));
	return 0;
}

/* ---- can the sealer get in? ---------------------------------------------- */

/* "PROGRAM" or "PROGRAM: script for INTERP, which". */
static const char *subject(const struct program *p, char *buf, size_t size)
{
	if (p->target.depth == 0 && !p->via_sh)
		snprintf(buf, size, "%s:", p->path);
	else
		snprintf(buf, size, "%s: %s %s, which", p->path,
			 p->via_sh ? "run by" : "script for", p->target.path);
	return buf;
}

/* The loader sealrun itself runs under: the one the sealer is built for. */
static int own_loader(char *interp, size_t size)
{
	struct seal_elf elf;
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -errno;
	rc = seal_elf_read(fd, &elf);
	close(fd);
	if (rc < 0)
		return rc;
	if (!elf.has_interp)
		return -ENOEXEC;
	snprintf(interp, size, "%s", elf.interp);
	return 0;
}

int check_elf(const struct program *p, struct refusal *r)
{
	const struct seal_elf *elf = &p->target.elf;
	const char *name = seal_elf_machine_name(elf->machine);
	char who[2 * PATH_MAX + 64], ours[SEAL_ELF_INTERP_MAX];
	struct stat a, b;

	subject(p, who, sizeof(who));
	/* mseal(2) exists for 64-bit processes only (ENOSYS on 32-bit). */
	if (elf->elf_class != 64)
		return refuse(r, EXIT_FAILED, "%s is a %u-bit ELF; mseal exists only for "
			      "64-bit processes (use a 64-bit build, or run it without sealrun)",
			      who, elf->elf_class);
	/* The sealer is built for this machine's ABI only. */
	if (elf->machine != seal_elf_native_machine() || elf->big_endian)
		return refuse(r, EXIT_FAILED, "%s is an ELF for %s%s, not %s; the sealer "
			      "cannot be loaded into it (run it without sealrun)", who,
			      name ? name : "another machine", elf->big_endian ? " (big-endian)" : "",
			      seal_elf_machine_name(seal_elf_native_machine()));
	/* Relocatable objects, core files: the kernel will not run them. */
	if (elf->type != ET_EXEC && elf->type != ET_DYN)
		return refuse(r, EXIT_CANNOT_INVOKE, "%s is not an executable ELF file (type %u)",
			      who, elf->type);
	/* No PT_INTERP: no dynamic loader, so nothing reads LD_AUDIT; unless
	 * PROGRAM is our loader itself ("ld.so PROGRAM", as ldd runs it). */
	/* Static: no loader reads LD_AUDIT; sealed from outside (static.c). */
	if (!elf->has_interp)
		return 0;
	/* Another loader (musl's, a bundled glibc) cannot load a sealer
	 * built against this one.  Same file by device and inode, so that
	 * /lib64/ld-linux-x86-64.so.2 and its target are one loader. */
	/* A loader that cannot load the sealer ignores it with a warning
	 * and runs the program unsealed: when ours is unknown, refuse.  (A
	 * missing interpreter fails the exec itself.) */
	if (own_loader(ours, sizeof(ours)) < 0 || stat(ours, &a) < 0)
		return refuse(r, EXIT_FAILED, "cannot tell which dynamic loader sealrun itself "
			      "uses (/proc/self/exe), so cannot check that %s's loader %s will "
			      "load the sealer", who, elf->interp);
	if (stat(elf->interp, &b) == 0 && (a.st_dev != b.st_dev || a.st_ino != b.st_ino))
		return refuse(r, EXIT_FAILED, "%s uses the loader %s; the sealer is built for "
			      "%s (run it without sealrun)", who, elf->interp, ours);
	return 0;
}

bool program_static(const struct program *p)
{
	char ours[SEAL_ELF_INTERP_MAX];
	struct stat a, b;

	if (p->target.elf.has_interp)
		return false;
	return !(own_loader(ours, sizeof(ours)) == 0 && stat(ours, &a) == 0 &&
		 stat(p->target.path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino);
}

/* ---- secure mode ------------------------------------------------------------ */

/*
 * The kernel sets AT_SECURE, and glibc ignores LD_AUDIT paths, when
 * exec changes the effective ids away from the real ones or grants
 * capabilities to a non-root caller (commoncap.c, bprm_creds_from_file).
 * Those rules, for this caller and this file.
 */
int check_secure(const struct program *p, struct refusal *r)
{
	const char *path = p->target.path;
	char who[2 * PATH_MAX + 64];
	struct vfs_ns_cap_data cap = { 0 };
	struct statvfs fs;
	struct stat st;
	ssize_t n;

	subject(p, who, sizeof(who));
	/* Our own ids already differ: every exec from here is secure. */
	if (getuid() != geteuid() || getgid() != getegid())
		return refuse(r, EXIT_FAILED, "sealrun runs with effective ids other than its real "
			      "ones; %s would run in secure mode, unsealed (run sealrun as a plain "
			      "user or as root, not set-user-ID)", path);
	if (stat(path, &st) < 0)
		return refuse(r, EXIT_CANNOT_INVOKE, "%s: %s", path, strerror(errno));
	/* With no_new_privs, or on a nosuid mount, the bits grant nothing. */
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1)
		return 0;
	if (statvfs(path, &fs) == 0 && (fs.f_flag & ST_NOSUID))
		return 0;

	/* Set-user-ID to anyone but the caller (root running a set-user-ID
	 * root program keeps euid == ruid: not secure). */
	if ((st.st_mode & S_ISUID) && st.st_uid != getuid())
		return refuse(r, EXIT_FAILED, "%s is set-user-ID to uid %u; the loader runs it in "
			      "secure mode, ignores LD_AUDIT and would leave it unsealed (run it "
			      "as uid %u, or without sealrun)", who, (unsigned)st.st_uid,
			      (unsigned)st.st_uid);
	/* Set-group-ID counts only with group execute (else it marks
	 * mandatory locking). */
	if ((st.st_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) && st.st_gid != getgid())
		return refuse(r, EXIT_FAILED, "%s is set-group-ID to gid %u; the loader runs it in "
			      "secure mode, ignores LD_AUDIT and would leave it unsealed (run it "
			      "with gid %u, or without sealrun)", who, (unsigned)st.st_gid,
			      (unsigned)st.st_gid);
	/* File capabilities make a non-root caller's exec secure when they
	 * grant anything; a root caller's never. */
	if (getuid() == 0)
		return 0;
	n = getxattr(path, "security.capability", &cap, sizeof(cap));
	if (n < (ssize_t)sizeof(uint32_t))
		return 0;
	/* A version-1 xattr holds one 32-bit set (12 bytes); data[1] is
	 * then zero from the initialiser. */
	if ((cap.magic_etc & VFS_CAP_FLAGS_EFFECTIVE) || cap.data[0].permitted ||
	    cap.data[1].permitted || cap.data[0].inheritable || cap.data[1].inheritable)
		return refuse(r, EXIT_FAILED, "%s has file capabilities; the loader runs it in "
			      "secure mode, ignores LD_AUDIT and would leave it unsealed (run it "
			      "as root, or without sealrun)", who);
	return 0;
}

/* ---- the sealer ----------------------------------------------------------------- */

/*
 * Built with -DSEAL_LIBDIR (the configured LIBDIR) and -DSEAL_BIN_TO_LIB
 * (the relative path from BINDIR to LIBDIR, e.g. "../lib" or
 * "../lib/x86_64-linux-gnu"); see the Makefile.
 */
#ifndef SEAL_LIBDIR
#define SEAL_LIBDIR "/usr/local/lib"
#endif
#ifndef SEAL_BIN_TO_LIB
#define SEAL_BIN_TO_LIB "../lib"
#endif

/*
 * The loader ignores, with one line on stderr (or none, when stderr is
 * closed), an audit module it cannot load, and runs the program
 * unsealed: so check that the sealer is a whole shared object for this
 * machine before relying on it.
 */
static int check_sealer(const char *path, struct refusal *r)
{
	struct seal_elf elf;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return refuse(r, EXIT_FAILED, "cannot read the sealer %s: %s (reinstall sealtools)",
			      path, strerror(errno));
	rc = fstat(fd, &st) < 0 ? -errno : seal_elf_read(fd, &elf);
	close(fd);
	if (rc == -ENOEXEC || rc == -EBADMSG)
		return refuse(r, EXIT_FAILED, "the sealer %s is not a valid ELF file (empty, "
			      "truncated or overwritten?); reinstall sealtools", path);
	if (rc < 0)
		return refuse(r, EXIT_FAILED, "cannot read the sealer %s: %s", path, strerror(-rc));
	/* A PIE executable is ET_DYN too, with a PT_INTERP: the loader
	 * refuses it as an audit module. */
	if (elf.type != ET_DYN || elf.has_interp || elf.elf_class != 8 * sizeof(void *) ||
	    elf.machine != seal_elf_native_machine() || !elf.has_dynamic)
		return refuse(r, EXIT_FAILED, "the sealer %s is not a shared object for %s; "
			      "reinstall sealtools", path,
			      seal_elf_machine_name(seal_elf_native_machine()));
	if (elf.load_end > (uint64_t)st.st_size)
		return refuse(r, EXIT_FAILED, "the sealer %s is truncated (%lld of %llu bytes); "
			      "reinstall sealtools", path, (long long)st.st_size,
			      (unsigned long long)elf.load_end);
	return 0;
}

/*
 * Without any environment variable, in this order: where the installed
 * layout puts it relative to this sealrun's own directory
 * (BINDIR/SEAL_BIN_TO_LIB/sealtools/), so that a tree staged under
 * DESTDIR or moved elsewhere as a whole is consistent with itself; then
 * the build tree (the same directory as sealrun); last the absolute
 * LIBDIR compiled in, for a sealrun copied away from its tree.
 */
int find_sealer(char *path, size_t size, struct refusal *r)
{
	char self[PATH_MAX], dir[PATH_MAX];
	char cand[3][PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n < 0)
		return refuse(r, EXIT_FAILED, "cannot find itself (/proc/self/exe): %s; is /proc "
			      "mounted?", strerror(errno));
	self[n] = '\0';
	snprintf(dir, sizeof(dir), "%s", self);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	/* The configured paths go in as arguments: a '%' in them is no format. */
	snprintf(cand[0], sizeof(cand[0]), "%s/%s/%s/%s", dir, SEAL_BIN_TO_LIB,
		 SEALRUN_SEALER_SUBDIR, SEALRUN_SEALER_NAME);
	snprintf(cand[1], sizeof(cand[1]), "%s/%s", dir, SEALRUN_SEALER_NAME);
	snprintf(cand[2], sizeof(cand[2]), "%s/%s/%s", SEAL_LIBDIR, SEALRUN_SEALER_SUBDIR,
		 SEALRUN_SEALER_NAME);
	for (int i = 0; i < 3; i++) {
		struct stat st;

		if (stat(cand[i], &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (!realpath(cand[i], path) || strlen(path) >= size)
			continue;
		/* ld.so splits LD_AUDIT at colons. */
		if (strpbrk(path, SEALRUN_AUDIT_SEPARATORS))
			return refuse(r, EXIT_FAILED, "the sealer's path %s contains a colon, "
				      "which LD_AUDIT cannot carry (install it elsewhere)", path);
		return check_sealer(path, r);
	}
	return refuse(r, EXIT_FAILED, "cannot find the sealer " SEALRUN_SEALER_NAME " (looked "
		      "in %s, %s and %s; reinstall sealtools)", cand[0], cand[1], cand[2]);
}
