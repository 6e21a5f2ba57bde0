#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Selection by unit and cgroup (verify/seal --unit/--cgroup), the default
# selection of verify --all and metrics (sealed services only, the
# collector never, login sessions past a boundary), stable labels and
# bytes counted once, on real processes in real cgroup v2 groups made
# here (no systemd runs: the cgroup names are systemd's forms).

load common
load ../nginx

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
	local d=$CG2 part
	# Each level made here is removed at teardown, deepest first.
	for part in ${path//\// }; do
		d=$d/$part
		[ -d "$d" ] || { mkdir "$d"; CGROUPS+=("$d"); }
	done
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
	# Named twice (the unit, and its child cgroup): each process once.
	run --separate-stderr "$SEALCTL" verify -J --unit "$unit" --cgroup "$unit/worker"
	[ "$(echo "$output" | jq '.processes | length')" = 3 ]
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
	# A sealed process in a cgroup of that name inside a user's manager
	# is not the unit: still not running.
	start_loaded "$SEALRUN" /usr/bin/sleep 1000
	cgroup "user.slice/user@$TAG.service/app.slice/$TAG-none.service" "$PID"
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
	# Other sealctl processes (other tests') are judged as any other
	# process; the one judging never is: its own PID is not in the output.
	local me
	"$SEALCTL" verify --all -D "$drop" -J >"$BATS_TEST_TMPDIR/all.json" 2>/dev/null &
	me=$!
	wait "$me" || :
	jq -e --argjson s "$sealed" --argjson p "$plain" --argjson me "$me" \
		'.processes | any(.pid == $s and .compliant) and all(.pid != $p) and all(.pid != $me)' \
		"$BATS_TEST_TMPDIR/all.json"
	# A unit with a drop-in is judged whole: its unsealed process fails.
	# (Other checkouts' tests run sealed processes of their own, some not
	# complying: the assertions are about this test's processes.)
	start_loaded /usr/bin/sleep 1000; inunit=$PID
	cgroup "$TAG-db.service" "$inunit"
	run --separate-stderr "$SEALCTL" verify --all -D "$drop" -J
	echo "$output" | jq -e --argjson p "$inunit" '.processes | all(.pid != $p)'
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
	run --separate-stderr "$SEALCTL" verify --all -D "$drop" -J
	assert_failure 1
	echo "$output" | jq -e --argjson p "$inunit" '.processes | any(.pid == $p and (.compliant | not))'
	# --every: the plain process too; still never sealctl itself.
	rm -r "$drop/$TAG-pg@.service.d"
	"$SEALCTL" verify --all --every -J >"$BATS_TEST_TMPDIR/every.json" 2>/dev/null &
	me=$!
	local rc=0
	wait "$me" || rc=$?
	[ "$rc" -eq 1 ] || fail "verify --all --every exited $rc"
	jq -e --argjson p "$plain" --argjson me "$me" \
		'.processes | any(.pid == $p and (.compliant | not)) and all(.pid != $me)' \
		"$BATS_TEST_TMPDIR/every.json"
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

# A service's processes may make cgroups below the unit's own (Delegate=,
# or root): one named like another unit or a login session must not
# take a process of a sealed unit out of its judgement.
@test "verify --all, metrics: a process of a sealed unit moved below it, into a cgroup named like a unit or a session, is still judged as the unit's" {
	local drop=$BATS_TEST_TMPDIR/system plain sealed sub
	mkdir -p "$drop/$TAG-db.service.d"
	touch "$drop/$TAG-db.service.d/sealtools.conf"
	start_loaded /usr/bin/sleep 1000; plain=$PID
	start_loaded "$SEALRUN" /usr/bin/sleep 1000; sealed=$PID
	cgroup "$TAG-db.service" "$plain" "$sealed"
	for sub in "session-$TAG.scope" "other-$TAG.service" "user@$TAG.service"; do
		cgroup "$TAG-db.service/$sub" "$plain" "$sealed"
		run --separate-stderr "$SEALCTL" verify --all -D "$drop"
		assert_failure 1
		assert_line --regexp "^$plain \(sleep\): NOT compliant "
		refute_line --partial "past a boundary"
		"$SEALCTL" metrics -D "$drop" >"$BATS_TEST_TMPDIR/m.prom"
		[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_processes "$TAG-db.service" noncompliant)" = 1 ] ||
			fail "$sub: $(grep -v '^#' "$BATS_TEST_TMPDIR/m.prom")"
	done
}

# The other way round: a delegated subtree (a user's manager, a
# container) may name a cgroup like a sealed system unit.  Its processes
# are not that unit's: systemd sees the unit below the slices only.
@test "verify --all, metrics: a cgroup named like a sealed unit inside another unit's subtree does not count as that unit" {
	local drop=$BATS_TEST_TMPDIR/system plain sub
	mkdir -p "$drop/$TAG-db.service.d"
	touch "$drop/$TAG-db.service.d/sealtools.conf"
	start_loaded /usr/bin/sleep 1000; plain=$PID
	for sub in "user.slice/user@$TAG.service/app.slice/$TAG-db.service" \
		   "machine.slice/$TAG-box.scope/payload/system.slice/$TAG-db.service"; do
		cgroup "$sub" "$plain"
		"$SEALCTL" metrics -D "$drop" >"$BATS_TEST_TMPDIR/m.prom"
		[ -z "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_processes "$TAG-db.service" noncompliant)" ] ||
			fail "$sub: $(grep -v '^#' "$BATS_TEST_TMPDIR/m.prom")"
		run --separate-stderr "$SEALCTL" verify --all -D "$drop"
		[[ $output != *"$plain (sleep)"* ]] || fail "$sub: $output"
	done
	# Below the slices it is the unit's, and judged.
	cgroup "system.slice/$TAG-db.service" "$plain"
	"$SEALCTL" metrics -D "$drop" >"$BATS_TEST_TMPDIR/m.prom"
	[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_processes "$TAG-db.service" noncompliant)" = 1 ]
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

# ---- sealctl unit: the drop-in for Debian's own units ---------------------------

# The unit file Debian installs (tests/deps.sh), or skip.
vendor() { # UNIT
	local f
	for f in /lib/systemd/system/$1 /usr/lib/systemd/system/$1; do
		[ -f "$f" ] && { echo "$f"; return; }
	done
	skip "$1 is not installed (tests/deps.sh test)"
}

# Every Exec*= line of the vendor file VENDOR is in the drop-in DROPIN
# after a reset of its list, behind sealrun (SR), its prefixes before.
assert_wrapped() { # VENDOR DROPIN SR
	local line key cmd prefix n=0
	while IFS= read -r line; do
		key=${line%%=*} cmd=${line#*=}
		prefix=${cmd%%[!-+!:]*}
		cmd=${cmd#"$prefix"}
		grep -qxF "$key=" "$2" || fail "no $key= reset in: $(cat "$2")"
		grep -qxF "$key=$prefix$3 -- $cmd" "$2" || fail "not wrapped: $line in: $(cat "$2")"
		n=$((n + 1))
	done < <(grep -E '^Exec(Condition|StartPre|Start|StartPost|Reload|Stop|StopPost)=.' "$1")
	[ "$n" -gt 0 ]
	# Exactly those: the drop-in has no command the unit did not.
	local keys='^Exec(Condition|StartPre|Start|StartPost|Reload|Stop|StopPost)=.'
	[ "$(grep -cE "$keys" "$2")" = "$(grep -cE "$keys" "$1")" ]
	grep -qx 'RestartPreventExitStatus=125 126 127' "$2"
	# systemd's own parser reads the unit with the drop-in without a word
	# (it warns on a bad line: checked with one).
	local d=$BATS_TEST_TMPDIR/analyze name
	name=$(basename "$1")
	rm -rf "$d"
	mkdir -p "$d/$name.d"
	cp "$1" "$d/$name"
	cp "$2" "$d/$name.d/sealtools.conf"
	if command -v systemd-analyze >/dev/null; then
		run systemd-analyze verify --man=no "$d/$name"
		refute_output --partial "$name.d/sealtools.conf"
		echo 'Bogus=1' >>"$d/$name.d/sealtools.conf"
		run systemd-analyze verify --man=no "$d/$name"
		assert_output --partial "$name.d/sealtools.conf:"
	fi
}

@test "sealctl unit: Debian's nginx, apache2, postgresql@, redis-server and ssh units: every command behind sealrun, refusals not restarted" {
	# The build's sealrun: systemd-analyze checks that it is there.
	local sr=$SEALTOOLS_BUILD/sealrun u f
	# sshd: PAM's set-id helper, which its root monitor runs, allowed by
	# name where this system has it (README "sshd and unix_chkpwd").
	local chk=
	if [ -u /usr/sbin/unix_chkpwd ] || [ -g /usr/sbin/unix_chkpwd ]; then
		chk=" --allow-unsealed /usr/sbin/unix_chkpwd"
	fi
	for u in nginx.service apache2.service redis-server.service ssh.service; do
		f=$(vendor "$u")
		"$SEALCTL" unit -n --sealrun "$sr" "$u" >"$BATS_TEST_TMPDIR/$u.conf"
		if [ "$u" = ssh.service ]; then
			assert_wrapped "$f" "$BATS_TEST_TMPDIR/$u.conf" "$sr$chk"
		else
			assert_wrapped "$f" "$BATS_TEST_TMPDIR/$u.conf" "$sr"
		fi
		grep -qx "# Written by sealctl unit (sealtools $(cat VERSION)) from $f." \
			"$BATS_TEST_TMPDIR/$u.conf" || grep -q "^# Written by sealctl unit .* from .*/$u\.$" \
			"$BATS_TEST_TMPDIR/$u.conf"
	done
	# nginx: its test run (ExecStartPre nginx -t) is sealed too, the
	# forking daemon needs nothing more.
	grep -qx "ExecStartPre=$sr -- /usr/sbin/nginx -t -q -g 'daemon on; master_process on;'" \
		"$BATS_TEST_TMPDIR/nginx.service.conf"
	grep -qx '# Type=forking: sealrun execs the daemon in place; the child it forks' \
		"$BATS_TEST_TMPDIR/nginx.service.conf"
	! grep -q '^SystemCallFilter\|^ExecPaths' "$BATS_TEST_TMPDIR/nginx.service.conf"
	# ssh: both reload commands, $SSHD_OPTS and $MAINPID left to systemd.
	[ -z "$chk" ] || grep -q '^# sshd and PAM: pam_unix' "$BATS_TEST_TMPDIR/ssh.service.conf"
	grep -qxF "ExecStart=$sr$chk -- /usr/sbin/sshd -D \$SSHD_OPTS" "$BATS_TEST_TMPDIR/ssh.service.conf"
	! grep -q 'allow-unsealed' "$BATS_TEST_TMPDIR/nginx.service.conf"
	[ "$(grep -c '^ExecReload=.' "$BATS_TEST_TMPDIR/ssh.service.conf")" = 2 ]
	# redis: its allow-list SystemCallFilter= would refuse mseal: reset,
	# its deny-lists kept; NoExecPaths=/: sealrun and the sealer allowed.
	f=$(vendor redis-server.service)
	local conf=$BATS_TEST_TMPDIR/redis.conf
	"$SEALCTL" unit -n redis-server >"$conf"
	run grep '^SystemCallFilter=' "$conf"
	assert_output "SystemCallFilter=
$(grep '^SystemCallFilter=~' "$f")"
	grep -q '^NoExecPaths=/' "$f"
	run grep '^ExecPaths=' "$conf"
	assert_output "ExecPaths=$SEALTOOLS_BUILD/sealrun $SEALTOOLS_BUILD/libsealrun.so $SEALTOOLS_BUILD/libsealexec.so"
	# postgresql@15-main: its template's file, %i left to systemd, the
	# "-" prefix kept before sealrun.
	f=$(vendor postgresql@.service)
	"$SEALCTL" unit -n --sealrun "$sr" postgresql@15-main >"$BATS_TEST_TMPDIR/pg.conf"
	assert_wrapped "$f" "$BATS_TEST_TMPDIR/pg.conf" "$sr"
	grep -qx "ExecStart=-$sr -- /usr/bin/pg_ctlcluster --skip-systemctl-redirect %i start" \
		"$BATS_TEST_TMPDIR/pg.conf"
	# Forking with PIDFile= (nginx, postgresql@): kept.  apache2 has none:
	# beside sealrun's supervisor systemd could not guess its main PID
	# (systemd.bats), so the drop-in names Debian's pid file (envvars).
	! grep -q '^PIDFile=' "$BATS_TEST_TMPDIR/nginx.service.conf" "$BATS_TEST_TMPDIR/pg.conf" ||
		fail "PIDFile= written for a unit that has one"
	grep -q '^PIDFile=' "$(vendor nginx.service)"
	grep -q '^PIDFile=' "$f"
	! grep -q '^PIDFile=' "$(vendor apache2.service)" || fail "apache2.service has a PIDFile= now"
	run grep '^PIDFile=' "$BATS_TEST_TMPDIR/apache2.service.conf"
	assert_output 'PIDFile=/run/apache2/apache2.pid'
	run --separate-stderr "$SEALCTL" unit -n --sealrun "$sr" apache2@web2
	assert_success
	assert_equal "$stderr" ""
	assert_line 'PIDFile=/run/apache2-%i/apache2.pid'
}

@test "sealctl unit: writes UNIT.d/sealtools.conf under --root (0644, atomically), sealrun's options after --, @ as --argv0, drop-ins and masks; --remove" {
	local root=$BATS_TEST_TMPDIR/root sys
	sys=$root/etc/systemd/system
	mkdir -p "$sys" "$root/lib/systemd/system"
	cat >"$root/lib/systemd/system/demo.service" <<-'EOF'
	[Unit]
	Description=demo
	[Service]
	Type=notify
	ExecStart=@/usr/bin/demo demo-name --flag \
	  "a b"
	ExecStart=
	ExecStart=/usr/bin/demo --real
	# a comment
	ExecStartPost=+/bin/true
	EOF
	# A vendor drop-in replaces ExecStart again.
	mkdir -p "$root/lib/systemd/system/demo.service.d"
	printf '[Service]\nExecStart=\nExecStart=@/usr/bin/demo demo-name "a b"\n' \
		>"$root/lib/systemd/system/demo.service.d/10-vendor.conf"
	run --separate-stderr "$SEALCTL" unit -R "$root" --sealrun /usr/bin/sealrun demo -- --policy strict --preload-nss
	assert_success
	assert_output "wrote $sys/demo.service.d/sealtools.conf; now: systemctl daemon-reload; systemctl restart demo.service; sealctl verify --unit demo.service"
	[ "$(stat -c %a "$sys/demo.service.d/sealtools.conf")" = 644 ]
	[ "$(find "$sys/demo.service.d" -mindepth 1 | wc -l)" = 1 ]
	run grep '^Exec' "$sys/demo.service.d/sealtools.conf"
	assert_output 'ExecStart=
ExecStart=/usr/bin/sealrun --policy strict --preload-nss --argv0 demo-name -- /usr/bin/demo "a b"
ExecStartPost=
ExecStartPost=+/usr/bin/sealrun --policy strict --preload-nss -- /bin/true'
	grep -qx '# Type=notify: sealrun execs the daemon in place, so the main PID is' \
		"$sys/demo.service.d/sealtools.conf"
	# Written again: the same bytes, our own drop-in never read back.
	cp "$sys/demo.service.d/sealtools.conf" "$BATS_TEST_TMPDIR/first"
	"$SEALCTL" unit -R "$root" --sealrun /usr/bin/sealrun demo -- --policy strict --preload-nss >/dev/null
	cmp "$BATS_TEST_TMPDIR/first" "$sys/demo.service.d/sealtools.conf"
	# --remove.
	run "$SEALCTL" unit -R "$root" --remove demo
	assert_success
	[ ! -e "$sys/demo.service.d" ]
	# Forking without PIDFile=: said on stderr and in the drop-in.
	printf '[Service]\nType=forking\nExecStart=/usr/bin/demod\n' >"$sys/demod.service"
	run --separate-stderr "$SEALCTL" unit -n -R "$root" --sealrun /usr/bin/sealrun demod
	assert_success
	assert_equal "$stderr" "sealctl: demod.service: Type=forking without PIDFile=: beside sealrun's supervisor systemd cannot tell the daemon's PID; add PIDFile= to the drop-in"
	assert_line '# Add the daemon'"'"'s pid file here: PIDFile=/run/NAME.pid'
	refute_line --regexp '^PIDFile='
	# A template: each instance restarted.
	cp "$root/lib/systemd/system/demo.service" "$sys/tmpl@.service"
	run --separate-stderr "$SEALCTL" unit -R "$root" --sealrun /usr/bin/sealrun tmpl@
	assert_success
	assert_output "wrote $sys/tmpl@.service.d/sealtools.conf; now: systemctl daemon-reload; for each instance: systemctl restart tmpl@NAME.service; sealctl verify --unit tmpl@NAME.service"
	# Masked, missing, not a service, no ExecStart: exit 1 or 64, said.
	ln -s /dev/null "$sys/demo.service"
	run --separate-stderr "$SEALCTL" unit -R "$root" demo
	assert_failure 1
	assert_equal "$stderr" "sealctl: demo.service: the unit is masked"
	run --separate-stderr "$SEALCTL" unit -R "$root" nothere
	assert_failure 1
	assert_equal "$stderr" "sealctl: nothere.service: no such unit file"
	run "$SEALCTL" unit -R "$root" demo.socket
	assert_failure 64
	run "$SEALCTL" unit
	assert_failure 64
	# Names systemd would refuse: nothing written, the name escaped.
	local bad
	for bad in $'x\n[Service]\nExecStartPost=touch pwned\n#.service' $'e\033[7m.service' \
		   'a b.service' '.hidden' 'two@@.service' 'a/b' '../x'; do
		run --separate-stderr "$SEALCTL" unit -R "$root" -- "$bad"
		assert_failure 64
		[[ $stderr == "sealctl unit: invalid unit name '"* ]] || fail "$bad: $stderr"
		[[ $stderr != *$'\033'* ]] || fail "raw escape: $stderr"
	done
	[ -z "$(find "$sys" -name '*pwned*' -o -name 'x*' -o -name 'e*')" ]
}

@test "sealctl unit: Debian's nginx.service run as systemd would run it (ExecStartPre, forking ExecStart, ExecReload, ExecStop) in its cgroup: verify --unit green before and after a reload" {
	[ -x /usr/sbin/nginx ] || skip "nginx is not installed"
	id www-data >/dev/null 2>&1 || skip "no user www-data"
	local f ngx=$BATS_TEST_TMPDIR/ngx unit=$TAG-nginx.service port
	f=$(vendor nginx.service)
	mkdir "$ngx"
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	# --daemon: nginx forks, as Debian's unit (Type=forking) expects.
	nginx_conf --workers 2 --daemon "$ngx" >"$ngx/nginx.conf" \
		<<<"server { listen 127.0.0.1:$port; location / { return 200 \"sealed\n\"; } }"
	# Debian's unit, its nginx pointed at this configuration.
	sed -e "s|/usr/sbin/nginx |/usr/sbin/nginx -p $ngx -c $ngx/nginx.conf -e $ngx/error.log |" \
		-e "s|/run/nginx.pid|$ngx/nginx.pid|g" "$f" >"$BATS_TEST_TMPDIR/nginx.service"
	# The documented step (README): nginx looks up its user, so its NSS
	# modules are loaded and sealed whole at start-up.
	"$SEALCTL" unit -n -f "$BATS_TEST_TMPDIR/nginx.service" nginx -- --preload-nss \
		>"$BATS_TEST_TMPDIR/dropin"
	grep -q "^ExecStart=$SEALTOOLS_BUILD/sealrun --preload-nss -- /usr/sbin/nginx " "$BATS_TEST_TMPDIR/dropin"
	# As systemd runs a command: in the unit's cgroup, "-" ignoring the
	# status, the words as a shell splits these (no specifier in them).
	cgroup "$unit"
	exec_key() { # KEY
		local line cmd
		while IFS= read -r line; do
			cmd=${line#*=}
			# shellcheck disable=SC2016
			bash -c 'echo $$ >"$1/cgroup.procs"; eval "exec $2"' _ "$CG2/$unit" "${cmd#-}" \
				>>"$ngx/out" 2>&1 3>&- || [[ $cmd == -* ]] || return 1
		done < <(grep "^$1=." "$BATS_TEST_TMPDIR/dropin")
	}
	workers() { pgrep -P "$(cat "$ngx/nginx.pid")" | sort | tr '\n' ' '; }
	two_workers() { [ "$(workers | wc -w)" = 2 ]; }
	# nginx -t -q: quiet, its status tells.
	exec_key ExecStartPre || fail "nginx -t: $(cat "$ngx/out")"
	exec_key ExecStart || fail "start: $(cat "$ngx/out")"
	wait_for two_workers
	local master before
	master=$(cat "$ngx/nginx.pid")
	[ "$(python3 -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$port/').read().decode().strip())")" = sealed ]
	run "$SEALCTL" verify -J --unit "$unit"
	assert_success
	# nginx's master and two workers, and sealrun's supervisor: all sealed.
	echo "$output" | jq -e '([.processes[] | select(.comm != "sealrun")] | length) == 3 and
		([.processes[] | select(.comm == "sealrun")] | length) == 1 and all(.processes[]; .compliant)'

	assert_all_sealed "$master" 'libc\.so'
	before=$(workers)
	exec_key ExecReload || fail "reload: $(cat "$ngx/out")"
	changed() { [ "$(workers)" != "$before" ] && two_workers; }
	wait_for changed || fail "no new workers: $(workers)"
	run "$SEALCTL" verify -J --unit "$unit"
	assert_success
	# nginx's master and two workers, and sealrun's supervisor: all sealed.
	echo "$output" | jq -e '([.processes[] | select(.comm != "sealrun")] | length) == 3 and
		([.processes[] | select(.comm == "sealrun")] | length) == 1 and all(.processes[]; .compliant)'

	[ "$(cat "$ngx/nginx.pid")" = "$master" ]
	# metrics, told of the unit by a drop-in: compliant, no noncompliant.
	mkdir -p "$BATS_TEST_TMPDIR/system/$unit.d"
	cp "$BATS_TEST_TMPDIR/dropin" "$BATS_TEST_TMPDIR/system/$unit.d/sealtools.conf"
	"$SEALCTL" metrics -D "$BATS_TEST_TMPDIR/system" >"$BATS_TEST_TMPDIR/m.prom"
	[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_processes "$unit" compliant)" = 4 ]
	[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_processes "$unit" noncompliant)" = 0 ]
	exec_key ExecStop || fail "stop: $(cat "$ngx/out")"
	gone() { [ -z "$(cat "$CG2/$unit/cgroup.procs")" ]; }
	wait_for gone || fail "left: $(cat "$CG2/$unit/cgroup.procs")"
}
