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
# it, on the series metrics wrote in there.  This machine runs no
# systemd itself: the container's is the only one.

load common
load alerts

# The packages the root needs beyond debootstrap's minbase.  Debian 13:
# its glibc (2.41) delivers the loader's event after a dlopen's RELRO, so
# nothing stays open (sealrun(1), WHAT REMAINS OPEN); on Debian 12 the
# dynamic module Debian's nginx loads last keeps its RELRO open.
ROOT_PKGS="systemd systemd-sysv dbus nginx openssh-server openssh-client libpam-systemd
	redis-server libsmartcols1 libseccomp2"

setup_file() {
	command -v systemd-nspawn >/dev/null ||
		skip "systemd-nspawn missing (systemd-container, tests/deps.sh test)"
	"$SEALTOOLS_BUILD/helpers/sealcall" >/dev/null 2>&1 ||
		skip "mseal not supported by this kernel"
	cd "$BATS_TEST_DIRNAME/../.." || exit 1
	# shellcheck disable=SC2086 # one package a word
	ROOT=$(ROOTS=$PWD/build/roots/systemd tests/roots/mkroot.sh trixie $ROOT_PKGS) ||
		skip "no Debian 13 root with systemd and nginx (tests/roots/mkroot.sh; log in build/roots/systemd/trixie.log)"
	export ROOT
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

@test "systemd: Debian's nginx, ssh and redis-server services sealed by their drop-ins under a real systemd: start, verify --unit, reload, verify, metrics, verify --all, a login past the session boundary; started unsealed, it fails and only its alert fires" {
	local d=$BATS_TEST_TMPDIR
	# The build is seen at the same path inside, bound there; Debian 13
	# mounts a tmpfs on /tmp at boot, over a build under /tmp (a release
	# tarball's, or tests/publish.sh's copy): such a build is copied to
	# /var/lib for this test (not /var/tmp, which redis-server.service's
	# PrivateTmp= hides too).
	if [[ $SEALTOOLS_BUILD == /tmp/* ]]; then
		BUILD_COPY=$(mktemp -d /var/lib/sealtools-systemd.XXXXXX)
		cp -a "$SEALTOOLS_BUILD/." "$BUILD_COPY/"
		chmod 755 "$BUILD_COPY"
		SEALTOOLS_BUILD=$BUILD_COPY SEALCTL=$BUILD_COPY/sealctl
	fi
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
	# A volatile overlay: the cached root is not changed.
	# No systemd on the host: nothing to register with, no scope to make.
	# nspawn's own seccomp allow-list (systemd 252) does not list mseal:
	# sealrun in there would find no mseal and refuse (exit 125).
	# SYSTEMD_SECCOMP=0 drops nspawn's filter; the units' own stay.
	own_cgroups
	# shellcheck disable=SC2016
	SYSTEMD_SECCOMP=0 bash -c 'for c in "${@:2:$1}"; do echo $$ >"$c/cgroup.procs"; done; shift $(($1 + 1)); exec "$@"' \
		_ "${#CGROUPS[@]}" "${CGROUPS[@]}" \
		systemd-nspawn -q -D "$ROOT" --volatile=overlay -b -M "sealtools$$" --register=no --keep-unit \
		--bind-ro="$SEALTOOLS_BUILD" --bind-ro="$dropin:/etc/systemd/system/nginx.service.d" \
		--bind-ro="$d/etc/systemd/system/ssh.service.d:/etc/systemd/system/ssh.service.d" \
		--bind-ro="$d/etc/systemd/system/redis-server.service.d:/etc/systemd/system/redis-server.service.d" \
		--private-network >"$d/console" 2>&1 3>&- </dev/null &
	NSPAWN_PID=$!
	wait_for --while "$NSPAWN_PID" booted || fail "no boot: $(tail -n 20 "$d/console")"
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
	inside mkdir -p /run/systemd/system/nginx.service.d
	grep -E '^(\[Service\]|Exec(StartPre|Start|Reload|Stop)=)' "$ROOT/lib/systemd/system/nginx.service" |
		awk '/^Exec/ { k = $0; sub(/=.*/, "", k); if (!(k in seen)) { print k "="; seen[k] = 1 } } 1' |
		inside tee /run/systemd/system/nginx.service.d/zz-unsealed.conf >/dev/null
	inside systemctl daemon-reload
	run inside systemctl restart nginx.service
	assert_success
	run inside "$SEALCTL" verify -q --unit nginx.service
	assert_failure 1
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
	! echo "$output" | grep -q 'session-[0-9a-z]*\.scope'
	inside systemctl poweroff || :
	wait_for --while "$NSPAWN_PID" false || :
}
