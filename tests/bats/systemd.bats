#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# A real systemd (PID 1 of a container: systemd-nspawn -b of a Debian 13
# root made by tests/roots/mkroot.sh, a root of its own beside the shared
# one, in build/roots/systemd) running Debian's nginx.service
# (and ssh.service) with the drop-in sealctl unit writes: start (its ExecStartPre nginx -t,
# the forking ExecStart), verify --unit green, a reload (new workers)
# still green, metrics and verify --all in there, a login through the
# sealed sshd reported past the session boundary; then started unsealed,
# it fails, and promtool finds only ServiceStoppedComplying firing, for
# it, on the series metrics wrote in there.  A second boot: Debian's
# postgresql@.service (pg_ctlcluster) and apache2.service (apachectl)
# sealed the same way, with a query and a request, reload, restart and
# stop; sealtools-metrics.timer run by systemd there, its file served by
# Debian's node_exporter.  This machine runs no systemd itself: the
# container's is the only one.

load common
load alerts

# The packages the root needs beyond debootstrap's minbase.  Debian 13:
# its glibc (2.41) delivers the loader's event after a dlopen's RELRO, so
# nothing stays open (sealrun(1), WHAT REMAINS OPEN); on Debian 12 the
# dynamic module Debian's nginx loads last keeps its RELRO open.
ROOT_PKGS="systemd systemd-sysv dbus nginx openssh-server openssh-client libpam-systemd
	redis-server libsmartcols1 libseccomp2 postgresql apache2 prometheus-node-exporter curl"

# Why the tests cannot run here, found once; each test skips with it
# (bats 1.8, Debian 12's, fails a skip in setup_file).
setup_file() {
	export SYSTEMD_SKIP=
	if ! command -v systemd-nspawn >/dev/null; then
		SYSTEMD_SKIP="systemd-nspawn missing (systemd-container, tests/deps.sh test)"
	elif ! "$SEALTOOLS_BUILD/helpers/sealcall" >/dev/null 2>&1; then
		SYSTEMD_SKIP="mseal not supported by this kernel"
	elif ! unshare -m true 2>/dev/null; then
		SYSTEMD_SKIP="no private mount namespace here (unshare -m: in a chroot, / is no mount point)"
	else
		cd "$BATS_TEST_DIRNAME/../.." || exit 1
		# shellcheck disable=SC2086 # one package a word
		ROOT=$(ROOTS=$PWD/build/roots/systemd tests/roots/mkroot.sh trixie $ROOT_PKGS) ||
			SYSTEMD_SKIP="no Debian 13 root with systemd and the daemons (tests/roots/mkroot.sh; log in build/roots/systemd/trixie.log)"
		export ROOT
	fi
}

setup() {
	[ -z "$SYSTEMD_SKIP" ] || skip "$SYSTEMD_SKIP"
}

teardown() {
	if [ -n "${NSPAWN_PID:-}" ]; then
		kill -TERM "$NSPAWN_PID" 2>/dev/null || :
		wait_for --while "$NSPAWN_PID" false || kill -KILL "$NSPAWN_PID" 2>/dev/null || :
		wait "$NSPAWN_PID" 2>/dev/null || :
	fi
	[ -z "${BUILD_COPY:-}" ] || rm -rf "$BUILD_COPY"
	# The container's cgroups, deepest first.
	local dir
	for dir in "${CGROUPS[@]}"; do
		find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || :
	done
}

CGROUPS=()

# A cgroup of this test's own in each hierarchy systemd uses (cgroup v2,
# and v1's name=systemd where mounted): with no systemd on the host,
# nspawn --keep-unit runs the container in its own cgroup, and two
# containers (other checkouts run this test too) must not share one.
own_cgroups() {
	local mnt
	for mnt in $(findmnt -n -o TARGET -t cgroup2) \
		$(findmnt -n -o TARGET,OPTIONS -t cgroup | awk '$2 ~ /name=systemd/ { print $1 }'); do
		mkdir "$mnt/sealtools-nspawn$$"
		CGROUPS+=("$mnt/sealtools-nspawn$$")
	done
}

# The container's PID 1 (systemd), as the host sees it: a descendant of
# nspawn whose command is systemd.
leader() {
	local p
	for p in $(pgrep -x systemd); do
		[ "$(awk '/^NSpid:/ { print $NF }' "/proc/$p/status")" = 1 ] || continue
		# nspawn's child, or its grandchild.
		local pp
		pp=$(awk '/^PPid:/ { print $2 }' "/proc/$p/status")
		if [ "$pp" = "$NSPAWN_PID" ] ||
			[ "$(awk '/^PPid:/ { print $2 }' "/proc/$pp/status" 2>/dev/null)" = "$NSPAWN_PID" ]; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# Run a command inside the container, in all its namespaces.
inside() {
	nsenter -t "$LEADER" -a env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

booted() {
	LEADER=$(leader) || return 1
	local state
	state=$(inside systemctl is-system-running 2>/dev/null) || :
	[ "$state" = running ] || [ "$state" = degraded ]
}

# The build is seen at the same path inside, bound there; Debian 13
# mounts a tmpfs on /tmp at boot, over a build under /tmp (a release
# tarball's, or tests/publish.sh's copy): such a build is copied to
# /var/lib for this test (not /var/tmp, which redis-server.service's
# PrivateTmp= hides too).
build_inside() {
	if [[ $SEALTOOLS_BUILD == /tmp/* ]]; then
		BUILD_COPY=$(mktemp -d /var/lib/sealtools-systemd.XXXXXX)
		cp -a "$SEALTOOLS_BUILD/." "$BUILD_COPY/"
		chmod 755 "$BUILD_COPY"
		SEALTOOLS_BUILD=$BUILD_COPY SEALCTL=$BUILD_COPY/sealctl
	fi
}

# Boot the root (with nspawn's OPTIONS, then -- and systemd's own
# arguments) and wait until systemd says it is up; the console in
# $BATS_TEST_TMPDIR/console.
# A volatile overlay: the cached root is not changed.
# No systemd on the host: nothing to register with, no scope to make.
# nspawn's own seccomp allow-list (systemd 252) does not list mseal:
# sealrun in there would find no mseal and refuse (exit 125).
# SYSTEMD_SECCOMP=0 drops nspawn's filter; the units' own stay.
boot() { # OPTION... [-- SYSTEMD-ARG...]
	own_cgroups
	# shellcheck disable=SC2016
	SYSTEMD_SECCOMP=0 bash -c 'for c in "${@:2:$1}"; do echo $$ >"$c/cgroup.procs"; done; shift $(($1 + 1)); exec "$@"' \
		_ "${#CGROUPS[@]}" "${CGROUPS[@]}" \
		systemd-nspawn -q -D "$ROOT" --volatile=overlay -b -M "sealtools$$" --register=no --keep-unit \
		--bind-ro="$SEALTOOLS_BUILD" --private-network "$@" \
		>"$BATS_TEST_TMPDIR/console" 2>&1 3>&- </dev/null &
	NSPAWN_PID=$!
	wait_for --while "$NSPAWN_PID" booted || fail "no boot: $(tail -n 20 "$BATS_TEST_TMPDIR/console")"
}

# Restart UNIT unsealed on purpose: a runtime drop-in puts the vendor's
# Exec commands back (the unit keeps its sealtools.conf); verify --unit
# then fails.
start_unsealed() { # UNIT
	inside mkdir -p "/run/systemd/system/$1.service.d"
	grep -E '^(\[Service\]|Exec(StartPre|Start|Reload|Stop)=)' "$ROOT/lib/systemd/system/$1.service" |
		awk '/^Exec/ { k = $0; sub(/=.*/, "", k); if (!(k in seen)) { print k "="; seen[k] = 1 } } 1' |
		inside tee "/run/systemd/system/$1.service.d/zz-unsealed.conf" >/dev/null
	inside systemctl daemon-reload
	run inside systemctl restart "$1.service"
	assert_success
	run inside "$SEALCTL" verify -q --unit "$1.service"
	assert_failure 1
}

@test "systemd: Debian's nginx, ssh and redis-server services sealed by their drop-ins under a real systemd: start, verify --unit, reload, verify, metrics, verify --all, a login past the session boundary; started unsealed, it fails and only its alert fires" {
	local d=$BATS_TEST_TMPDIR
	build_inside
	# The drop-in as an admin writes it, from the root's own unit file.
	mkdir -p "$d/etc/systemd/system" "$d/lib/systemd"
	cp -a "$ROOT/lib/systemd/system" "$d/lib/systemd/"
	"$SEALCTL" unit -R "$d" nginx -- --preload-nss
	# sshd: sealctl unit looks for PAM's set-id helper in the root it
	# writes for, as on the machine itself.
	mkdir -p "$d/usr/sbin"
	cp -a "$ROOT/usr/sbin/unix_chkpwd" "$d/usr/sbin/"
	"$SEALCTL" unit -R "$d" ssh
	grep -q "^ExecStart=$SEALTOOLS_BUILD/sealrun --allow-unsealed /usr/sbin/unix_chkpwd -- /usr/sbin/sshd " \
		"$d/etc/systemd/system/ssh.service.d/sealtools.conf"
	# redis: its hardening relaxed by the drop-in (NoExecPaths=/ and an
	# allow-list SystemCallFilter=), and, until sealrun sees to it, the
	# static TLS jemalloc needs beside the sealer (README) in a second one.
	"$SEALCTL" unit -R "$d" redis-server
	printf '[Service]\nEnvironment=GLIBC_TUNABLES=glibc.rtld.optional_static_tls=4096\n' \
		>"$d/etc/systemd/system/redis-server.service.d/static-tls.conf"
	local dropin=$d/etc/systemd/system/nginx.service.d
	grep -q "^ExecStart=$SEALTOOLS_BUILD/sealrun --preload-nss -- /usr/sbin/nginx " \
		"$dropin/sealtools.conf"
	# Apache (port 80, as nginx) and PostgreSQL are the next test's:
	# masked here (systemd reads its kernel command line from its own
	# arguments in a container).
	boot --bind-ro="$dropin:/etc/systemd/system/nginx.service.d" \
		--bind-ro="$d/etc/systemd/system/ssh.service.d:/etc/systemd/system/ssh.service.d" \
		--bind-ro="$d/etc/systemd/system/redis-server.service.d:/etc/systemd/system/redis-server.service.d" \
		-- systemd.mask=apache2.service systemd.mask=postgresql.service \
		systemd.mask=prometheus-node-exporter.service
	run inside systemctl is-active apache2.service postgresql.service
	assert_output $'inactive\ninactive'
	# nginx is enabled by its package: started at boot through the drop-in.
	run inside systemctl is-active nginx.service
	if [ "$output" != active ]; then
		run inside systemctl start nginx.service
		assert_success
	fi
	run inside systemctl show -p ExecStart --value nginx.service
	assert_output --partial "path=$SEALTOOLS_BUILD/sealrun"
	run inside "$SEALCTL" verify -J --unit nginx.service
	assert_success
	local n
	n=$(echo "$output" | jq '[.processes[] | select(.compliant)] | length')
	[ "$n" -ge 2 ] || fail "$n processes: $output"
	local master before
	master=$(inside cat /run/nginx.pid)
	# The unit's processes, as sealctl lists them from its cgroup (the
	# root has no procps; the host may mount cgroup v2 anywhere).
	procs() { inside "$SEALCTL" verify -J --unit nginx.service | jq -r '.processes[].pid' | sort | tr '\n' ' '; }
	before=$(procs)
	# A reload: ExecReload (sealed) signals the master; new workers.
	run inside systemctl reload nginx.service
	assert_success
	changed() { [ "$(procs)" != "$before" ] && [ "$(procs | wc -w)" = "$(wc -w <<<"$before")" ]; }
	wait_for changed || fail "no new workers"
	run inside "$SEALCTL" verify -J --unit nginx.service
	assert_success
	[ "$(inside cat /run/nginx.pid)" = "$master" ]
	# The drop-in makes nginx a sealed service: metrics and verify --all
	# judge it, and it complies.
	run inside "$SEALCTL" metrics
	assert_success
	echo "$output" >"$d/m.prom"
	grep -qE '^sealtools_processes\{service="nginx.service",state="compliant"\} [2-9]' "$d/m.prom"
	grep -qx 'sealtools_processes{service="nginx.service",state="noncompliant"} 0' "$d/m.prom"
	# sshd (Type=notify) too, and after a reload (sshd -t, then SIGHUP:
	# sshd executes itself again, sealed the same way).
	run inside systemctl is-active ssh.service
	assert_output active
	run inside "$SEALCTL" verify -J --unit ssh.service
	assert_success
	local sshd
	sshd=$(echo "$output" | jq '.processes[0].pid')
	run inside systemctl reload ssh.service
	assert_success
	run inside "$SEALCTL" verify -J --unit ssh.service
	assert_success
	[ "$(echo "$output" | jq '.processes[0].pid')" = "$sshd" ]
	# redis-server (Type=notify, sandboxed): started at boot, sealed.
	run inside systemctl is-active redis-server.service
	assert_output active
	run inside "$SEALCTL" verify -J --unit redis-server.service
	assert_success
	# redis-server and sealrun's supervisor, both sealed.
	echo "$output" | jq -e '([.processes[] | select(.comm != "sealrun")] | length) == 1 and
		all(.processes[]; .compliant)'
	run inside "$SEALCTL" verify --all -q
	assert_success
	# Broken on purpose: a later runtime drop-in puts the vendor's commands
	# back (started unsealed).  The unit keeps its sealtools.conf, so
	# metrics judges it, and only ServiceStoppedComplying fires, for it
	# alone, on the series metrics wrote here (promtool, on the host).
	command -v promtool >/dev/null || fail "promtool missing (tests/deps.sh test)"
	start_unsealed nginx
	inside "$SEALCTL" metrics >"$d/broken.prom"
	alert_test "$BATS_TEST_DIRNAME/../../contrib/sealtools-alerts.yml" "$d/m.prom" \
		"$d/broken.prom" nginx.service >"$d/test.yml"
	grep -q 'values: .[2-9]x100 0x30.' "$d/test.yml"
	run promtool test rules "$d/test.yml"
	assert_success
	assert_output --partial SUCCESS
	run inside "$SEALCTL" verify --all -q
	assert_failure 1
	inside systemctl stop nginx.service
	# A login through the sealed sshd: its session (session-N.scope, made
	# by logind through pam_systemd) is past the documented boundary:
	# sshd-session there carries the sealer, is named so, and no failure.
	inside sh -c 'mkdir -p /root/.ssh && ssh-keygen -q -t ed25519 -N "" -f /root/.ssh/id &&
		cp /root/.ssh/id.pub /root/.ssh/authorized_keys'
	inside sh -c 'HOME=/root ssh -i /root/.ssh/id -o StrictHostKeyChecking=no -o BatchMode=yes \
		root@127.0.0.1 "echo in; sleep 600" </dev/null >/tmp/ssh.out 2>&1 &'
	logged_in() { inside grep -qx in /tmp/ssh.out; }
	# Debian 13's pam_unix runs the set-group-ID unix_chkpwd from
	# sshd-session's root monitor: allowed by name in the drop-in, else
	# the account check fails the login (README "sshd and unix_chkpwd").
	wait_for logged_in || fail "no login: $(inside cat /tmp/ssh.out | tr '\n' ' '); $(inside journalctl -u ssh.service --no-pager | tail -n 5)"
	run inside "$SEALCTL" verify --all
	assert_success
	assert_line --regexp '^[0-9]+ \(sshd-session\): past a boundary, login session session-[0-9a-z]+\.scope: not judged as its service$'
	run inside "$SEALCTL" metrics
	assert_success
	echo "$output" | grep -qE '^sealtools_processes\{service="session.scope",state="boundary"\} [1-9]'
	echo "$output" | grep -qx 'sealtools_processes{service="session.scope",state="noncompliant"} 0'
	! echo "$output" | grep -q 'session-[0-9a-z]*\.scope' ||
		fail "a session's own unit named: $output"
	inside systemctl poweroff || :
	wait_for --while "$NSPAWN_PID" false || :
}

# The unit's processes as sealctl lists them from its cgroup, in PID order.
unit_pids() { # UNIT
	inside "$SEALCTL" verify -J --unit "$1" | jq -r '[.processes[].pid] | sort | join(" ")'
}

# Every process of UNIT complies (verify --unit, exit 0), and there are
# at least MIN of them; the JSON in $output.
unit_green() { # UNIT MIN
	run inside "$SEALCTL" verify -J --unit "$1"
	assert_success
	echo "$output" | jq -e --argjson min "$2" \
		'(.processes | length) >= $min and all(.processes[]; .compliant)' >/dev/null ||
		fail "$1: $output"
}

@test "systemd: Debian's postgresql@ (pg_ctlcluster) and apache2 (apachectl) sealed by their drop-ins under a real systemd: verify --unit during a query and a request, reload, restart, stop; sealtools-metrics.timer writes what node_exporter serves; apache2 started unsealed, only its alert fires" {
	local d=$BATS_TEST_TMPDIR sys=$BATS_TEST_TMPDIR/etc/systemd/system
	build_inside
	mkdir -p "$sys" "$d/lib/systemd" "$d/units"
	cp -a "$ROOT/lib/systemd/system" "$d/lib/systemd/"
	# The template's drop-in covers every cluster (postgresql@17-main).
	"$SEALCTL" unit -R "$d" postgresql@ -- --preload-nss
	"$SEALCTL" unit -R "$d" apache2 -- --preload-nss
	grep -q "^ExecStart=-$SEALTOOLS_BUILD/sealrun --preload-nss -- /usr/bin/pg_ctlcluster " \
		"$sys/postgresql@.service.d/sealtools.conf"
	# apache2.service has no PIDFile=: the drop-in gives Apache's.
	grep -qx 'PIDFile=/run/apache2/apache2.pid' "$sys/apache2.service.d/sealtools.conf"
	# The metrics service and timer as make install writes them (README:
	# @BINDIR@ replaced); the timer, for the test, due 1 s after it starts.
	sed "s|@BINDIR@|$SEALTOOLS_BUILD|g" contrib/sealtools-metrics.service.in >"$d/units/sealtools-metrics.service"
	cp contrib/sealtools-metrics.timer "$d/units/"
	mkdir "$d/timer.d"
	printf '[Timer]\nOnActiveSec=1s\n' >"$d/timer.d/soon.conf"
	local b binds=()
	for b in postgresql@.service.d apache2.service.d; do
		binds+=(--bind-ro="$sys/$b:/etc/systemd/system/$b")
	done
	# nginx (port 80, as apache2) and redis are the other test's.
	boot "${binds[@]}" --bind-ro="$d/units/sealtools-metrics.service:/etc/systemd/system/sealtools-metrics.service" \
		--bind-ro="$d/units/sealtools-metrics.timer:/etc/systemd/system/sealtools-metrics.timer" \
		--bind-ro="$d/timer.d:/etc/systemd/system/sealtools-metrics.timer.d" \
		-- systemd.mask=nginx.service systemd.mask=redis-server.service
	# Both enabled by their packages, started at boot through the drop-ins
	# (the cluster by postgresql's generator, wanted by postgresql.service).
	local pg
	pg=$(inside systemctl list-units --plain --no-legend --state=active 'postgresql@*.service' | awk '{ print $1 }')
	[[ $pg == postgresql@*-main.service ]] || fail "no cluster running: $pg"
	run inside systemctl show -p ExecStart --value "$pg" apache2.service
	[ "$(grep -c "path=$SEALTOOLS_BUILD/sealrun " <<<"$output")" = 2 ] || fail "$output"
	# postgres: the postmaster, its auxiliary processes and sealrun's
	# supervisor; a backend for a psql session (its own client, from
	# outside the unit), which loads PL/pgSQL (dlopen) for a DO block,
	# checked while it is connected.  The session reads a FIFO held open
	# from here.
	pg_up() {
		[ "$(inside "$SEALCTL" verify -J --unit "$pg" |
			jq '[.processes[] | select(.comm == "postgres")] | length')" -ge 6 ]
	}
	wait_for pg_up || fail "$pg: $(inside "$SEALCTL" verify --unit "$pg")"
	unit_green "$pg" 7
	inside mkfifo -m 644 /tmp/q
	inside sh -c 'runuser -u postgres -- psql -XAtq </tmp/q >/tmp/psql.out 2>&1 &'
	[ -p "/proc/$LEADER/root/tmp/q" ]
	exec 4>"/proc/$LEADER/root/tmp/q"
	printf 'SELECT pg_backend_pid();\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT 6 * 7;\n' >&4
	answered() { [ "$(inside sed -n 2p /tmp/psql.out)" = 42 ]; }
	wait_for answered || fail "no answer: $(inside cat /tmp/psql.out)"
	local backend
	backend=$(inside sed -n 1p /tmp/psql.out)
	inside grep -q '/plpgsql\.so$' "/proc/$backend/maps"
	unit_green "$pg" 8
	echo "$output" | jq -e --argjson p "$backend" 'any(.processes[]; .pid == $p and .compliant)'
	exec 4>&-
	# apache2: the parent, its children (Debian's mpm_event starts 2) and
	# the supervisor; a request.
	apache_up() {
		[ "$(inside "$SEALCTL" verify -J --unit apache2.service |
			jq '[.processes[] | select(.comm == "apache2")] | length')" -ge 3 ]
	}
	wait_for apache_up || fail "apache2: $(inside "$SEALCTL" verify --unit apache2.service)"
	unit_green apache2.service 4
	run inside curl -fsS -o /dev/null -w '%{http_code}' http://127.0.0.1/
	assert_output 200
	unit_green apache2.service 3
	# The main PIDs, known to systemd (apache2's from its PIDFile=).
	local apache pgmain before
	apache=$(inside systemctl show -p MainPID --value apache2.service)
	[ "$apache" = "$(inside cat /run/apache2/apache2.pid)" ]
	pgmain=$(inside systemctl show -p MainPID --value "$pg")
	[ "$pgmain" != 0 ]
	# Reloads: apachectl graceful (new children), pg_ctlcluster reload
	# (SIGHUP); the same main processes, still green.
	before=$(unit_pids apache2.service)
	run inside systemctl reload apache2.service "$pg"
	assert_success
	changed() { [ "$(unit_pids apache2.service)" != "$before" ] && apache_up; }
	wait_for changed || fail "no new apache2 children"
	unit_green apache2.service 4
	wait_for pg_up
	unit_green "$pg" 7
	[ "$(inside systemctl show -p MainPID --value apache2.service)" = "$apache" ]
	[ "$(inside systemctl show -p MainPID --value "$pg")" = "$pgmain" ]
	# Restarts: new main processes, green.
	run inside systemctl restart apache2.service "$pg"
	assert_success
	wait_for apache_up
	unit_green apache2.service 4
	wait_for pg_up
	unit_green "$pg" 7
	[ "$(inside systemctl show -p MainPID --value apache2.service)" = "$(inside cat /run/apache2/apache2.pid)" ]
	[ "$(inside systemctl show -p MainPID --value apache2.service)" != "$apache" ]
	[ "$(inside systemctl show -p MainPID --value "$pg")" != "$pgmain" ]
	# Stops: through the sealed ExecStop= commands; apache2's parent gets
	# its SIGTERM and ends its children (with no main PID, KillMode=mixed
	# went straight to SIGKILL for every process left: measured without
	# PIDFile=); nothing is left.  (sealrun's supervisor, which exits
	# once its tree has, may still be there for that final SIGKILL.)
	run inside systemctl stop apache2.service "$pg"
	assert_success
	run inside systemctl is-active apache2.service "$pg"
	assert_output $'inactive\ninactive'
	run inside journalctl -q -u apache2.service -u "$pg" --no-pager
	refute_output --regexp 'Killing process [0-9]+ \((apache2|postgres)\) with signal SIGKILL'
	run inside "$SEALCTL" verify --unit apache2.service
	assert_failure 2
	run inside systemctl start apache2.service "$pg"
	assert_success
	wait_for apache_up
	unit_green apache2.service 4
	wait_for pg_up
	unit_green "$pg" 7
	run inside "$SEALCTL" verify --all -q
	assert_success
	# sealtools-metrics.timer starts the service, which writes the file
	# node_exporter's textfile collector reads (Debian's
	# prometheus-node-exporter, started at boot, default directory).
	local prom=/var/lib/prometheus/node-exporter/sealtools.prom
	run inside systemctl start sealtools-metrics.timer
	assert_success
	ran() {
		inside test -s "$prom" &&
			[ "$(inside systemctl show -p ActiveState --value sealtools-metrics.service)" = inactive ]
	}
	wait_for ran || fail "no metrics: $(inside journalctl -u sealtools-metrics.service --no-pager | tail -n 5)"
	run inside systemctl show -p Result --value sealtools-metrics.service
	assert_output success
	[ "$(inside systemctl show -p LastTriggerUSecMonotonic --value sealtools-metrics.timer)" != 0 ]
	inside cat "$prom" >"$d/healthy.prom"
	grep -qE "^sealtools_processes\{service=\"$pg\",state=\"compliant\"\} ([7-9]|[1-9][0-9])\$" "$d/healthy.prom"
	grep -qE '^sealtools_processes\{service="apache2.service",state="compliant"\} [4-9]$' "$d/healthy.prom"
	[ "$(grep -cE '^sealtools_processes\{.*state="noncompliant"\} 0$' "$d/healthy.prom")" = 2 ]
	! grep -q 'sealtools-metrics' "$d/healthy.prom" || fail "the collector counted itself"
	# node_exporter serves each of our series with the file's value.
	scrape() { inside curl -fsS http://127.0.0.1:9100/metrics >"$1"; }
	wait_for scrape "$d/scrape" || fail "no scrape: $(inside journalctl -u prometheus-node-exporter --no-pager | tail -n 5)"
	served() { # FILE SCRAPE: every series of FILE in SCRAPE, the same value
		grep -qx 'node_textfile_scrape_error 0' "$2" &&
			grep -q "^node_textfile_mtime_seconds{file=\"$prom\"}" "$2" &&
			awk 'NR == FNR { if ($1 ~ /^sealtools_/) { v[$1] = $2; n++ }; next }
				$1 in v && $2 + 0 == v[$1] + 0 { m++ }
				END { exit !(n > 0 && m == n) }' "$1" "$2"
	}
	served "$d/healthy.prom" "$d/scrape" || fail "not served: $(grep -E 'textfile|^sealtools_' "$d/scrape")"
	# Broken on purpose: apache2 started unsealed (a runtime drop-in puts
	# the vendor's commands back); the service run again writes it, and
	# promtool finds no alert on the healthy series, then only
	# ServiceStoppedComplying, for apache2.service.
	command -v promtool >/dev/null || fail "promtool missing (tests/deps.sh test)"
	start_unsealed apache2
	run inside systemctl start sealtools-metrics.service
	assert_success
	inside cat "$prom" >"$d/broken.prom"
	grep -qE '^sealtools_processes\{service="apache2.service",state="noncompliant"\} [1-9]' "$d/broken.prom"
	wait_for scrape "$d/scrape2"
	served "$d/broken.prom" "$d/scrape2" || fail "not served: $(grep -E 'textfile|^sealtools_' "$d/scrape2")"
	alert_test "$BATS_TEST_DIRNAME/../../contrib/sealtools-alerts.yml" "$d/healthy.prom" \
		"$d/broken.prom" apache2.service >"$d/test.yml"
	run promtool test rules "$d/test.yml"
	assert_success
	assert_output --partial SUCCESS
	inside systemctl poweroff || :
	wait_for --while "$NSPAWN_PID" false || :
}
