#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Sanitizers and leaks, in TAP (run by tests/run):
#   1. sealctl, sealrun, the exec guard and the unit tests built with
#      ASan+UBSan into ASAN_B (make asan), the unit tests run, inherit-attacks.bats
#      with the instrumented guard, then the sealctl bats files (status,
#      inspect, verify, metrics, badinput, concurrency, sealcmd, static,
#      hostile) against them;
#   2. sealctl inspect --all (table and JSON) and verify --all under
#      valgrind memcheck: no error, nothing definitely lost.
# A sanitizer report fails a test even where exit 1 is expected: ASan's
# go to files, which must not exist afterwards; UBSan's exit 87.
#
# Usage: B=BUILD_DIR [ASAN_B=DIR] tests/sanitize.sh
set -u
cd "$(dirname "$0")/.." || exit 1
B=${B:-build/$(uname -m)}
A=${ASAN_B:-build/asan-$(uname -m)}
n=0 failed=0
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

pass() { echo "ok $((++n)) - $*"; }
fail() { echo "not ok $((++n)) - $*"; failed=$((failed + 1)); }

# Run a TAP producer; print its tests renumbered into ours, named.
sub() { # NAME CMD...
	local name=$1 out rc t0=$SECONDS; shift
	out=$("$@" 2>&1)
	rc=$?
	echo "# $name: $((SECONDS - t0)) s"
	while IFS= read -r line; do
		if [[ $line =~ ^(not\ )?ok\ [0-9]+\ ?-?\ ?(.*)$ ]]; then
			if [ -n "${BASH_REMATCH[1]}" ]; then
				fail "$name: ${BASH_REMATCH[2]}"
			else
				echo "ok $((++n)) - $name: ${BASH_REMATCH[2]}"
			fi
		elif [[ $line != 1..* ]]; then
			echo "# $line"
		fi
	done <<<"$out"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' <<<"$out"; then
		fail "$name: exited $rc"
	fi
}

# ASan and LeakSanitizer reports land in $logs/san.PID, and make the
# program exit 86.  UBSan's (built with -fno-sanitize-recover) go to
# stderr whatever log_path says, so they are caught by their status, 87,
# which no test expects.
export ASAN_OPTIONS="log_path=$logs/san:detect_leaks=1:halt_on_error=1:exitcode=86"
export UBSAN_OPTIONS="log_path=$logs/san:print_stacktrace=1:halt_on_error=1:exitcode=87"
no_reports() { # WHAT
	local f
	if compgen -G "$logs/san.*" >/dev/null; then
		fail "$1: sanitizer reports"
		for f in "$logs"/san.*; do sed 's/^/#   /' "$f" | head -n 30; done
		rm -f "$logs"/san.*
	else
		pass "$1: no sanitizer report"
	fi
}

t0=$SECONDS
if make -s --no-print-directory ASAN_B="$A" asan >"$logs/build" 2>&1; then
	pass "ASan+UBSan build in $A ($((SECONDS - t0)) s)"
	# The ordinary build's helpers: the unit tests that inject faults
	# run themselves under helpers/denyseal; the bats files below use
	# the others.
	ln -sfn "$PWD/$B/helpers" "$A/helpers"
	for t in "$A"/tests/test_*; do
		[ -x "$t" ] && sub "asan ${t##*/}" "$t"
	done
	no_reports "unit tests"
	# Leaks on the paths a run can take, the error paths included (exit
	# 0, 1, 2 or 64; the sanitizers' own statuses are 86 and 87).
	for args in "status" "status --json" "inspect self" "inspect --summary -J self" \
		    "inspect -r -o +VMFLAGS,INODE self" "inspect -P --sealed self $$" \
		    "inspect -s -y -J self" "inspect -s -P --output-all self" "inspect -H" \
		    "inspect 0" "inspect -o bogus self" "inspect 999999999" \
		    "verify self" "verify -J -p strict,-stack self" "verify -p bogus self" \
		    "inspect --all" "inspect --all -J -p strict" "inspect -s -p default self" \
		    "verify --all" "verify --all -J -v" \
		    "metrics" "metrics -p strict,wx -o $logs/sealtools.prom" \
		    "metrics -o /nonexistent/sealtools.prom" "metrics -p bogus"; do
		# shellcheck disable=SC2086 # the arguments are meant to split
		"$A/sealctl" $args >/dev/null 2>&1
		rc=$?
		case $rc in
		0|1|2|64) pass "asan sealctl $args: exit $rc" ;;
		*) fail "asan sealctl $args: exit $rc" ;;
		esac
	done
	# The same where nothing is sealed and next to nothing runs: a PID
	# namespace of its own (empty lists, no service selected).
	for args in "metrics" "metrics --every" "verify --all" "verify --all --every -J" \
		    "inspect --all" "inspect --all -J --sealed"; do
		# shellcheck disable=SC2086 # the arguments are meant to split
		unshare -fp --mount-proc "$A/sealctl" $args >/dev/null 2>&1
		rc=$?
		case $rc in
		0|1|2|64) pass "asan sealctl $args, alone in a PID namespace: exit $rc" ;;
		*) fail "asan sealctl $args, alone in a PID namespace: exit $rc" ;;
		esac
	done
	no_reports "sealctl runs, leaks checked"

	# The exec guard instrumented, in every program of inherit-attacks.bats
	# (dlsym and dlvsym, the exec paths, vfork children) beside the
	# ordinary sealrun and sealer.  ASan's runtime is preloaded first
	# (the guard comes first after it): loaded only as the guard's
	# dependency, after the C library, it would not see vfork, and a
	# vfork child's stack poisoning would stay behind in its parent.
	guard=$(mktemp -d)
	cp "$A/libsealexec.so" "$B/sealrun" "$B/libsealrun.so" "$guard/"
	ln -s "$PWD/$B/helpers" "$guard/helpers"
	chmod 755 "$guard"
	asan_rt=$(ldd "$A/libsealexec.so" | awk '$1 ~ /^libasan/ { print $3 }')
	sub "asan guard: inherit-attacks.bats" env LD_PRELOAD="$asan_rt" SEALTOOLS_BUILD="$guard" \
		ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0:verify_asan_link_order=0" \
		bats --tap tests/bats/inherit-attacks.bats
	rm -rf "$guard"
	no_reports "the instrumented exec guard under bats"

	# The bats files find sealctl, sealrun and the helpers in
	# SEALTOOLS_BUILD: the instrumented sealctl and sealrun, the helpers
	# of the ordinary build, and its sealer (an instrumented one cannot be
	# preloaded into uninstrumented programs; sealrun also looks for the
	# sealer beside itself).  Some
	# tests run sealctl under strace, where the leak checker cannot work:
	# leaks were checked just above.
	ln -sf "$PWD/$B/libsealrun.so" "$A/libsealrun.so"
	ln -sf "$PWD/$B/libsealexec.so" "$A/libsealexec.so"
	[ -e "$A/helpers" ] || ln -s "$PWD/$B/helpers" "$A/helpers"
	pub=$(tests/publish.sh "$PWD/$A")
	for f in status inspect verify metrics badinput concurrency sealcmd static hostile; do
		[ -e "tests/bats/$f.bats" ] || continue
		ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 \
			sub "asan $f.bats" env SEALTOOLS_BUILD="$pub" bats --tap "tests/bats/$f.bats"
	done
	[ "$pub" = "$PWD/$A" ] || rm -rf "$pub"
	no_reports "sealctl under bats"
else
	fail "ASan+UBSan build in $A"
	sed 's/^/#   /' "$logs/build" | tail -n 20
fi
unset ASAN_OPTIONS UBSAN_OPTIONS

# valgrind: exit 0 (all read) or 1 (some process unreadable) only; 99 is
# valgrind's own status for an error or a definite leak.
for args in "inspect --all" "inspect --all --json" "verify --all -J" "inspect -s -y -J self" \
	"inspect -s -P --output-all self"; do
	t0=$SECONDS
	# shellcheck disable=SC2086 # the options are meant to split
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite --log-file="$logs/vg" \
		"$B/sealctl" $args >"$logs/out" 2>/dev/null
	rc=$?
	# valgrind 3.19 (Debian 12) does not know openat2 (437 on both
	# ISAs): the call fails with ENOSYS, and sealctl then opens nothing
	# inside a process's root (common/safeopen.c), which is safe.  Its
	# five-line warning is no error of ours.
	grep -v -e 'unhandled [a-z0-9]*-linux syscall: 437$' -e 'write your own handler' \
		-e 'README_MISSING_SYSCALL_OR_IOCTL' -e 'Nevertheless we consider this a bug' \
		-e 'valgrind.org/support/bug_reports.html' "$logs/vg" >"$logs/vg.left" || :
	mv "$logs/vg.left" "$logs/vg"
	if { [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; } && [ ! -s "$logs/vg" ]; then
		pass "valgrind: sealctl $args: exit $rc, no error, no leak ($((SECONDS - t0)) s)"
	else
		fail "valgrind: sealctl $args: exit $rc"
		sed 's/^/#   /' "$logs/vg" | head -n 40
	fi
done

echo "1..$n"
[ "$failed" -eq 0 ]
