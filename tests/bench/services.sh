#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Throughput of Debian's own daemons, plain and under sealrun (issue 23):
# nginx serving a static file to wrk, redis-server answering
# redis-benchmark's SET and GET, postgres answering pgbench -S.  Goal:
# sealed / plain = 1.00 within the noise.
#
# Each service is run plain and under `sealrun` (the default policy; with
# --preload-nss where services.bats starts it so), alternately, the order
# swapped every round (plain first in odd rounds, sealed first in even
# ones), so that drift in the machine hits both alike.  The server is
# started anew for every run: start, wait until it answers, one second of
# load to warm it up, SERVICES_BENCH_SECONDS of measured load, then
# `sealctl verify` on the server and its children while they still run
# (sealed runs; and once, on the first plain run, to show that verify
# tells a plain server apart), then SIGTERM (postgres: SIGINT, its fast
# shutdown) to its PID and wait.  The clients run plain, on loopback
# (nginx, redis: 127.0.0.1 on a free port) or postgres's unix socket in
# the scratch directory, which is removed at exit.  On a machine with two
# CPUs or more the server runs on CPU 0 and the client on CPU 1 (taskset),
# so that where each lands is the same in both modes.
#
# Usage: tests/bench/services.sh   (SEALTOOLS_BUILD or B: build dir)
#   SERVICES_BENCH_ROUNDS    rounds, each a plain and a sealed run (5)
#   SERVICES_BENCH_SECONDS   measured seconds per run of wrk and pgbench (5)
#   SERVICES_BENCH_REQUESTS  requests per redis-benchmark test (100000)
#   SERVICES_BENCH_PIN       0: no taskset (default 1 where nproc >= 2)
# Prints two markdown tables, requests/s and the server's CPU time per
# request (utime + stime of the server, its children and the children it
# reaped, from /proc, over the measured load: steadier than requests/s
# when other work shares the CPUs): the medians, the sealed/plain ratio of
# the medians, the per-round ratios' range, and the verdict against the
# noise (the plain runs' own spread, (max - min) / median), with verify's
# verdicts.  A service not installed is skipped with a line saying so.
# Exit 1 when a run failed (MISSED is reported, not failed).
# shellcheck disable=SC2317 # the services' functions are called by name
set -eu
cd "$(dirname "$0")/../.."
# shellcheck source=tests/bench/common.bash
. tests/bench/common.bash
# shellcheck source=tests/nginx.bash
. tests/nginx.bash
ROUNDS=${SERVICES_BENCH_ROUNDS:-5}
SECS=${SERVICES_BENCH_SECONDS:-5}
REQS=${SERVICES_BENCH_REQUESTS:-100000}
for v in "$ROUNDS" "$SECS" "$REQS"; do
	[[ $v =~ ^[1-9][0-9]*$ ]] || { echo "services.sh: not a positive integer: '$v'" >&2; exit 64; }
done
PIN=${SERVICES_BENCH_PIN:-1}
HZ=$(getconf CLK_TCK)
bench_setup sealrun
# The server's and the client's CPU (prefixes of their command lines).
on_server=() on_client=()
if [ "$PIN" != 0 ] && [ "$(nproc)" -ge 2 ]; then
	on_server=(taskset -c 0) on_client=(taskset -c 1)
fi
SEALCTL=$BUILD/sealctl
[ -x "$SEALCTL" ] || { echo "no $SEALCTL: run make first" >&2; exit 1; }

# The server of the run in progress, ended by its PID at exit too.
spid=
stop_server() { # [SIGNAL]
	[ -n "$spid" ] || return 0
	kill "-${1:-TERM}" "$spid" 2>/dev/null || :
	wait "$spid" 2>/dev/null || :
	spid=
}
trap 'stop_server; rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# Readable by the servers' users (www-data, postgres).
chmod 755 "$tmp"

failed=0
fail_run() { # MESSAGE
	echo "services.sh: $*" >&2
	failed=1
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Until COMMAND succeeds, while the server lives; 60 s at most.
until_ready() { # COMMAND...
	local end=$((SECONDS + 60))
	until "$@" 2>/dev/null; do
		kill -0 "$spid" 2>/dev/null && [ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.05
	done
}

# sealctl verify (default policy) on the server and its children, into
# $tmp/verify; again if a child ended between the listing and the
# reading.  Status: verify's.
verify_server() {
	local try rc
	for try in 1 2 3; do
		rc=0
		# shellcheck disable=SC2046 # one PID a word
		"$SEALCTL" verify -- "$spid" $(pgrep -P "$spid") >"$tmp/verify" 2>&1 || rc=$?
		grep -qE ': no such process$|a zombie|no address space' "$tmp/verify" || break
		: "$try"
	done
	return "$rc"
}

# ---- the services: setup_NAME (once; prints why not, and fails, when it
# cannot), start_NAME MODE (sets spid), ready_NAME, load_NAME SECONDS|warm
# (prints "METRIC REQUESTS_PER_SECOND" lines and "requests TOTAL"; warm: a
# second's worth, to warm the server up), and the signal that stops
# it, stop_signal[NAME].  They are called by name (one_run).
declare -A stop_signal=([nginx]=TERM [redis]=TERM [postgres]=INT)

# nginx: one worker (wrk takes the other CPU), user www-data, a 4 KiB
# static file, Debian's defaults otherwise (no sendfile, no access log).
setup_nginx() {
	if ! [ -x /usr/sbin/nginx ] || ! command -v wrk >/dev/null || ! id www-data >/dev/null 2>&1; then
		echo "nginx, wrk or the user www-data missing (tests/deps.sh test)"
		return 1
	fi
	mkdir -p "$tmp/nginx/www"
	head -c 4096 /dev/zero | tr '\0' s >"$tmp/nginx/www/file"
	chmod -R a+rX "$tmp/nginx"
}
start_nginx() { # MODE
	local n=$tmp/nginx pre=()
	[ "$1" = plain ] || pre=("$SEALRUN" --preload-nss)
	port=$(free_port)
	nginx_conf --connections 256 "$n" >"$n/nginx.conf" <<<"server { listen 127.0.0.1:$port; root $n/www; }"
	"${on_server[@]}" "${pre[@]}" /usr/sbin/nginx -p "$n" -c "$n/nginx.conf" -e "$n/error.log" >"$n/out" 2>&1 &
	spid=$!
}
ready_nginx() {
	# The worker too: verify judges it.
	pgrep -u www-data -P "$spid" >/dev/null &&
		[ "$(curl_free_get)" = 4096 ]
}
# The length of the file as served, by bash alone.
curl_free_get() {
	local reply
	exec 5<>"/dev/tcp/127.0.0.1/$port" || return 1
	printf 'GET /file HTTP/1.0\r\n\r\n' >&5
	reply=$(tr -d '\r' <&5 | sed -n 's/^Content-Length: //p')
	exec 5>&-
	echo "$reply"
}
load_nginx() { # SECONDS|warm
	local out
	out=$("${on_client[@]}" wrk -t 1 -c 16 -d "${1/warm/1}s" "http://127.0.0.1:$port/file")
	if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
		echo "wrk: $out" >&2
		return 1
	fi
	awk '$1 == "Requests/sec:" { print "nginx", $2 }
		$2 == "requests" && $3 == "in" { print "requests", $1 }' <<<"$out"
}

# redis-server: no persistence; redis-benchmark, 16 connections, keys
# from 100,000, SET then GET, SERVICES_BENCH_REQUESTS each.
setup_redis() {
	if ! [ -x /usr/bin/redis-server ] || ! command -v redis-benchmark >/dev/null; then
		echo "redis-server or redis-benchmark missing (tests/deps.sh test)"
		return 1
	fi
	mkdir -p "$tmp/redis"
}
start_redis() { # MODE
	local pre=()
	[ "$1" = plain ] || pre=("$SEALRUN")
	port=$(free_port)
	"${on_server[@]}" "${pre[@]}" /usr/bin/redis-server --bind 127.0.0.1 --port "$port" --dir "$tmp/redis" \
		--save '' --appendonly no >"$tmp/redis/out" 2>&1 &
	spid=$!
}
ready_redis() {
	[ "$(redis-cli -h 127.0.0.1 -p "$port" ping)" = PONG ]
}
load_redis() { # SECONDS|warm (SERVICES_BENCH_REQUESTS a test; warm: 10,000)
	local n=$REQS
	[ "$1" != warm ] || n=10000
	"${on_client[@]}" redis-benchmark -h 127.0.0.1 -p "$port" -t set,get -n "$n" -c 16 -r 100000 --csv |
		awk -F '"' -v n="$n" '$2 == "SET" || $2 == "GET" { print "redis-" tolower($2), $4; k += n }
			END { print "requests", k }'
}

# postgres: initdb once (trust, as the user postgres), pgbench's tables
# at scale 1 once; per run the postmaster on a unix socket only, and
# pgbench -S (select-only), 4 clients on 1 thread, no vacuum.
setup_postgres() {
	PGBIN=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -1)
	if [ -z "$PGBIN" ] || ! [ -x "$PGBIN/pgbench" ] || ! id postgres >/dev/null 2>&1; then
		echo "postgresql missing (tests/deps.sh test)"
		return 1
	fi
	mkdir -p "$tmp/postgres"
	chown postgres "$tmp/postgres"
	as_postgres "$PGBIN/initdb" -D "$tmp/postgres/data" -A trust >"$tmp/postgres/initdb.log" 2>&1 ||
		{ echo "initdb failed: $(tail -3 "$tmp/postgres/initdb.log")"; return 1; }
	start_postgres plain
	until_ready ready_postgres &&
		as_postgres "$PGBIN/pgbench" -h "$tmp/postgres" -i -s 1 -q postgres >"$tmp/postgres/init.log" 2>&1
	local rc=$?
	stop_server INT
	[ "$rc" = 0 ] || { echo "pgbench -i failed: $(tail -3 "$tmp/postgres/init.log")"; return 1; }
}
# From a directory postgres may enter.
as_postgres() {
	(cd "$tmp/postgres" && setpriv --reuid=postgres --regid=postgres --init-groups "$@")
}
start_postgres() { # MODE
	local pre=()
	[ "$1" = plain ] || pre=("$SEALRUN" --preload-nss)
	# setpriv and sealrun exec in place: the PID is the postmaster's.
	(cd "$tmp/postgres" && exec "${on_server[@]}" setpriv --reuid=postgres --regid=postgres \
		--init-groups "${pre[@]}" \
		"$PGBIN/postgres" -D "$tmp/postgres/data" -k "$tmp/postgres" -c listen_addresses= \
		>"$tmp/postgres/out" 2>&1) &
	spid=$!
}
ready_postgres() {
	"$PGBIN/pg_isready" -q -h "$tmp/postgres"
}
load_postgres() { # SECONDS|warm
	as_postgres "${on_client[@]}" "$PGBIN/pgbench" -h "$tmp/postgres" -n -S -c 4 -j 1 -T "${1/warm/1}" postgres 2>/dev/null |
		awk '$1 == "tps" { print "postgres", $3 }
			/^number of transactions actually processed: / { print "requests", $NF }'
}
# No backend left of the last load (they end after pgbench does).
quiet_postgres() {
	! pgrep -P "$spid" -f '\[local\]' >/dev/null
}
quiet_nginx() { :; }
quiet_redis() { :; }

# The CPU time of the server in clock ticks: its own, its children's
# (nginx's worker, postgres's processes) and that of the children it has
# reaped (postgres's backends of the load).  Read when the server is
# quiet, so that no child is reaped between the readings.
server_ticks() {
	local p stat f sum=0
	for p in $(pgrep -P "$spid") "$spid"; do
		read -r stat 2>/dev/null <"/proc/$p/stat" || continue
		# The fields after the command name, which may hold spaces:
		# f[11], f[12] utime, stime; f[13], f[14] cutime, cstime.
		read -ra f <<<"${stat##*) }"
		sum=$((sum + f[11] + f[12]))
		[ "$p" != "$spid" ] || sum=$((sum + f[13] + f[14]))
	done
	echo "$sum"
}

# One run of SERVICE in MODE: its rates appended to $tmp/METRIC.MODE (and
# the round's to $tmp/METRIC.ROUND.MODE), verify's verdict to
# $tmp/SERVICE.verify.
one_run() { # SERVICE MODE ROUND
	local svc=$1 mode=$2 stop=${stop_signal[$1]} rates m r n t0 t1
	"start_$svc" "$mode"
	if ! until_ready "ready_$svc"; then
		fail_run "$svc ($mode) did not start: $(tail -3 "$tmp/$svc/out" 2>/dev/null)"
		stop_server "$stop"
		return 1
	fi
	"load_$svc" warm >/dev/null || :
	until_ready "quiet_$svc" || :
	t0=$(server_ticks)
	rates=$("load_$svc" "$SECS") || rates=
	until_ready "quiet_$svc" || :
	t1=$(server_ticks)
	n=$(awk '$1 == "requests" { print $2 }' <<<"$rates")
	if ! grep -qv '^requests ' <<<"$rates" || [ "${n:-0}" -le 0 ]; then
		fail_run "$svc ($mode): no rate from the load"
		stop_server "$stop"
		return 1
	fi
	while read -r m r; do
		[ "$m" != requests ] || continue
		echo "$r" >>"$tmp/$m.$mode"
		echo "$r" >"$tmp/$m.$3.$mode"
		echo "$m" >>"$tmp/$svc.metrics"
	done <<<"$rates"
	# Microseconds of the server's CPU time per request.
	r=$(awk -v t=$((t1 - t0)) -v hz="$HZ" -v n="$n" 'BEGIN { printf "%.2f", t * 1e6 / hz / n }')
	echo "$r" >>"$tmp/$svc-cpu.$mode"
	echo "$r" >"$tmp/$svc-cpu.$3.$mode"
	if [ "$mode" = sealed ]; then
		if verify_server; then
			echo green >>"$tmp/$svc.verify"
		else
			echo "red: $(grep -m1 -vE '^(pid|PID|[0-9]+ .*compliant)' "$tmp/verify" || head -1 "$tmp/verify")" \
				>>"$tmp/$svc.verify"
		fi
	elif [ ! -e "$tmp/$svc.plainverify" ]; then
		# verify must tell a plain server from a sealed one, or its
		# green above says nothing.
		if verify_server; then echo "green (verify cannot tell)"; else echo red; fi \
			>"$tmp/$svc.plainverify"
	fi
	stop_server "$stop"
}

# ---- measure -----------------------------------------------------------------

load=$(cut -d' ' -f1-3 /proc/loadavg)
start=$SECONDS
services=()
skipped=()
for svc in nginx redis postgres; do
	# In this shell: setup_postgres starts (and waits for) a server.
	if "setup_$svc" >"$tmp/why"; then
		services+=("$svc")
	else
		skipped+=("$svc: $(cat "$tmp/why")")
		continue
	fi
	for ((r = 1; r <= ROUNDS; r++)); do
		if ((r % 2)); then order=(plain sealed); else order=(sealed plain); fi
		for mode in "${order[@]}"; do
			one_run "$svc" "$mode" "$r" || :
		done
	done
done
elapsed=$((SECONDS - start))

# ---- report ------------------------------------------------------------------

declare -A label=(
	[nginx]="nginx, GET of a 4 KiB file (wrk, 16 connections)"
	[redis-set]="redis-server, SET (redis-benchmark, 16 connections)"
	[redis-get]="redis-server, GET (redis-benchmark, 16 connections)"
	[postgres]="postgres, pgbench -S (4 clients, unix socket)"
	[nginx-cpu]="nginx (master and worker)"
	[redis-cpu]="redis-server (SET and GET)"
	[postgres-cpu]="postgres (postmaster and every process)"
)

# One row of a table: metric M's medians plain and sealed (FORMAT), the
# ratio, the rounds' ratios, the noise and the verdict; a LOWER metric
# (CPU time) misses the goal above it, a higher one (requests/s) below.
row() { # M FORMAT higher|lower [VERIFY]
	local m=$1 p s ratio pmin pmax noise rmin rmax verdict r
	if ! [ -s "$tmp/$m.plain" ] || ! [ -s "$tmp/$m.sealed" ]; then
		echo "| ${label[$m]} | — | — | — | — | — | runs missing |${4:+ $4 |}"
		return
	fi
	p=$(median <"$tmp/$m.plain")
	s=$(median <"$tmp/$m.sealed")
	ratio=$(ratio_of "$s" "$p")
	read -r pmin pmax <<<"$(sort -g "$tmp/$m.plain" | sed -n '1p;$p' | tr '\n' ' ')"
	noise=$(awk -v a="$pmin" -v b="$pmax" -v m="$p" 'BEGIN { printf "%.2f", (b - a) / m }')
	for ((r = 1; r <= ROUNDS; r++)); do
		if [ -s "$tmp/$m.$r.plain" ] && [ -s "$tmp/$m.$r.sealed" ]; then
			ratio_of "$(cat "$tmp/$m.$r.sealed")" "$(cat "$tmp/$m.$r.plain")"
			echo
		fi
	done >"$tmp/$m.ratios"
	read -r rmin rmax <<<"$(sort -g "$tmp/$m.ratios" | sed -n '1p;$p' | tr '\n' ' ')"
	verdict=$(awk -v r="$ratio" -v n="$noise" -v k="$ROUNDS" -v dir="$3" 'BEGIN {
		worse = (dir == "higher") ? 1 - r : r - 1
		if (k < 3) print "too few rounds to tell"
		else if (worse <= n && -worse <= n) print "met"
		else if (worse > 0) print "MISSED (worse beyond the noise)"
		else print "met (better beyond the noise)" }')
	# shellcheck disable=SC2059 # the format is the caller's
	printf "| %s | $2 | $2 | %s | %s–%s | ±%s | %s |${4:+ %s |}\n" "${label[$m]}" "$p" "$s" \
		"$ratio" "${rmin:-?}" "${rmax:-?}" "$noise" "$verdict" ${4:+"$4"}
}

# sealctl verify's verdicts for SERVICE: the sealed runs', and the plain
# run's.
verified() { # SERVICE
	local green runs v
	green=$(grep -c '^green$' "$tmp/$1.verify" 2>/dev/null || :)
	runs=$(wc -l 2>/dev/null <"$tmp/$1.verify" || echo 0)
	if [ "$green" = "$runs" ] && [ "$runs" -gt 0 ]; then
		v="green in $green/$runs runs"
	else
		v="NOT SEALED in $((runs - green))/$runs runs: $(grep -m1 -v '^green$' "$tmp/$1.verify")"
	fi
	echo "$v; plain: $(cat "$tmp/$1.plainverify" 2>/dev/null || echo 'not run')"
}

pinned="not pinned"
[ ${#on_server[@]} = 0 ] || pinned="server on CPU 0, client on CPU 1"
echo "### Services sealed and plain ($ROUNDS alternating rounds, ${SECS} s runs)"
echo
echo "Linux $(uname -r), $(nproc) CPUs ($pinned), load average $load at start; $(date -u +%F)."
echo "Medians over the rounds; ratio: sealed median / plain median; per round: the"
echo "range of the rounds' sealed / plain; noise: the plain runs' own spread,"
echo "(max − min) / median.  Goal: the ratio 1.00 ± noise."
echo
echo "Throughput (requests/s):"
echo
echo "| Service | Plain | Sealed | Sealed / plain | Per round | Noise | Goal | sealctl verify (sealed; plain) |"
echo "|---|--:|--:|--:|--:|--:|---|---|"
for svc in "${services[@]}"; do
	if ! [ -s "$tmp/$svc.metrics" ]; then
		echo "| $svc | — | — | — | — | — | no run finished | |"
		continue
	fi
	v=$(verified "$svc")
	sort -u "$tmp/$svc.metrics" >"$tmp/metrics"
	while read -r m; do row "$m" %.0f higher "$v"; done <"$tmp/metrics"
done
echo
echo "The server's CPU time per request (µs; utime + stime of the server and its"
echo "children, reaped ones included, over the measured load), steadier than"
echo "requests/s when other work shares the CPUs:"
echo
echo "| Server | Plain | Sealed | Sealed / plain | Per round | Noise | Goal |"
echo "|---|--:|--:|--:|--:|--:|---|"
for svc in "${services[@]}"; do row "$svc-cpu" %.2f lower; done
for s in "${skipped[@]}"; do echo "- SKIP $s"; done
echo
echo "($elapsed s; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
exit "$failed"
