#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# A real daemon as the README tells admins to run it: nginx with a
# worker user and 2 workers on 127.0.0.1, started by sealrun; after it
# has answered a request, master and every worker pass sealctl verify.

load common
load ../nginx

setup_file() {
	export SEALRUN=$SEALTOOLS_BUILD/sealrun
	NGX=$(mktemp -d /tmp/nginx-bats.XXXXXX)
	chmod 755 "$NGX"
	export NGX
}

teardown_file() {
	rm -rf "${NGX:?}"
}

setup() {
	[ -x /usr/sbin/nginx ] || skip "nginx is not installed"
	id www-data >/dev/null 2>&1 || skip "no user www-data"
	"$SEALTOOLS_BUILD/helpers/sealcall" >/dev/null 2>&1 || skip "mseal not supported by this kernel"
	PORT=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	nginx_conf --workers 2 "$NGX" >"$NGX/nginx.conf" \
		<<<"server { listen 127.0.0.1:$PORT; location / { return 200 \"sealed\n\"; } }"
}

teardown() {
	# SIGTERM: the master stops its workers, then exits (killed with -9
	# it would leave them behind; killed first, they would be respawned).
	local pid
	for pid in "${HELPER_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || continue
		wait_for no_children "$pid" || :
	done
	stop_helpers
}

no_children() { # PID
	! pgrep -P "$1" >/dev/null
}

# A reply from nginx on PORT, into REPLY.
ask() {
	exec 5<>"/dev/tcp/127.0.0.1/$PORT" || return 1
	printf 'GET / HTTP/1.0\r\n\r\n' >&5
	REPLY=$(cat <&5)
	exec 5>&-
}

# Its two workers (children running as www-data, so past initgroups),
# into WORKERS.
two_workers() { # MASTER
	WORKERS=$(pgrep -u www-data -P "$1" | tr '\n' ' ')
	[ "$(wc -w <<<"$WORKERS")" -eq 2 ]
}

# Start nginx under sealrun with OPTIONS, wait until it answers, then
# set MASTER and WORKERS.
start_nginx() { # SEALRUN-OPTIONS...
	"$SEALRUN" "$@" /usr/sbin/nginx -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log" \
		>"$NGX/out" 2>&1 3>&- &
	MASTER=$!
	HELPER_PIDS+=("$MASTER")
	REPLY=
	if ! wait_for --while "$MASTER" ask 2>/dev/null; then
		alive "$MASTER" || fail "nginx exited: $(cat "$NGX/out" "$NGX/error.log")"
	fi
	[[ "$REPLY" == *sealed* ]] || fail "no answer from nginx: $(cat "$NGX/error.log")"
	wait_for --while "$MASTER" two_workers "$MASTER" || fail "nginx has no 2 workers: $WORKERS"
}

@test "sealrun --preload-nss nginx: master and both workers pass sealctl verify" {
	start_nginx --preload-nss
	# shellcheck disable=SC2086 # one PID a word
	run "$SEALCTL" verify "$MASTER" $WORKERS
	assert_success
	assert_line --regexp "^$MASTER \(nginx\): compliant with policy default"
	[ "$(grep -c 'compliant with policy default' <<<"$output")" -eq 3 ]
	refute_output --partial 'NOT compliant'
}

# The README's pair: verify --policy strict passes nginx started with
# --policy strict --preload-nss, and fails it started with the default
# policy, on the main stack only.
@test "sealrun --policy strict --preload-nss nginx passes verify --policy strict; the default policy fails it on [stack]" {
	start_nginx --policy strict --preload-nss
	# shellcheck disable=SC2086 # one PID a word
	run -0 "$SEALCTL" verify --policy strict -q "$MASTER" $WORKERS
	kill "$MASTER"
	wait "$MASTER" || :
	start_nginx --preload-nss
	# shellcheck disable=SC2086 # one PID a word
	run -1 "$SEALCTL" verify --policy strict "$MASTER" $WORKERS
	assert_equal "$(grep -c '^  \[stack\] unsealed (stack)$' <<<"$output")" 3
	refute_line --regexp ' (code|rodata|relro|data) +/'
}

@test "sealrun nginx without --preload-nss: the workers' NSS modules are named (glibc <= 2.40)" {
	start_nginx
	# shellcheck disable=SC2086 # one PID a word
	run "$SEALCTL" verify "$MASTER" $WORKERS
	if glibc_seals_dlopen_whole; then
		assert_success
		return 0
	fi
	assert_failure 1
	assert_line --regexp "^$MASTER \(nginx\): compliant with policy default"
	# Only RELRO of what initgroups loaded in the workers, nothing else.
	assert_line --regexp ' r--p relro +/.*/libnss_systemd\.so\.2$'
	# Named as an NSS module, with the remedy.
	assert_line --regexp '^  relro of /.*/libnss_systemd\.so\.2 open: an NSS module .*; sealrun --preload-nss loads it at start-up$'
	refute_line --regexp ' r-xp '
	refute_line --regexp '/libc\.so\.6$'
}

# The new master of a USR2 upgrade: a root child of the old master,
# with two workers of its own, into NEW and WORKERS.
new_master() { # OLD-MASTER
	NEW=$(pgrep -u root -P "$1" | head -n 1)
	[ -n "$NEW" ] && two_workers "$NEW"
}

# nginx's binary upgrade: on USR2 the master execs /usr/sbin/nginx again
# with an environment of its own making (NGINX=the listening sockets,
# nothing of sealrun's).  The exec guard gives sealrun's variables back,
# so that the new master and its workers are sealed the same way.
# nginx ignores USR2 while the master's parent is the one it started
# with: the upgrade needs a daemon (its parent then init).
@test "sealrun --preload-nss nginx, upgraded by USR2: the new master and its workers pass sealctl verify" {
	sed -i 's/^daemon off;/daemon on;/' "$NGX/nginx.conf"
	run -0 "$SEALRUN" --preload-nss /usr/sbin/nginx -p "$NGX" -c "$NGX/nginx.conf" \
		-e "$NGX/error.log" 3>&-
	wait_for test -s "$NGX/nginx.pid"
	MASTER=$(cat "$NGX/nginx.pid")
	HELPER_PIDS+=("$MASTER")
	wait_for --while "$MASTER" two_workers "$MASTER" || fail "nginx has no 2 workers: $WORKERS"
	kill -USR2 "$MASTER"
	wait_for --while "$MASTER" new_master "$MASTER" || fail "no new master: $(cat "$NGX/error.log")"
	HELPER_PIDS+=("$NEW")
	# The new master's exe is nginx again (nginx writes its title over
	# its environment: /proc/PID/environ shows no variables).
	[ "$(readlink "/proc/$NEW/exe")" = /usr/sbin/nginx ]
	# shellcheck disable=SC2086 # one PID a word
	run "$SEALCTL" verify "$NEW" $WORKERS
	assert_success
	assert_equal "$(grep -c 'compliant with policy default' <<<"$output")" 3
	refute_output --partial 'NOT compliant'
	refute [ -n "$(grep 'sealrun:' "$NGX/error.log")" ]
}

@test "without sealrun, nginx fails verify (the check can fail)" {
	/usr/sbin/nginx -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log" >"$NGX/out" 2>&1 3>&- &
	HELPER_PIDS+=("$!")
	wait_for --while "$!" two_workers "$!" || fail "nginx has no 2 workers: $WORKERS"
	run "$SEALCTL" verify "$!"
	assert_failure 1
	assert_line --regexp ' r-xp code +/usr/sbin/nginx$'
}
