#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Concurrency (issue 6): the sealer under threads that dlopen and dlclose
# at once, and sealctl inspect --all while processes come and go.

load common

setup_file() {
	export SEALRUN=$SEALTOOLS_BUILD/sealrun H=$SEALTOOLS_BUILD/helpers
	STORM=$(mktemp -d /tmp/concurrency-bats.XXXXXX)
	export STORM
	# Sixteen libraries, two per thread: libstormN.so answers N.
	local n
	for n in $(seq 0 15); do
		printf 'int storm_value(void) { return %d; }\n' "$n" >"$STORM/l$n.c"
		gcc -shared -fPIC -o "$STORM/libstorm$n.so" "$STORM/l$n.c" &
	done
	wait
}

teardown_file() {
	rm -rf "${STORM:?}"
}

teardown() {
	stop_helpers
}

@test "without sealrun, dlstorm's checks see open libraries (they can fail)" {
	run -2 timeout 60 "$H/dlstorm" "$STORM"
	assert_line "sealed 0 open 800"
	assert_line --regexp '^objects: sealed 0 open [1-9][0-9]*$'
}

@test "8 threads dlopen and dlclose 16 libraries 100 times each: no crash or hang, each sealed" {
	local i
	# Several runs: a race shows up as a wrong count, a crash or a hang.
	for ((i = 0; i < 5; i++)); do
		run timeout 60 "$SEALRUN" "$H/dlstorm" "$STORM"
		[ "$status" -eq 0 ] || fail "run $i: exit $status (124: hung): $output"
		assert_line "sealed 800 open 0"
		# What is still loaded at the end: the program, libc, ld.so.
		assert_line --regexp '^objects: sealed ([3-9]|[1-9][0-9]) open 0$'
		assert_line done
	done
}

@test "after the storm, smaps shows all 16 libraries loaded and every mapping of them sealed" {
	local out=$BATS_TEST_TMPDIR/out
	# sealrun execs in place: $! is dlstorm.  No timeout(1) in between,
	# so that the stopped process is the one waited for; a hang fails
	# the wait below and teardown kills it.
	"$SEALRUN" "$H/dlstorm" "$STORM" -s >"$out" 2>&1 3>&- &
	local pid=$!
	HELPER_PIDS+=("$pid")
	wait_for --while "$pid" state_is "$pid" T || fail "dlstorm did not stop: $(cat "$out")"
	assert_equal "$(tail -n 1 "$out")" done
	# dlclose forgot them, but the kernel refused to unmap them: every
	# copy ever loaded stays mapped, and sealed.
	run -0 awk -v dir="$STORM/" '
		/^[0-9a-f]+-[0-9a-f]+ / { path = $6 }
		/^VmFlags:/ && index(path, dir) == 1 {
			seen[path] = 1
			if ($0 !~ / sl( |$)/) print "open:", path
		}
		END { print length(seen), "libraries" }' "/proc/$pid/smaps"
	assert_output "16 libraries"
	kill -CONT "$pid"
	wait "$pid"
}

@test "sealctl inspect --all while processes start and exit: exit 0 or 1, valid JSON" {
	# Short-lived processes, as fast as the shell can start them; each
	# maps something first so that smaps has a little to read.
	(
		exec 3>&-
		while :; do
			for i in 1 2 3 4 5 6 7 8; do
				/bin/sh -c 'exec true' &
				head -c 1 /dev/zero >/dev/null &
			done
			wait
		done
	) &
	HELPER_PIDS+=("$!")
	local i rc err=$BATS_TEST_TMPDIR/err
	for ((i = 0; i < 40; i++)); do
		rc=0
		"$SEALCTL" inspect --all -J -v >"$BATS_TEST_TMPDIR/json" 2>"$err" || rc=$?
		[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || fail "round $i: exit $rc: $(cat "$err")"
		jq -e '.processes | type == "array"' "$BATS_TEST_TMPDIR/json" >/dev/null ||
			fail "round $i: invalid JSON"
		# Only the expected complaints: a process gone or unreadable.
		if grep -vE '^sealctl: ([0-9]+: (no such process|permission denied) \(.*\)|[0-9]+ process(es)? could not be read.*)$' "$err"; then
			fail "round $i: unexpected message"
		fi
	done
	# The table and the summary forms under the same churn.
	for ((i = 0; i < 10; i++)); do
		rc=0
		"$SEALCTL" inspect --all --sealed >/dev/null 2>"$err" || rc=$?
		[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || fail "table: exit $rc: $(cat "$err")"
	done
}
