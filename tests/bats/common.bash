# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Shared set-up for the sealctl tests: paths, helper processes, and an
# independent reading of /proc/PID/smaps to check sealctl against.

bats_require_minimum_version 1.5.0
load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

# shellcheck disable=SC2034 # used by the .bats files that load this
SEALCTL=${SEALTOOLS_BUILD:?set SEALTOOLS_BUILD to the build directory}/sealctl
SEALMAP=$SEALTOOLS_BUILD/helpers/sealmap
# shellcheck disable=SC2034 # used by the .bats files that load this
DENYSEAL=$SEALTOOLS_BUILD/helpers/denyseal

HELPER_PIDS=()

# ---- waiting -------------------------------------------------------------------
#
# A test waits for what it needs to see -- a line in a file, a process in
# a state, a mapping in its maps -- never for a length of time.  wait_for
# checks its condition until it holds.  SEALTOOLS_WAIT (seconds) bounds
# the wait only so that a broken test fails instead of hanging: a test
# that works never reaches it, however loaded the machine.
SEALTOOLS_WAIT=${SEALTOOLS_WAIT:-60}

# Until COMMAND succeeds; status 1 when SEALTOOLS_WAIT has passed, or at
# once when the process PID (--while) has exited, since what it was to
# do can then no longer happen.  The checks come quickly at first, then
# every tenth of a second.
wait_for() { # [--while PID] COMMAND...
	# (Names of its own: COMMAND may set variables of its caller's.)
	local wf_pid='' wf_end=$((SECONDS + SEALTOOLS_WAIT)) wf_pause=0.01
	if [ "$1" = --while ]; then
		wf_pid=$2
		shift 2
	fi
	until "$@"; do
		[ -z "$wf_pid" ] || alive "$wf_pid" || return 1
		[ "$SECONDS" -lt "$wf_end" ] || return 1
		sleep "$wf_pause"
		case $wf_pause in 0.01) wf_pause=0.02 ;; 0.02) wf_pause=0.05 ;; 0.05) wf_pause=0.1 ;; esac
	done
}

# The state letter of PID (/proc/PID/stat: R, S, D, T, t, Z...); status
# 1 when there is no such process.
proc_state() { # PID
	local stat
	read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
	# After the command name, which may hold spaces and parentheses.
	stat=${stat##*) }
	echo "${stat%% *}"
}

# PID's state is one of the LETTERS.
state_is() { # PID LETTERS
	local s
	s=$(proc_state "$1") && [[ $2 == *"$s"* ]]
}

# PID exists and is no zombie.
alive() { # PID
	local s
	s=$(proc_state "$1") && [ "$s" != Z ] && [ "$s" != X ]
}

# PID runs EXE (a resolved path, as /proc/PID/exe shows it) and sleeps
# in a system call (state S): the loader has finished, and so has the
# sealer, which seals before the program's own code runs; neither ever
# waits interruptibly.
blocked_in() { # PID EXE
	[ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$2" ] && [ "$(proc_state "$1")" = S ]
}

# Until PID runs PROGRAM and waits in a system call of its own.  PROGRAM
# is resolved (symbolic links, PATH) as the kernel names it.
wait_blocked() { # PID PROGRAM
	local exe
	exe=$(readlink -f "$(type -P "$2")")
	wait_for --while "$1" blocked_in "$1" "$exe" ||
		fail "$1 never waited in $exe (exe $(readlink "/proc/$1/exe"), state $(proc_state "$1"))"
}

# TracerPid of PID: 0 when untraced; status 1 when there is no such process.
tracer_of() { # PID
	local k v
	while read -r k v; do
		[ "$k" = TracerPid: ] && echo "$v" && return 0
	done 2>/dev/null <"/proc/$1/status"
	return 1
}

# PID is traced by TRACER.
traced_by() { # PID TRACER
	[ "$(tracer_of "$1")" = "$2" ]
}

# PID runs EXE and nothing traces it.
untraced_in() { # PID EXE
	[ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$2" ] && [ "$(tracer_of "$1")" = 0 ]
}

# Until PID runs EXE (resolved) untraced: for a static program under
# sealrun, its tracer has sealed it and let go.
wait_untraced() { # PID EXE
	local exe
	exe=$(readlink -f "$2")
	wait_for --while "$1" untraced_in "$1" "$exe" ||
		fail "$1 never ran $exe untraced (exe $(readlink "/proc/$1/exe"), tracer $(tracer_of "$1"))"
}

# setup_file's part shared by the sealrun tests: SEALRUN, H (the
# helpers), PY (Debian's python, not whatever python3 comes first in
# PATH), BUSYBOX (static, Debian's busybox-static) and, given a NAME,
# PUB: a directory of /tmp other users can reach (the set-user-ID tests
# run as nobody or daemon; bats' own temporary directories are
# private), for teardown_file to remove.
setup_sealrun_file() { # [NAME]
	export SEALRUN=$SEALTOOLS_BUILD/sealrun H=$SEALTOOLS_BUILD/helpers
	export PY=/usr/bin/python3 BUSYBOX=/bin/busybox
	[ $# -eq 0 ] && return 0
	PUB=$(mktemp -d "/tmp/$1-bats.XXXXXX")
	chmod 755 "$PUB"
	export PUB
}

# For "sealrun sealctl": an ASan sealctl (tests/sanitize.sh) must accept
# the sealer preloaded before its runtime.
# shellcheck disable=SC2034 # used by the .bats files that load this
ASAN_LATE=ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0

# Run SEALMAP ARGS... in the background and wait until it has mapped
# everything.  Sets HELPER_PID and HELPER_OUT (its listing).  Skips the
# test when this kernel cannot seal.
start_sealmap() {
	HELPER_OUT=$(mktemp "$BATS_TEST_TMPDIR/sealmap.XXXXXX")
	# fd 3 is bats's own: a background process must not hold it.
	"$SEALMAP" "$@" >"$HELPER_OUT" 2>"$HELPER_OUT.err" 3>&- &
	HELPER_PID=$!
	HELPER_PIDS+=("$HELPER_PID")
	wait_for --while "$HELPER_PID" grep -qx ready "$HELPER_OUT" && return 0
	if ! alive "$HELPER_PID"; then
		local rc=0
		wait "$HELPER_PID" || rc=$?
		[ "$rc" -eq 2 ] && skip "mseal not supported here"
		fail "sealmap exited $rc: $(cat "$HELPER_OUT.err")"
	fi
	fail "sealmap did not get ready"
}

# Like start_sealmap, but the helper's parent is a process that never
# reaps its children, so that once killed the helper stays a zombie.
start_sealmap_unreaped() {
	HELPER_OUT=$(mktemp "$BATS_TEST_TMPDIR/sealmap.XXXXXX")
	# shellcheck disable=SC2016 # expanded by the inner shell
	OUT=$HELPER_OUT sh -c '"$0" "$@" >"$OUT" 2>&1 & exec sleep 1000' \
		"$SEALMAP" "$@" 3>&- &
	HELPER_PIDS+=("$!")
	wait_for --while "$!" grep -qx ready "$HELPER_OUT" ||
		fail "sealmap did not get ready: $(cat "$HELPER_OUT")"
	HELPER_PID=$(awk '$1 == "pid" { print $2 }' "$HELPER_OUT")
	HELPER_PIDS+=("$HELPER_PID")
}

stop_helpers() {
	local pid
	for pid in "${HELPER_PIDS[@]}"; do
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null || true
	done
	HELPER_PIDS=()
}

# The ranges the helper says it sealed / left unsealed, "START-END".
helper_ranges() { # sealed|unsealed
	awk -v want="$1" '$1 == want { print $2 }' "$HELPER_OUT" | sort
}

# From smaps itself, with awk: "START-END" of the VMAs whose VmFlags
# line holds "sl" (sealed) or does not (unsealed).
smaps_ranges() { # PID sealed|unsealed
	awk -v want="$2" '
		/^[0-9a-f]+-[0-9a-f]+ / { range = $1; next }
		/^VmFlags:/ {
			s = 0
			for (i = 2; i <= NF; i++) if ($i == "sl") s = 1
			if ((want == "sealed") == s) print range
		}' "/proc/$1/smaps" | sort
}

smaps_count() { # PID
	grep -c '^VmFlags:' "/proc/$1/smaps"
}

# Run a command as an unprivileged user.
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}

# Skip unless nobody can run FILE (a checkout under a directory only
# root may enter, such as mktemp -d's, cannot be run as nobody).
need_nobody_reach() { # FILE
	as_nobody test -x "$1" ||
		skip "nobody cannot reach $1 (the checkout lies under a directory only root may enter)"
}

# A user and group id of this run's own, for tests that count every
# process a user can see: no other test, nor another checkout's run of
# the same test, has a process under it (this shell's PID is unique).
# shellcheck disable=SC2034 # used by the .bats files that load this
OWN_UID=$((100000 + $$))

# A zombie: a child that exits at once under a parent (sleep) that never
# reaps it.  Sets ZOMBIE; the parent is stopped with the other helpers.
start_zombie() {
	sh -c 'true & exec sleep 1000' 3>&- &
	HELPER_PIDS+=("$!")
	ZOMBIE=
	wait_for --while "$!" zombie_of "$!" || fail "no zombie"
}

# ZOMBIE: a child of PID that is a zombie.
zombie_of() { # PID
	ZOMBIE=$(pgrep -P "$1") && [ "$(proc_state "$ZOMBIE")" = Z ]
}

# A kernel thread's PID (kthreadd's children), or nothing.
kernel_thread() {
	local d
	for d in /proc/[0-9]*; do
		if [ "$(awk '/^PPid:/ { print $2 }' "$d/status" 2>/dev/null)" = 2 ] &&
		   [ ! -s "$d/cmdline" ]; then
			echo "${d#/proc/}"
			return 0
		fi
	done
	return 1
}

# Does this C library send LA_ACT_CONSISTENT for dlopen after relocation
# (glibc 2.41, bug 31986), so that later loads are sealed whole at once?
glibc_seals_dlopen_whole() {
	local v
	v=$(getconf GNU_LIBC_VERSION | awk '{ print $2 }')
	[ "${v%%.*}" -gt 2 ] || { [ "${v%%.*}" -eq 2 ] && [ "${v#*.}" -ge 41 ]; }
}

# Start "$@" in the background (a dynamically linked program, perhaps
# through sealrun, env or setpriv) and wait until the program has
# finished loading, and sealing if sealrun started it: it waits in a
# system call of its own or has stopped itself, and it is no longer the
# shell that started it nor sealrun (nor anything that only execs the
# program, which never waits).  Sets PID.
start_loaded() {
	"$@" 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	wait_for --while "$PID" loaded "$PID" ||
		fail "$* did not start (exe $(readlink "/proc/$PID/exe"), state $(proc_state "$PID"))"
}

loaded() { # PID
	local exe
	exe=$(readlink "/proc/$1/exe" 2>/dev/null) || return 1
	[ "$exe" != "$(readlink -f "$BASH")" ] &&
		[ "$exe" != "$(readlink -f "$SEALTOOLS_BUILD/sealrun")" ] &&
		state_is "$1" ST
}

# Until PID has stopped itself (SIGSTOP): its loader is done.
wait_stopped() { # PID
	wait_for --while "$1" state_is "$1" T ||
		fail "$1 did not stop (state $(proc_state "$1"))"
}

# Run PROGRAM under sealrun and wait until it stops itself.  Sets PID.
start_stopped() { # PROGRAM
	"$SEALTOOLS_BUILD/sealrun" "$1" 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	wait_stopped "$PID"
}

# Run "$@" in the background until it stops itself (SIGSTOP: loadprobe
# does, once loaded); sets PID and OUT (its output file).  Fails if it exits first.
run_stopped() {
	OUT=$(mktemp "$BATS_TEST_TMPDIR/out.XXXXXX")
	"$@" >"$OUT" 2>&1 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	wait_for --while "$PID" state_is "$PID" T && return 0
	alive "$PID" || fail "$* exited: $(cat "$OUT")"
	fail "$* did not stop: $(cat "$OUT")"
}

# "sealed N open M" over the mappings of PID whose path matches REGEX
# (an ERE, through the environment: awk -v would eat its backslashes).
seal_count() { # PID REGEX
	RE=$2 awk '
		/^[0-9a-f]+-[0-9a-f]+ / { path = $6 }
		/^VmFlags:/ && path ~ ENVIRON["RE"] { if ($0 ~ / sl( |$)/) s++; else o++ }
		END { printf "sealed %d open %d\n", s, o }' "/proc/$1/smaps"
}

# All mappings of PID matching REGEX sealed, and there are some.
assert_all_sealed() { # PID REGEX
	run seal_count "$1" "$2"
	assert_output --regexp '^sealed [1-9][0-9]* open 0$'
}

# Every mapping of PID whose path is PATH (exactly) sealed, and there are
# some; else a line of counts and status 1.
all_sealed() { # PID PATH
	awk -v path="$2" '
		/^[0-9a-f]+-[0-9a-f]+ / { cur = ($6 == path); if (cur) n++ }
		/^VmFlags:/ && cur { if ($0 !~ / sl( |$)/) bad++ }
		END { if (n == 0 || bad) { print n " mappings, " bad " unsealed"; exit 1 } }
	' "/proc/$1/smaps"
}

# Until FILE holds the line LINE; status 1 if it never does.
wait_line() { # FILE LINE
	wait_for grep -qxF "$2" "$1" 2>/dev/null
}

# The executable mappings of PID matching REGEX are all sealed.
assert_code_sealed() { # PID REGEX
	RE=$2 run awk '
		/^[0-9a-f]+-[0-9a-f]+ / { path = $6; perms = $2 }
		/^VmFlags:/ && perms ~ /x/ && path ~ ENVIRON["RE"] { n++; if ($0 !~ / sl( |$)/) print "open", path }
		END { print n + 0, "code" }' "/proc/$1/smaps"
	assert_output --regexp '^[1-9][0-9]* code$'
}
