#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Selection by unit and cgroup (verify/seal --unit/--cgroup), the default
# selection of verify --all and metrics (sealed services only, the
# collector never, login sessions past a boundary), stable labels and
# bytes counted once, on real processes in real cgroup v2 groups made
# here (no systemd runs: the cgroup names are systemd's forms).

load common

setup_file() {
	export SEALRUN=$SEALTOOLS_BUILD/sealrun
	CG2=$(findmnt -n -o TARGET -t cgroup2 | head -1)
	export CG2
	# Names of this run's own: other checkouts run the same tests.
	export TAG=st$$
}

setup() {
	"$SEALTOOLS_BUILD/helpers/sealcall" >/dev/null 2>&1 ||
		skip "mseal not supported by this kernel"
	[ -n "$CG2" ] && [ -w "$CG2" ] || skip "no writable cgroup v2 hierarchy"
	CGROUPS=()
}

teardown() {
	stop_helpers
	local i
	# Deepest first.
	for ((i = ${#CGROUPS[@]} - 1; i >= 0; i--)); do
		rmdir "${CGROUPS[i]}" 2>/dev/null || :
	done
}

# Make cgroup PATH (below the v2 root), move PIDs into it.
cgroup() { # PATH PID...
	local path=$1
	shift
	[ -d "$CG2/$path" ] || { mkdir -p "$CG2/$path"; CGROUPS+=("$CG2/$path"); }
	local pid
	for pid in "$@"; do
		echo "$pid" >"$CG2/$path/cgroup.procs"
	done
}

# The value of NAME{service="SERVICE"[,state="STATE"]} in FILE, or nothing.
value() { # FILE NAME SERVICE [STATE]
	local key="$2{service=\"$3\"${4:+,state=\"$4\"}}"
	K=$key awk 'index($0, ENVIRON["K"] " ") == 1 { print substr($0, length(ENVIRON["K"]) + 2) }' "$1"
}

@test "verify --unit/--cgroup: every process of the unit's cgroup and those below it; seal --unit seals them" {
	local unit=$TAG-web.service sealed plain deep
	start_loaded "$SEALRUN" /usr/bin/sleep 1000; sealed=$PID
	start_loaded /usr/bin/sleep 1000; plain=$PID
	start_loaded /usr/bin/sleep 1000; deep=$PID
	cgroup "$unit" "$sealed" "$plain"
	cgroup "$unit/worker" "$deep"
	run --separate-stderr "$SEALCTL" verify --unit "$unit"
	assert_failure 1
	assert_line --regexp "^$sealed \(sleep\): compliant with policy default: "
	assert_line --regexp "^$plain \(sleep\): NOT compliant "
	assert_line --regexp "^$deep \(sleep\): NOT compliant "
	# Without the suffix, as systemctl takes it; the cgroup form names
	# the path; a child cgroup alone holds only its own.
	run "$SEALCTL" verify -q --unit "${unit%.service}"
	assert_failure 1
	run --separate-stderr "$SEALCTL" verify -J --cgroup "/$unit/worker"
	assert_failure 1
	[ "$(echo "$output" | jq -c '[.processes[].pid]')" = "[$deep]" ]
	# seal --unit seals each of them (the kernel's smaps says so), and
	# the unit is then green.
	run --separate-stderr "$SEALCTL" seal -q --unit "$unit"
	assert_success
	assert_all_sealed "$plain" 'libc\.so'
	assert_all_sealed "$deep" 'libc\.so'
	run "$SEALCTL" verify --unit "$unit"
	assert_success
	# Named by systemd's naming: system.slice/UNIT, no process needed to find it.
	cgroup "system.slice"
	cgroup "system.slice/$TAG-sys.service" "$plain"
	run "$SEALCTL" verify -J --unit "$TAG-sys.service"
	assert_success
	[ "$(echo "$output" | jq -c '[.processes[].pid]')" = "[$plain]" ]
}

@test "verify --unit/--cgroup: a unit not running, an empty cgroup and a bad path exit 2 and say why" {
	run --separate-stderr "$SEALCTL" verify --unit "$TAG-none.service"
	assert_failure 2
	assert_equal "$stderr" "sealctl: $TAG-none.service: no cgroup of that unit (not running?)"
	cgroup "$TAG-empty.service"
	run --separate-stderr "$SEALCTL" verify --cgroup "$TAG-empty.service"
	assert_failure 2
	assert_equal "$stderr" "sealctl: $TAG-empty.service: no process in that cgroup"
	run --separate-stderr "$SEALCTL" verify --cgroup "$TAG-empty.service/../.."
	assert_failure 2
	assert_regex "$stderr" "not a cgroup path"
	run --separate-stderr "$SEALCTL" seal --unit "$TAG-none.service"
	assert_failure 2
	run "$SEALCTL" verify --all --unit x.service
	assert_failure 64
}

@test "verify --all: sealed services only (sealrun's, a drop-in's unit), never sealctl; --every judges all" {
	local drop=$BATS_TEST_TMPDIR/system plain sealed inunit
	mkdir -p "$drop/$TAG-db.service.d"
	start_loaded /usr/bin/sleep 1000; plain=$PID
	start_loaded "$SEALRUN" /usr/bin/sleep 1000; sealed=$PID
	run --separate-stderr "$SEALCTL" verify --all -D "$drop" -J
	echo "$output" | jq -e --argjson s "$sealed" --argjson p "$plain" \
		'.processes | any(.pid == $s and .compliant) and all(.pid != $p) and all(.comm != "sealctl")'
	# A unit with a drop-in is judged whole: its unsealed process fails.
	start_loaded /usr/bin/sleep 1000; inunit=$PID
	cgroup "$TAG-db.service" "$inunit"
	run --separate-stderr "$SEALCTL" verify --all -D "$drop" -q
	assert_success
	touch "$drop/$TAG-db.service.d/sealtools.conf"
	run --separate-stderr "$SEALCTL" verify --all -D "$drop"
	assert_failure 1
	assert_line --regexp "^$inunit \(sleep\): NOT compliant "
	refute_line --regexp "^$plain "
	# A template's drop-in covers its instances.
	rm -r "$drop/$TAG-db.service.d"
	mkdir "$drop/$TAG-pg@.service.d"
	touch "$drop/$TAG-pg@.service.d/sealtools.conf"
	cgroup "$TAG-pg@15-main.service" "$inunit"
	run --separate-stderr "$SEALCTL" verify --all -D "$drop" -q
	assert_failure 1
	# --every: the plain process too; still never sealctl itself.
	rm -r "$drop/$TAG-pg@.service.d"
	run --separate-stderr "$SEALCTL" verify --all --every -J
	assert_failure 1
	echo "$output" | jq -e --argjson p "$plain" '.processes | any(.pid == $p and (.compliant | not))'
	echo "$output" | jq -e '.processes | all(.comm != "sealctl")'
}

@test "verify --all and metrics: a sealed process in a login session is past a boundary, not a failure" {
	local sealed
	start_loaded "$SEALRUN" /usr/bin/sleep 1000; sealed=$PID
	cgroup "user.slice/user-0.slice/session-$TAG.scope" "$sealed"
	# A session process that is not sealed too: not chosen at all.
	start_loaded /usr/bin/sleep 1000
	cgroup "user.slice/user-0.slice/session-$TAG.scope" "$PID"
	run --separate-stderr "$SEALCTL" verify --all
	assert_line "$sealed (sleep): past a boundary, login session session-$TAG.scope: not judged as its service"
	refute_line --regexp "^$PID "
	"$SEALCTL" metrics >"$BATS_TEST_TMPDIR/m.prom"
	[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_processes session.scope boundary)" -ge 1 ]
	[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_processes session.scope noncompliant)" = 0 ]
	! grep -q "session-$TAG" "$BATS_TEST_TMPDIR/m.prom"
}

@test "metrics: sealed services by unit or comm:NAME (a symlink's name, not its target's); others one count; the collector never" {
	local dir=$BATS_TEST_TMPDIR/bin name=r$TAG
	mkdir "$dir"
	cp /usr/bin/sleep "$dir/check-$TAG"
	# As Debian's redis-server, a symlink to another name.
	ln -s "check-$TAG" "$dir/$name"
	start_loaded "$SEALRUN" "$dir/$name" 1000
	start_loaded /usr/bin/sleep 1000
	local plain=$PID
	run --separate-stderr "$SEALCTL" metrics
	assert_success
	echo "$output" >"$BATS_TEST_TMPDIR/m.prom"
	promtool check metrics <"$BATS_TEST_TMPDIR/m.prom"
	[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_processes "comm:$name" compliant)" = 1 ]
	! grep -q "check-$TAG" "$BATS_TEST_TMPDIR/m.prom"
	grep -qE '^sealtools_other_processes [1-9][0-9]*$' "$BATS_TEST_TMPDIR/m.prom"
	# The collector's unit: not counted, even with --every, nor the
	# process it runs in, whatever unit that is.
	cgroup sealtools-metrics.service "$plain"
	cgroup "$TAG-cron.service"
	# shellcheck disable=SC2016
	bash -c 'echo $$ >"$1/sealtools-metrics.service/cgroup.procs"; exec "$2" metrics --every' \
		_ "$CG2" "$SEALCTL" >"$BATS_TEST_TMPDIR/m.prom"
	! grep -q 'sealtools-metrics.service' "$BATS_TEST_TMPDIR/m.prom"
	# shellcheck disable=SC2016
	bash -c 'echo $$ >"$1/$3/cgroup.procs"; exec "$2" metrics --every' \
		_ "$CG2" "$SEALCTL" "$TAG-cron.service" >"$BATS_TEST_TMPDIR/m.prom"
	! grep -q "$TAG-cron.service" "$BATS_TEST_TMPDIR/m.prom"
	# --unit names a unit (a pattern) to judge whole.
	cgroup "$TAG-named.service" "$plain"
	"$SEALCTL" metrics --unit "$TAG-nam*" >"$BATS_TEST_TMPDIR/m.prom"
	[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_processes "$TAG-named.service" noncompliant)" = 1 ]
}

@test "metrics: a service's bytes count each file-backed range once, however many processes map it" {
	local unit=$TAG-many.service one four pids=()
	start_loaded "$SEALRUN" /usr/bin/sleep 1000
	pids+=("$PID")
	cgroup "$unit" "$PID"
	"$SEALCTL" metrics >"$BATS_TEST_TMPDIR/m.prom"
	one=$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_policy_bytes "$unit")
	local i
	for i in 1 2 3; do
		start_loaded "$SEALRUN" /usr/bin/sleep 1000
		cgroup "$unit" "$PID"
	done
	"$SEALCTL" metrics >"$BATS_TEST_TMPDIR/m.prom"
	[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_processes "$unit" compliant)" = 4 ]
	four=$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_policy_bytes "$unit")
	# The same files (sleep, libc, ld.so, the sealer): what grows is each
	# process's own anonymous data (bss), a few pages, not 4 x libc.
	[ "$one" -gt 1000000 ] && [ "$four" -ge "$one" ] && [ "$four" -lt $((one + one / 4)) ] ||
		fail "one process $one bytes, four $four"
	[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_sealed_bytes "$unit")" = "$four" ]
	# One of them unsealed: the ranges it maps are no longer all sealed.
	start_loaded /usr/bin/sleep 1000
	cgroup "$unit" "$PID"
	"$SEALCTL" metrics --unit "$unit" >"$BATS_TEST_TMPDIR/m.prom"
	[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_sealed_bytes "$unit")" -lt \
		"$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_policy_bytes "$unit")" ]
}
