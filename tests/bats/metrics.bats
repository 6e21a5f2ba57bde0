#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# sealctl metrics: the Prometheus text format checked by promtool and
# served by a real node_exporter, the numbers checked against verify
# --all -J on real processes, -o's atomic write, and the systemd
# service's command line run without systemd.

load common
load alerts

setup_file() {
	export SEALRUN=$SEALTOOLS_BUILD/sealrun
	PUB=$(mktemp -d /tmp/metrics-bats.XXXXXX)
	chmod 755 "$PUB"
	export PUB
	# The cgroup v2 hierarchy, where a test may make a "unit" of its own.
	CG2=$(findmnt -n -o TARGET -t cgroup2 | head -1)
	export CG2
}

teardown_file() {
	rm -rf "${PUB:?}"
}

setup() {
	"$SEALTOOLS_BUILD/helpers/sealcall" >/dev/null 2>&1 ||
		skip "mseal not supported by this kernel"
	command -v promtool >/dev/null || fail "promtool missing (tests/deps.sh test)"
}

teardown() {
	stop_helpers
	[ -z "${EXPORTER_PID:-}" ] || { kill "$EXPORTER_PID"; wait "$EXPORTER_PID" || :; }
	local d
	for d in "${CGROUPS[@]}"; do
		rmdir "$d" 2>/dev/null || :
	done
}

CGROUPS=()

# A copy of sleep at PATH (its executable path is then the service).
sleep_at() { # PATH
	mkdir -p "$(dirname "$1")"
	cp /usr/bin/sleep "$1"
}

# Start PROGRAM... until its loader is done (common.bash).  Sets PID.
start() {
	start_loaded "$@"
}

# Make a cgroup named NAME in the v2 hierarchy and move PID into it.
into_cgroup() { # NAME PID
	[ -n "$CG2" ] && [ -w "$CG2" ] || skip "no writable cgroup v2 hierarchy"
	mkdir "$CG2/$1"
	CGROUPS+=("$CG2/$1")
	echo "$2" >"$CG2/$1/cgroup.procs"
}

# Our own processes belong to no systemd unit: needed for the fallback
# to the executable's path.
need_no_unit() {
	if grep -Eq '\.(service|scope)(/|$)' "/proc/$$/cgroup"; then
		skip "this test runs inside a systemd unit ($(grep -E '^0::|name=systemd' "/proc/$$/cgroup" | head -1))"
	fi
}

# The value of the series NAME{service="SERVICE"[,state="STATE"]} in FILE
# (SERVICE escaped as the format wants), or nothing.
value() { # FILE NAME SERVICE [STATE]
	local key="$2{service=\"$3\"${4:+,state=\"$4\"}}"
	# Through the environment: awk -v would eat the backslashes.
	K=$key awk 'index($0, ENVIRON["K"] " ") == 1 { print substr($0, length(ENVIRON["K"]) + 2) }' "$1"
}

@test "metrics: promtool accepts the output; every family has HELP and TYPE; no PID label" {
	run --separate-stderr "$SEALCTL" metrics
	assert_success
	echo "$output" >"$BATS_TEST_TMPDIR/m.prom"
	run promtool check metrics <"$BATS_TEST_TMPDIR/m.prom"
	assert_success
	assert_output ''
	local fam
	for fam in sealtools_mseal_usable sealtools_policy_info sealtools_processes \
		sealtools_policy_bytes sealtools_sealed_bytes sealtools_wx_enforced_processes \
		sealtools_wx_mappings; do
		grep -qx "# HELP $fam .*" "$BATS_TEST_TMPDIR/m.prom"
		grep -qx "# TYPE $fam gauge" "$BATS_TEST_TMPDIR/m.prom"
	done
	! grep -q 'pid=' "$BATS_TEST_TMPDIR/m.prom"
	# This kernel seals (setup checked with a real mseal call).
	grep -qx 'sealtools_mseal_usable 1' "$BATS_TEST_TMPDIR/m.prom"
	grep -qx 'sealtools_policy_info{policy="default",version="'"$(cat VERSION)"'"} 1' \
		"$BATS_TEST_TMPDIR/m.prom"
}

@test "metrics --every: the numbers per service are verify --all --every -J's, for processes sealed and not, by unit and by command name" {
	need_no_unit
	local exe=$PUB/agree/agreesleep svc=comm:agreesleep
	sleep_at "$exe"
	local sealed=() plain=() unit=() p
	start "$SEALRUN" "$exe" 1000; sealed+=("$PID")
	start "$SEALRUN" "$exe" 1000; sealed+=("$PID")
	start "$exe" 1000; plain+=("$PID")
	# Two more in a cgroup that names a unit: one sealed, one not.
	start "$SEALRUN" "$exe" 1000; unit+=("$PID")
	start "$exe" 1000; unit+=("$PID")
	into_cgroup sealtools-agree.service "${unit[0]}"
	echo "${unit[1]}" >"$CG2/sealtools-agree.service/cgroup.procs"
	# The independent reading: smaps says the sealed ones are sealed and
	# the plain one has nothing sealed.
	assert_all_sealed "${sealed[0]}" 'libc\.so'
	run smaps_ranges "${plain[0]}" sealed
	assert_output ''

	local pol
	for pol in default strict; do
		"$SEALCTL" metrics --every --policy "$pol" >"$BATS_TEST_TMPDIR/m.prom"
		run --separate-stderr "$SEALCTL" verify --all --every -J --policy "$pol"
		assert_failure 1
		echo "$output" >"$BATS_TEST_TMPDIR/v.json"
		# From verify: "compliant noncompliant unsealed_bytes wx_maps wx_enforced"
		# over a set of PIDs.
		from_verify() {
			jq -r --argjson pids "$(printf '%s\n' "$@" | jq -s .)" '
				[.processes[] | select(.pid as $p | $pids | index($p))] |
				"\(map(select(.compliant)) | length) \(map(select(.compliant | not)) | length) \(map(.unsealed | map(.size) | add // 0) | add) \(map(.wx.writable_executable) | add) \(map(select(.wx.enforced)) | length)"' \
				"$BATS_TEST_TMPDIR/v.json"
		}
		from_metrics() { # SERVICE
			local f=$BATS_TEST_TMPDIR/m.prom
			echo "$(value "$f" sealtools_processes "$1" compliant) $(value "$f" sealtools_processes "$1" noncompliant) $(($(value "$f" sealtools_policy_bytes "$1") - $(value "$f" sealtools_sealed_bytes "$1"))) $(value "$f" sealtools_wx_mappings "$1") $(value "$f" sealtools_wx_enforced_processes "$1")"
		}
		run from_verify "${sealed[@]}" "${plain[@]}"
		local want=$output
		# Policy default: the sealed ones comply, the plain one not.
		[ "$pol" = strict ] || [ "${want%% *}" = "2" ] || fail "verify: $want"
		run from_metrics "$svc"
		assert_output "$want"
		run from_verify "${unit[@]}"
		want=$output
		run from_metrics sealtools-agree.service
		assert_output "$want"
		[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_processes "$svc" unreadable)" = 0 ]
	done
	# Sealed bytes: some where sealrun sealed, none where nothing is.
	[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_sealed_bytes "$svc")" -gt 0 ]
	stop_helpers
	start "$exe" 1000
	"$SEALCTL" metrics --every >"$BATS_TEST_TMPDIR/m.prom"
	[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_sealed_bytes "$svc")" = 0 ]
	[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_policy_bytes "$svc")" -gt 0 ]
	[ "$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_processes "$svc" noncompliant)" = 1 ]
	# By default a process sealrun did not start is not a service.
	"$SEALCTL" metrics >"$BATS_TEST_TMPDIR/m.prom"
	! grep -qF "\"$svc\"" "$BATS_TEST_TMPDIR/m.prom"
}

@test "metrics: odd unit names and command names are escaped as the format wants; promtool accepts them" {
	need_no_unit
	# A quote, a backslash and a byte that is not UTF-8 in the command
	# name (a newline there would break the helpers' reading of stat).
	local exe
	exe=$PUB/$'o"d\\dx\xffy'
	sleep_at "$exe"
	start "$exe" 1000
	local byexe=$PID
	start "$exe" 1000
	into_cgroup $'sealtools "odd" \\ \xff \xc3\xa9.service' "$PID"
	"$SEALCTL" metrics --every >"$BATS_TEST_TMPDIR/m.prom"
	run promtool check metrics <"$BATS_TEST_TMPDIR/m.prom"
	assert_success
	# Backslash, quote and newline escaped; the invalid byte as \377
	# (whose backslash is escaped in turn); valid UTF-8 kept.
	run value "$BATS_TEST_TMPDIR/m.prom" sealtools_processes "comm:o\\\"d\\\\dx\\\\377y" noncompliant
	assert_output 1
	run value "$BATS_TEST_TMPDIR/m.prom" sealtools_processes 'sealtools \"odd\" \\ \\377 é.service' noncompliant
	assert_output 1
	# The file is valid UTF-8 whatever the names.
	iconv -f UTF-8 -t UTF-8 "$BATS_TEST_TMPDIR/m.prom" >/dev/null
	kill -0 "$byexe"
}

@test "metrics: a real node_exporter's textfile collector serves our series and node_textfile_scrape_error 0" {
	command -v prometheus-node-exporter >/dev/null ||
		fail "prometheus-node-exporter missing (tests/deps.sh test)"
	local dir=$BATS_TEST_TMPDIR/textfile port body=$BATS_TEST_TMPDIR/scrape
	mkdir "$dir"
	# --every: series per service whatever runs on this machine (the
	# default selection is empty where no sealed service runs).
	"$SEALCTL" metrics --every -o "$dir/sealtools.prom"
	# A free port on the loopback, from the kernel.
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	prometheus-node-exporter --web.listen-address="127.0.0.1:$port" \
		--collector.disable-defaults --collector.textfile \
		--collector.textfile.directory="$dir" >"$BATS_TEST_TMPDIR/exporter.log" 2>&1 3>&- &
	EXPORTER_PID=$!
	# Once it listens, a scrape.
	scrape() {
		python3 - "$port" >"$body" 2>/dev/null <<-'EOF'
		import sys, urllib.request
		print(urllib.request.urlopen("http://127.0.0.1:%s/metrics" % sys.argv[1], timeout=5).read().decode())
		EOF
	}
	wait_for --while "$EXPORTER_PID" scrape ||
		fail "no scrape from node_exporter: $(cat "$BATS_TEST_TMPDIR/exporter.log")"
	grep -qx 'node_textfile_scrape_error 0' "$body" ||
		fail "scrape: $(grep -i textfile "$body"; cat "$BATS_TEST_TMPDIR/exporter.log")"
	grep -qx 'sealtools_mseal_usable 1' "$body"
	grep -qE '^sealtools_processes\{service="[^"]+",state="(compliant|noncompliant|unreadable)"\} [0-9]+$' "$body"
	grep -qE '^sealtools_policy_bytes\{service="[^"]+"\} [1-9][0-9.e+]*$' "$body"
	grep -q "^node_textfile_mtime_seconds{file=\"[^\"]*sealtools.prom\"}" "$body"
	# Each of our series served with the value in our file (node_exporter
	# prints numbers its own way: 4.575232e+06).
	local n
	n=$(awk 'NR == FNR { if ($1 ~ /^sealtools_/) v[$1] = $2; next }
		$1 in v { if ($2 + 0 != v[$1] + 0) { print "differs:", $0; exit 1 }; n++ }
		END { print n + 0 }' "$dir/sealtools.prom" "$body")
	[ "$n" -eq "$(grep -c '^sealtools_' "$dir/sealtools.prom")" ] || fail "served $n: $n"
	# node_exporter serves our families with their own HELP and TYPE.
	grep -qx '# TYPE sealtools_processes gauge' "$body"
}

@test "metrics -o: written whole and renamed into place, mode 0644 whatever the umask; a failure leaves the old file and no temporary" {
	local dir=$BATS_TEST_TMPDIR/out ino
	mkdir "$dir"
	chmod 755 "$dir"
	(umask 077 && "$SEALCTL" metrics -o "$dir/s.prom")
	[ "$(stat -c %a "$dir/s.prom")" = 644 ]
	promtool check metrics <"$dir/s.prom"
	ino=$(stat -c %i "$dir/s.prom")
	"$SEALCTL" metrics -o "$dir/s.prom"
	# A new file renamed over the old one, not the old one rewritten.
	[ "$(stat -c %i "$dir/s.prom")" != "$ino" ]
	[ "$(find "$dir" -mindepth 1 | wc -l)" = 1 ]
	# Nobody may not write there: exit 1 naming the file, old file kept.
	cp "$dir/s.prom" "$BATS_TEST_TMPDIR/before"
	run --separate-stderr as_nobody "$SEALCTL" metrics -o "$dir/s.prom"
	assert_failure 1
	assert_regex "$stderr" "^sealctl: $dir/s.prom: creating a temporary file: permission denied\$"
	assert_output ''
	cmp "$dir/s.prom" "$BATS_TEST_TMPDIR/before"
	[ "$(find "$dir" -mindepth 1 | wc -l)" = 1 ]
	run --separate-stderr "$SEALCTL" metrics -o "$BATS_TEST_TMPDIR/none/s.prom"
	assert_failure 1
	assert_regex "$stderr" 'none/s\.prom: creating a temporary file: no such file or directory$'
}

@test "metrics: processes that exit while it scans are skipped, never counted unreadable" {
	local exe=$PUB/blip/true i
	mkdir -p "$PUB/blip"
	cp /usr/bin/true "$exe"
	# Start and end many short processes while metrics reads /proc.
	(for ((i = 0; i < 3000; i++)); do "$exe"; done) 3>&- &
	HELPER_PIDS+=("$!")
	for ((i = 0; i < 15; i++)); do
		"$SEALCTL" metrics --every >"$BATS_TEST_TMPDIR/m.prom"
		local u
		u=$(value "$BATS_TEST_TMPDIR/m.prom" sealtools_processes comm:true unreadable)
		[ -z "$u" ] || [ "$u" = 0 ] || fail "run $i: $u unreadable: $(grep -F comm:true "$BATS_TEST_TMPDIR/m.prom")"
		promtool check metrics <"$BATS_TEST_TMPDIR/m.prom"
	done
}

@test "metrics: the installed service's command line, run without systemd, writes what node_exporter reads; the units verify" {
	local p=$BATS_TEST_TMPDIR/prefix ib=$BATS_FILE_TMPDIR/build
	local root=$BATS_TEST_DIRNAME/../.. built=${B:-build/$(uname -m)}
	[[ $built == /* ]] || built=$root/$built
	# A build directory of its own, started from the tree's ordinary
	# build where there is one (built with make's own flags; times kept):
	# install then rebuilds only what embeds its paths.
	[ ! -d "$built" ] || cp -a "$built/." "$ib/"
	make -s -C "$root" B="$ib" install PREFIX="$p" >/dev/null
	local unitdir=$p/lib/systemd/system
	[ -f "$unitdir/sealtools-metrics.service" ] && [ -f "$unitdir/sealtools-metrics.timer" ]
	grep -qx 'OnUnitActiveSec=1min' "$unitdir/sealtools-metrics.timer"
	# Bounded, whatever a process does (sealctl(8), THREAT MODEL): a run
	# ends before the next tick.
	grep -qx 'TimeoutStartSec=50s' "$unitdir/sealtools-metrics.service"
	grep -qx 'MemoryMax=256M' "$unitdir/sealtools-metrics.service"
	local line env dir=$BATS_TEST_TMPDIR/textfile argv
	line=$(sed -n 's/^ExecStart=//p' "$unitdir/sealtools-metrics.service")
	env=$(sed -n 's/^Environment=TEXTFILE_DIR=//p' "$unitdir/sealtools-metrics.service")
	[ "$env" = /var/lib/prometheus/node-exporter ]
	[[ $line == "$p/bin/sealctl metrics -o \${TEXTFILE_DIR}/sealtools.prom" ]]
	# As systemd runs it: ${TEXTFILE_DIR} from Environment= (here a
	# directory of the test's own), then split at spaces.
	mkdir "$dir"
	read -ra argv <<<"${line//\$\{TEXTFILE_DIR\}/$dir}"
	"${argv[@]}"
	run promtool check metrics <"$dir/sealtools.prom"
	assert_success
	[ "$(stat -c %a "$dir/sealtools.prom")" = 644 ]
	if command -v systemd-analyze >/dev/null; then
		run systemd-analyze verify --man=no "$unitdir/sealtools-metrics.service" \
			"$unitdir/sealtools-metrics.timer"
		assert_success
	fi
	make -s -C "$root" B="$ib" uninstall PREFIX="$p" >/dev/null
	[ ! -e "$unitdir/sealtools-metrics.service" ]
}

@test "metrics: usage errors exit 64 and name the cause; --help lists the options" {
	run "$SEALCTL" metrics 1
	assert_failure 64
	assert_output --partial "unexpected argument '1'"
	run "$SEALCTL" metrics --policy code,bogus
	assert_failure 64
	assert_output --partial "invalid policy 'code,bogus': unknown word 'bogus'"
	run "$SEALCTL" metrics --policy dlopen
	assert_failure 64
	assert_output --partial "policy 'dlopen' names nothing to check"
	run "$SEALCTL" metrics -o ''
	assert_failure 64
	run "$SEALCTL" metrics --help
	assert_success
	assert_output --partial '--policy=LIST'
	assert_output --partial '--output=FILE'
	run "$SEALCTL" --help
	assert_line --regexp '^  metrics +'
}

@test "alerts: contrib/sealtools-alerts.yml passes promtool; on series this collector wrote, only a sealed service started unsealed fires" {
	local d=$BATS_TEST_TMPDIR rules=$BATS_TEST_DIRNAME/../../contrib/sealtools-alerts.yml
	run promtool check rules "$rules"
	assert_success
	assert_output --partial 'SUCCESS: 5 rules found'
	[ -n "$CG2" ] && [ -w "$CG2" ] || skip "no writable cgroup v2 hierarchy"
	# A sealed unit (its drop-in as sealctl unit writes it), an unsealed
	# process outside any sealed service, and a sealed one outside units.
	local unit=sealtools-alert$$.service drop=$d/system
	mkdir -p "$drop/$unit.d"
	touch "$drop/$unit.d/sealtools.conf"
	start "$SEALRUN" /usr/bin/sleep 1000
	into_cgroup "$unit" "$PID"
	start /usr/bin/sleep 1000
	start "$SEALRUN" /usr/bin/sleep 1000
	"$SEALCTL" metrics -D "$drop" >"$d/healthy.prom"
	# Then the unit gets a process started without sealrun.
	start /usr/bin/sleep 1000
	echo "$PID" >"$CG2/$unit/cgroup.procs"
	"$SEALCTL" metrics -D "$drop" >"$d/broken.prom"
	[ "$(value "$d/broken.prom" sealtools_processes "$unit" noncompliant)" = 1 ]
	alert_test "$rules" "$d/healthy.prom" "$d/broken.prom" "$unit" >"$d/test.yml"
	run promtool test rules "$d/test.yml"
	assert_success
	assert_output --partial SUCCESS
	# The collector going quiet: the file's mtime stops moving.
	sed -i "s|values: '0+60x130'|values: '0+60x100 6000x30'|" "$d/test.yml"
	run promtool test rules "$d/test.yml"
	assert_failure
	assert_output --partial 'alertname: SealingMetricsStale'
}
