/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * The judgement of what an exec will run: sealrun's checks on PROGRAM,
 * and its supervisor's on every program the sealed tree starts (see
 * seal_exec.h).  Each refusal says what is wrong with the program and
 * what to do instead; each rule has a one-line reason next to it.
 * Async-signal-safe: system calls, string functions and seal_vformat
 * (common/msg.c) only.
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
#include <link.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "seal_elf.h"
#include "msg.h"
#include "seal_exec.h"

int seal_refuse(struct seal_refusal *r, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seal_vformat(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	r->status = status;
	return status;
}

/* The kernel would fail this exec itself, with err. */
#define kernel_fails(r, status, err, ...) \
	((r)->kernel_errno = (err), seal_refuse((r), (status), __VA_ARGS__))

/* ---- finding PROGRAM ------------------------------------------------------ */

/* 0: an executable regular file; -EACCES: there, but not that. */
static int executable(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	/* The kernel checks exec permission with the effective ids, not
	 * the real ones access(2) uses. */
	if (!S_ISREG(st.st_mode) || faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) < 0)
		return -EACCES;
	return 0;
}

/* execvp's search: each PATH entry in turn ("" is the current directory);
 * a match that cannot be run is remembered and the search goes on. */
static int search_path(const char *name, const char *path, char *out, size_t size)
{
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

int seal_exec_find(const char *name, bool search, const char *path_env,
		   struct seal_exec *p, struct seal_refusal *r)
{
	int rc;

	p->via_sh = false;
	r->kernel_errno = 0;
	if (!*name)
		return kernel_fails(r, SEAL_EXEC_NOENT, ENOENT, "'': %s", seal_strerror(ENOENT));
	if (!search || strchr(name, '/')) {
		if (snprintf(p->path, sizeof(p->path), "%s", name) >= (int)sizeof(p->path))
			return kernel_fails(r, SEAL_EXEC_NOENT, ENAMETOOLONG, "%.64s…: %s", name,
					    seal_strerror(ENAMETOOLONG));
		/* Where the task's directory cannot be searched, neither
		 * can the kernel look a relative name up from it. */
		rc = p->no_cwd && name[0] != '/' ? -EACCES : executable(p->path);
	} else {
		rc = search_path(name, path_env, p->path, sizeof(p->path));
	}
	if (rc == -ENOENT || rc == -ENOTDIR)
		return kernel_fails(r, SEAL_EXEC_NOENT, -rc, "%s: %s", name, seal_strerror(-rc));
	if (rc == -EACCES)
		return kernel_fails(r, SEAL_EXEC_CANNOT, -rc, "%s: %s", name, seal_strerror(-rc));
	if (rc < 0)
		return seal_refuse(r, SEAL_EXEC_CANNOT, "%s: %s", name, seal_strerror(-rc));

	rc = seal_target_read(p->path, !p->no_cwd, &p->target);
	/* Neither ELF nor "#!": the kernel refuses it (ENOEXEC), and execvp
	 * hands it to /bin/sh, which is then the program to judge. */
	if (rc == -ENOEXEC && p->target.depth == 0) {
		if (!search)
			return kernel_fails(r, SEAL_EXEC_CANNOT, ENOEXEC, "%s: %s", p->path,
					    seal_strerror(ENOEXEC));
		p->via_sh = true;
		rc = seal_target_read("/bin/sh", true, &p->target);
	}
	/* A missing interpreter, a "#!" line the kernel rejects: the exec
	 * fails there too. */
	if (rc == -ENOENT)
		return kernel_fails(r, SEAL_EXEC_NOENT, ENOENT, "%s: interpreter %s: %s", p->path,
				    p->target.path, seal_strerror(-rc));
	if (rc == -ENOEXEC || rc == -ENAMETOOLONG)
		return kernel_fails(r, SEAL_EXEC_CANNOT, ENOEXEC, "%s: bad \"#!\" line in %s",
				    p->path, p->target.depth ? p->target.script : p->path);
	if (rc == -EACCES && p->no_cwd && p->target.path[0] != '/')
		return kernel_fails(r, SEAL_EXEC_CANNOT, EACCES, "%s: interpreter %s: %s", p->path,
				    p->target.path, seal_strerror(EACCES));
	if (rc == -ELOOP)
		return kernel_fails(r, SEAL_EXEC_CANNOT, ELOOP, "%s: more than %d levels of "
				    "\"#!\" scripts", p->path, SEAL_SCRIPT_DEPTH_MAX);
	/* The rest (a malformed ELF file, one this process cannot read but
	 * may execute) the kernel might still run: refuse. */
	if (rc == -EBADMSG)
		return seal_refuse(r, SEAL_EXEC_CANNOT, "%s: %s is a malformed or truncated ELF file",
				   p->path, p->target.path);
	if (rc < 0)
		return seal_refuse(r, SEAL_EXEC_CANNOT, "%s: %s: %s", p->path, p->target.path,
				   seal_strerror(-rc));
	return 0;
}

/* ---- can the sealer get in? ---------------------------------------------- */

/* "PROGRAM" or "PROGRAM: script for INTERP, which"; cut to size (the
 * reason it starts is no longer). */
static const char *subject(const struct seal_exec *p, char *buf, size_t size)
{
	int n;

	if (p->target.depth == 0 && !p->via_sh)
		n = snprintf(buf, size, "%s:", p->path);
	else
		n = snprintf(buf, size, "%s: %s %s, which", p->path,
			     p->via_sh ? "run by" : "script for", p->target.path);
	if (n < 0)
		buf[0] = '\0';
	return buf;
}

/*
 * The loader this process runs under: the one the sealer is built for
 * (sealrun's, and its supervisor's: a fork of it).  Its path is
 * the PT_INTERP in this program's headers in memory, where the kernel's
 * AT_PHDR points: no /proc needed (a chroot may have none).  Run as
 * "ld.so PROGRAM", the executable is the loader itself.
 */
static int own_loader(char *interp, size_t size)
{
	const ElfW(Phdr) *ph = (const ElfW(Phdr) *)getauxval(AT_PHDR);
	size_t phnum = getauxval(AT_PHNUM);
	uintptr_t bias = 0;
	const char *name = NULL;
	ssize_t n;

	for (size_t i = 0; ph && i < phnum; i++)
		if (ph[i].p_type == PT_PHDR)
			bias = (uintptr_t)ph - ph[i].p_vaddr;
	for (size_t i = 0; ph && i < phnum; i++)
		if (ph[i].p_type == PT_INTERP && (bias || getauxval(AT_BASE)))
			name = (const char *)(bias + ph[i].p_vaddr);
	if (name) {
		if (snprintf(interp, size, "%s", name) >= (int)size)
			return -ENAMETOOLONG;
		return 0;
	}
	/* No PT_INTERP: ld.so is the program. */
	n = readlink("/proc/self/exe", interp, size - 1);
	if (n > 0) {
		interp[n] = '\0';
		return 0;
	}
	name = (const char *)getauxval(AT_EXECFN);
	if (!name || snprintf(interp, size, "%s", name) >= (int)size)
		return -ENOENT;
	return 0;
}

/*
 * What the program's dynamic section says of it: audit modules of its
 * own (DT_AUDIT, DT_DEPAUDIT; glibc's loader reads them from the main
 * program only), and whether it is a position-independent executable
 * (DF_1_PIE) rather than a shared object.  The PT_DYNAMIC's bytes, found
 * through the PT_LOAD that holds its address, read with pread, at most
 * SEAL_DYNAMIC_MAX entries.  A mask of DYN_*, or -errno unreadable (then
 * the loader could not read it either and fails, or it is not ours to
 * judge).
 */
#define SEAL_DYNAMIC_MAX	4096
#ifndef DT_AUDIT
#define DT_AUDIT	0x6ffffefc
#define DT_DEPAUDIT	0x6ffffefb
#endif
#define DYN_AUDIT	1
#define DYN_PIE		2
static int dynamic_tags(const char *path, const struct seal_elf *elf)
{
	uint64_t off = 0, len = 0;
	int fd, found = 0;

	if (!elf->has_dynamic || elf->elf_class != 64)
		return 0;
	for (size_t i = 0; i < elf->nsegments; i++) {
		const struct seal_segment *s = &elf->segment[i];

		if (s->type == PT_LOAD && s->vaddr <= elf->dynamic &&
		    elf->dynamic - s->vaddr < elf->filesz[i]) {
			off = elf->offset[i] + (elf->dynamic - s->vaddr);
			len = elf->filesz[i] - (elf->dynamic - s->vaddr);
			break;
		}
	}
	if (!len)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	/* 64 entries a read (a program's whole table, often). */
	for (size_t i = 0; i < SEAL_DYNAMIC_MAX && (i + 1) * sizeof(Elf64_Dyn) <= len; ) {
		Elf64_Dyn d[64];
		ssize_t n = pread(fd, d, sizeof(d), (off_t)(off + i * sizeof(Elf64_Dyn)));

		if (n < (ssize_t)sizeof(Elf64_Dyn))
			break;
		for (size_t k = 0; k < (size_t)n / sizeof(Elf64_Dyn) &&
				   (i + 1) * sizeof(Elf64_Dyn) <= len; k++, i++) {
			if (d[k].d_tag == DT_NULL)
				goto done;
			if (d[k].d_tag == DT_AUDIT || d[k].d_tag == DT_DEPAUDIT)
				found |= DYN_AUDIT;
			if (d[k].d_tag == DT_FLAGS_1 && (d[k].d_un.d_val & DF_1_PIE))
				found |= DYN_PIE;
		}
	}
done:
	close(fd);
	return found;
}

int seal_exec_check_elf(const struct seal_exec *p, bool static_ok, struct seal_refusal *r)
{
	const struct seal_elf *elf = &p->target.elf;
	const char *name = seal_elf_machine_name(elf->machine);
	char who[1024], ours[SEAL_ELF_INTERP_MAX];	/* who: no longer than a reason */
	struct stat a, b;
	int tags;

	subject(p, who, sizeof(who));
	/* mseal(2) exists for 64-bit processes only (ENOSYS on 32-bit). */
	if (elf->elf_class != 64)
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s is a %u-bit ELF; mseal exists only for "
			      "64-bit processes (use a 64-bit build, or run it without sealrun)",
			      who, elf->elf_class);
	/* The sealer is built for this machine's ABI only. */
	if (elf->machine != seal_elf_native_machine() || elf->big_endian)
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s is an ELF for %s%s, not %s; the sealer "
			      "cannot be loaded into it (run it without sealrun)", who,
			      name ? name : "another machine", elf->big_endian ? " (big-endian)" : "",
			      seal_elf_machine_name(seal_elf_native_machine()));
	/* Relocatable objects, core files: the kernel will not run them. */
	if (elf->type != ET_EXEC && elf->type != ET_DYN)
		return seal_refuse(r, SEAL_EXEC_CANNOT, "%s is not an executable ELF file (type %u)",
			      who, elf->type);
	/* No PT_INTERP: no dynamic loader, so nothing reads LD_AUDIT; unless
	 * PROGRAM is our loader itself ("ld.so PROGRAM", as ldd runs it). */
	if (!elf->has_interp && !seal_exec_static(p))
		return 0;
	tags = dynamic_tags(p->target.path, elf);
	/* Its own audit modules (-Wl,--audit, --depaudit): as LD_AUDIT.
	 * The loader reads them from the main program it maps. */
	if ((elf->has_interp || p->loaded) && tags > 0 && (tags & DYN_AUDIT))
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s names audit modules of its own (DT_AUDIT "
				   "or DT_DEPAUDIT): what they load after start-up is announced to "
				   "no auditor and would stay unsealed (relink it without them)", who);
	/* A shared object the kernel runs as a program (no PT_INTERP, a
	 * dynamic section, not a PIE): a dynamic loader, another copy of
	 * ours or a bundled one, maps the program it is given after the
	 * start-up that is sealed from outside, and runs it unsealed.  (One
	 * our loader maps is announced to the sealer.) */
	if (!elf->has_interp && !p->loaded && elf->type == ET_DYN && elf->has_dynamic &&
	    tags >= 0 && !(tags & DYN_PIE))
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s is a shared object run as a program (a "
				   "dynamic loader, such as a copy of %s or one bundled with an "
				   "application?): what it loads would run unsealed (run the program "
				   "through the system's loader, or without sealrun)", who,
				   own_loader(ours, sizeof(ours)) == 0 ? ours : "ld.so");
	/* Static: sealrun seals it from outside (static_ok); the loader
	 * executes one it is asked to run again, and a shared object it
	 * maps itself (loaded). */
	if (!elf->has_interp && (static_ok || p->loaded))
		return 0;
	if (!elf->has_interp)
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s is statically linked; the sealer cannot be "
			      "loaded into it (link it dynamically, or run it without sealrun)", who);
	/* Another loader (musl's, a bundled glibc) cannot load a sealer
	 * built against this one.  Same file by device and inode, so that
	 * /lib64/ld-linux-x86-64.so.2 and its target are one loader. */
	/* A loader that cannot load the sealer ignores it with a warning
	 * and runs the program unsealed: when ours is unknown, refuse.  (A
	 * missing interpreter fails the exec itself.) */
	if (own_loader(ours, sizeof(ours)) < 0 || stat(ours, &a) < 0)
		return seal_refuse(r, SEAL_EXEC_FAILED, "cannot tell which dynamic loader sealrun itself "
			      "uses (/proc/self/exe), so cannot check that %s's loader %s will "
			      "load the sealer", who, elf->interp);
	if (stat(elf->interp, &b) == 0 && (a.st_dev != b.st_dev || a.st_ino != b.st_ino))
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s uses the loader %s; the sealer is built for "
			      "%s (run it without sealrun)", who, elf->interp, ours);
	/* The same loader by another name ("/lib64/./ld...", a usr-merged
	 * path): the loader knows itself only by the name the program gave,
	 * and would map a second copy of itself for the sealer, which
	 * cannot run there. */
	if (strcmp(elf->interp, ours) != 0)
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s names its loader %s, which is %s by "
				   "another name: the loader would load a second copy of itself "
				   "for the sealer (set the interpreter to %s, e.g. with patchelf)",
				   who, elf->interp, ours, ours);
	return 0;
}

/* ---- secure mode ------------------------------------------------------------ */

/*
 * The kernel sets AT_SECURE, and glibc ignores LD_AUDIT paths, when
 * exec changes the effective ids away from the real ones or grants
 * capabilities to a non-root caller (commoncap.c, bprm_creds_from_file).
 * Those rules, for this caller and this file.
 */
int seal_exec_check_secure_as(const struct seal_exec *p, const struct seal_exec_creds *c,
			      struct seal_refusal *r)
{
	const char *path = p->target.path;
	char who[1024];
	struct vfs_ns_cap_data cap = { 0 };
	struct statvfs fs;
	struct stat st;
	ssize_t n;

	subject(p, who, sizeof(who));
	/* Our own ids already differ: every exec from here is secure. */
	if (c->ruid != c->euid || c->rgid != c->egid)
		return seal_refuse(r, SEAL_EXEC_FAILED, "this process runs with effective ids other "
				   "than its real ones (uid %u/%u, gid %u/%u); %s would run in secure "
				   "mode, unsealed (run it as a plain user or as root, not "
				   "set-user-ID)", c->ruid, c->euid, c->rgid, c->egid, path);
	if (stat(path, &st) < 0)
		return seal_refuse(r, SEAL_EXEC_CANNOT, "%s: %s", path, seal_strerror(errno));
	/* With no_new_privs, or on a nosuid mount, the bits grant nothing. */
	if (c->nnp)
		return 0;
	if (statvfs(path, &fs) == 0 && (fs.f_flag & ST_NOSUID))
		return 0;

	/* Set-user-ID to anyone but the caller (root running a set-user-ID
	 * root program keeps euid == ruid: not secure). */
	if ((st.st_mode & S_ISUID) && st.st_uid != c->ruid)
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s is set-user-ID to uid %u; the loader runs it in "
			      "secure mode, ignores LD_AUDIT and would leave it unsealed (run it "
			      "as uid %u, or without sealrun)", who, (unsigned)st.st_uid,
			      (unsigned)st.st_uid);
	/* Set-group-ID counts only with group execute (else it marks
	 * mandatory locking). */
	if ((st.st_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) && st.st_gid != c->rgid)
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s is set-group-ID to gid %u; the loader runs it in "
			      "secure mode, ignores LD_AUDIT and would leave it unsealed (run it "
			      "with gid %u, or without sealrun)", who, (unsigned)st.st_gid,
			      (unsigned)st.st_gid);
	/* File capabilities make a non-root caller's exec secure when they
	 * grant anything; a root caller's never. */
	if (c->ruid == 0)
		return 0;
	n = getxattr(path, "security.capability", &cap, sizeof(cap));
	if (n < (ssize_t)sizeof(uint32_t))
		return 0;
	/* A version-1 xattr holds one 32-bit set (12 bytes); data[1] is
	 * then zero from the initialiser. */
	if ((cap.magic_etc & VFS_CAP_FLAGS_EFFECTIVE) || cap.data[0].permitted ||
	    cap.data[1].permitted || cap.data[0].inheritable || cap.data[1].inheritable)
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s has file capabilities; the loader runs it in "
			      "secure mode, ignores LD_AUDIT and would leave it unsealed (run it "
			      "as root, or without sealrun)", who);
	return 0;
}



int seal_exec_judge(const char *name, bool search, const char *path_env,
		    struct seal_exec *x, struct seal_refusal *r)
{
	int rc = seal_exec_find(name, search, path_env, x, r);

	if (rc == 0)
		rc = seal_exec_check_elf(x, true, r);
	if (rc == 0) {
		struct seal_exec_creds c = {
			.ruid = getuid(), .euid = geteuid(), .rgid = getgid(), .egid = getegid(),
			.nnp = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1,
		};

		rc = seal_exec_check_secure_as(x, &c, r);
	}
	return rc;
}

/*
 * The loader run as a program ("ld.so [OPTION]... PROGRAM [ARG]...")
 * passes check_elf as our own loader; what it then loads is PROGRAM,
 * which must be judged too (one with audit modules of its own would
 * have them loaded; a static one the loader executes again, glibc
 * 2.35 on, and that exec is judged).  ld.so's options as glibc's rtld
 * knows them; with --list it runs no PROGRAM, but loads it and its
 * audit modules all the same; with --verify it loads none (rtld exits
 * after mapping PROGRAM).  A name without '/' ld.so looks up in the
 * library path, not here: refused.
 */
int seal_exec_loader_program(char *const *argv, const struct seal_exec *x, const char **prog,
			     struct seal_refusal *r)
{
	static const char *const with_arg[] = { "--library-path", "--inhibit-rpath", "--audit",
		"--preload", "--argv0", "--glibc-hwcaps-prepend", "--glibc-hwcaps-mask" };
	char *const *a;

	*prog = NULL;
	if (x->target.elf.has_interp || x->target.depth || x->via_sh || !argv || !argv[0] ||
	    seal_exec_static(x))
		return 0;
	for (a = argv + 1; *a && !strncmp(*a, "--", 2); a++) {
		if (!strcmp(*a, "--verify"))
			return 0;
		if (!strcmp(*a, "--")) {
			a++;
			break;
		}
		/* An audit module given to ld.so: as one in LD_AUDIT, what it
		 * loads after start-up is announced to no auditor. */
		if (!strcmp(*a, "--audit"))
			return seal_refuse(r, SEAL_EXEC_FAILED, "%s is run with --audit %s: what that "
					   "module loads after start-up is announced to no auditor "
					   "and would stay unsealed (drop --audit)", x->path,
					   a[1] ? a[1] : "");
		for (size_t i = 0; i < sizeof(with_arg) / sizeof(with_arg[0]); i++)
			if (!strcmp(*a, with_arg[i]) && a[1]) {
				a++;
				break;
			}
	}
	if (!*a)
		return 0;
	if (!strchr(*a, '/'))
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s runs %s, looked up in the library path, "
				   "which the guard cannot judge (give it a path with '/')",
				   x->path, *a);
	*prog = *a;
	return 0;
}

int seal_exec_check_loaded(const char *name, const struct seal_exec *x, struct seal_refusal *r)
{
	static struct seal_exec y;	/* name, judged: x stays the loader's */
	struct stat st;
	int rc;

	r->kernel_errno = 0;
	y = *x;
	y.target.depth = 0;
	/* The loader opens it to read, as the task, later: one that cannot
	 * be read from here now may be found otherwise then.  Refused. */
	if (x->no_cwd && name[0] != '/')
		rc = -EACCES;
	else if (stat(name, &st) < 0)
		rc = -errno;
	else if (!S_ISREG(st.st_mode))
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s is asked to load %s, which is not a "
				   "regular file", x->path, name);
	else
		rc = seal_target_read(name, !x->no_cwd, &y.target);
	/* Not ELF ("#!" included): the loader refuses to map it. */
	if (rc == -ENOEXEC || y.target.depth)
		return 0;
	if (rc < 0)
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s is asked to load %s, which cannot be "
				   "judged: %s", x->path, name, seal_strerror(-rc));
	/* A program: what check_elf asks of any (a static one: see above),
	 * under its own name. */
	snprintf(y.path, sizeof(y.path), "%s", name);
	y.loaded = true;
	return seal_exec_check_elf(&y, true, r);
}

int seal_exec_check_loader_run(char *const *argv, const struct seal_exec *x,
			       struct seal_refusal *r)
{
	const char *prog;
	int rc = seal_exec_loader_program(argv, x, &prog, r);

	return rc || !prog ? rc : seal_exec_check_loaded(prog, x, r);
}

/* ---- the sealer and the exec guard ------------------------------------------ */

/*
 * The loader ignores, with one line on stderr (or none, when stderr is
 * closed), an audit module or preload it cannot load, and runs the
 * program without it: so check that the file is a whole shared object
 * for this machine before relying on it.  Opened with this process's
 * credentials under its root: what the loader of the next program will
 * do, when that program does not run in secure mode.
 */
/*
 * Can the next program's loader open path?  It runs with this process's
 * ids, but with fewer capabilities: exec leaves a process whose ids are
 * all non-zero only its ambient ones (commoncap.c), so a tool that drops
 * to a user and keeps CAP_DAC_OVERRIDE until exec (setpriv does) reads
 * what its child cannot.  Then try in a child with only those.  The
 * child is a raw clone: no fork handlers, and no SIGCHLD for the
 * program's own handler to reap it by.  0, or -errno.
 */
static int open_as_next(const char *path)
{
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct cap[2];
	uint32_t ambient[2] = { 0, 0 };
	int fd, status;
	long pid;

	if (getuid() == 0 || geteuid() == 0 || syscall(SYS_capget, &head, cap) < 0 ||
	    (cap[0].effective == 0 && cap[1].effective == 0)) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		close(fd);
		return 0;
	}
	for (int c = 0; c < 64; c++)
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, c, 0, 0) == 1)
			ambient[c / 32] |= 1u << (c % 32);
	pid = syscall(SYS_clone, 0L, 0L, 0L, 0L, 0L);
	if (pid == 0) {
		long rc;

		cap[0].effective &= ambient[0];
		cap[1].effective &= ambient[1];
		rc = syscall(SYS_capset, &head, cap);
		if (rc == 0)
			rc = syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
		syscall(SYS_exit_group, rc < 0 ? errno : 0);
	}
	if (pid < 0)
		return -errno;
	while (waitpid((pid_t)pid, &status, __WALL) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFEXITED(status))
		return -ECHILD;
	return -WEXITSTATUS(status);
}

int seal_exec_check_module(const char *path, const char *what, struct seal_refusal *r)
{
	struct seal_elf elf;
	struct stat st;
	int fd, rc;

	r->kernel_errno = 0;
	rc = open_as_next(path);
	fd = rc < 0 ? rc : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return seal_refuse(r, SEAL_EXEC_FAILED, "cannot read %s %s as uid %u: %s", what, path,
				   (unsigned)geteuid(), seal_strerror(rc < 0 ? -rc : errno));
	rc = fstat(fd, &st) < 0 ? -errno : seal_elf_read(fd, &elf);
	close(fd);
	if (rc == -ENOEXEC || rc == -EBADMSG)
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s %s is not a valid ELF file (empty, "
				   "truncated or overwritten?); reinstall sealtools", what, path);
	if (rc < 0)
		return seal_refuse(r, SEAL_EXEC_FAILED, "cannot read %s %s: %s", what, path,
				   seal_strerror(-rc));
	/* A PIE executable is ET_DYN too, with a PT_INTERP: the loader
	 * refuses it as an audit module. */
	if (elf.type != ET_DYN || elf.has_interp || elf.elf_class != 8 * sizeof(void *) ||
	    elf.machine != seal_elf_native_machine() || !elf.has_dynamic)
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s %s is not a shared object for %s; "
				   "reinstall sealtools", what, path,
				   seal_elf_machine_name(seal_elf_native_machine()));
	if (elf.load_end > (uint64_t)st.st_size)
		return seal_refuse(r, SEAL_EXEC_FAILED, "%s %s is truncated (%lld of %llu bytes); "
				   "reinstall sealtools", what, path, (long long)st.st_size,
				   (unsigned long long)elf.load_end);
	return 0;
}

bool seal_exec_static(const struct seal_exec *p)
{
	char ours[SEAL_ELF_INTERP_MAX];
	struct stat a, b;

	if (p->target.elf.has_interp)
		return false;
	return !(own_loader(ours, sizeof(ours)) == 0 && stat(ours, &a) == 0 &&
		 stat(p->target.path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino);
}
