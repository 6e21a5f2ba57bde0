#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# sealrun and static programs (cmd/sealrun/static.c): sealed from outside,
# by a tracer, before their first instruction; RELRO once start-up has
# protected it.  Real processes, their smaps, and an mprotect the kernel
# must refuse (helpers/tryprotect injects it into the running program).

load common

TRYPROTECT=$SEALTOOLS_BUILD/helpers/tryprotect

setup() {
	B=$SEALTOOLS_BUILD
	SEALRUN=$B/sealrun
	"$SEALCTL" status -q 2>/dev/null || true
	[ -x /bin/busybox ] || skip "busybox-static not installed"
	file_is_static /bin/busybox || skip "/bin/busybox is not static"
	# The name /proc shows for it (/usr/bin/busybox with a merged /usr).
	BB=$(readlink -f /bin/busybox)
}

YAMA=/proc/sys/kernel/yama/ptrace_scope

teardown() {
	local p
	for p in "${HELPER_PIDS[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	if [ -n "${YAMA_WAS:-}" ]; then
		echo "$YAMA_WAS" >"$YAMA"
	fi
}

file_is_static() {
	! readelf -lW "$1" 2>/dev/null | grep -q 'Requesting program interpreter'
}

# The static C programs (tests/static/staticprog.c), built by make:
# "static", "static-pie", or "static-64k" (segments 64 KiB apart: gaps
# the kernel leaves unmapped inside the program's span).
# The real path, as /proc shows it (helpers/ may be a symbolic link).
cprog() {
	case $1 in
	static) readlink -f "$SEALTOOLS_BUILD/helpers/staticprog" ;;
	static-pie) readlink -f "$SEALTOOLS_BUILD/helpers/staticprog-pie" ;;
	static-64k) readlink -f "$SEALTOOLS_BUILD/helpers/staticprog-64k" ;;
	esac
}

# Run PROGRAM ARGS... under sealrun in the background until it says ready.
start_static() {
	OUT=$(mktemp "$BATS_TEST_TMPDIR/out.XXXXXX")
	"$SEALRUN" "$@" >"$OUT" 2>"$OUT.err" 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	wait_for --while "$PID" grep -qx ready "$OUT" && return 0
	alive "$PID" || fail "exited: $(cat "$OUT.err")"
	fail "never ready"
}

@test "static busybox: same PID, exit status, stdin and stdout; every mapping sealed" {
	run -3 "$SEALRUN" /bin/busybox sh -c 'read x; echo "got $x"; exit 3' <<<hello
	assert_output "got hello"
	# exec in place: the program is sealrun's PID, sealed from the start.
	"$SEALRUN" /bin/busybox sleep 30 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	wait_untraced "$PID" "$BB"
	run -0 all_sealed "$PID" "$BB"
	run -0 "$SEALCTL" verify "$PID"
	run -0 "$TRYPROTECT" "$PID" "$BB"
	assert_output EPERM
	kill -TERM "$PID"
	local rc=0
	wait "$PID" || rc=$?
	[ "$rc" -eq 143 ]
}

@test "control: busybox without sealrun is unsealed and its mprotect succeeds" {
	/bin/busybox sh -c 'echo ready; exec /bin/busybox sleep 30' >"$BATS_TEST_TMPDIR/o" 3>&- &
	local pid=$!
	HELPER_PIDS+=("$pid")
	wait_blocked "$pid" "$BB"
	run -1 all_sealed "$pid" "$BB"
	run -0 "$TRYPROTECT" "$pid" "$BB"
	assert_output 0
}

@test "static glibc and static-pie programs: exit status, RELRO sealed after start-up" {
	local kind p
	for kind in static static-pie static-64k; do
		p=$(cprog "$kind")
		run -7 "$SEALRUN" "$p"
		start_static "$p" wait
		run -0 all_sealed "$PID" "$p"
		run -0 "$SEALCTL" verify "$PID"
		run -0 "$TRYPROTECT" "$PID" "$p"
		assert_output EPERM
		# RELRO: read-only and sealed.
		run awk -v path="$p" '
			/^[0-9a-f]+-[0-9a-f]+ / { cur = ($6 == path && $2 == "r--p" && $3 != "00000000") }
			/^VmFlags:/ && cur && / sl( |$)/ { n++ }
			END { print n + 0 }' "/proc/$PID/smaps"
		[ "$output" -ge 1 ]
		kill "$PID"
		wait "$PID" || true
	done
}

@test "signals reach the static program unchanged" {
	start_static /bin/busybox sh -c 'trap "echo got-usr1; exit 4" USR1; echo ready; while :; do /bin/busybox sleep 0.05; done'
	kill -USR1 "$PID"
	local rc=0
	wait "$PID" || rc=$?
	[ "$rc" -eq 4 ]
	run grep -c got-usr1 "$OUT"
	assert_output 1
}

@test "the tracer leaves no child, no zombie, and no trace" {
	"$SEALRUN" /bin/busybox sleep 30 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	wait_untraced "$PID" "$BB"
	# No child of the program, no zombie of ours, no tracer left over.
	run ps -o pid= --ppid "$PID"
	assert_output ""
	run ps -o pid= --ppid "$$" -o stat=
	refute_output --regexp 'Z'
	# A debugger can attach now: strace does.
	strace -p "$PID" -e trace=none -o /dev/null 3>&- &
	local s=$!
	HELPER_PIDS+=("$s")
	wait_for --while "$s" traced_by "$PID" "$s" ||
		fail "strace could not attach: TracerPid $(tracer_of "$PID")"
}

# The TracerPid of pid into T, read without a fork (the window is short).
tracer_to_T() {
	local k v
	T=
	while read -r k v; do
		# A zombie is done: nothing holds it any more.  (The shell
		# may not reap it while this loop runs only builtins.)
		[ "$k" = State: ] && [ "${v%% *}" = Z ] && return 1
		[ "$k" = TracerPid: ] && T=$v && return 0
	done 2>/dev/null <"/proc/$1/status"
	return 1
}

@test "a tracer killed before sealing does not let the program run unsealed" {
	# Catch the tracer while it holds the program, stop it, and check it
	# still holds it (a stopped tracer cannot let go); then kill it.
	# PTRACE_O_EXITKILL must take the program with it, before it runs.
	local f=$BATS_TEST_TMPDIR/ran held=0 try pid rc
	for ((try = 0; try < 50 && held < 2; try++)); do
		rm -f "$f"
		"$SEALRUN" /bin/busybox sh -c ": >$f" 3>&- &
		pid=$!
		T=
		local until=$((SECONDS + 10))
		while tracer_to_T "$pid" && [ "${T:-0}" = 0 ] && [ "$SECONDS" -lt "$until" ]; do :; done
		if [ "${T:-0}" != 0 ] && kill -STOP "$T" 2>/dev/null; then
			local t=$T
			tracer_to_T "$pid" || T=
			# (A tracer caught on its way out is gone: no hold.)
			kill -KILL "$t" 2>/dev/null || T=
			rc=0
			wait "$pid" || rc=$?
			if [ "$T" = "$t" ]; then
				held=$((held + 1))
				[ "$rc" -eq 137 ] || fail "exit $rc after its tracer was killed"
				[ ! -e "$f" ] || fail "the program ran"
			fi
		else
			wait "$pid" || true
		fi
	done
	[ "$held" -gt 0 ] || skip "the tracer always finished before it could be caught"
}

@test "ptrace denied: refused with 125 and the reason; --best-effort runs it with a warning" {
	# A seccomp filter that makes ptrace fail, as a sandbox's would.
	local deny=("$SEALTOOLS_BUILD/helpers/denyseal" -p EPERM -)
	run -125 "${deny[@]}" "$SEALRUN" /bin/busybox true
	assert_output --partial "ptrace"
	assert_output --partial "denied"
	run -0 "${deny[@]}" "$SEALRUN" --best-effort /bin/busybox true
	assert_output --partial "warning"
	run -5 "${deny[@]}" "$SEALRUN" --best-effort /bin/busybox sh -c 'exit 5'
}

@test "Yama ptrace_scope 1: a user's program is traced (PR_SET_PTRACER); 2: refused with 125 and the reason, root still sealed" {
	[ -w "$YAMA" ] || skip "no Yama in this kernel (kernel.yama.ptrace_scope)"
	[ "$(id -u)" -eq 0 ] || skip "needs root to change ptrace_scope"
	YAMA_WAS=$(cat "$YAMA")
	[ "$YAMA_WAS" -le 2 ] || skip "ptrace_scope is $YAMA_WAS (3 cannot be lowered)"
	local as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	echo 1 >"$YAMA"
	run -3 "${as_nobody[@]}" "$SEALRUN" /bin/busybox sh -c 'exit 3'
	"${as_nobody[@]}" "$SEALRUN" /bin/busybox sleep 30 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	wait_untraced "$PID" "$BB"
	run -0 all_sealed "$PID" "$BB"
	kill "$PID"
	echo 2 >"$YAMA"
	run -125 "${as_nobody[@]}" "$SEALRUN" /bin/busybox sh -c 'exit 3'
	assert_output --partial "ptrace"
	assert_output --partial "denied"
	run -3 "${as_nobody[@]}" "$SEALRUN" --best-effort /bin/busybox sh -c 'exit 3'
	assert_output --partial "warning"
	# Root has CAP_SYS_PTRACE: traced and sealed under 2 too.
	"$SEALRUN" /bin/busybox sleep 30 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	wait_untraced "$PID" "$BB"
	run -0 all_sealed "$PID" "$BB"
}

# A static Go program (no cgo, tests/static/selfprotect.go) that tries
# mprotect on its own text: helpers/selfprotect-go where the harness
# built it (tests/vm/run.sh), else built here once, cached.
goprog() {
	local p=$SEALTOOLS_BUILD/helpers/selfprotect-go rc=0
	if [ ! -x "$p" ]; then
		p=$BATS_RUN_TMPDIR/selfprotect-go
		[ -x "$p" ] || "$BATS_TEST_DIRNAME/../static/gobuild.sh" "$(go env GOARCH 2>/dev/null)" "$p" || rc=$?
		[ "$rc" -ne 2 ] || skip "golang-go not installed"
		[ "$rc" -eq 0 ] || fail "go build failed"
	fi
	echo "$p"
}

@test "static Go program: its own mprotect on its text is refused (EPERM); unsealed it succeeds" {
	local p
	p=$(goprog)
	file_is_static "$p"
	run -0 "$p"
	assert_output "mprotect ok"
	run -3 "$SEALRUN" "$p"
	assert_output "true"
}

@test "what a static program executes: dynamic programs sealed by the sealer, static ones from outside (the supervisor)" {
	run -0 "$SEALRUN" -n /bin/busybox true
	assert_line "sealrun: plan: statically linked: sealed from outside through ptrace"
	assert_line --partial "sealed the same way, or are refused (the supervisor judges every exec)"
	# The environment sealrun built stays: a dynamic child loads the sealer.
	local sleep
	sleep=$(readlink -f "$(type -P sleep)")
	! file_is_static "$sleep" || skip "$sleep is static"
	"$SEALRUN" /bin/busybox sh -c "exec $sleep 30" 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	wait_untraced "$PID" "$sleep"
	# Past its loader, where the sealer sealed it.
	wait_blocked "$PID" "$sleep"
	run -0 "$SEALCTL" verify "$PID"
	run -0 "$TRYPROTECT" "$PID" "$sleep"
	assert_output EPERM
}
