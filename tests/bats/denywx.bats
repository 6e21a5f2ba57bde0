#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# sealrun --deny-wx: W^X for the program and all it runs, with each
# backend, seen from inside (tests/helpers/wxattack asks the kernel) and
# through real programs that must still work.

load common

setup_file() {
	export SEALRUN=$SEALTOOLS_BUILD/sealrun H=$SEALTOOLS_BUILD/helpers
	export PY=/usr/bin/python3
	# Other users must reach it (the no_new_privs tests run as nobody).
	PUB=$(mktemp -d /tmp/denywx-bats.XXXXXX)
	chmod 755 "$PUB"
	export PUB
}

teardown_file() {
	rm -rf "${PUB:?}"
}

ATTACKS=(mmap-rwx mprotect-rw-rx mprotect-anon-add-x mprotect-file-add-x
	pkey_mprotect-add-x shmat-exec personality-rie)

# Every attack answered with ERR, both controls allowed.
assert_all_refused() { # ERR
	local a
	for a in "${ATTACKS[@]}"; do
		assert_line "$a $1"
	done
	assert_line 'control-mmap-file-rx OK r-xp'
	assert_line 'control-mprotect-rw-r OK r--p'
}

# ---- the attacks ---------------------------------------------------------------

# seccomp=2 throughout: sealrun's supervisor filter (execve and execveat
# only) binds every sealed program; it denies no memory.
@test "without --deny-wx every attack gets its executable memory" {
	run -0 "$SEALRUN" "$H/wxattack"
	assert_line 'state mdwe=0 seccomp=2'
	assert_line 'mmap-rwx OK rwxp'
	assert_line 'mprotect-rw-rx OK r-xp'
	assert_line 'mprotect-anon-add-x OK r-xp'
	assert_line 'mprotect-file-add-x OK r-xp'
	assert_line 'pkey_mprotect-add-x OK r-xp'
	assert_line 'shmat-exec OK rwxs'
	assert_line 'personality-rie OK rwxp'
}

@test "--deny-wx=prctl: every attack refused (EACCES, MDWE's errno)" {
	run -0 "$SEALRUN" --deny-wx=prctl "$H/wxattack"
	assert_line 'state mdwe=1 seccomp=2'
	assert_all_refused EACCES
}

@test "--deny-wx=seccomp: every attack refused with EPERM" {
	run -0 "$SEALRUN" --deny-wx=seccomp "$H/wxattack"
	assert_line 'state mdwe=0 seccomp=2'
	assert_all_refused EPERM
}

@test "a file passed as the mapped file: the same refusal for a plain file" {
	run -0 "$SEALRUN" --deny-wx=prctl "$H/wxattack" /etc/passwd
	assert_line 'mprotect-file-add-x EACCES'
	run -0 "$SEALRUN" --deny-wx=seccomp "$H/wxattack" /etc/passwd
	assert_line 'mprotect-file-add-x EPERM'
	run -0 "$SEALRUN" "$H/wxattack" /etc/passwd
	assert_line 'mprotect-file-add-x OK r-xp'
}

@test "--deny-wx alone means auto: prctl here, and -v says so" {
	run -0 --separate-stderr "$SEALRUN" -v --deny-wx "$H/wxattack"
	assert_line 'state mdwe=1 seccomp=2'
	assert_all_refused EACCES
	run grep -x 'sealrun: W^X denied by prctl (PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN)' <<<"$stderr"
	assert_success
	run -0 --separate-stderr "$SEALRUN" -v --deny-wx=seccomp true
	assert_equal "$(grep '^sealrun: W^X' <<<"$stderr")" \
		'sealrun: W^X denied by seccomp (filter on mmap, mprotect, pkey_mprotect, shmat, personality; leaves no_new_privs as it is)'
}

@test "descendants inherit W^X through fork and exec, --no-inherit or not" {
	local be err
	for be in prctl:EACCES seccomp:EPERM; do
		err=${be#*:} be=${be%:*}
		run -0 "$SEALRUN" --deny-wx="$be" sh -c "'$H/wxattack' | cat"
		assert_all_refused "$err"
		run -0 "$SEALRUN" --no-inherit --deny-wx="$be" bash -c "'$H/wxattack'; exit 0"
		assert_all_refused "$err"
	done
}

@test "MDWE cannot be lifted by the program" {
	# prctl(PR_SET_MDWE, 0): EPERM once set; PR_GET_MDWE still 1.
	local lift='import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
rc = libc.prctl(65, 0, 0, 0, 0)
print(rc, os.strerror(ctypes.get_errno()) if rc else "", libc.prctl(66, 0, 0, 0, 0))'
	run -0 "$SEALRUN" --deny-wx=prctl "$PY" -c "$lift"
	assert_output '-1 Operation not permitted 1'
	run -0 "$SEALRUN" "$PY" -c "$lift"
	assert_output '0  0'
}

# ---- no_new_privs ------------------------------------------------------------------

@test "seccomp without CAP_SYS_ADMIN sets no_new_privs: set-user-ID grants nothing" {
	cp /usr/bin/id "$PUB/suid-id"
	chmod 4755 "$PUB/suid-id"
	local nnp='grep ^NoNewPrivs: /proc/self/status'
	# As root: not needed, not set; the set-user-ID bit works for nobody.
	run -0 "$SEALRUN" --deny-wx=seccomp sh -c "$nnp"
	assert_output --regexp '^NoNewPrivs:\s+0$'
	run -0 as_nobody "$SEALRUN" --deny-wx=prctl --no-inherit sh -c "$nnp; '$PUB/suid-id' -u"
	assert_line --regexp '^NoNewPrivs:\s+0$'
	assert_line 0
	# As nobody: the kernel demands it, and then the bit grants nothing.
	run -0 as_nobody "$SEALRUN" --deny-wx=seccomp --no-inherit sh -c "$nnp; '$PUB/suid-id' -u"
	assert_line --regexp '^NoNewPrivs:\s+1$'
	assert_line 65534
	run -0 --separate-stderr as_nobody "$SEALRUN" -v --deny-wx=seccomp true
	run grep -c 'sets no_new_privs' <<<"$stderr"
	assert_output 2
}

# ---- the front end -------------------------------------------------------------------

@test "--dry-run shows the backend in the checks and the plan, and sets nothing" {
	run -0 "$SEALRUN" -n --deny-wx=seccomp touch "$PUB/touched"
	assert_line 'sealrun: check: W^X: seccomp backend available: ok'
	assert_line --regexp '^sealrun: plan: deny W\^X for it and all it runs: seccomp \(filter on mmap, '
	[ ! -e "$PUB/touched" ]
	run -0 "$SEALRUN" -n --deny-wx true
	assert_line 'sealrun: plan: deny W^X for it and all it runs: prctl (PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN)'
	run -0 "$SEALRUN" -n true
	refute_output --partial 'W^X'
}

@test "a bad backend: 125 with the choices; the word after --deny-wx is PROGRAM" {
	run -125 "$SEALRUN" --deny-wx=jit true
	assert_output --partial "unknown --deny-wx backend 'jit' (auto, prctl or seccomp)"
	run -0 "$SEALRUN" --deny-wx "$H/wxattack"
	assert_line 'mmap-rwx EACCES'
	run -0 "$SEALRUN" --help
	assert_output --partial '--deny-wx[=BACKEND]'
}

# ---- real programs still run -------------------------------------------------------

# Same output and status with --deny-wx=$BE as without sealrun.
same() {
	run "$@"
	local status0=$status output0=$output
	run "$SEALRUN" --deny-wx="$BE" "$@"
	assert_equal "$status" "$status0"
	assert_equal "$output" "$output0"
}

real_programs() {
	same sh -c 'echo $((6 * 7)); exit 3'
	same bash -c 'declare -A a=([x]=1); echo "${!a[@]} ${BASH_VERSINFO[0]}"'
	same ls -la /usr/lib/bats
	same sort -r /etc/passwd
	same sha256sum /etc/passwd /bin/true
	# ctypes callbacks are libffi closures: Debian 12's libffi maps
	# ready-made trampolines from its own file, no W^X needed.
	same "$PY" -c '
import json, ssl, sqlite3, ctypes
db = sqlite3.connect(":memory:")
db.execute("create table t(x)"); db.executemany("insert into t values (?)", [(i,) for i in range(100)])
print(json.dumps({"sum": db.execute("select sum(x) from t").fetchone()[0]}))
print(ssl.create_default_context().check_hostname)
cb = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int)(lambda x: x * 2)
print(ctypes.CDLL(None).abs(-5), cb(21))'
	same perl -MPOSIX -MList::Util=sum -e 'print sum(1..10), " ", floor(2.5), "\n"'
	git init -q "$PUB/repo-$BE"
	git -C "$PUB/repo-$BE" -c user.email=t@e -c user.name=t commit -q --allow-empty -m one
	same git -C "$PUB/repo-$BE" log --format=%s
	same sh -c "tar -C /usr/lib/bats --sort=name --mtime=@0 --owner=0 --group=0 -cf - . | gzip -n | sha256sum"
	same "$H/threads"
	mkdir -p "$PUB/cc-$BE"
	printf '#include <stdio.h>\nint main(void) { puts("hello"); return 4; }\n' >"$PUB/cc-$BE/hello.c"
	run -0 "$SEALRUN" --deny-wx="$BE" gcc -O2 -o "$PUB/cc-$BE/hello" "$PUB/cc-$BE/hello.c"
	run -4 "$SEALRUN" --deny-wx="$BE" "$PUB/cc-$BE/hello"
	assert_output hello
	printf 'all: out\nout: hello.c\n\tcat hello.c | wc -l > out\n' >"$PUB/cc-$BE/Makefile"
	run -0 "$SEALRUN" --deny-wx="$BE" make -s -C "$PUB/cc-$BE"
	run cat "$PUB/cc-$BE/out"
	assert_output 2
}

@test "real programs run the same under --deny-wx=prctl" {
	BE=prctl real_programs
}

@test "real programs run the same under --deny-wx=seccomp" {
	BE=seccomp real_programs
}

@test "documented JIT case: git grep -P (PCRE2 JIT) fails before git 2.41, falls back from 2.41; git grep -E works" {
	git init -q "$PUB/jit"
	printf 'alpha\nbeta\n' >"$PUB/jit/f"
	git -C "$PUB/jit" add f
	run -0 git -C "$PUB/jit" grep -P 'b.ta'
	assert_output 'f:beta'
	# git 2.41 falls back to PCRE2's interpreter when the JIT cannot
	# allocate executable memory; before, it dies (sealrun(1), "What breaks").
	local be v
	v=$(git --version | awk '{ print $3 }')
	for be in prctl seccomp; do
		if dpkg --compare-versions "$v" ge 2.41; then
			run -0 "$SEALRUN" --deny-wx="$be" git -C "$PUB/jit" grep -P 'b.ta'
			assert_output 'f:beta'
		else
			run -128 "$SEALRUN" --deny-wx="$be" git -C "$PUB/jit" grep -P 'b.ta'
			assert_output --partial "Couldn't JIT the PCRE2 pattern"
		fi
		run -0 "$SEALRUN" --deny-wx="$be" git -C "$PUB/jit" grep -E 'b.ta'
		assert_output 'f:beta'
	done
}
