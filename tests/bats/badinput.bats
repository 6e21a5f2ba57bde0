#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Bad input, end to end (issue 6): odd arguments, processes that vanish or
# hide, awkward mappings, and programs sealrun must refuse or run without
# harm.  Each case: a clear message, the documented exit status (sealctl(8):
# inspect 0/1/64; sealrun(1): 125/126/127 or the program's own), no crash.
# The cases inspect.bats and sealrun.bats already cover are not repeated.
# tests/sanitize.sh also runs this file against an ASan+UBSan sealctl.

load common

setup_file() {
	export SEALRUN=$SEALTOOLS_BUILD/sealrun H=$SEALTOOLS_BUILD/helpers
	# Reachable by nobody (bats' own temporary directories are private).
	PUB=$(mktemp -d /tmp/badinput-bats.XXXXXX)
	chmod 755 "$PUB"
	export PUB
}

teardown_file() {
	rm -rf "${PUB:?}"
}

teardown() {
	stop_helpers
}

# ---- PID arguments -------------------------------------------------------------

@test "PIDs past every integer type, with junk, or 10,000 characters long: usage error 64" {
	local digits letters
	digits=$(head -c 10000 /dev/zero | tr '\0' 1)
	letters=$(head -c 10000 /dev/zero | tr '\0' x)
	for pid in 18446744073709551616 18446744073709551615 99999999999999999999999 1x \
		   4294967297 -2147483648 "$digits" "$letters"; do
		# (Globs, not regexes: bash's regex on 10,000 bytes is slow.)
		run -64 --separate-stderr "$SEALCTL" inspect -- "$pid"
		[[ ${stderr_lines[0]} == "sealctl inspect: invalid PID '$pid'"* ]] || fail "$stderr"
		assert_equal "$output" ""
		run -64 --separate-stderr "$SEALCTL" verify -- "$pid"
		[[ $stderr == *"invalid PID"* ]] || fail "$stderr"
	done
}

@test "the same PID twice: read twice, exit 0, valid JSON" {
	start_sealmap -n 2
	local once twice
	run -0 --separate-stderr "$SEALCTL" inspect -J "$HELPER_PID"
	once=$(jq '.mappings | length' <<<"$output")
	run -0 --separate-stderr "$SEALCTL" inspect -J "$HELPER_PID" "$HELPER_PID" self self
	twice=$(jq --argjson p "$HELPER_PID" '[.mappings[] | select(.pid == $p)] | length' <<<"$output")
	[ "$twice" -eq "$once" ] || [ "$twice" -eq $((2 * once)) ] || fail "$once rows, then $twice"
	assert_equal "$stderr" ""
	run -0 --separate-stderr "$SEALCTL" inspect -s -J "$HELPER_PID" "$HELPER_PID"
	run -0 jq -e '.objects | length > 0' <<<"$output"
}

# ---- processes that vanish or hide ------------------------------------------------

@test "a 60,000-VMA process killed in the middle of inspect: no such process, none of its rows" {
	local fifo=$BATS_TEST_TMPDIR/fifo out=$BATS_TEST_TMPDIR/out err=$BATS_TEST_TMPDIR/err
	mkfifo "$fifo"
	# Read-write on a FIFO: manyvmas never sees end of input; it waits.
	"$H/manyvmas" 60000 <>"$fifo" >"$BATS_TEST_TMPDIR/ready" 2>/dev/null 3>&- &
	local mpid=$!
	HELPER_PIDS+=("$mpid")
	wait_for --while "$mpid" grep -q '^ready' "$BATS_TEST_TMPDIR/ready" || fail "manyvmas not ready"

	"$SEALCTL" inspect -o PID,START "$mpid" >"$out" 2>"$err" 3>&- &
	local spid=$! fd pos=0 i
	# Kill the target once sealctl has read part of its smaps (about 47
	# MB): checked often, to catch it mid-read; either outcome is judged.
	for ((i = 0; i < 3000; i++)); do
		fd=$(find "/proc/$spid/fd" -lname '*/smaps' -printf '%f\n' 2>/dev/null | head -n 1)
		[ -n "$fd" ] && pos=$(awk '/^pos:/ { print $2 }' "/proc/$spid/fdinfo/$fd" 2>/dev/null)
		[ "${pos:-0}" -gt 0 ] && break
		kill -0 "$spid" 2>/dev/null || break
		sleep 0.002
	done
	kill -9 "$mpid"
	local rc=0
	wait "$spid" || rc=$?
	if [ "${pos:-0}" -gt 0 ] && [ "$rc" -eq 1 ]; then
		assert_equal "$(cat "$err")" "sealctl: $mpid: no such process (smaps)"
		assert_equal "$(cat "$out")" ""
	else
		# sealctl was quicker than the kill: then it read everything.
		[ "$rc" -eq 0 ] || fail "exit $rc: $(cat "$err")"
		[ "$(wc -l <"$out")" -gt 60000 ] || fail "exit 0 with $(wc -l <"$out") lines"
	fi
}

@test "zombies and kernel threads under --summary and verify: nothing to read, no error" {
	local z kt
	start_zombie
	z=$ZOMBIE
	run -0 --separate-stderr "$SEALCTL" inspect -s -J "$z"
	assert_equal "$(jq '.objects | length' <<<"$output")" 0
	assert_equal "$stderr" ""
	run -0 --separate-stderr "$SEALCTL" verify -J "$z"
	run -0 jq -e . <<<"$output"
	kt=$(kernel_thread) || skip "no kernel thread visible"
	run -0 --separate-stderr "$SEALCTL" inspect -s -J "$kt" "$z"
	assert_equal "$(jq '.objects | length' <<<"$output")" 0
	assert_equal "$stderr" ""
}

# hidepid=2: other users' processes are not there at all.  In a private
# mount namespace, so the machine's /proc is untouched; as a user of the
# test's own (OWN_UID), whom no other process runs as.
@test "/proc with hidepid=2: an unprivileged --all sees only its own processes, exit 0" {
	command -v unshare >/dev/null || skip "no unshare"
	unshare -m --propagation private true 2>/dev/null || skip "no mount namespaces here"
	start_sealmap -n 1
	# shellcheck disable=SC2016 # expanded by the inner shell
	run -0 --separate-stderr unshare -m --propagation private sh -c '
		mount -t proc -o hidepid=2 proc /proc || exit 99
		setpriv --reuid="$1" --regid="$1" --clear-groups "$0" inspect -a -J' "$SEALCTL" "$OWN_UID"
	assert_equal "$stderr" ""
	# Only sealctl itself is visible to that user, and it is listed.
	run -0 jq -e '(.processes | length) >= 1 and all(.processes[]; .comm == "sealctl")' \
		<<<"$output"
	# A root process named explicitly does not exist for that user.
	# shellcheck disable=SC2016
	run -1 --separate-stderr unshare -m --propagation private sh -c '
		mount -t proc -o hidepid=2 proc /proc || exit 99
		setpriv --reuid="$2" --regid="$2" --clear-groups "$0" inspect "$1"' \
		"$SEALCTL" "$HELPER_PID" "$OWN_UID"
	assert_equal "$stderr" "sealctl: $HELPER_PID: no such process (smaps)"
}

# ---- awkward mappings ------------------------------------------------------------------

start_oddmaps() {
	ODD_DIR=$BATS_TEST_TMPDIR/odd
	mkdir -p "$ODD_DIR"
	ODD_OUT=$BATS_TEST_TMPDIR/oddmaps.out
	"$H/oddmaps" "$ODD_DIR" >"$ODD_OUT" 2>"$ODD_OUT.err" 3>&- &
	HELPER_PIDS+=("$!")
	if ! wait_for --while "$!" grep -qx ready "$ODD_OUT"; then
		alive "$!" && fail "oddmaps did not get ready"
		wait "$!" && :
		[ "$?" -eq 2 ] && skip "mseal not supported here"
		fail "oddmaps: $(cat "$ODD_OUT.err")"
	fi
	ODD_PID=$(awk '$1 == "pid" { print $2 }' "$ODD_OUT")
}

# START of the mapping LABEL made, as /proc prints it.
odd_start() {
	awk -v l="$1" '$1 == l { split($2, r, "-"); print r[1] }' "$ODD_OUT"
}

@test "paths with spaces, a newline, quotes and backslashes: kernel's escapes kept, one row each" {
	start_oddmaps
	run -0 --separate-stderr "$SEALCTL" inspect -J "$ODD_PID"
	local json=$output
	# The kernel prints a newline in a path as \012; nothing else changes.
	for case in "spaces:$ODD_DIR/name with spaces" "newline:$ODD_DIR/new\\012line" \
		    "quotes:$ODD_DIR/quote\"s 'and' back\\slash"; do
		local label=${case%%:*} path=${case#*:}
		run -0 jq -e --arg s "$(odd_start "$label")" --arg p "$path" \
			'[.mappings[] | select(.start == $s and .path == $p and .sealed)] | length == 1' \
			<<<"$json"
	done
	# Raw and pairs output stay one line per mapping: no raw newline leaks.
	run -0 --separate-stderr "$SEALCTL" inspect -r -n "$ODD_PID"
	assert_equal "${#lines[@]}" "$(smaps_count "$ODD_PID")"
	run -0 --separate-stderr "$SEALCTL" inspect -P "$ODD_PID"
	assert_equal "${#lines[@]}" "$(smaps_count "$ODD_PID")"
	# libsmartcols writes the quote and the backslash as \x22 and \x5c.
	assert_line --partial 'PATH="'"$ODD_DIR"'/quote\x22s '"'and'"' back\x5cslash"'
}

@test "memfd, deleted file, 1 TiB PROT_NONE reservation: kind, size and seal right" {
	start_oddmaps
	run -0 --separate-stderr "$SEALCTL" inspect -J "$ODD_PID"
	local json=$output
	run -0 jq -e --arg s "$(odd_start memfd)" \
		'[.mappings[] | select(.start == $s)][0] |
		 .path == "/memfd:odd memfd (deleted)" and .kind == "shm" and .sealed' <<<"$json"
	run -0 jq -e --arg s "$(odd_start deleted)" --arg p "$ODD_DIR/gone (deleted)" \
		'[.mappings[] | select(.start == $s)][0] | .path == $p and .sealed' <<<"$json"
	run -0 jq -e --arg s "$(odd_start tib)" \
		'[.mappings[] | select(.start == $s)][0] |
		 .size == 1099511627776 and .perms == "---p" and .sealed and .kind == "anon"' <<<"$json"
	run -0 --separate-stderr "$SEALCTL" inspect -o START,SIZE "$ODD_PID"
	assert_line --regexp "^$(odd_start tib) +1T$"
	run -0 --separate-stderr "$SEALCTL" inspect -s -b -o PATH,SIZE,SEALED-SIZE "$ODD_PID"
	assert_line --regexp '^ +1099511627776 +1099511627776$|^\[anon\] +[0-9]+ +[0-9]+$'
}

@test "[anon:name] regions keep their name and count as anonymous" {
	start_oddmaps
	grep -q '^anon-name ' "$ODD_OUT" ||
		skip "this kernel cannot name anonymous mappings (CONFIG_ANON_VMA_NAME)"
	run -0 --separate-stderr "$SEALCTL" inspect -J "$ODD_PID"
	run -0 jq -e --arg s "$(odd_start anon-name)" \
		'[.mappings[] | select(.start == $s)][0] |
		 .path == "[anon:odd name]" and .kind == "anon" and .sealed' <<<"$output"
}

# ---- sealrun ---------------------------------------------------------------------------

@test "sealrun: empty name, a directory, a broken symlink: env(1)'s statuses and a reason" {
	run -127 --separate-stderr "$SEALRUN" ''
	assert_equal "$stderr" "sealrun: '': No such file or directory"
	run -126 --separate-stderr "$SEALRUN" "$PUB"
	assert_equal "$stderr" "sealrun: $PUB: Permission denied"
	ln -s "$PUB/nowhere" "$PUB/broken"
	run -127 --separate-stderr "$SEALRUN" "$PUB/broken"
	assert_equal "$stderr" "sealrun: $PUB/broken: No such file or directory"
}

@test "sealrun: a script whose interpreter is missing: 127 naming the interpreter" {
	printf '#!%s/no-such-interpreter -x\necho hi\n' "$PUB" >"$PUB/orphan"
	chmod +x "$PUB/orphan"
	run -127 --separate-stderr "$SEALRUN" "$PUB/orphan"
	assert_regex "$stderr" "^sealrun: $PUB/orphan: .*$PUB/no-such-interpreter: No such file or directory$"
	assert_equal "$output" ""
}

# The largest last argument (or variable) with which sealrun still
# starts, by bisection with --dry-run (which execs nothing), sets LAST;
# BIG holds twenty 100,000-byte strings before it.  PROGRAM is /bin/true
# through a symlink with a 3,000-byte path: the exec of the program
# carries that path twice (file name and argv[0]) where sealrun's carried
# it once, so at LAST the program's exec is surely past the limit.
near_arg_max() { # args|env
	local chunk lo=0 hi=100000 mid d=$PUB i
	for ((i = 0; i < 30; i++)); do d=$d/$(printf '%099d' "$i"); done
	mkdir -p "$d"
	ln -sf /bin/true "$d/true"
	LONG_TRUE=$d/true
	chunk=$(head -c 100000 /dev/zero | tr '\0' a)
	BIG=()
	for ((i = 0; i < 20; i++)); do
		if [ "$1" = args ]; then BIG+=("$chunk"); else BIG+=("V$i=$chunk"); fi
	done
	fits() {
		if [ "$1" = args ]; then
			"$SEALRUN" --dry-run "$LONG_TRUE" "${BIG[@]}" "${chunk:0:$2}"
		else
			env "${BIG[@]}" "LAST=${chunk:0:$2}" "$SEALRUN" --dry-run "$LONG_TRUE"
		fi >/dev/null 2>&1
	}
	while ((hi - lo > 1)); do
		mid=$(((lo + hi) / 2))
		if fits "$1" "$mid"; then lo=$mid; else hi=$mid; fi
	done
	[ "$lo" -gt 8192 ] || fail "sealrun does not start with 2 MB of arguments ($lo)"
	LAST=${chunk:0:$lo}
}

@test "sealrun: argv near ARG_MAX runs whole; past it after sealrun's additions: 126, E2BIG" {
	near_arg_max args
	# shellcheck disable=SC2016
	run -0 "$SEALRUN" /bin/sh -c 'echo $# ${#1}' sh "${BIG[@]}" "${LAST:0:$((${#LAST} - 8192))}"
	assert_output "21 100000"
	run -126 --separate-stderr "$SEALRUN" "$LONG_TRUE" "${BIG[@]}" "$LAST"
	assert_equal "$stderr" "sealrun: $LONG_TRUE: Argument list too long"
}

@test "sealrun: an environment near ARG_MAX runs whole; past it: 126, E2BIG" {
	near_arg_max env
	# shellcheck disable=SC2016
	run -0 env "${BIG[@]}" "LAST=${LAST:0:$((${#LAST} - 8192))}" \
		"$SEALRUN" /bin/sh -c 'echo ${#LAST} ${#V19}'
	assert_output "$((${#LAST} - 8192)) 100000"
	run -126 --separate-stderr env "${BIG[@]}" "LAST=$LAST" "$SEALRUN" "$LONG_TRUE"
	assert_equal "$stderr" "sealrun: $LONG_TRUE: Argument list too long"
}

@test "sealrun: a bogus entry already in LD_PRELOAD: the loader's warning, the program sealed" {
	# The program reports whether its own code is sealed.
	# shellcheck disable=SC2016
	run -0 --separate-stderr env LD_PRELOAD="/no/such/lib.so" "$SEALRUN" /bin/sh -c \
		'awk "/^[0-9a-f]+-[0-9a-f]+ .*\/bin\/(da|ba)?sh\$/ { p = 1; next }
		      /^VmFlags:/ && p { print (/ sl/ ? \"sealed\" : \"open\"); p = 0 }" /proc/$$/smaps'
	assert_output --regexp '^sealed(
sealed)*$'
	assert_regex "$stderr" "/no/such/lib.so.*cannot be preloaded"
}

@test "sealrun: the sealer already in LD_AUDIT: the plan shows it once, first" {
	local sealer
	sealer=$("$SEALRUN" -n true | sed -n 's/^sealrun: plan: LD_AUDIT=//p')
	[ -n "$sealer" ]
	# The variable reaches sealrun itself too: an ASan build must accept
	# a library ahead of its runtime.
	local asan=ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
	run -0 --separate-stderr env "$asan" LD_AUDIT="/a.so:$sealer:/b.so" "$SEALRUN" --best-effort -n true
	assert_line "sealrun: plan: LD_AUDIT=$sealer:/a.so:/b.so"
	# Without --best-effort, other audit modules are refused.
	run -125 --separate-stderr env "$asan" LD_AUDIT="/a.so:$sealer" "$SEALRUN" -n true
	assert_line "sealrun: check: LD_AUDIT: refused: /a.so"
	# What the program gets is what the plan said.
	run -0 env "$asan" LD_AUDIT="$sealer:$sealer" "$SEALRUN" /bin/sh -c 'echo "$LD_AUDIT"'
	assert_output "$sealer"
}

# A library on the program's DT_RPATH or DT_RUNPATH: the program prints
# the library's answer and whether the library's mappings are sealed.
rpath_program() { # --enable-new-dtags|--disable-new-dtags
	mkdir -p "$PUB/rp/lib"
	printf 'int rp_value(void) { return 42; }\n' >"$PUB/rp/lib.c"
	gcc -shared -fPIC -o "$PUB/rp/lib/librpbad.so" "$PUB/rp/lib.c"
	cat >"$PUB/rp/main.c" <<-'EOF'
	#include <stdio.h>
	#include <string.h>
	int rp_value(void);
	int main(void)
	{
		char line[4096];
		int mine = 0, n = 0, sealed = 0;
		FILE *f = fopen("/proc/self/smaps", "r");

		while (f && fgets(line, sizeof(line), f)) {
			unsigned long a, b;

			if (sscanf(line, "%lx-%lx ", &a, &b) == 2)
				mine = strstr(line, "librpbad.so") != NULL;
			else if (mine && !strncmp(line, "VmFlags:", 8)) {
				n++;
				sealed += strstr(line, " sl") != NULL;
			}
		}
		printf("%d %d/%d\n", rp_value(), sealed, n);
		return 0;
	}
	EOF
	gcc -o "$PUB/rp/main$1" "$PUB/rp/main.c" -L"$PUB/rp/lib" -lrpbad \
		-Wl,"$1",-rpath,"$PUB/rp/lib"
	RP=$PUB/rp/main$1
}

@test "sealrun: a program finding its library by DT_RPATH or DT_RUNPATH runs, the library sealed" {
	local tags
	for tags in --disable-new-dtags --enable-new-dtags; do
		rpath_program "$tags"
		run -0 "$RP"
		assert_output --regexp '^42 0/[1-9][0-9]*$'
		run -0 "$SEALRUN" "$RP"
		local n=${output#*/}
		assert_output "42 $n/$n"
	done
	run -0 readelf -d "$PUB/rp/main--disable-new-dtags"
	assert_output --partial "(RPATH)"
	run -0 readelf -d "$PUB/rp/main--enable-new-dtags"
	assert_output --partial "(RUNPATH)"
}

# Started with stderr closed, a program's first open() takes descriptor 2.
# Nothing of sealrun's may land in that file: not at start-up, not when
# the sealer reports a dlopen with -v.
@test "sealrun: a program started with stderr closed: no crash, nothing written to its fd 2" {
	printf 'int plug_value(void) { return 7; }\n' >"$PUB/plug.c"
	gcc -shared -fPIC -o "$PUB/libplugbad.so" "$PUB/plug.c"
	local f=$BATS_TEST_TMPDIR/file
	for v in "" -v; do
		rm -f "$f"
		# shellcheck disable=SC2016 # expanded by the inner shell
		run -0 sh -c 'exec "$@" 2>&- 3>&- 4>&-' sh \
			"$SEALRUN" $v "$H/fdreuse" "$f" "$PUB/libplugbad.so"
		assert_output "fd 2"
		[ -e "$f" ] || fail "no file"
		[ ! -s "$f" ] || fail "sealrun ${v:-(quiet)} wrote into the program's fd 2: $(cat "$f")"
	done
}
