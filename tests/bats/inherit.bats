#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Inheritance: every program a sealed program starts through the C
# library is sealed the same way or refused, by the exec guard
# (libsealexec.so).  Real programs, real exec calls; the child reports
# its own smaps (helpers/sealstate) or is looked at from outside.

bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load
load common

setup_file() {
	setup_sealrun_file inherit
	# sealstate copies: set-user-ID and set-group-ID to daemon, and
	# set-user-ID root.
	cp "$H/sealstate" "$PUB/plain"
	cp "$H/sealstate" "$PUB/suid-daemon"
	chown daemon "$PUB/suid-daemon"
	chmod 4755 "$PUB/suid-daemon"
	cp "$H/sealstate" "$PUB/sgid-daemon"
	chgrp daemon "$PUB/sgid-daemon"
	chmod 2755 "$PUB/sgid-daemon"
	cp "$H/sealstate" "$PUB/suid-root"
	chmod 4755 "$PUB/suid-root"
}

teardown_file() {
	rm -rf "${PUB:?}"
}

setup() {
	[ -x "$BUSYBOX" ] || skip "no static busybox (Debian's busybox-static)"
}

teardown() {
	stop_helpers
}

refusal_re='^sealrun: refusing to run .* unsealed: .*; sealrun --allow-unsealed=.* runs it anyway, --best-effort runs everything$'

# ---- a dynamic program in between ---------------------------------------------------

# The shell's own mappings, read by a busybox applet it forks.
bb_state='awk "/^[0-9a-f]+-/ { p = \$6 } /^VmFlags/ { if (p ~ /^\\//) { if (\$0 ~ / sl/) s++; else o++ } } END { print \"sealed\", s + 0, \"open\", o + 0 }" /proc/$$/smaps'

@test "env, timeout and an env -S script in front of static busybox: sealed from outside" {
	run -0 --separate-stderr "$SEALRUN" env busybox sh -c "$bb_state"
	assert_output --regexp '^sealed [1-9][0-9]* open 0$'
	assert_equal "$stderr" ''
	run -0 --separate-stderr "$SEALRUN" timeout 5 busybox sh -c "$bb_state"
	assert_output --regexp '^sealed [1-9][0-9]* open 0$'
	printf '#!/usr/bin/env -S busybox sh\n%s\n' "$bb_state" >"$PUB/bbscript"
	chmod 755 "$PUB/bbscript"
	run -0 --separate-stderr "$SEALRUN" "$PUB/bbscript"
	assert_output --regexp '^sealed [1-9][0-9]* open 0$'
	# argv[0] kept (busybox picks its applet by it), exit status kept.
	ln -sf "$BUSYBOX" "$PUB/false"
	run -1 "$SEALRUN" sh -c "'$PUB/false'"
	run -0 "$SEALRUN" sh -c "exec '$BUSYBOX' sh -c 'echo \$0' name0"
	assert_output name0
}

@test "a program the sealer cannot reach, behind env and timeout: refused, not run" {
	[ "$(id -u)" = 0 ] || skip "needs root (a set-user-ID program of another user)"
	run -126 --separate-stderr "$SEALRUN" env "$PUB/suid-daemon"
	refute_output --partial sealed
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
	[[ $stderr == *"set-user-ID to uid 1"* ]] || fail "$stderr"
	run -126 --separate-stderr "$SEALRUN" timeout 5 "$PUB/suid-daemon"
	refute_output --partial sealed
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
}

@test "--best-effort: such a program runs, with one warning each" {
	[ "$(id -u)" = 0 ] || skip "needs root (a set-user-ID program of another user)"
	run -0 --separate-stderr "$SEALRUN" --best-effort env "$PUB/suid-daemon"
	assert_output --regexp '^sealed 0 open [0-9]+ secure 1$'
	assert_equal "$(grep -c '^sealrun: warning: running .*suid-daemon unsealed (--best-effort): .*set-user-ID' <<<"$stderr")" 1
	run -0 --separate-stderr "$SEALRUN" --best-effort timeout 5 "$PUB/suid-daemon"
	assert_equal "$(grep -c '^sealrun: warning: running' <<<"$stderr")" 1
}

# execl, execlp and execle gather their arguments (and execle the
# environment after them) into an array on the stack: from vfork
# children, with a static program (started through sealrun, its own
# arguments kept) and a dynamic one, refused when set-user-ID.
@test "execl, execlp and execle from vfork children: the arguments and environment kept, each child sealed or refused" {
	local d=$BATS_TEST_TMPDIR
	cat >"$d/lexec.c" <<-'EOF'
	#define _GNU_SOURCE
	#include <stdio.h>
	#include <string.h>
	#include <sys/wait.h>
	#include <unistd.h>
	extern char **environ;
	/* lexec l|lp|le PROGRAM SCRIPT: PROGRAM sh -c SCRIPT a0 a1 a2 */
	int main(int argc, char **argv)
	{
		char *env[] = { "LEXEC=from-execle", NULL, NULL, NULL, NULL, NULL, NULL, NULL };
		int status, k = 1;
		pid_t pid;

		for (char **e = environ; *e && k < 7; e++)
			if (!strncmp(*e, "SEALRUN_", 8) || !strncmp(*e, "LD_", 3) || !strncmp(*e, "PATH=", 5))
				env[k++] = *e;
		if (argc != 4)
			return 2;
		pid = vfork();
		if (pid == 0) {
			if (!strcmp(argv[1], "l"))
				execl(argv[2], "busybox", "sh", "-c", argv[3], "a0", "a1", "a2", (char *)NULL);
			else if (!strcmp(argv[1], "lp"))
				execlp(argv[2], "busybox", "sh", "-c", argv[3], "a0", "a1", "a2", (char *)NULL);
			else
				execle(argv[2], "busybox", "sh", "-c", argv[3], "a0", "a1", "a2", (char *)NULL, env);
			_exit(126);
		}
		if (pid < 0 || waitpid(pid, &status, 0) < 0)
			return 2;
		return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
	}
	EOF
	gcc -O2 -o "$d/lexec" "$d/lexec.c"
	local script="$bb_state; echo \"\$0 \$1 \$2 \${LEXEC:-none}\""
	run -0 --separate-stderr "$SEALRUN" "$d/lexec" l "$BUSYBOX" "$script"
	assert_line -n 0 --regexp '^sealed [1-9][0-9]* open 0$'
	assert_line -n 1 'a0 a1 a2 none'
	run -0 --separate-stderr env PATH="${BUSYBOX%/*}:$PATH" "$SEALRUN" "$d/lexec" lp busybox "$script"
	assert_line -n 0 --regexp '^sealed [1-9][0-9]* open 0$'
	assert_line -n 1 'a0 a1 a2 none'
	run -0 --separate-stderr "$SEALRUN" "$d/lexec" le "$BUSYBOX" "$script"
	assert_line -n 0 --regexp '^sealed [1-9][0-9]* open 0$'
	assert_line -n 1 'a0 a1 a2 from-execle'
	[ "$(id -u)" = 0 ] || return 0
	for how in l le; do
		run -126 --separate-stderr "$SEALRUN" "$d/lexec" "$how" "$PUB/suid-daemon" true
		assert_output ''
		assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
	done
}

# system() judges /bin/sh; under --best-effort a refusal is a warning,
# and the shell runs.  The guard once said that warning from the
# judgement's space after unmapping it: SIGSEGV.  The sealer removed
# from a copy of the build makes /bin/sh refused.
@test "--best-effort: system() whose shell would be refused warns once and runs it" {
	local d=$BATS_TEST_TMPDIR/copy
	mkdir "$d"
	cp "$SEALRUN" "$SEALTOOLS_BUILD/libsealrun.so" "$SEALTOOLS_BUILD/libsealexec.so" "$d/"
	run -0 --separate-stderr "$d/sealrun" --best-effort "$PY" -c \
		"import os; os.remove('$d/libsealrun.so'); print('rc', os.system('echo ran'))"
	assert_output $'ran\nrc 0'
	assert_equal "$(grep -c '^sealrun: warning: running /bin/sh unsealed (--best-effort): cannot read the sealer ' <<<"$stderr")" 1
}

@test "a dynamic program two levels down is sealed, and its children judged" {
	run -0 "$SEALRUN" env timeout 5 env "$H/sealstate"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	[ "$(id -u)" = 0 ] || return 0
	run -126 --separate-stderr "$SEALRUN" sh -c "env sh -c '$PUB/suid-daemon'"
	[ "$(grep -c "$refusal_re" <<<"$stderr")" -ge 1 ] || fail "$stderr"
	[ "$(grep -vc "$refusal_re" <<<"$stderr")" -eq 1 ] || fail "$stderr"
}

# ---- every way the C library starts a program ------------------------------------------

@test "posix_spawn, posix_spawnp, fork+exec, vfork (subprocess), fexecve, system, popen: judged" {
	[ "$(id -u)" = 0 ] || skip "needs root (a set-user-ID program of another user)"
	ln -sf "$PUB/suid-daemon" "$PUB/bin-suid"
	mkdir -p "$PUB/sbin"
	ln -sf "$PUB/suid-daemon" "$PUB/sbin/suidprog"
	# Each prints the error class it got, or "ran".
	run -0 --separate-stderr env PATH="$PUB/sbin:$PATH" "$SEALRUN" "$PY" -c '
import os, subprocess, sys
bb = "'"$PUB/suid-daemon"'"
def attempt(name, f):
    try:
        r = f()
        print(name, "ran" if r in (None, 0) else "status %s" % r)
    except OSError as e:
        print(name, type(e).__name__)
attempt("posix_spawn", lambda: os.waitpid(os.posix_spawn(bb, ["busybox", "true"], os.environ), 0)[1])
attempt("posix_spawnp", lambda: os.waitpid(os.posix_spawnp("suidprog", ["suidprog"], os.environ), 0)[1])
attempt("subprocess", lambda: subprocess.run(["suidprog"]).returncode)
def forkexec():
    pid = os.fork()
    if pid == 0:
        try:
            os.execv(bb, ["busybox", "true"])
        finally:
            os._exit(126)
    return os.waitpid(pid, 0)[1] >> 8
attempt("fork+execv", forkexec)
def fexec():
    pid = os.fork()
    if pid == 0:
        try:
            os.execve(os.open(bb, os.O_RDONLY), ["busybox", "true"], os.environ)
        finally:
            os._exit(126)
    return os.waitpid(pid, 0)[1] >> 8
attempt("fexecve", fexec)
attempt("system", lambda: os.system("exec suidprog") >> 8)
attempt("popen", lambda: os.popen("exec suidprog").close())
'
	assert_line 'posix_spawn PermissionError'
	assert_line 'posix_spawnp PermissionError'
	assert_line 'subprocess PermissionError'
	assert_line 'fork+execv status 126'
	assert_line 'fexecve status 126'
	# system and popen run /bin/sh (sealed), whose exec of it is refused.
	assert_line 'system status 126'
	assert_line 'popen status 32256'
	# One or more each (sh searches PATH itself), and nothing else said.
	[ "$(grep -c "$refusal_re" <<<"$stderr")" -ge 7 ] || fail "$stderr"
	refute [ -n "$(grep '^sealrun:' <<<"$stderr" | grep -v "$refusal_re")" ]
}

@test "the C library's ways to start a dynamic program still work, sealed" {
	run -0 "$SEALRUN" "$PY" -c '
import os, subprocess
s = "'"$H/sealstate"'"
print(subprocess.run([s], capture_output=True, text=True).stdout.strip())
os.environ["PATH"] = "'"$H"':" + os.environ["PATH"]
pid = os.posix_spawnp("sealstate", ["sealstate"], os.environ)
os.waitpid(pid, 0)
os.system(s)
print(os.popen(s).read().strip())
'
	assert_equal "${#lines[@]}" 4
	for l in "${lines[@]}"; do
		[[ $l =~ ^sealed\ [1-9][0-9]*\ open\ 0\ secure\ 0$ ]] || fail "unsealed child: $l"
	done
}

@test "execvp searches PATH as glibc does, judging each attempt; a refusal is the kernel's EACCES" {
	mkdir -p "$PUB/p1" "$PUB/p2"
	[ "$(id -u)" = 0 ] || skip "needs root (a set-user-ID program of another user)"
	ln -sf "$PUB/suid-daemon" "$PUB/p1/tool"
	ln -sf "$H/sealstate" "$PUB/p2/tool"
	# The first match cannot be sealed: refused, said once, and failed
	# with EACCES as the kernel fails a file it will not run; the C
	# library's search goes on to the second, which is judged and sealed.
	run -0 --separate-stderr env PATH="$PUB/p1:$PUB/p2:/usr/bin:/bin" "$SEALRUN" \
		/usr/bin/env tool
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	assert_equal "$(grep -c "$refusal_re" <<<"$stderr")" 1
	[[ $stderr == *"$PUB/p1/tool"*"set-user-ID"* ]] || fail "$stderr"
	# A file without "#!" that the kernel will not run goes to /bin/sh.
	printf 'echo shell-ran\n' >"$PUB/p2/noshebang"
	chmod 755 "$PUB/p2/noshebang"
	run -0 env PATH="$PUB/p2:/usr/bin:/bin" "$SEALRUN" /usr/bin/env noshebang
	assert_output shell-ran
	# Not found: the C library's own error, no refusal.
	run -127 --separate-stderr "$SEALRUN" env no-such-program-here
	refute [ -n "$(grep sealrun: <<<"$stderr")" ]
}

# ---- secure mode under the present credentials -------------------------------------------

@test "set-user-ID and set-group-ID children of a sealed sh, as root: refused unless not secure" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	run -126 --separate-stderr "$SEALRUN" sh -c "$PUB/suid-daemon"
	refute_output --partial sealed
	[[ $stderr == *"set-user-ID to uid 1"* ]] || fail "$stderr"
	run -126 --separate-stderr "$SEALRUN" sh -c "$PUB/sgid-daemon"
	[[ $stderr == *"set-group-ID to gid 1"* ]] || fail "$stderr"
	# Root running a set-user-ID root program: no change of ids, not
	# secure, so the loader reads LD_AUDIT: sealed.
	run -0 "$SEALRUN" sh -c "$PUB/suid-root"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	# With --best-effort they run, in secure mode, unsealed, with a warning.
	run -0 --separate-stderr "$SEALRUN" --best-effort sh -c "$PUB/suid-daemon"
	assert_output 'sealed 0 open 15 secure 1' || assert_output --regexp '^sealed 0 open [0-9]+ secure 1$'
	[[ $stderr == *"sealrun: warning: running $PUB/suid-daemon unsealed"* ]] || fail "$stderr"
}

# Without CAP_SYS_ADMIN, sealrun sets no_new_privs for its seccomp filter
# (the supervisor's): the bits grant nothing, so the children run as
# nobody, not in secure mode, and are sealed.
@test "set-user-ID and set-group-ID children of a sealed sh, as nobody: no_new_privs, sealed without the privilege" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	need_nobody_reach "$SEALRUN"
	local p
	for p in suid-daemon sgid-daemon suid-root; do
		run -0 --separate-stderr as_nobody "$SEALRUN" sh -c "$PUB/$p"
		assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
		assert_equal "$stderr" ''
	done
	run -0 as_nobody "$SEALRUN" sh -c "grep NoNewPrivs /proc/self/status"
	assert_output $'NoNewPrivs:\t1'
	# The plain copy is sealed for nobody too.
	run -0 as_nobody "$SEALRUN" sh -c "$PUB/plain"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
}

@test "a child that would run in secure mode because its parent's ids differ: refused" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	# setpriv keeps the real uid and changes the effective one.
	run -126 --separate-stderr "$SEALRUN" setpriv --euid=daemon "$PUB/plain"
	refute_output --partial sealed
	[[ $stderr == *"effective ids other than its real ones"* ]] || fail "$stderr"
}

# ---- a changed root, a changed user -------------------------------------------------------

# A root with a dynamic sh and its libraries, and no sealer.
make_root() { # DIR
	local d=$1 f
	mkdir -p "$d/bin" "$d/tmp"
	cp /bin/dash "$d/bin/sh"
	for f in $(ldd /bin/dash | grep -o '/[^ ]*'); do
		mkdir -p "$d$(dirname "$f")"
		cp -L "$f" "$d$f"
	done
}

@test "a child after chroot, where the sealer is not: refused, with the reason" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	make_root "$PUB/root"
	run -126 --separate-stderr "$SEALRUN" chroot "$PUB/root" /bin/sh -c 'echo RAN'
	refute_output --partial RAN
	[[ $stderr == *"cannot read the sealer $SEALTOOLS_BUILD/libsealrun.so"*"No such file or directory"* ]] ||
		fail "$stderr"
	# With the sealtools tree at the same path inside, it is sealed.
	mkdir -p "$PUB/root$SEALTOOLS_BUILD" "$PUB/root/proc"
	cp "$SEALTOOLS_BUILD"/lib*.so "$PUB/root$SEALTOOLS_BUILD/"
	cp "$H/sealstate" "$PUB/root/bin/"
	mount -t proc proc "$PUB/root/proc" || skip "cannot mount /proc for the chroot"
	run "$SEALRUN" chroot "$PUB/root" /bin/sealstate
	umount "$PUB/root/proc"
	assert_success
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
}

@test "a child after a privilege drop, with the sealer under a 0700 directory: refused" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	local t=$PUB/private
	mkdir -p "$t"
	chmod 700 "$t"
	cp "$SEALRUN" "$SEALTOOLS_BUILD"/libsealrun.so "$SEALTOOLS_BUILD"/libsealexec.so "$t/"
	run -0 "$t/sealrun" "$PUB/plain"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	# setpriv keeps CAP_DAC_OVERRIDE until its exec, which drops it: the
	# guard judges with what the child will have.
	run --separate-stderr "$t/sealrun" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$PUB/plain"
	assert_failure
	refute_output --partial sealed
	[[ $stderr == *"cannot read the sealer $t/libsealrun.so as uid 65534: Permission denied"* ]] ||
		fail "$stderr"
	# Kept as an ambient capability, it survives the exec: sealed.
	run -0 "$t/sealrun" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		--inh-caps=+dac_override --ambient-caps=+dac_override "$PUB/plain"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
}

# The supervisor judges from the task's directory; one it may not search
# (another user's 0700 directory) it cannot enter either, and then only
# relative names depend on it: those fail as the kernel fails them.
@test "as nobody from a directory nobody cannot search: absolute paths sealed, relative names fail as plain" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	local t=$PUB/reach d=$PUB/locked cmd ldso
	ldso=$(readelf -l "$PUB/plain" | sed -n 's/.*interpreter: \(.*\)]$/\1/p')
	mkdir -p "$t" "$d"
	chmod 700 "$d"
	cp "$SEALRUN" "$SEALTOOLS_BUILD"/libsealrun.so "$SEALTOOLS_BUILD"/libsealexec.so "$t/"
	printf '#!/bin/sh\necho RAN\n' >"$d/x"
	printf '#!bin/sh\necho RAN\n' >"$t/relative-interp"
	chmod 755 "$t" "$d/x" "$t/relative-interp"
	cd "$d"
	run -0 --separate-stderr as_nobody "$t/sealrun" sh -c "'$PUB/plain'; cd / && '$PUB/plain'"
	assert_equal "$stderr" ''
	assert_equal "${#lines[@]}" 2
	assert_line -n 0 --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	assert_line -n 1 --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	# The loader run as a program, at its exec stop: judged from here too.
	run -0 --separate-stderr as_nobody "$t/sealrun" sh -c "'$ldso' '$PUB/plain'"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	for cmd in "./x" "'$t/relative-interp'"; do
		run --separate-stderr as_nobody sh -c "$cmd; echo rc=\$?"
		local plain=$output plain_err=$stderr
		run -0 --separate-stderr as_nobody "$t/sealrun" sh -c "$cmd; echo rc=\$?"
		assert_equal "$output" "$plain"
		assert_equal "$stderr" "$plain_err"
		refute_output --partial RAN
	done
	# The loader opens its program later, where a task may search by
	# then: refused with a line, not left to ld.so.
	run -0 --separate-stderr as_nobody "$t/sealrun" sh -c "'$ldso' ./x; echo rc=\$?"
	assert_output rc=126
	[[ $stderr == *"is asked to load ./x, which cannot be judged: Permission denied"* ]] ||
		fail "$stderr"
}

# In a user namespace of its own a task may search a directory of its
# own that the supervisor may not (mode 000, searched as root there):
# nothing there can be judged, so its execs are refused with the reason.
@test "a task in a user namespace of its own, in a directory only it may search: refused with the reason" {
	[ "$(id -u)" = 0 ] || skip "needs root"
	local t=$PUB/userns
	mkdir -p "$t"
	cp "$SEALRUN" "$SEALTOOLS_BUILD"/libsealrun.so "$SEALTOOLS_BUILD"/libsealexec.so \
		"$PUB/plain" "$t/"
	chmod -R a+rX "$t"
	as_nobody unshare -r true 2>/dev/null || skip "unprivileged user namespaces are not allowed"
	run -0 --separate-stderr as_nobody "$t/sealrun" unshare -r sh -c \
		"d=\$(mktemp -d) && cp '$t/plain' \$d/ && chmod 000 \$d && cd \$d && ./plain; echo rc=\$?; cd / && chmod 700 \$d && rm -rf \$d"
	assert_line rc=126
	refute_output --partial sealed
	[[ $stderr == *"it works in a directory the supervisor may not search, under other ids or another user namespace"* ]] ||
		fail "$stderr"
}

@test "the sealer replaced by a broken file while the program runs: its children are refused" {
	local t=$PUB/tree
	mkdir -p "$t"
	cp "$SEALRUN" "$SEALTOOLS_BUILD"/libsealrun.so "$SEALTOOLS_BUILD"/libsealexec.so "$t/"
	run -0 --separate-stderr "$t/sealrun" sh -c ": >'$t/libsealrun.so'; '$PUB/plain'; echo rc=\$?"
	assert_output 'rc=126'
	[[ $stderr == *"the sealer $t/libsealrun.so is not a valid ELF file"* ]] || fail "$stderr"
	head -c 5000 "$SEALTOOLS_BUILD/libsealexec.so" >"$t/libsealexec.so.new"
	cp "$SEALTOOLS_BUILD"/libsealrun.so "$t/"
	run -0 --separate-stderr "$t/sealrun" sh -c "mv '$t/libsealexec.so.new' '$t/libsealexec.so'; '$PUB/plain'; echo rc=\$?"
	assert_output 'rc=126'
	[[ $stderr == *"the exec guard $t/libsealexec.so is truncated"* ]] || fail "$stderr"
}

# ---- the environment ---------------------------------------------------------------------

@test "a child whose LD_PRELOAD or SEALRUN_* was changed gets them whole again" {
	run -0 "$SEALRUN" sh -c 'LD_PRELOAD= SEALRUN_POLICY=none SEALRUN_GUARD=/x env | grep -E "^(LD_PRELOAD|LD_AUDIT|SEALRUN_[A-Z_]*)=" | sort'
	assert_line "LD_AUDIT=$SEALTOOLS_BUILD/libsealrun.so"
	assert_line "LD_PRELOAD=$SEALTOOLS_BUILD/libsealexec.so"
	assert_line "SEALRUN_POLICY=default"
	assert_line "SEALRUN_GUARD=$SEALTOOLS_BUILD/libsealexec.so"
	assert_line "SEALRUN_EXE=$(readlink -f "$SEALRUN")"
	assert_line "SEALRUN_JUDGED=1"
	assert_equal "${#lines[@]}" 7
	run -0 "$SEALRUN" sh -c "LD_PRELOAD=libm.so.6 '$H/sealstate'"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
}

@test "a child's own LD_AUDIT module is refused as sealrun refuses it" {
	printf 'unsigned int la_version(unsigned int v) { return v; }\n' >"$PUB/aud.c"
	gcc -shared -fPIC -o "$PUB/aud.so" "$PUB/aud.c"
	run -126 --separate-stderr "$SEALRUN" sh -c "LD_AUDIT=$PUB/aud.so '$PUB/plain'"
	refute_output --partial sealed
	[[ $stderr == *"LD_AUDIT names other audit modules ($PUB/aud.so)"* ]] || fail "$stderr"
}

# A program that cleans its environment before an exec (env -i, a
# daemon's own re-exec) stays in the tree: the guard gives the variables
# back, and the supervisor judges.
@test "a cleaned environment stays sealed: the guard gives sealrun's variables back" {
	run -0 --separate-stderr "$SEALRUN" env -i "$PUB/plain"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	assert_equal "$stderr" ''
	# --no-inherit: no guard at all, children unsealed and unjudged.
	run -0 --separate-stderr "$SEALRUN" --no-inherit env busybox echo RAN
	assert_output RAN
	assert_equal "$stderr" ''
}

@test "the sealer refuses to run a program whose LD_PRELOAD lost the guard" {
	local s=$SEALTOOLS_BUILD/libsealrun.so g=$SEALTOOLS_BUILD/libsealexec.so
	# As a parent making its own exec system call would leave it.
	run -125 --separate-stderr env -i LD_AUDIT="$s" SEALRUN_POLICY=default SEALRUN_SEALER="$s" \
		SEALRUN_GUARD="$g" "$PUB/plain"
	assert_output ''
	[[ $stderr == *"the exec guard $g is not loaded"* ]] || fail "$stderr"
	run -0 --separate-stderr env -i LD_AUDIT="$s" SEALRUN_POLICY=default SEALRUN_SEALER="$s" \
		SEALRUN_GUARD="$g" SEALRUN_BEST_EFFORT=1 "$PUB/plain"
	assert_output --regexp '^sealed [1-9][0-9]* open 0 secure 0$'
	[[ $stderr == *"warning: the exec guard $g is not loaded"* ]] || fail "$stderr"
}

# A vfork child judges on the stack: nothing there may be left from
# before (an uninitialised "start it through sealrun" once sent a
# missing PATH candidate to sealrun, which ended the search with 127).
@test "vfork children searching PATH past missing directories: every run finds the program" {
	run -0 env PATH="/no/such/dir:$PUB/none:/usr/bin:/bin" "$SEALRUN" "$PY" -c '
import subprocess
bad = [r for r in (subprocess.run(["true"]).returncode for _ in range(60)) if r != 0]
print("failures", len(bad))'
	assert_output 'failures 0'
	mkdir -p "$PUB/cc"
	printf 'int main(void) { return 0; }\n' >"$PUB/cc/t.c"
	for _ in 1 2 3 4 5 6 7 8; do
		run -0 env PATH="/no/such/dir:/usr/bin:/bin" "$SEALRUN" gcc -o "$PUB/cc/t" "$PUB/cc/t.c"
	done
}
