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
	local i
	for ((i = 0; i < 500; i++)); do
		grep -qx ready "$HELPER_OUT" && return 0
		if ! kill -0 "$HELPER_PID" 2>/dev/null; then
			wait "$HELPER_PID"
			local rc=$?
			[ "$rc" -eq 2 ] && skip "mseal not supported here"
			fail "sealmap exited $rc: $(cat "$HELPER_OUT.err")"
		fi
		sleep 0.01
	done
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
	local i
	for ((i = 0; i < 500; i++)); do
		if grep -qx ready "$HELPER_OUT"; then
			HELPER_PID=$(awk '$1 == "pid" { print $2 }' "$HELPER_OUT")
			HELPER_PIDS+=("$HELPER_PID")
			return 0
		fi
		sleep 0.01
	done
	fail "sealmap did not get ready: $(cat "$HELPER_OUT")"
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

# A zombie: a child that exits at once under a parent (sleep) that never
# reaps it.  Sets ZOMBIE; the parent is stopped with the other helpers.
start_zombie() {
	sh -c 'true & exec sleep 1000' 3>&- &
	HELPER_PIDS+=("$!")
	local i
	ZOMBIE=
	for ((i = 0; i < 500; i++)); do
		ZOMBIE=$(pgrep -P "$!" || true)
		[ -n "$ZOMBIE" ] &&
			[ "$(awk '{ print $3 }' "/proc/$ZOMBIE/stat" 2>/dev/null)" = Z ] && return 0
		sleep 0.01
	done
	fail "no zombie"
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

# Start "$@" in the background and wait until its loader is done: its
# maps show the C library, and, if sealrun started it, sealrun has exec'd
# the program and the sealer has sealed something.  Sets PID.
start_loaded() {
	local sealrun exe i
	sealrun=$(readlink -f "$SEALTOOLS_BUILD/sealrun")
	"$@" 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	for ((i = 0; i < 500; i++)); do
		exe=$(readlink "/proc/$PID/exe" 2>/dev/null) || exe=
		if [ -n "$exe" ] && [ "$exe" != "$sealrun" ] &&
		   grep -q 'libc\.so' "/proc/$PID/maps" 2>/dev/null; then
			[ "$(readlink -f "$1")" != "$sealrun" ] && return 0
			grep -Eq '^VmFlags:.* sl( |$)' "/proc/$PID/smaps" 2>/dev/null && return 0
		fi
		sleep 0.01
	done
	fail "$* did not start"
}

# Wait until PID has stopped itself (SIGSTOP): its loader is done.
wait_stopped() { # PID
	local i
	for ((i = 0; i < 300; i++)); do
		[ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = T ] && return 0
		sleep 0.02
	done
	fail "$1 did not stop"
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
	local i
	for ((i = 0; i < 1000; i++)); do
		[ "$(awk '{ print $3 }' "/proc/$PID/stat" 2>/dev/null)" = T ] && return 0
		kill -0 "$PID" 2>/dev/null || fail "$* exited: $(cat "$OUT")"
		sleep 0.01
	done
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

# Until FILE holds the line LINE (5 s at most).
wait_line() { # FILE LINE
	local i
	for ((i = 0; i < 250; i++)); do
		grep -qxF "$2" "$1" 2>/dev/null && return 0
		sleep 0.02
	done
	return 1
}

# The executable mappings of PID matching REGEX are all sealed.
assert_code_sealed() { # PID REGEX
	RE=$2 run awk '
		/^[0-9a-f]+-[0-9a-f]+ / { path = $6; perms = $2 }
		/^VmFlags:/ && perms ~ /x/ && path ~ ENVIRON["RE"] { n++; if ($0 !~ / sl( |$)/) print "open", path }
		END { print n + 0, "code" }' "/proc/$1/smaps"
	assert_output --regexp '^[1-9][0-9]* code$'
}
