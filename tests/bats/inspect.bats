#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# sealctl inspect, against real processes whose sealing is known: the
# sealmap helper seals the pages it lists, and smaps is read again here
# with awk to check sealctl against.

load common

teardown() {
	stop_helpers
}

# "START-END" of the sealed rows of sealctl's JSON.
json_sealed() {
	jq -r '.mappings[] | select(.sealed) | "\(.start)-\(.end)"' | sort
}

# ---- which mappings are sealed ------------------------------------------------

@test "JSON: the sealed rows are exactly the sealed VMAs of smaps, the helper's among them" {
	start_sealmap -n 9 -e 3
	run -0 --separate-stderr "$SEALCTL" inspect -J "$HELPER_PID"
	local reported
	reported=$(json_sealed <<<"$output")
	assert_equal "$reported" "$(smaps_ranges "$HELPER_PID" sealed)"
	# Every page the helper sealed is there; anything else sealed can
	# only be the kernel's own system mappings.
	assert_equal "$(comm -23 <(helper_ranges sealed) <(echo "$reported"))" ""
	assert_equal "$(jq -r '.mappings[] | select(.sealed and .kind != "system") |
		"\(.start)-\(.end)"' <<<"$output" | sort)" "$(helper_ranges sealed)"
	# And the pages it left alone are reported unsealed.
	assert_equal "$(jq -r '.mappings[] | select(.sealed | not) | "\(.start)-\(.end)"' \
		<<<"$output" | sort | comm -13 - <(helper_ranges unsealed))" ""
	[ "$(helper_ranges sealed | wc -l)" -eq 3 ]
}

@test "table: the SEALED column agrees with smaps, row for row" {
	start_sealmap -n 8 -e 2
	run -0 --separate-stderr "$SEALCTL" inspect "$HELPER_PID"
	assert_equal "$(awk 'NR > 1 && $5 == "yes" { print $1 "-" $2 }' <<<"$output" | sort)" \
		"$(smaps_ranges "$HELPER_PID" sealed)"
	assert_equal "$(awk 'NR > 1 && $5 == "no" { print $1 "-" $2 }' <<<"$output" | sort)" \
		"$(smaps_ranges "$HELPER_PID" unsealed)"
	assert_equal "$(($(wc -l <<<"$output") - 1))" "$(smaps_count "$HELPER_PID")"
}

@test "a file mapping: sealed or not as mapped, with its path and kind" {
	local sealed=$BATS_TEST_TMPDIR/sealed.dat plain=$BATS_TEST_TMPDIR/plain.dat
	echo data >"$sealed"
	echo data >"$plain"
	start_sealmap -n 0 -F "$sealed" -f "$plain"
	run -0 --separate-stderr "$SEALCTL" inspect -J -o START,END,SEALED,KIND,PATH "$HELPER_PID"
	assert_equal "$(jq -r --arg p "$sealed" '.mappings[] | select(.path == $p) |
		"\(.start)-\(.end) \(.sealed) \(.kind)"' <<<"$output")" \
		"$(helper_ranges sealed) true rodata"
	assert_equal "$(jq -r --arg p "$plain" '.mappings[] | select(.path == $p) |
		"\(.start)-\(.end) \(.sealed) \(.kind)"' <<<"$output")" \
		"$(helper_ranges unsealed) false rodata"
}

@test "a deleted file keeps the kernel's ' (deleted)' suffix" {
	local f=$BATS_TEST_TMPDIR/gone.dat
	echo data >"$f"
	start_sealmap -n 0 -F "$f"
	rm "$f"
	run -0 --separate-stderr "$SEALCTL" inspect -J "$HELPER_PID"
	assert_equal "$(jq -r '.mappings[] | select(.sealed and .kind != "system") | .path' \
		<<<"$output")" "$f (deleted)"
}

@test "paths with quotes, backslashes, newlines, tabs and non-UTF-8 bytes give valid JSON" {
	local dir=$BATS_TEST_TMPDIR/odd
	mkdir "$dir"
	local f=$dir/$'say "hi" \\ back\nslash\ttab \xff\xfe end é'
	echo data >"$f"
	start_sealmap -n 0 -F "$f"
	# The kernel writes a newline as \012; sealctl writes a byte that is
	# not UTF-8 as \ooo too.
	local want=${f//$'\n'/\\012}
	want=${want//$'\xff'/\\377}
	want=${want//$'\xfe'/\\376}
	for opts in "" "-s" "-o PATH,START"; do
		# shellcheck disable=SC2086
		run -0 --separate-stderr "$SEALCTL" inspect -J $opts "$HELPER_PID"
		run -0 jq -r '.[][] | select(.path != null and (.path | contains("say"))) | .path' \
			<<<"$output"
		assert_output "$want"
	done
	# The other formats escape what they must, each on one line.
	run -0 --separate-stderr "$SEALCTL" inspect -r "$HELPER_PID"
	assert_equal "$(grep -c 'say' <<<"$output")" 1
	run -0 --separate-stderr "$SEALCTL" inspect -P "$HELPER_PID"
	assert_equal "$(grep -c 'say' <<<"$output")" 1
	run -0 --separate-stderr "$SEALCTL" inspect "$HELPER_PID"
	assert_equal "$(grep -c 'say' <<<"$output")" 1
}

# ---- columns and formats -------------------------------------------------------

@test "default columns, and PID first with several processes" {
	start_sealmap -n 2
	run -0 --separate-stderr "$SEALCTL" inspect "$HELPER_PID"
	assert_equal "$(head -1 <<<"$output" | tr -s ' ')" "START END PERMS SIZE SEALED KIND PATH"
	run -0 --separate-stderr "$SEALCTL" inspect "$HELPER_PID" self
	assert_equal "$(head -1 <<<"$output" | tr -s ' ' | sed 's/^ //')" \
		"PID START END PERMS SIZE SEALED KIND PATH"
	assert_equal "$(awk 'NR > 1 { print $1 }' <<<"$output" | sort -u | wc -l)" 2
	assert_equal "$(awk -v p="$HELPER_PID" 'NR > 1 && $1 == p' <<<"$output" | wc -l)" \
		"$(smaps_count "$HELPER_PID")"
}

@test "-o picks columns in its order, in any case; +LIST adds to the defaults" {
	start_sealmap -n 4
	run -0 --separate-stderr "$SEALCTL" inspect -o sealed,Start,PID "$HELPER_PID"
	assert_equal "$(head -1 <<<"$output" | tr -s ' ' | sed 's/^ //')" "SEALED START PID"
	assert_equal "$(awk 'NR > 1 && $1 == "yes" { print $2 }' <<<"$output" | sort)" \
		"$(smaps_ranges "$HELPER_PID" sealed | cut -d- -f1)"
	run -0 --separate-stderr "$SEALCTL" inspect --output +VMFLAGS,INODE "$HELPER_PID"
	assert_equal "$(head -1 <<<"$output" | tr -s ' ')" \
		"START END PERMS SIZE SEALED KIND PATH VMFLAGS INODE"
	# VMFLAGS holds "sl" exactly where SEALED says yes.
	run -0 --separate-stderr "$SEALCTL" inspect -J -o SEALED,VMFLAGS "$HELPER_PID"
	run -0 jq -e 'all(.mappings[]; .sealed == (.vmflags | split(" ") | index("sl") != null))' \
		<<<"$output"
}

@test "OFFSET, DEV and INODE are those of /proc/PID/maps" {
	local f=$BATS_TEST_TMPDIR/f.dat
	echo data >"$f"
	start_sealmap -n 1 -f "$f"
	run -0 --separate-stderr "$SEALCTL" inspect -r -n -o START,END,PERMS,OFFSET,DEV,INODE "$HELPER_PID"
	assert_equal "$output" "$(awk '{ split($1, a, "-"); print a[1], a[2], $2, $3, $4, $5 }' \
		"/proc/$HELPER_PID/maps")"
}

@test "unknown columns are usage errors (64), also columns of another mode" {
	run -64 "$SEALCTL" inspect -o START,NOPE self
	assert_output --partial "unknown column: NOPE"
	run -64 "$SEALCTL" inspect -s -o START self
	assert_output --partial "unknown column: START"
	run -64 "$SEALCTL" inspect -a -o PATH
	assert_output --partial "unknown column: PATH"
	run -64 "$SEALCTL" inspect -o START,,END self
	run -64 "$SEALCTL" inspect -o '' self
}

@test "--list-columns lists the columns of the mode chosen" {
	run -0 "$SEALCTL" inspect --list-columns
	for c in PID START END PERMS SIZE SEALED KIND PATH OFFSET DEV INODE VMFLAGS; do
		assert_line --regexp "^ *$c  "
	done
	refute_line --regexp "^ *COVERAGE "
	run -0 "$SEALCTL" inspect --list-columns --summary
	for c in PID PATH VMAS SEALED SIZE SEALED-SIZE COVERAGE; do
		assert_line --regexp "^ *$c  "
	done
	refute_line --regexp "^ *START "
	run -0 "$SEALCTL" inspect -a --list-columns
	for c in PID COMM VMAS SEALED SIZE SEALED-SIZE COVERAGE; do
		assert_line --regexp "^ *$c  "
	done
	refute_line --regexp "^ *PATH "
}

@test "-H is --list-columns; --output-all prints every column it lists" {
	start_sealmap -n 2 -e 1
	local mode names
	for mode in "" -s; do
		run -0 "$SEALCTL" inspect $mode --list-columns
		names=$(awk '{ print $1 }' <<<"$output" | tr '\n' ' ')
		run -0 "$SEALCTL" inspect $mode -H
		assert_equal "$(awk '{ print $1 }' <<<"$output" | tr '\n' ' ')" "$names"
		# shellcheck disable=SC2086 # no mode: no word
		run -0 --separate-stderr "$SEALCTL" inspect $mode --output-all "$HELPER_PID"
		assert_equal "$(head -1 <<<"$output" | tr -s ' ' | sed 's/^ //') " "$names"
	done
	run -0 "$SEALCTL" inspect -a -H
	names=$(awk '{ print $1 }' <<<"$output" | tr '\n' ' ')
	run -0 --separate-stderr "$SEALCTL" inspect -a -r --output-all
	assert_equal "$(head -1 <<<"$output") " "$names"
	run -64 "$SEALCTL" inspect --output-all -o PATH self
	assert_output --partial "--output and --output-all exclude each other"
}

@test "-P names are shell variables: eval of --summary -P sets SEALED_SIZE" {
	local f=$BATS_TEST_TMPDIR/sealed.dat
	echo data >"$f"
	start_sealmap -n 2 -e 1 -F "$f"
	run -0 --separate-stderr "$SEALCTL" inspect -s -P -b "$HELPER_PID"
	assert_line --regexp ' SEALED_SIZE="[0-9]+" '
	refute_output --partial 'SEALED-SIZE'
	# The values of the file's row, from JSON.
	local want
	want=$("$SEALCTL" inspect -s -J "$HELPER_PID" | jq -r --arg p "$f" \
		'.objects[] | select(.path == $p) | "\(.vmas) \(.["sealed-size"]) \(.size)"')
	[ "$(cut -d' ' -f2 <<<"$want")" -gt 0 ] || fail "nothing sealed in $f: $want"
	# eval in a shell of its own: PATH is a column too.  Only that row.
	# shellcheck disable=SC2016 # expanded by the inner shell
	run -0 bash -c 'eval "$("$1" inspect -s -P -b "$2" | grep -F "PATH=\"$3\"")" &&
		printf "%s %s %s\n" "$VMAS" "$SEALED_SIZE" "$SIZE"' _ "$SEALCTL" "$HELPER_PID" "$f"
	assert_output "$want"
	# --summary --all and --output-all too: every name a shell variable.
	run -0 --separate-stderr "$SEALCTL" inspect -s -P --output-all "$HELPER_PID"
	assert_line --regexp ' POLICY_SIZE="'
	# shellcheck disable=SC2016
	run -0 bash -c 'eval "$("$1" inspect -s -P --output-all "$2")"' _ "$SEALCTL" "$HELPER_PID"
}

@test "-P output given to eval runs nothing of what a path holds" {
	local dir=$BATS_TEST_TMPDIR/odd f files=()
	mkdir "$dir"
	# Builtins only: once eval has set PATH (a column), no command is found.
	for f in '$(echo >ran1)' '`echo >ran2`' 'quote"; echo >ran3; "' 'back\"; echo >ran4; "' \
		$'new\nline'; do
		echo data >"$dir/$f"
		files+=(-F "$dir/$f")
	done
	start_sealmap -n 0 "${files[@]}"
	cd "$BATS_TEST_TMPDIR"
	# shellcheck disable=SC2016
	run -0 bash -c 'out=$("$1" inspect -P "$2") && eval "$out" &&
		eval "$("$1" inspect -s -P "$2")"' _ "$SEALCTL" "$HELPER_PID"
	local n
	for n in 1 2 3 4; do
		[ ! -e "ran$n" ] || fail "eval ran what path $n holds"
	done
	# Each file is there, escaped, on one line.
	run -0 --separate-stderr "$SEALCTL" inspect -P "$HELPER_PID"
	assert_equal "$(grep -c "PATH=\"$dir/" <<<"$output")" 5
}

@test "-y: shell names in the table, raw and JSON output; the default keeps SEALED-SIZE" {
	start_sealmap -n 2
	run -0 --separate-stderr "$SEALCTL" inspect -s -y "$HELPER_PID"
	assert_equal "$(head -1 <<<"$output" | tr -s ' ')" "PATH VMAS SEALED SIZE SEALED_SIZE COVERAGE"
	run -0 --separate-stderr "$SEALCTL" inspect -s --shell -r "$HELPER_PID"
	assert_equal "${lines[0]}" "PATH VMAS SEALED SIZE SEALED_SIZE COVERAGE"
	run -0 --separate-stderr "$SEALCTL" inspect -s -y -J "$HELPER_PID"
	run -0 jq -e 'all(.objects[]; has("sealed_size") and (has("sealed-size") | not))' <<<"$output"
	run -0 --separate-stderr "$SEALCTL" inspect -s -J "$HELPER_PID"
	run -0 jq -e 'all(.objects[]; has("sealed-size"))' <<<"$output"
	run -0 --separate-stderr "$SEALCTL" inspect -s -r "$HELPER_PID"
	assert_equal "${lines[0]}" "PATH VMAS SEALED SIZE SEALED-SIZE COVERAGE"
}

@test "JSON contract for mappings: types, hex strings, sizes in bytes" {
	start_sealmap -n 4
	run -0 --separate-stderr "$SEALCTL" inspect -J -o +PID,OFFSET,DEV,INODE,VMFLAGS "$HELPER_PID"
	local json=$output
	run -0 jq -e '(keys == ["mappings"]) and (.mappings | length > 0) and
		all(.mappings[];
			(.start | test("^[0-9a-f]{8,16}$")) and (.end | test("^[0-9a-f]{8,16}$")) and
			(.offset | test("^[0-9a-f]{8,16}$")) and (.dev | test("^[0-9a-f]+:[0-9a-f]+$")) and
			(.perms | test("^[r-][w-][x-][ps]$")) and
			(.size | type == "number") and (.sealed | type == "boolean") and
			(.pid | type == "number") and (.inode | type == "number") and
			(.kind | IN("code", "rodata", "data", "heap", "stack", "system", "anon", "shm", "other")) and
			(.path == null or (.path | type == "string")))' <<<"$json"
	# size is END - START in bytes, whatever -b says.
	local s e z
	while read -r s e z; do
		[ $((16#$e - 16#$s)) -eq "$z" ] || fail "$s-$e: size $z"
	done < <(jq -r '.mappings[] | "\(.start) \(.end) \(.size)"' <<<"$json")
	run -0 --separate-stderr "$SEALCTL" inspect -J -b -o +PID,OFFSET,DEV,INODE,VMFLAGS "$HELPER_PID"
	assert_equal "$output" "$json"
}

@test "-b prints sizes in bytes; by default they are human-readable" {
	start_sealmap -n 2 -e 1
	local page start
	page=$(getconf PAGESIZE)
	start=$(helper_ranges sealed | head -1 | cut -d- -f1)
	run -0 --separate-stderr "$SEALCTL" inspect -o START,SIZE "$HELPER_PID"
	assert_line --regexp "^$start +$((page / 1024))K$"
	run -0 --separate-stderr "$SEALCTL" inspect -b -o START,SIZE "$HELPER_PID"
	assert_line --regexp "^$start +$page$"
	# Sums in --summary too: the helper's whole file, 3 pages and a bit.
	local f=$BATS_TEST_TMPDIR/big.dat
	head -c $((3 * page + 1)) /dev/zero >"$f"
	start_sealmap -n 0 -F "$f"
	run -0 --separate-stderr "$SEALCTL" inspect -s -o PATH,SIZE,SEALED-SIZE "$HELPER_PID"
	assert_line --regexp "^$f +$((4 * page / 1024))K +$((4 * page / 1024))K$"
	run -0 --separate-stderr "$SEALCTL" inspect -s -b -o PATH,SIZE,SEALED-SIZE "$HELPER_PID"
	assert_line --regexp "^$f +$((4 * page)) +$((4 * page))$"
}

@test "-r, -n and -P give one line per mapping" {
	start_sealmap -n 5
	local n
	n=$(smaps_count "$HELPER_PID")
	run -0 --separate-stderr "$SEALCTL" inspect -r "$HELPER_PID"
	assert_equal "${lines[0]}" "START END PERMS SIZE SEALED KIND PATH"
	assert_equal "${#lines[@]}" $((n + 1))
	refute_output --regexp '  '
	run -0 --separate-stderr "$SEALCTL" inspect -n "$HELPER_PID"
	assert_equal "${#lines[@]}" "$n"
	refute_line --partial START
	run -0 --separate-stderr "$SEALCTL" inspect -P "$HELPER_PID"
	assert_equal "${#lines[@]}" "$n"
	assert_equal "$(grep -cE '^START="[0-9a-f]+" END="[0-9a-f]+" PERMS="[-rwxps]{4}" SIZE="[0-9.]+[BKMGTPE]" SEALED="(yes|no)" KIND="[a-z]+" PATH=".*"$' <<<"$output")" "$n"
	run -0 --separate-stderr "$SEALCTL" inspect -r -n -b "$HELPER_PID"
	assert_equal "${#lines[@]}" "$n"
}

@test "--sealed and --unsealed filter the rows" {
	start_sealmap -n 7 -e 2
	run -0 --separate-stderr "$SEALCTL" inspect -r -n --sealed -o START,END,SEALED "$HELPER_PID"
	assert_equal "$(awk '{ print $1 "-" $2 }' <<<"$output" | sort)" \
		"$(smaps_ranges "$HELPER_PID" sealed)"
	refute_line --regexp ' no$'
	run -0 --separate-stderr "$SEALCTL" inspect -r -n --unsealed -o START,END,SEALED "$HELPER_PID"
	assert_equal "$(awk '{ print $1 "-" $2 }' <<<"$output" | sort)" \
		"$(smaps_ranges "$HELPER_PID" unsealed)"
	refute_line --regexp ' yes$'
	run -64 "$SEALCTL" inspect --sealed --unsealed "$HELPER_PID"
	assert_output --partial "exclude each other"
}

# ---- --summary -------------------------------------------------------------------

@test "--summary: one row per object, counts and sizes from smaps" {
	local f=$BATS_TEST_TMPDIR/obj.dat
	echo data >"$f"
	start_sealmap -n 6 -e 2 -F "$f"
	run -0 --separate-stderr "$SEALCTL" inspect -s -J -o +PID "$HELPER_PID"
	local json=$output
	run -0 jq -e '(keys == ["objects", "wx"]) and
		all(.objects[]; (.vmas | type == "number") and (.sealed | type == "number") and
			(.size | type == "number") and (.["sealed-size"] | type == "number") and
			(.coverage | type == "number") and (.path | type == "string") and
			.pid == '"$HELPER_PID"')' <<<"$json"
	# The objects add up to the whole process, each path once.
	assert_equal "$(jq '[.objects[].vmas] | add' <<<"$json")" "$(smaps_count "$HELPER_PID")"
	assert_equal "$(jq '[.objects[].sealed] | add' <<<"$json")" \
		"$(smaps_ranges "$HELPER_PID" sealed | wc -l)"
	assert_equal "$(jq '[.objects[].path] | length == (unique | length)' <<<"$json")" true
	# [anon]: the VMAs with no path at all, counted by awk.
	local want
	want=$(awk '
		function hex(s,  i, v) {
			for (i = 1; i <= length(s); i++)
				v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
			return v
		}
		/^[0-9a-f]+-[0-9a-f]+ / { split($1, a, "-"); anon = (NF == 5)
			size = hex(a[2]) - hex(a[1]); next }
		/^VmFlags:/ && anon { n++; t += size; if ($0 ~ / sl( |$)/) { s++; ss += size } }
		END { printf "%d %d %d %d\n", n, s, t, ss }' "/proc/$HELPER_PID/smaps")
	assert_equal "$(jq -r '.objects[] | select(.path == "[anon]") |
		"\(.vmas) \(.sealed) \(.size) \(.["sealed-size"])"' <<<"$json")" "$want"
	# The sealed file is covered whole; coverage is rounded down.
	# (Compared as a number: jq 1.7 prints the literal as sealctl wrote it.)
	run -0 jq -e --arg p "$f" '.objects[] | select(.path == $p) | .coverage == 100' <<<"$json"
	run -0 jq -e 'all(.objects[]; .coverage == ((.["sealed-size"] * 1000 / .size) | floor) / 10)' \
		<<<"$json"
	# The table has the same rows, with the default columns.
	run -0 --separate-stderr "$SEALCTL" inspect --summary "$HELPER_PID"
	assert_equal "$(head -1 <<<"$output" | tr -s ' ')" "PATH VMAS SEALED SIZE SEALED-SIZE COVERAGE"
	# Header, one row per object, and the W^X line.
	assert_equal "${#lines[@]}" $(($(jq '.objects | length' <<<"$json") + 2))
	assert_line --regexp '^\[anon\] '
	assert_line --index $((${#lines[@]} - 1)) --regexp "^$HELPER_PID: W\^X: "
}

@test "--summary with --sealed / --unsealed keeps objects with such mappings" {
	local f=$BATS_TEST_TMPDIR/obj.dat
	echo data >"$f"
	start_sealmap -n 4 -e 2 -F "$f"
	run -0 --separate-stderr "$SEALCTL" inspect -s -J "$HELPER_PID"
	local all=$output
	run -0 --separate-stderr "$SEALCTL" inspect -s -J --sealed "$HELPER_PID"
	assert_equal "$(jq -c '[.objects[].path]' <<<"$output")" \
		"$(jq -c '[.objects[] | select(.sealed > 0) | .path]' <<<"$all")"
	run -0 jq -e --arg p "$f" '[.objects[].path] | index($p) != null' <<<"$output"
	run -0 --separate-stderr "$SEALCTL" inspect -s -J --unsealed "$HELPER_PID"
	assert_equal "$(jq -c '[.objects[].path]' <<<"$output")" \
		"$(jq -c '[.objects[] | select(.vmas > .sealed) | .path]' <<<"$all")"
	run -0 jq -e --arg p "$f" '[.objects[].path] | index($p) == null' <<<"$output"
}

# ---- --all -------------------------------------------------------------------------

# sealctl inspect --all OPTIONS...: even root may be refused a process
# (a sandbox's init, say); then it still exits 0 and says how many,
# nothing else.
run_all() {
	run -0 --separate-stderr "$SEALCTL" inspect --all "$@"
	[ -z "$stderr" ] ||
		assert_regex "$stderr" '^sealctl: [0-9]+ process(es)? could not be read \(--verbose names them\)$'
}

@test "--all: one row per process, the helper with its counts" {
	start_sealmap -n 6 -e 3
	run_all -J -o +SIZE,SEALED-SIZE
	local json=$output
	run -0 jq -e '(keys == ["processes"]) and
		all(.processes[]; (.pid | type == "number") and (.vmas | type == "number") and
			(.sealed | type == "number") and (.coverage | type == "number"))' <<<"$json"
	assert_equal "$(jq -r --argjson p "$HELPER_PID" '.processes[] | select(.pid == $p) |
		"\(.comm) \(.vmas) \(.sealed)"' <<<"$json")" \
		"sealmap $(smaps_count "$HELPER_PID") $(smaps_ranges "$HELPER_PID" sealed | wc -l)"
	# Each process once.
	assert_equal "$(jq '[.processes[].pid] | length == (unique | length)' <<<"$json")" true
	run_all
	assert_equal "$(head -1 <<<"$output" | tr -s ' ' | sed 's/^ //')" "PID COMM VMAS SEALED COVERAGE POLICY MEETS"
	assert_line --regexp "^ *$HELPER_PID sealmap +[0-9]+ +[0-9]+ +[0-9.]+ +[0-9.]+ +(yes|no)$"
}

@test "--all --sealed lists only processes with sealed mappings" {
	start_sealmap -n 2 -e 1
	run_all -J --sealed
	run -0 jq -e --argjson p "$HELPER_PID" \
		'all(.processes[]; .sealed > 0) and ([.processes[].pid] | index($p) != null)' <<<"$output"
	run_all -J --unsealed
	run -0 jq -e 'all(.processes[]; .vmas > .sealed)' <<<"$output"
}

@test "--all as an unprivileged user: unreadable processes counted in one line, named with -v, exit 0" {
	start_sealmap -n 1
	run -0 --separate-stderr as_nobody "$SEALCTL" inspect -a
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" '^sealctl: [0-9]+ process(es)? could not be read'
	refute_output --regexp "^ *$HELPER_PID "
	run -0 --separate-stderr as_nobody "$SEALCTL" inspect -a -v
	assert_equal "$(grep -cx "sealctl: $HELPER_PID: permission denied (smaps)" <<<"$stderr")" 1
	# One line per process, then the count of them.
	local n=$((${#stderr_lines[@]} - 1))
	assert_regex "${stderr_lines[n]}" "^sealctl: $n process(es)? could not be read$"
}

@test "--all conflicts with PIDs and with --summary" {
	run -64 "$SEALCTL" inspect -a 1
	assert_output --partial "--all takes no PID"
	run -64 "$SEALCTL" inspect -a -s
	assert_output --partial "exclude each other"
}

# ---- errors and exit codes ---------------------------------------------------------

@test "usage errors exit 64" {
	run -64 "$SEALCTL" inspect
	assert_output --partial "no PID given"
	for pid in 0 -1 abc 12x '' 2147483648 ' 1' +1 0x10 1.0; do
		run -64 "$SEALCTL" inspect -- "$pid"
		assert_output --partial "invalid PID"
	done
	run -64 "$SEALCTL" inspect -J -r self
	run -64 "$SEALCTL" inspect -J -P self
	run -64 "$SEALCTL" inspect -r -P self
	run -64 "$SEALCTL" inspect --no-such-option self
	run -0 "$SEALCTL" inspect --help
	assert_output --partial "--summary"
}

@test "self is sealctl itself" {
	run -0 --separate-stderr "$SEALCTL" inspect -J self
	run -0 jq -e --arg p "$(readlink -f "$SEALCTL")" \
		'[.mappings[] | select(.path == $p and .kind == "code")] | length > 0' <<<"$output"
}

@test "a PID that does not exist: 'no such process', exit 1, the others still printed" {
	start_sealmap -n 1
	local gone=$(((1 << 22) + 1))	# above the largest pid_max
	[ -e "/proc/$gone" ] && skip "PID $gone exists"
	run -1 --separate-stderr "$SEALCTL" inspect -o PID,START "$gone" "$HELPER_PID"
	assert_equal "$stderr" "sealctl: $gone: no such process (smaps)"
	assert_equal "$(awk 'NR > 1 { print $1 }' <<<"$output" | sort -u)" "$HELPER_PID"
}

@test "a root process seen by an unprivileged user: 'permission denied', exit 1, the others printed" {
	start_sealmap -n 1
	run -1 --separate-stderr as_nobody "$SEALCTL" inspect -J "$HELPER_PID" self
	assert_equal "$stderr" "sealctl: $HELPER_PID: permission denied (smaps)"
	run -0 jq -e --argjson p "$HELPER_PID" \
		'(.mappings | length > 0) and all(.mappings[]; .pid != $p)' <<<"$output"
}

@test "a kernel thread has no mappings: no rows, exit 0" {
	local kt
	kt=$(kernel_thread) || skip "no kernel thread visible"
	run -0 --separate-stderr "$SEALCTL" inspect -J "$kt"
	assert_equal "$(jq '.mappings | length' <<<"$output")" 0
	run -0 --separate-stderr "$SEALCTL" inspect "$kt"
	assert_output ""
	run -0 --separate-stderr "$SEALCTL" inspect -s -J "$kt"
	assert_equal "$(jq '.objects | length' <<<"$output")" 0
}

@test "a zombie has no mappings: no rows, exit 0" {
	local z
	start_zombie
	z=$ZOMBIE
	run -0 --separate-stderr "$SEALCTL" inspect -J "$z"
	assert_equal "$(jq '.mappings | length' <<<"$output")" 0
	assert_equal "$stderr" ""
}

# Run sealctl inspect on the helper under strace, each read slowed down,
# and kill the helper once sealctl has read part of its smaps.
inspect_and_kill() { # reap|keep
	local log=$BATS_TEST_TMPDIR/strace out=$BATS_TEST_TMPDIR/out err=$BATS_TEST_TMPDIR/err
	strace -f -qq -o "$log" -e trace=openat,read -e inject=read:delay_enter=20000 \
		"$SEALCTL" inspect -o PID,START "$HELPER_PID" >"$out" 2>"$err" 3>&- &
	local tracer=$! fd=""
	# A read of smaps that returned data: after its openat (the same fd
	# number may have been stat's, read just before).  Each read takes
	# 20 ms or more: this catches it long before the last.
	smaps_read() {
		[ -z "$fd" ] && fd=$(sed -n 's/.*openat([0-9]*, "smaps", .*) = \([0-9]*\)$/\1/p' \
			"$log" 2>/dev/null || :)
		[ -n "$fd" ] && sed -n '/openat([0-9]*, "smaps", /,$p' "$log" |
			grep -qE "read\($fd, \".*\) = [1-9]"
	}
	wait_for --while "$tracer" smaps_read || fail "sealctl never read smaps: $(tail -4 "$log")"
	kill -9 "$HELPER_PID"
	if [ "$1" = reap ]; then
		wait "$HELPER_PID" 2>/dev/null || :
	fi
	local rc=0
	wait "$tracer" || rc=$?
	# It was read in part, not whole.
	[ "$(grep -cE "read\($fd, \".*\) = [1-9]" "$log")" -lt 100 ] || fail "read whole"
	[ "$rc" -eq 1 ] || fail "exit $rc; trace: $(tail -4 "$log")"
	assert_equal "$(cat "$err")" "sealctl: $HELPER_PID: no such process (smaps)"
	assert_equal "$(cat "$out")" ""
}

@test "a process that exits while being read (left a zombie): no such process, none of its rows" {
	command -v strace >/dev/null || skip "no strace"
	start_sealmap_unreaped -q -n 20000 -e 4
	inspect_and_kill keep
}

@test "a process that exits and is reaped while being read: no such process, none of its rows" {
	command -v strace >/dev/null || skip "no strace"
	start_sealmap -q -n 20000 -e 4
	inspect_and_kill reap
}

@test "a write error is an error (exit 1)" {
	[ -w /dev/full ] || skip "no /dev/full"
	run -1 --separate-stderr sh -c '"$0" inspect self >/dev/full' "$SEALCTL"
	assert_regex "$stderr" '^sealctl: write error'
}

# ---- many rows ---------------------------------------------------------------------

# The options of the chunk tests below, each run on its own.
CHUNK_OPTS=("" "-J" "-r" "-P" "-n" "-b" "-o PID,START,SIZE,KIND,SEALED"
	"-o +VMFLAGS,OFFSET,DEV,INODE" "-n -o +VMFLAGS,OFFSET,DEV,INODE"
	"-r -o +VMFLAGS" "-P -o +VMFLAGS" "-o SIZE" "-o PATH,SIZE" "-o SIZE,PATH,START"
	"-J -o +VMFLAGS" "--sealed" "--unsealed -J" "-s" "-s -n" "-s -J"
	"-s -o COVERAGE,PATH,SIZE" "-s -P" "-s -y" "-s -y -r" "-s -y -J" "--output-all -P")

# Debian 13's libsmartcols (2.41) lays a table out otherwise than Debian
# 12's (2.38) does: a header counts for a column's width only when it is
# printed, and an empty column of a chunk without a header shrinks to
# nothing.  So sealctl built here is also run in a Debian 13 root, with
# that root's libraries (tests/roots/mkroot.sh trixie makes one).
TRIXIE=${SEALTOOLS_TRIXIE_ROOT:-$SEALTOOLS_BUILD/../roots/trixie}

need_trixie() {
	[ -x "$TRIXIE/usr/bin/env" ] ||
		skip "no Debian 13 root in $TRIXIE (tests/roots/mkroot.sh trixie makes one)"
	[ "$(id -u)" -eq 0 ] || skip "needs root (chroot)"
	! ldd "$SEALCTL" | grep -q libasan ||
		skip "a sanitizer build: the Debian 13 root has no sanitizer runtime"
	run -0 chroot "$TRIXIE" dpkg-query -W -f '${Version}' libsmartcols1
	[[ $output == 2.41* ]] || fail "libsmartcols $output in $TRIXIE, not 2.41"
	mkdir -p "$TRIXIE/mnt/sealtools"
}

# in_trixie DEFS FUNCTION [ARG...]: FUNCTION (of DEFS, declare -f's
# text) run with SEALCTL_RUN set to the build's sealctl in the Debian 13
# root, in a mount namespace of its own (/proc and the build directory
# mounted in the root, gone with the namespace).
in_trixie() {
	unshare --mount --propagation private bash -c '
		root=$1 build=$2
		eval "$3"
		shift 3
		fail() { echo "$*"; exit 1; }
		mount -t proc proc "$root/proc" && mount --bind "$build" "$root/mnt/sealtools" ||
			exit 1
		SEALCTL_RUN="chroot $root /mnt/sealtools/sealctl" "$@"' \
		_ "$TRIXIE" "$SEALTOOLS_BUILD" "$@"
}

# A process of many VMAs, with a path wider than any other cell, and one
# whose file names a table must escape or measure: control characters,
# bytes that are not UTF-8, "\x", wide, combining and zero-width
# characters.  Sets MANY and ODD.
start_chunk_targets() {
	local dir=$BATS_TEST_TMPDIR/odd f files=()
	mkdir "$dir"
	for f in plain $'odd \xff name' $'tab\there' 'back\xslash' 'back\slash' 'sp ace' \
		'dollar$`quote"' $'ctl\e[2K' 'é wide 日本語' $'e\u0301combining' $'\u0301' \
		$'\u200b' $'rtl\u202eevil' $'\U0001F600emoji'; do
		echo data >"$dir/$f"
		files+=(-f "$dir/$f")
	done
	start_sealmap -q -n 20 "${files[@]}"
	ODD=$HELPER_PID
	local long=$BATS_TEST_TMPDIR/$(printf 'long%.0s' {1..40})
	echo data >"$long"
	start_sealmap -q -n 3000 -e 4 -f "$long"
	MANY=$HELPER_PID
}

# Each of CHUNK_OPTS with each of "$@" (lists of PIDs), by SEALCTL_RUN
# (a command line, default "$SEALCTL"): whole (one chunk), and in chunks
# of 1, 7 and the default, byte for byte the same (and sealctl exits 0).
same_in_chunks() {
	local run=${SEALCTL_RUN:-$SEALCTL} opts targets whole n out
	for targets in "$@"; do
		for opts in "${CHUNK_OPTS[@]}"; do
			# shellcheck disable=SC2086 # words on purpose
			whole=$(SEALCTL_CHUNK_ROWS=1000000 $run inspect $opts $targets) ||
				fail "exit $? with: $opts $targets"
			for n in 1 7 ""; do
				# shellcheck disable=SC2086
				out=$(SEALCTL_CHUNK_ROWS=$n $run inspect $opts $targets) ||
					fail "exit $? in chunks of ${n:-default} with: $opts $targets"
				[ "$out" = "$whole" ] ||
					fail "chunks of ${n:-default} differ from whole with: $opts $targets"
			done
		done
	done
}

@test "output printed in chunks is the same as printed whole, in every format" {
	start_chunk_targets
	same_in_chunks "$MANY $ODD" "$ODD" "$MANY"
	run -0 --separate-stderr "$SEALCTL" inspect -J "$MANY" "$ODD"
	run -0 jq -e '.mappings | length > 3000' <<<"$output"
}

@test "Debian 13: output printed in chunks is the same as printed whole, in every format" {
	need_trixie
	start_chunk_targets
	run -0 in_trixie "$(declare -p CHUNK_OPTS; declare -f same_in_chunks)" \
		same_in_chunks "$MANY $ODD" "$ODD" "$MANY"
}

# A process of more than 4096 VMAs, anonymous pages (no path) most of
# them, and a file whose backslash leaves its rows to libsmartcols amid
# the others.  Sets N, its VMA count.
start_long_table() {
	local f=$BATS_TEST_TMPDIR/'a file with \ and spaces'
	echo data >"$f"
	start_sealmap -q -n 4500 -e 3 -f "$f"
	N=$(smaps_count "$HELPER_PID")
	[ "$N" -gt 4096 ]
}

# write_formats DIR PID: the same table, with extra columns, as aligned,
# raw, pairs and JSON output, into DIR; by SEALCTL_RUN as above.
write_formats() {
	local run=${SEALCTL_RUN:-$SEALCTL} cols=+VMFLAGS,OFFSET,DEV,INODE
	$run inspect -b -o "$cols" "$2" >"$1/aligned" &&
	$run inspect -b -r -o "$cols" "$2" >"$1/raw" &&
	$run inspect -b -P -o "$cols" "$2" >"$1/pairs" &&
	$run inspect -b -J -o "$cols" "$2" >"$1/json"
}

# check_formats DIR N: DIR's tables (write_formats) have N rows, and
#  - aligned: every cell is where its header says: a left-aligned
#    column's cells start where its name starts, a right-aligned one's
#    end where its name ends, with a space (or the line's end) on either
#    side; the cells being those of the raw table, row for row ("\x20"
#    and "\x5c" decoded);
#  - pairs: NAME="value" for every column, in order, the raw cells;
#  - JSON: the raw cells too.
check_formats() {
	local d=$1 n=$2 out
	[ "$(wc -l <"$d/aligned")" -eq $((n + 1)) ]
	[ "$(wc -l <"$d/raw")" -eq $((n + 1)) ]
	[ "$(wc -l <"$d/pairs")" -eq "$n" ]
	run -0 jq -e --argjson n "$n" '.mappings | length == $n' "$d/json"
	# The rows where chunks of 2048 begin have no path.
	assert_equal "$(awk 'NR == 2050 || NR == 4098 { print $NF }' "$d/aligned" | sort -u)" 0
	out=$(awk -v right=" SIZE INODE " '
		function decode(s) { gsub(/\\x20/, " ", s); gsub(/\\x5c/, "\\", s); return s }
		NR == FNR {
			n[FNR] = split($0, f, / /)
			for (c = 1; c <= n[FNR]; c++)
				cell[FNR, c] = decode(f[c])
			next
		}
		FNR == 1 {
			if (n[1] != split($0, name, " ")) { print "header: " $0; exit 1 }
			at = 1
			for (c = 1; c <= n[1]; c++) {
				p = index(substr($0, at), name[c]) + at - 1
				isright[c] = index(right, " " name[c] " ") > 0
				edge[c] = isright[c] ? p + length(name[c]) - 1 : p
				at = p + length(name[c])
			}
			next
		}
		{
			if (n[FNR] != n[1]) { print "raw line " FNR ": " n[FNR] " cells"; exit 1 }
			for (c = 1; c <= n[1]; c++) {
				v = cell[FNR, c]
				if (v == "")
					continue
				s = isright[c] ? edge[c] - length(v) + 1 : edge[c]
				if (substr($0, s, length(v)) != v || (s > 1 && substr($0, s - 1, 1) != " ") ||
				    substr($0, s + length(v), 1) !~ /^ ?$/) {
					print "line " FNR ", " name[c] ": " $0
					exit 1
				}
			}
		}' "$d/raw" "$d/aligned") || fail "not aligned: $out"
	# Pairs, with a space written as raw output writes it ("\x20").
	out=$(awk '
		NR == 1 { names = $0; next }
		{
			s = $0; cells = ""; keys = ""
			while (match(s, /^[A-Z]+="([^"\\]|\\x[0-9a-f][0-9a-f])*"/)) {
				v = substr(s, 1, RLENGTH); k = v
				sub(/=.*/, "", k); sub(/^[A-Z]+="/, "", v); sub(/"$/, "", v)
				gsub(/ /, "\\x20", v)
				cells = cells (keys == "" ? "" : " ") v
				keys = keys (keys == "" ? "" : " ") k
				s = substr(s, RLENGTH + 1); sub(/^ /, "", s)
			}
			if (s != "" || keys != names) { print "pairs line " FNR ": " $0; exit 1 }
			print cells
		}' <(head -1 "$d/raw") "$d/pairs") || fail "$out"
	assert_equal "$out" "$(tail -n +2 "$d/raw")"
	assert_equal "$(jq -r '.mappings[] | [.start, .end, .perms, .size, (if .sealed then "yes"
		else "no" end), .kind, (.path // "" | gsub("\\\\"; "\\x5c") | gsub(" "; "\\x20")),
		(.vmflags | gsub(" "; "\\x20")), .offset, .dev, .inode] |
		map(tostring) | join(" ")' "$d/json")" "$(tail -n +2 "$d/raw")"
}

@test "a table of more than 4096 rows stays aligned, with extra columns, in every format" {
	start_long_table
	write_formats "$BATS_TEST_TMPDIR" "$HELPER_PID"
	check_formats "$BATS_TEST_TMPDIR" "$N"
}

@test "Debian 13: a table of more than 4096 rows stays aligned, in every format" {
	need_trixie
	start_long_table
	run -0 in_trixie "$(declare -f write_formats)" write_formats "$BATS_TEST_TMPDIR" "$HELPER_PID"
	check_formats "$BATS_TEST_TMPDIR" "$N"
}

# ---- --summary: W^X state ------------------------------------------------------

# Start "$@" and wait until its loader is done; sets WX_PID.
start_wx() {
	start_loaded "$@"
	WX_PID=$PID
}

@test "--summary ends with each process's W^X state: seccomp filters from status" {
	start_wx "$SEALTOOLS_BUILD/sealrun" --deny-wx=seccomp sleep 600
	# The kernel's count less sealrun's exec filter (its witness in smaps).
	local n
	n=$(awk '/^Seccomp_filters:/ { print $2 - 1 }' "/proc/$WX_PID/status")
	[ "$n" -ge 1 ]
	run "$SEALCTL" inspect --summary "$WX_PID"
	assert_success
	assert_line --index $((${#lines[@]} - 1)) \
		"$WX_PID: W^X: MDWE unknown, seccomp filters $n, writable+executable mappings 0"
	run "$SEALCTL" inspect --summary -J "$WX_PID"
	assert_success
	echo "$output" | jq -e --argjson p "$WX_PID" --argjson n "$n" '
		(.objects | length) > 0 and .wx == [{"pid": $p, "mdwe": null,
		"seccomp_filters": $n, "no_new_privs": .wx[0].no_new_privs,
		"writable_executable": 0}]'
	# In chunks, the document is the same.
	run env SEALCTL_CHUNK_ROWS=2 "$SEALCTL" inspect --summary -J "$WX_PID"
	echo "$output" | jq -e '.wx | length == 1'
	# Not in the formats meant for scripts that read rows.
	run "$SEALCTL" inspect --summary -r "$WX_PID"
	refute_output --partial 'W^X'
}

@test "--summary: MDWE set by sealrun shows, through the sealer's witness" {
	start_wx "$SEALTOOLS_BUILD/sealrun" --deny-wx=prctl sleep 600
	run "$SEALCTL" inspect --summary "$WX_PID"
	assert_success
	assert_line "$WX_PID: W^X: MDWE yes, seccomp filters 0, writable+executable mappings 0"
	start_wx sleep 600
	run "$SEALCTL" inspect --summary -J "$WX_PID"
	echo "$output" | jq -e '.wx[0].mdwe == null and .wx[0].seccomp_filters == 0'
}

# ---- the policy columns ---------------------------------------------------------

@test "--all: POLICY is the coverage of what the policy names, MEETS agrees with verify" {
	start_loaded "$SEALTOOLS_BUILD/sealrun" sleep 600
	local sealed=$PID
	start_loaded sleep 600
	local plain=$PID
	run_all -J
	local json=$output
	# Heap and stack are never sealed, so plain coverage stays below 100 %
	# (awk agrees: an unsealed [heap] or [stack])...
	run smaps_ranges "$sealed" unsealed
	[ -n "$output" ]
	run -0 jq -e --argjson s "$sealed" --argjson p "$plain" '
		(.processes[] | select(.pid == $s) | .coverage < 100 and .policy == 100 and .meets == true) and
		(.processes[] | select(.pid == $p) | .policy < 100 and .meets == false)' <<<"$json"
	# ... and MEETS is verify's verdict, for another policy too.
	run -0 "$SEALCTL" verify -q "$sealed"
	run -1 "$SEALCTL" verify -q -p strict "$sealed"
	run_all -J -p strict
	run -0 jq -e --argjson s "$sealed" '.processes[] | select(.pid == $s) | .meets == false' <<<"$output"
	# Zombies have no address space: neither yes nor no.
	start_zombie
	run_all -J
	run -0 jq -e --argjson z "$ZOMBIE" '.processes[] | select(.pid == $z) | .meets == null' <<<"$output"
}

@test "--summary --policy: expected gaps (heap, stack, locale files) are not counted as failing" {
	# A shell waiting for its child: it has a heap (the sealer allocates
	# nothing, and sleep alone may have none).
	start_loaded "$SEALTOOLS_BUILD/sealrun" sh -c 'sleep 600; :'
	# Its sleep too, which killing the shell would leave running.
	HELPER_PIDS+=("$(pgrep -P "$PID")")
	grep -q '\[heap\]' "/proc/$PID/maps" || fail "no heap in $PID"
	run -0 "$SEALCTL" inspect --summary --policy default -J "$PID"
	run -0 jq -e '
		(.objects[] | select(.path == "[heap]" or .path == "[stack]") | .meets == null and .policy == null) and
		(.objects[] | select(.path | test("/libc\\.so")) | .meets == true and .policy == 100) and
		all(.objects[]; .meets != false)' <<<"$output"
	# Text: the same, with "-" for what the policy does not name.
	run -0 "$SEALCTL" inspect -s -p default "$PID"
	assert_line --regexp '^\[heap\] .* - +-$'
	assert_line --regexp '^/.*/libc\.so\.6 .* 100\.0 +yes$'
	# Without --policy, --summary keeps its columns (and its speed).
	run -0 "$SEALCTL" inspect -s "$PID"
	refute_line --partial MEETS
	run -64 "$SEALCTL" inspect -p default "$PID"
	assert_output --partial -- '--policy goes with --summary or --all'
	run -64 "$SEALCTL" inspect -s -p bogus "$PID"
}
