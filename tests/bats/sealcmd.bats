#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# sealctl seal on real processes: sleep, a helper blocked in several
# system calls, python3's http.server while it serves, nginx master and
# workers; then every refusal.  Each seal is proven by the kernel: an
# mprotect injected into the process (helpers/tryprotect) succeeds
# before and fails with EPERM after, and sealctl verify passes.

load common
load ../nginx

TRYPROTECT=$SEALTOOLS_BUILD/helpers/tryprotect
BLOCKED=$SEALTOOLS_BUILD/helpers/blocked

setup() {
	"$SEALTOOLS_BUILD/helpers/sealcall" >/dev/null 2>&1 || skip "mseal not supported by this kernel"
}

teardown() {
	# nginx's master stops its workers on SIGTERM (killed, it would
	# leave them running).
	if [ -n "${NGINX_MASTER:-}" ] && kill -TERM "$NGINX_MASTER" 2>/dev/null; then
		wait "$NGINX_MASTER" || :
	fi
	stop_helpers
}

# GET / from 127.0.0.1:PORT; prints the body.
get() { # PORT
	local reply
	exec 5<>"/dev/tcp/127.0.0.1/$1" || return 1
	printf 'GET / HTTP/1.0\r\n\r\n' >&5
	reply=$(cat <&5)
	exec 5>&-
	[[ "$reply" == "HTTP/1."[01]" 200 "* ]] || return 1
	printf '%s\n' "${reply##*$'\r\n\r\n'}"
}

# The path of the program a process runs.
exe_of() {
	readlink "/proc/$1/exe"
}

@test "seal sleep: sealed, checked, verify passes, mprotect refused, exit status kept" {
	# The sleep must still sleep when sealctl seals it: 5 s, or longer on
	# a machine too slow for the three steps before the seal, where the
	# sleep ended by itself first (with its status 0 after its time: that
	# is checked too).  Once sealed it is stopped (SIGSTOP): it cannot end
	# while the checks after the seal take what time they need, and its
	# sleep keeps its end.
	local n pid t0 rc before verified
	for n in 5 30 120; do
		t0=$SECONDS
		sleep "$n" 3>&- &
		pid=$!
		HELPER_PIDS+=("$pid")
		wait_blocked "$pid" sleep
		run "$TRYPROTECT" "$pid" "$(exe_of "$pid")"
		before=$output
		run "$SEALCTL" verify -q "$pid"
		verified=$status
		run "$SEALCTL" seal "$pid"
		kill -STOP "$pid" 2>/dev/null || :
		wait_for --while "$pid" state_is "$pid" T && break
		rc=0
		wait "$pid" || rc=$?
		[ "$rc" -eq 0 ] && [ $((SECONDS - t0)) -ge $((n - 1)) ] ||
			fail "sleep $n ended with status $rc after $((SECONDS - t0)) s: $output"
	done
	assert_success
	assert_output --regexp "^$pid \(sleep\): sealed [0-9]+ ranges?, checked; stopped [0-9.]+ ms$"
	assert_equal "$before" 0
	assert_equal "$verified" 1
	run "$SEALCTL" verify "$pid"
	assert_success
	run "$TRYPROTECT" "$pid" "$(exe_of "$pid")"
	assert_output EPERM
	# Sealing twice finds nothing left to do.
	run "$SEALCTL" seal "$pid"
	assert_success
	assert_output --regexp "sealed 0 ranges"
	kill -CONT "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 0 ]
	[ $((SECONDS - t0)) -ge $((n - 1)) ]
}

@test "seal --dry-run prints the plan and changes nothing" {
	sleep 100 3>&- &
	local pid=$!
	HELPER_PIDS+=("$pid")
	wait_blocked "$pid" sleep
	run "$SEALCTL" seal --dry-run "$pid"
	assert_success
	assert_line --regexp "^$pid \(sleep\): would seal [0-9]+ ranges$"
	assert_line --regexp "^  [0-9a-f]+-[0-9a-f]+ r--p /usr/bin/sleep$"
	run "$SEALCTL" verify -q "$pid"
	assert_failure 1
	run "$TRYPROTECT" "$pid" "$(exe_of "$pid")"
	assert_output 0
	[ "$(awk '/^TracerPid:/ { print $2 }' "/proc/$pid/status")" = 0 ]
}

@test "seal a program blocked in read, epoll_wait, nanosleep, futex: each call resumes" {
	mkfifo "$BATS_TEST_TMPDIR/in"
	"$BLOCKED" <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out" 2>&1 3>&- &
	local pid=$!
	HELPER_PIDS+=("$pid")
	exec 7>"$BATS_TEST_TMPDIR/in"
	wait_for --while "$pid" grep -qx ready "$BATS_TEST_TMPDIR/out" ||
		fail "blocked did not get ready: $(cat "$BATS_TEST_TMPDIR/out")"
	run "$SEALCTL" seal --policy strict "$pid"
	assert_success
	run "$SEALCTL" verify --policy strict "$pid"
	assert_success
	echo mprotect >&7
	echo go >&7
	exec 7>&-
	local rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 0 ] || fail "blocked exited $rc: $(cat "$BATS_TEST_TMPDIR/out")"
	run cat "$BATS_TEST_TMPDIR/out"
	assert_line "mprotect EPERM"
	assert_line "read ok"
	assert_line "epoll_wait ok"
	assert_line "nanosleep ok"
	assert_line "futex ok"
	assert_line done
}

# A thread stopped inside an rseq critical section must leave it through
# its abort handler, as after any preemption; an injected call returns
# outside the section, so the kernel only forgets it, and the thread
# restored inside it committed an interrupted section (one commit every
# time on 4f8e80d).  A busy process on the same CPU preempts it every few
# milliseconds: a section of 10^9 iterations never commits honestly.
@test "seal a thread inside an rseq critical section: it leaves through its abort handler" {
	[ "$(uname -m)" = x86_64 ] || skip "the rseq helper is x86_64 only"
	local hog out=$BATS_TEST_TMPDIR/rseq.err
	taskset -c 0 sh -c 'while :; do :; done' &
	hog=$!
	HELPER_PIDS+=("$hog")
	taskset -c 0 "$SEALTOOLS_BUILD/helpers/rseqspin" >"$BATS_TEST_TMPDIR/rseq.out" 2>"$out" &
	local pid=$!
	HELPER_PIDS+=("$pid")
	wait_for --while "$pid" grep -q '^aborts [1-9]' "$out" ||
		fail "rseqspin: $(cat "$BATS_TEST_TMPDIR/rseq.out" "$out")"
	grep -q 'commits 0$' <(tail -1 "$out") || skip "a section committed unsealed: the CPU was not shared"
	run -0 "$SEALCTL" seal "$pid"
	# Long enough for the rest of an interrupted section to run out.
	sleep 4
	run tail -1 "$out"
	assert_output --regexp '^aborts [0-9]+ commits 0$'
}

@test "seal python3 -m http.server while it serves: it keeps serving, verify passes" {
	[ -x /usr/bin/python3 ] || skip "no python3"
	local port pid i n=0
	port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	(cd "$BATS_TEST_TMPDIR" && echo hello >index.html &&
		exec /usr/bin/python3 -m http.server --bind 127.0.0.1 "$port" >/dev/null 2>&1 3>&-) &
	pid=$!
	HELPER_PIDS+=("$pid")
	wait_for --while "$pid" get "$port" >/dev/null 2>&1 || fail "http.server does not answer"
	# Requests in flight while it is sealed.
	(for ((i = 0; i < 40; i++)); do get "$port" 2>/dev/null || echo FAILED; done \
		>"$BATS_TEST_TMPDIR/replies") 3>&- &
	local load=$!
	run "$SEALCTL" seal "$pid"
	assert_success
	wait "$load"
	n=$(grep -c hello "$BATS_TEST_TMPDIR/replies")
	[ "$n" -eq 40 ] || fail "$n of 40 replies: $(sort "$BATS_TEST_TMPDIR/replies" | uniq -c)"
	run get "$port"
	assert_output hello
	run "$SEALCTL" verify "$pid"
	assert_success
	run "$TRYPROTECT" "$pid" "$(exe_of "$pid")"
	assert_output EPERM
}

@test "seal nginx master and workers: they keep serving, verify passes" {
	[ -x /usr/sbin/nginx ] || skip "nginx is not installed"
	id www-data >/dev/null 2>&1 || skip "no user www-data"
	local ngx port master workers i
	ngx=$BATS_TEST_TMPDIR/nginx
	mkdir -p "$ngx" && chmod 755 "$BATS_TEST_TMPDIR" "$ngx"
	port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	nginx_conf --workers 2 "$ngx" >"$ngx/nginx.conf" \
		<<<"server { listen 127.0.0.1:$port; location / { return 200 \"served\n\"; } }"
	/usr/sbin/nginx -p "$ngx" -c "$ngx/nginx.conf" -e "$ngx/error.log" >"$ngx/out" 2>&1 3>&- &
	master=$!
	NGINX_MASTER=$master
	# Two workers, and an answer.
	serving() {
		workers=$(pgrep -u www-data -P "$master" | tr '\n' ' ')
		[ "$(wc -w <<<"$workers")" -eq 2 ] && get "$port" >/dev/null 2>&1
	}
	wait_for --while "$master" serving || fail "nginx has no 2 workers: $(cat "$ngx/error.log")"
	# shellcheck disable=SC2086 # one PID a word
	run "$SEALCTL" seal "$master" $workers
	assert_success
	[ "$(grep -c 'checked; stopped' <<<"$output")" -eq 3 ]
	for i in 1 2 3 4 5 6; do
		run get "$port"
		assert_output served
	done
	# shellcheck disable=SC2086 # one PID a word
	run "$SEALCTL" verify "$master" $workers
	assert_success
	run "$TRYPROTECT" "${workers%% *}" /usr/sbin/nginx
	assert_output EPERM
	kill -TERM "$master"
	wait "$master" || true
	[ -z "$(pgrep -P "$master")" ]
}

@test "seal refuses a process traced by another" {
	strace -o /dev/null sleep 100 3>&- &
	local tracer=$! pid=
	HELPER_PIDS+=("$tracer")
	# strace's child, past its exec and its loader, traced by strace.
	traced_sleep() {
		pid=$(pgrep -x sleep -P "$tracer") && blocked_in "$pid" "$(readlink -f "$(type -P sleep)")" &&
			traced_by "$pid" "$tracer"
	}
	wait_for --while "$tracer" traced_sleep || fail "no traced sleep under strace $tracer"
	# Killed, strace lets its sleep go on: stopped with it.
	HELPER_PIDS+=("$pid")
	run "$SEALCTL" seal "$pid"
	assert_failure 2
	assert_output "sealctl: $pid (sleep): refused: traced by another process (TracerPid)"
}

@test "seal refuses a zombie, a kernel thread, a vanished PID" {
	start_zombie
	run "$SEALCTL" seal "$ZOMBIE"
	assert_failure 2
	assert_output --regexp "^sealctl: $ZOMBIE \(.*\): refused: a zombie"
	run "$SEALCTL" seal 2
	assert_failure 2
	assert_output "sealctl: 2 (kthreadd): refused: a kernel thread: it has no address space of its own"
	sleep 0 &
	local gone=$!
	wait "$gone"
	run "$SEALCTL" seal "$gone"
	assert_failure 2
	assert_output "sealctl: $gone: no such process"
}

@test "seal as nobody of another user's process: permission denied, nothing changed" {
	sleep 100 3>&- &
	local pid=$!
	HELPER_PIDS+=("$pid")
	wait_blocked "$pid" sleep
	run as_nobody "$SEALCTL" seal "$pid"
	assert_failure 2
	assert_output --regexp "^sealctl: $pid \(sleep\): .*permission denied"
	run "$SEALCTL" verify -q "$pid"
	assert_failure 1
}

@test "seal: the worst exit status of several PIDs; usage errors exit 64" {
	sleep 100 3>&- &
	local pid=$!
	HELPER_PIDS+=("$pid")
	wait_blocked "$pid" sleep
	run "$SEALCTL" seal "$pid" 2
	assert_failure 2
	run "$SEALCTL" verify -q "$pid"
	assert_success
	run "$SEALCTL" seal
	assert_failure 64
	run "$SEALCTL" seal --policy bogus "$pid"
	assert_failure 64
	assert_output --partial "unknown word 'bogus'"
	run "$SEALCTL" seal --policy wx "$pid"
	assert_failure 64
	run "$SEALCTL" seal -- -1
	assert_failure 64
}

@test "seal a static program (busybox): its ELF segments, as verify finds them" {
	local bb
	bb=$(command -v busybox) || skip "no busybox"
	! readelf -lW "$bb" | grep -q 'Requesting program interpreter' || skip "busybox is not static here"
	"$bb" sleep 100 3>&- &
	local pid=$!
	HELPER_PIDS+=("$pid")
	wait_blocked "$pid" "$bb"
	run "$TRYPROTECT" "$pid" "$(exe_of "$pid")"
	assert_output 0
	run "$SEALCTL" seal "$pid"
	assert_success
	run "$SEALCTL" verify "$pid"
	assert_success
	assert_output --partial "not the loader's list"
	run "$TRYPROTECT" "$pid" "$(exe_of "$pid")"
	assert_output EPERM
}

@test "seal again and again while 8 threads dlopen and dlclose: the loader never breaks" {
	local storm=$BATS_TEST_TMPDIR/storm n pid ok=0 rc err
	mkdir -p "$storm"
	for n in $(seq 0 15); do
		printf 'int storm_value(void) { return %d; }\n' "$n" >"$storm/l$n.c"
		gcc -shared -fPIC -o "$storm/libstorm$n.so" "$storm/l$n.c"
	done
	# -p: pauses between rounds, so that a seal (slow under ASan) finds
	# the loader consistent now and then.
	"$SEALTOOLS_BUILD/helpers/dlstorm" "$storm" -p >"$storm/out" 2>&1 3>&- &
	pid=$!
	HELPER_PIDS+=("$pid")
	while kill -0 "$pid" 2>/dev/null; do
		rc=0
		err=$("$SEALCTL" seal -q "$pid" 2>&1) || rc=$?
		[ "$rc" -eq 0 ] && ok=$((ok + 1))
		# 1 only as "the loader is changing", never a seal gone wrong.
		[ "$rc" -ne 1 ] || [[ "$err" == *"its loader is changing"* ]] || fail "seal failed: $err"
	done
	rc=0
	wait "$pid" || rc=$?
	# 2: it saw libraries open after dlopen (loaded after a seal); 1
	# would be a dlopen or a check that failed.
	[ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] || fail "dlstorm exited $rc: $(cat "$storm/out")"
	grep -qx done "$storm/out"
	[ "$ok" -ge 1 ]
}

@test "seal leaves a page the program made read-only in its .data: it can make it writable again" {
	local fifo=$BATS_TEST_TMPDIR/in out=$BATS_TEST_TMPDIR/out pid addr
	mkfifo "$fifo"
	"$SEALTOOLS_BUILD/helpers/ownprotect" <"$fifo" >"$out" 2>&1 3>&- &
	pid=$!
	HELPER_PIDS+=("$pid")
	exec 4>"$fifo"
	wait_for grep -q '^ready ' "$out"
	addr=$(awk '/^ready /{print $2}' "$out")
	run "$SEALCTL" seal "$pid"
	assert_success
	assert_output --partial "sealed"
	assert_output --regexp "left unsealed: $addr-[0-9a-f]+ r--p .*ownprotect: the program changed its protection"
	# The rest is sealed: its code refuses mprotect.
	run "$SEALTOOLS_BUILD/helpers/tryprotect" "$pid" "$(readlink "/proc/$pid/exe")"
	assert_output EPERM
	# verify tells the truth: that page is not sealed.
	run "$SEALCTL" verify "$pid"
	assert_failure 1
	assert_output --regexp "$addr-[0-9a-f]+ r--p data +.*ownprotect"
	echo done >&4
	exec 4>&-
	wait "$pid"
	run cat "$out"
	assert_line ok
}

@test "seal leaves a RELRO page the program made writable (after waiting for its loader): it can protect it again" {
	local fifo=$BATS_TEST_TMPDIR/in out=$BATS_TEST_TMPDIR/out pid addr
	mkfifo "$fifo"
	"$SEALTOOLS_BUILD/helpers/ownprotect" relro <"$fifo" >"$out" 2>&1 3>&- &
	pid=$!
	HELPER_PIDS+=("$pid")
	exec 4>"$fifo"
	wait_for grep -q '^ready ' "$out"
	addr=$(awk '/^ready /{print $2}' "$out")
	run "$SEALCTL" seal "$pid"
	assert_success
	assert_output --regexp "left unsealed: $addr-[0-9a-f]+ rw-p .*ownprotect: RELRO still writable"
	run "$SEALCTL" verify "$pid"
	assert_failure 1
	# The kernel merged that page with the data after it: all of it is left.
	assert_line --regexp "^  $addr-[0-9a-f]+ rw-p relro\+data +.*/ownprotect$"
	echo done >&4
	exec 4>&-
	wait "$pid"
	run cat "$out"
	assert_line ok
}
