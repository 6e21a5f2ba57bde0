#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# sealctl verify: real processes started with and without sealrun, the
# verdict checked against an independent reading of their smaps.

load common

setup_file() {
	export SEALRUN=$SEALTOOLS_BUILD/sealrun H=$SEALTOOLS_BUILD/helpers
	PUB=$(mktemp -d /tmp/verify-bats.XXXXXX)
	chmod 755 "$PUB"
	export PUB
	mkdir -p "$PUB/plug"
	printf 'int testlib_value(int x) { return x * 3 + 21; }\n' >"$PUB/testlib.c"
	gcc -shared -fPIC -O2 -o "$PUB/plug/libtestseal.so" "$PUB/testlib.c"
}

teardown_file() {
	rm -rf "${PUB:?}"
}

setup() {
	"$SEALTOOLS_BUILD/helpers/sealcall" >/dev/null 2>&1 ||
		skip "mseal not supported by this kernel"
}

teardown() {
	stop_helpers
}

# Start "$@" until its loader is done (common.bash).  Sets PID.
start() {
	start_loaded "$@"
}

# Wait until PID's maps show a mapping matching REGEX.
wait_for_map() { # PID REGEX
	wait_for --while "$1" grep -Eq "$2" "/proc/$1/maps" 2>/dev/null || fail "no mapping $2 in $1"
}

# DIR/liboff.so, a library whose first PT_LOAD maps its file from offset
# 0x1000 (tests/helpers/nohdr.ld: its headers are not loaded), and
# DIR/offmain, a program linked against it that stops itself.
build_offlib() { # DIR
	mkdir -p "$1"
	printf 'int off_value(int x) { return x * 7 + 1; }\n' >"$1/off.c"
	printf '#include <signal.h>\nint off_value(int);\nint main(void) { return off_value(3) == 22 ? raise(SIGSTOP) : 1; }\n' >"$1/offmain.c"
	gcc -O2 -shared -fPIC -Wl,-T,"$BATS_TEST_DIRNAME/../helpers/nohdr.ld" \
		-Wl,--no-eh-frame-hdr -o "$1/liboff.so" "$1/off.c"
	gcc -O2 -o "$1/offmain" "$1/offmain.c" -L"$1" -loff -Wl,-rpath,"$1"
	# The independent check: readelf says the first PT_LOAD is at 0x1000.
	[ "$(readelf -lW "$1/liboff.so" | awk '$1 == "LOAD" { print $2; exit }')" = 0x001000 ]
}

# Start sealexcept PATTERN LIBRARY... and wait for its "ready".  Sets PID.
start_sealexcept() {
	local out
	out=$(mktemp "$BATS_TEST_TMPDIR/sealexcept.XXXXXX")
	"$H/sealexcept" "$@" >"$out" 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	wait_for --while "$PID" grep -qx ready "$out" && return 0
	alive "$PID" || fail "sealexcept exited"
	fail "sealexcept did not get ready"
}

# The VmFlags line of PID's mapping of file PATH.
seal_state_of() { # PID PATH
	awk -v p="$2" '$6 == p { want = 1 } /^VmFlags:/ && want { print; want = 0 }' "/proc/$1/smaps"
}

# Independent answer: the unsealed mappings of PID that verify must name
# under the default policy, "START-END PATH" (awk and the ELF magic only).
# Every mapping of an ELF file mapped from offset 0, and the kernel's
# [vdso], [vvar] and [vvar_vclock].  (An object's anonymous .bss tail is
# left out here; verify's list may hold it in addition.)
unsealed_by_smaps() {
	local pid=$1 path
	awk '/^[0-9a-f]+-[0-9a-f]+ /{ range = $1; path = ""; for (i = 6; i <= NF; i++) path = path (i > 6 ? " " : "") $i }
	     /^VmFlags:/ && $0 !~ / sl( |$)/ { print range "\t" path }' "/proc/$pid/smaps" |
	while IFS=$'\t' read -r range path; do
		case $path in
		'[vdso]'|'[vvar]'|'[vvar_vclock]') echo "$range $path" ;;
		/*) [ "$(head -c 4 "$path" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ] &&
			echo "$range $path" ;;
		esac
	done | sort
}

# verify's unsealed list for PID as "START-END PATH", file and system
# mappings only.
unsealed_by_verify() { # PID [OPTIONS]
	local pid=$1
	shift
	"$SEALCTL" verify -J "$@" "$pid" |
		jq -r '.processes[0].unsealed[] | select(.path != "") | "\(.start)-\(.end) \(.path)"' |
		sort
}

@test "a process started by sealrun complies with the default policy" {
	start "$SEALRUN" sleep 600
	run "$SEALCTL" verify "$PID"
	assert_success
	assert_output --regexp "^$PID \(sleep\): compliant with policy default: [0-9]+ mappings checked, all sealed$"
	# The independent reading agrees: nothing the policy names is open.
	run unsealed_by_smaps "$PID"
	assert_output ''
}

@test "a plain process does not comply, and every open object mapping is named" {
	start sleep 600
	run "$SEALCTL" verify "$PID"
	assert_failure 1
	assert_line --index 0 --regexp "^$PID \(sleep\): NOT compliant with policy default: "
	assert_line --regexp ' r-xp code +/usr/bin/sleep$'
	assert_line --regexp ' r--p relro +/usr/(lib/x86_64-linux-gnu|lib/aarch64-linux-gnu|lib64)/libc\.so\.6$'
	assert_line --regexp ' system +\[vdso\]$'
	expected=$(unsealed_by_smaps "$PID")
	[ -n "$expected" ]
	run unsealed_by_verify "$PID"
	assert_output "$expected"
}

@test "data files mapped from offset 0 are not objects" {
	# A non-ELF file mapped read-only: not named even though unsealed.
	head -c 8192 /dev/urandom >"$PUB/blob"
	start "$SEALRUN" /usr/bin/python3 -c 'import mmap, sys, time
f = open(sys.argv[1], "rb"); m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
time.sleep(60)' "$PUB/blob"
	# It is mapped and not sealed (the sealer leaves data files alone) ...
	run seal_state_of "$PID" "$PUB/blob"
	assert_output --regexp '^VmFlags:'
	refute_output --regexp ' sl( |$)'
	# ... yet the process complies: the file is no loaded object.  (Not
	# counting later loads: python's own mmap module is the last one, and
	# on glibc <= 2.40 its RELRO waits for a later loader event.)
	run "$SEALCTL" verify --policy default,-dlopen "$PID"
	assert_success
	refute_output --partial "$PUB/blob"
}

@test "policies: what sealrun sealed is what verify accepts, part by part" {
	start "$SEALRUN" --policy code sleep 600
	run "$SEALCTL" verify --policy code "$PID"
	assert_success
	run "$SEALCTL" verify --policy code,relro "$PID"
	assert_failure 1
	assert_line --regexp ' relro +/'
	refute_line --regexp ' code +/'

	start "$SEALRUN" --policy relro sleep 600
	run "$SEALCTL" verify -p relro "$PID"
	assert_success
	# rodata and relro are both read-only in smaps; verify tells them apart.
	run "$SEALCTL" verify -p rodata "$PID"
	assert_failure 1
	assert_line --regexp ' r--p rodata +/usr/bin/sleep$'
	refute_line --regexp ' relro +/'
}

@test "strict asks for the stack too; system for the vDSO" {
	start "$SEALRUN" sleep 600
	run "$SEALCTL" verify --policy strict "$PID"
	assert_failure 1
	assert_line --regexp ' rw-p stack +\[stack\]$'
	run "$SEALCTL" verify --policy system "$PID"
	assert_success

	start "$SEALRUN" --policy strict sleep 600
	run "$SEALCTL" verify --policy strict "$PID"
	assert_success
	run "$SEALCTL" verify --policy default,-system "$PID"
	assert_success
}

@test "a library dlopen'd under sealrun passes; without sealrun it is named" {
	# dlopener stops itself once it has loaded the library: start
	# returns then.
	start "$SEALRUN" "$H/dlopener" "$PUB/plug/libtestseal.so"
	grep -q libtestseal "/proc/$PID/maps"
	run "$SEALCTL" verify "$PID"
	# Its load is the last: on glibc <= 2.40 only its RELRO, sealed at
	# the next loader event, may still be open, and verify says so.
	if glibc_seals_dlopen_whole; then
		assert_success
	else
		assert_failure 1
		assert_line --regexp '^  relro of /.*/libtestseal\.so open: loaded after start-up \(dlopen\); sealctl seal PID after start-up seals it$'
		[ "$(grep -c ' r--p relro ' <<<"$output")" -eq 1 ] || fail "more than its RELRO: $output"
		run "$SEALCTL" verify --policy default,-dlopen "$PID"
		assert_success
	fi

	start "$H/dlopener" "$PUB/plug/libtestseal.so"
	grep -q libtestseal "/proc/$PID/maps"
	run "$SEALCTL" verify "$PID"
	assert_failure 1
	assert_line --regexp ' code +.*/plug/libtestseal\.so$'
}

@test "JSON: valid, one entry per PID, sizes in bytes, errors as entries" {
	start "$SEALRUN" sleep 600
	local sealed=$PID
	start sleep 600
	local plain=$PID
	run "$SEALCTL" verify -J "$sealed" "$plain"
	assert_failure 1
	echo "$output" | jq -e --argjson s "$sealed" --argjson p "$plain" '
		.policy == "default" and (.processes | length) == 2 and
		.processes[0].pid == $s and .processes[0].compliant == true and
		(.processes[0].unsealed | length) == 0 and .processes[0].checked > 0 and
		.processes[1].pid == $p and .processes[1].compliant == false and
		(.processes[1].unsealed | all(
			(.start | test("^[0-9a-f]+$")) and (.end | test("^[0-9a-f]+$")) and
			(.size | type) == "number" and
			(.parts | type) == "string" and (.kind | type) == "string"))'
	# size is end - start
	echo "$output" | jq -r '.processes[1].unsealed[] | "\(.start) \(.end) \(.size)"' |
	while read -r s e n; do
		[ $((16#$e - 16#$s)) -eq "$n" ]
	done

	run --separate-stderr "$SEALCTL" verify -J 999999999 "$sealed"
	assert_failure 2
	echo "$output" | jq -e '.processes[0].error == "no such process" and
		.processes[0].compliant == null and .processes[1].compliant == true'
}

@test "exit 2 when a target cannot be read, even beside a failing one" {
	start sleep 600
	run "$SEALCTL" verify 999999999 "$PID"
	assert_failure 2
	assert_line 'sealctl: 999999999: no such process'
	assert_line --regexp "^$PID \(sleep\): NOT compliant"

	# A root process seen by nobody.
	run as_nobody "$SEALCTL" verify "$PID"
	assert_failure 2
	assert_output --partial "$PID: permission denied"
}

@test "kernel threads and zombies: no address space, not \"all sealed\"" {
	local k
	start_zombie
	run -0 "$SEALCTL" verify "$ZOMBIE"
	assert_output "$ZOMBIE (sh): no address space (a kernel thread or a zombie): nothing to check"
	run -0 "$SEALCTL" verify -J "$ZOMBIE"
	echo "$output" | jq -e '.processes[0] | .address_space == false and .compliant == null'
	k=$(kernel_thread) || skip "no kernel thread visible"
	run -0 "$SEALCTL" verify "$k"
	assert_output --partial ': no address space (a kernel thread or a zombie): nothing to check'
	refute_output --partial 'all sealed'
}

@test "an object whose headers are neither in memory nor readable is judged by permissions" {
	# liboff.so's first PT_LOAD maps the file from offset 0x1000, so its
	# headers are not in memory; nobody cannot open map_files, and once
	# the file is deleted its path is gone too: only the permissions of
	# its mappings are left to go by.
	build_offlib "$PUB/priv"
	chmod 755 "$PUB/priv"
	# setpriv itself, not the as_nobody function: $! must be the process.
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$PUB/priv/offmain" 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	wait_stopped "$PID"
	rm "$PUB/priv/liboff.so"
	run as_nobody "$SEALCTL" verify "$PID"
	assert_failure 1
	assert_line '  (1 object judged by permissions: file not readable)'
	assert_line --regexp ' r-xp code +.*/liboff\.so \(deleted\)$'
	assert_line --regexp ' rw-p data +.*/liboff\.so \(deleted\)$'
	# The program's own file is still judged by its headers, from memory.
	assert_line --regexp ' r--p relro +.*/priv/offmain$'
}

@test "a deleted object file is judged by its headers from memory" {
	printf '#include <signal.h>\nint main(void) { return raise(SIGSTOP); }\n' >"$PUB/sleepy.c"
	gcc -O2 -o "$PUB/sleepy" "$PUB/sleepy.c"
	chmod 755 "$PUB/sleepy"
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$PUB/sleepy" 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	wait_stopped "$PID"
	rm "$PUB/sleepy"
	run as_nobody "$SEALCTL" verify "$PID"
	assert_failure 1
	refute_line --partial 'judged by permissions'
	assert_line --regexp ' r-xp code +.*/sleepy \(deleted\)$'
	assert_line --regexp ' r--p relro +.*/sleepy \(deleted\)$'
	assert_line --regexp ' r--p rodata +.*/sleepy \(deleted\)$'
	assert_line --regexp ' rw-p data +.*/sleepy \(deleted\)$'
}

@test "-q prints nothing; the status still tells" {
	start sleep 600
	run "$SEALCTL" verify -q "$PID"
	assert_failure 1
	assert_output ''
	run "$SEALCTL" verify -q self
	assert_failure 1
}

@test "usage errors exit 64" {
	run "$SEALCTL" verify
	assert_failure 64
	assert_output --partial 'no PID given'
	run "$SEALCTL" verify --policy bogus self
	assert_failure 64
	assert_output --partial "invalid policy 'bogus'"
	run "$SEALCTL" verify --policy -default self
	assert_failure 64
	assert_output --partial 'names nothing to check'
	run "$SEALCTL" verify -J -q self
	assert_failure 64
	run "$SEALCTL" verify 0
	assert_failure 64
	run "$SEALCTL" verify --frobnicate self
	assert_failure 64
}

@test "--help lists the options and the policy words" {
	run "$SEALCTL" verify --help
	assert_success
	assert_output --partial '--policy=LIST'
	assert_output --partial '--json'
	assert_output --partial '--quiet'
	local w
	for w in code rodata relro data holes objects dlopen stack system default strict wx; do
		assert_line --regexp "^  $w +"
	done
}

@test "wx: a seccomp W^X filter shows; a process without one does not comply" {
	start "$SEALRUN" --deny-wx=seccomp sleep 600
	run "$SEALCTL" verify --policy default,wx "$PID"
	assert_success
	assert_line --index 0 --regexp ': compliant with policy default,wx: .*, W\^X enforced$'
	# The kernel's count less sealrun's exec filter (its witness in smaps),
	# which denies no memory.
	local filters
	filters=$(awk '/^Seccomp_filters:/ { print $2 - 1 }' "/proc/$PID/status")
	[ "$filters" -ge 1 ]
	assert_line "  W^X: MDWE unknown, seccomp filters $filters, writable+executable mappings 0"
	run "$SEALCTL" verify -J -p wx "$PID"
	assert_success
	local nnp
	nnp=$(awk '/^NoNewPrivs:/ { print ($2 == 1) ? "true" : "false" }' "/proc/$PID/status")
	echo "$output" | jq -e --argjson f "$filters" --argjson nnp "$nnp" '.processes[0].wx ==
		{"enforced": true, "mdwe": null, "seccomp_filters": $f, "no_new_privs": $nnp,
		 "writable_executable": 0}'

	start "$SEALRUN" sleep 600
	run "$SEALCTL" verify --policy default,wx "$PID"
	assert_failure 1
	assert_line --index 0 --partial 'NOT compliant with policy default,wx: W^X not shown to be enforced'
	# Without the word, the same process complies.
	run "$SEALCTL" verify --policy default,wx,-wx "$PID"
	assert_success
}

@test "wx: MDWE set by sealrun shows through the sealer's witness" {
	start "$SEALRUN" --deny-wx=prctl sleep 600
	# The witness is in smaps, sealed.
	run seal_state_of "$PID" '/memfd:sealrun:mdwe'
	assert_output --regexp ' sl( |$)'
	run "$SEALCTL" verify --policy default,wx "$PID"
	assert_success
	assert_line '  W^X: MDWE yes, seccomp filters 0, writable+executable mappings 0'
	# Without --deny-wx there is no witness, and MDWE is unknown.
	start "$SEALRUN" sleep 600
	run "$SEALCTL" verify --policy default,wx "$PID"
	assert_failure 1
	assert_line '  W^X: MDWE unknown, seccomp filters 0, writable+executable mappings 0'
}

@test "wx: MDWE is visible to sealctl itself" {
	run env "$ASAN_LATE" "$SEALRUN" --deny-wx=prctl "$SEALCTL" verify -p wx self
	assert_success
	assert_line '  W^X: MDWE yes, seccomp filters 0, writable+executable mappings 0'
	run "$SEALCTL" verify -p wx self
	assert_failure 1
	assert_line '  W^X: MDWE no, seccomp filters 0, writable+executable mappings 0'
}

@test "wx: a writable and executable mapping is counted, filter or not" {
	start /usr/bin/python3 -c 'import mmap, time
m = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
time.sleep(60)'
	local n
	n=$(grep -Ec ' rwx[ps] ' "/proc/$PID/maps")
	[ "$n" -ge 1 ]
	run "$SEALCTL" verify -J -p wx "$PID"
	assert_failure 1
	echo "$output" | jq -e --argjson n "$n" '.processes[0].wx.writable_executable == $n and
		.processes[0].wx.enforced == false and .processes[0].compliant == false'
}

@test "wx in a policy: errors name the word" {
	run "$SEALCTL" verify --policy default,wy self
	assert_failure 64
	assert_output --partial "unknown word 'wy'"
	run "$SEALCTL" verify --policy default,,wx self
	assert_failure 64
	assert_output --partial 'an empty item'
	run "$SEALCTL" verify --policy -wx self
	assert_failure 64
	assert_output --partial 'names nothing to check'
}

@test "an object the C library loads by itself after start-up (iconv) is named" {
	# glibc's own loader brings iconv modules, not dlopen(3): the sealer
	# does not see them (sealrun(1), "What cannot be sealed"); verify must.
	cat >"$PUB/gconv.c" <<-'EOF2'
	#include <iconv.h>
	#include <signal.h>
	int main(void)
	{
		if (iconv_open("EBCDIC-US", "UTF-8") == (iconv_t)-1)
			return 1;
		raise(SIGSTOP);
		return 0;
	}
	EOF2
	gcc -O2 -o "$PUB/gconv" "$PUB/gconv.c"
	start_stopped "$PUB/gconv"
	grep -q '/gconv/EBCDIC-US\.so$' "/proc/$PID/maps" || skip "no EBCDIC-US iconv module here"
	run "$SEALCTL" verify "$PID"
	# glibc loads it through its own __libc_dlopen: the sealer, told by
	# the loader, seals it.  glibc <= 2.40 announces it before relocating
	# it, so its RELRO waits for the next loader event, and verify says
	# so; later ones seal it whole at once.
	if glibc_seals_dlopen_whole; then
		assert_success
	else
		assert_failure 1
		assert_line --regexp ' r--p relro +/.*/gconv/EBCDIC-US\.so$'
		refute_line --regexp ' r-xp code +/.*/gconv/EBCDIC-US\.so$'
		assert_line --regexp '^  [a-z+]+ of /.*/gconv/EBCDIC-US\.so open: loaded by the C library after start-up$'
	fi
	# Everything loaded at start-up is sealed: only the module is named.
	refute_line --regexp ' (/usr)?/lib/.*/libc\.so\.6$'
}

# ---- the loader's own list (issue 12) ---------------------------------------

@test "a library whose first PT_LOAD is not at offset 0 is an object: its open code is named" {
	build_offlib "$PUB/off"
	start_sealexcept liboff.so "$PUB/off/liboff.so"
	# Independent reading of smaps: liboff.so is mapped, never from
	# offset 0, and unsealed; everything else but heap and stack sealed.
	run awk -v p="$PUB/off/liboff.so" '/^[0-9a-f]+-/ { f = ($6 == p); off = $3 }
		f && /^VmFlags:/ { print off, ($0 ~ / sl( |$)/) ? "sealed" : "open" }' "/proc/$PID/smaps"
	assert_line '00001000 open'
	refute_line --regexp '^00000000 '
	refute_line --regexp ' sealed$'
	run "$SEALCTL" verify "$PID"
	assert_failure 1
	assert_line --regexp "^  code\+.* of $PUB/off/liboff\.so open: loaded after start-up \(dlopen\); sealctl seal PID after start-up seals it$"
	assert_line --regexp " r-xp code +$PUB/off/liboff\.so$"
	run "$SEALCTL" verify -J "$PID"
	echo "$output" | jq -e --arg p "$PUB/off/liboff.so" '.processes[0] |
		.objects_from == "loader" and .compliant == false and
		any(.reasons[]; .object == $p and .loaded == "later" and (.parts | test("code")))'
}

@test "objects loaded after start-up: the dlopen word decides" {
	start_sealexcept libtestseal.so "$PUB/plug/libtestseal.so"
	run "$SEALCTL" verify "$PID"
	assert_failure 1
	assert_line --regexp ' of .*/plug/libtestseal\.so open: loaded after start-up \(dlopen\); sealctl seal PID after start-up seals it$'
	# Without "dlopen", the same process complies: only start-up objects
	# are asked for.
	run "$SEALCTL" verify --policy default,-dlopen "$PID"
	assert_success
	run "$SEALCTL" verify --policy objects "$PID"
	assert_success
}

@test "an ELF file mapped as data is no object: a sealed process complies" {
	cp /bin/true "$PUB/elfdata"
	start "$SEALRUN" /usr/bin/python3 -c 'import mmap, sys, time
f = open(sys.argv[1], "rb"); m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
time.sleep(60)' "$PUB/elfdata"
	wait_for_map "$PID" "$PUB/elfdata"
	# Independently: an ELF file, mapped from offset 0, not sealed.
	[ "$(head -c 4 "$PUB/elfdata" | od -An -c | tr -d ' ')" = '177ELF' ]
	run seal_state_of "$PID" "$PUB/elfdata"
	refute_output --regexp ' sl( |$)'
	grep -q " 00000000 .*$PUB/elfdata\$" "/proc/$PID/maps"
	# Later loads aside: see "data files mapped from offset 0".
	run "$SEALCTL" verify --policy default,-dlopen "$PID"
	assert_success
	refute_output --partial elfdata
}

@test "a read-only segment mapped executable by hand is code: a policy without rodata still names it" {
	# The first PT_LOAD of a library (its headers and read-only data,
	# flags R), mapped r-x from offset 0: the kernel will execute it.
	cp /bin/true "$PUB/roexec"
	[ "$(readelf -lW "$PUB/roexec" | awk '$1 == "LOAD" { print $2, $(NF-1); exit }')" = "0x000000 R" ] ||
		skip "/bin/true's first PT_LOAD is not a read-only segment at offset 0"
	# Far from everything else (MAP_FIXED_NOREPLACE), so that the span
	# its headers give covers no other mapping.
	start "$SEALRUN" -p code,relro,data /usr/bin/python3 -c 'import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
fd = os.open(sys.argv[1], os.O_RDONLY)
# PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED_NOREPLACE
a = libc.mmap(0x300000000, 4096, 5, 0x02 | 0x100000, fd, 0)
assert a == 0x300000000, ctypes.get_errno()
time.sleep(60)' "$PUB/roexec"
	wait_for_map "$PID" "$PUB/roexec"
	grep -q " r-xp 00000000 .*$PUB/roexec\$" "/proc/$PID/maps"
	run seal_state_of "$PID" "$PUB/roexec"
	refute_output --regexp ' sl( |$)'
	for policy in code code,relro,data; do
		run -1 "$SEALCTL" verify --policy "$policy" "$PID"
		assert_output --regexp "code[a-z+]* of $PUB/roexec unsealed"
	done
}

@test "shared anonymous memory (a JIT's double mapping, /dev/zero (deleted)) is no object: a sealed process complies" {
	# PHP 8.4's opcache (Debian 13) maps its JIT buffer so: rw-s and r-xs.
	start "$SEALRUN" /usr/bin/python3 -c 'import mmap, time
w = mmap.mmap(-1, 65536, flags=mmap.MAP_SHARED, prot=mmap.PROT_READ | mmap.PROT_WRITE)
x = mmap.mmap(-1, 65536, flags=mmap.MAP_SHARED, prot=mmap.PROT_READ | mmap.PROT_EXEC)
print("ready", flush=True)
time.sleep(60)'
	wait_for grep -q ' r-xs .* /dev/zero (deleted)$' "/proc/$PID/maps"
	# Independently: the kernel shows it executable and unsealed.
	run seal_state_of "$PID" /dev/zero
	refute_output --regexp ' sl( |$)'
	# (python's mmap module is a later load: see the dlopen word.)
	run "$SEALCTL" verify --policy default,-dlopen "$PID"
	assert_success
	refute_output --partial '/dev/zero'
	run "$SEALCTL" inspect -n -o KIND,PATH "$PID"
	assert_line --regexp '^shm +/dev/zero'
	refute_line --regexp '^code +/dev/zero'
}

@test "odd file names: verify -J is valid UTF-8 JSON, text has no control bytes" {
	local name
	name=$(printf 'x\033[2K\r\377y')
	cp /bin/sleep "$PUB/$name"
	start "$PUB/$name" 60
	run --separate-stderr "$SEALCTL" verify -J "$PID"
	assert_failure 1
	# A strict decoder, then jq: control characters come back as they
	# are (JSON escapes them), the invalid byte as the text "\377".
	python3 -c 'import json, sys; json.loads(sys.stdin.buffer.read().decode("utf-8", "strict"))' <<<"$output"
	echo "$output" | jq -e --arg p "$PUB/x"$'\e[2K\r''\377y' --arg c $'x\e[2K\r''\377y' \
		'.processes[0] | .comm == $c and any(.unsealed[]; .path == $p)'
	# Text: no byte below 0x20 but newline, no DEL, no invalid UTF-8.
	"$SEALCTL" verify "$PID" >"$BATS_TEST_TMPDIR/text" || :
	run python3 -c 'import sys
b = open(sys.argv[1], "rb").read(); b.decode("utf-8", "strict")
sys.exit(any(c < 0x20 and c != 10 or c == 0x7f for c in b))' "$BATS_TEST_TMPDIR/text"
	assert_success
	grep -qF "$PUB/x\\033[2K\\015\\377y" "$BATS_TEST_TMPDIR/text"
	# inspect: the same escaper, in text and JSON.
	"$SEALCTL" inspect "$PID" >"$BATS_TEST_TMPDIR/itext"
	grep -qF "$PUB/x\\033[2K\\015\\377y" "$BATS_TEST_TMPDIR/itext"
	"$SEALCTL" inspect -J "$PID" | python3 -c 'import json, sys; json.loads(sys.stdin.buffer.read().decode("utf-8", "strict"))'
}

@test "output lost to a closed pipe exits 1, SIGPIPE ignored or not" {
	start sleep 600
	local pids=() i
	for ((i = 0; i < 300; i++)); do pids+=("$PID"); done
	# 300 verdicts and 300 copies of its mappings: far more than a pipe holds.
	# shellcheck disable=SC2016 # expanded by the inner bash
	run bash -c 'trap "" PIPE; "$@" | head -c 10 >/dev/null; echo "${PIPESTATUS[0]}"' \
		_ "$SEALCTL" verify "${pids[@]}"
	assert_line 1
	assert_line --partial 'write error'
	# shellcheck disable=SC2016
	run bash -c 'trap "" PIPE; "$@" | head -c 10 >/dev/null; echo "${PIPESTATUS[0]}"' \
		_ "$SEALCTL" inspect -J "${pids[@]}"
	assert_line 1
	# With SIGPIPE at its default the signal ends it.
	# shellcheck disable=SC2016
	run bash -c '"$@" | head -c 10 >/dev/null; echo "${PIPESTATUS[0]}"' \
		_ "$SEALCTL" verify "${pids[@]}"
	assert_line 141
}

@test "verify --all --every: every readable process; unreadable ones counted; exit 0 only if all read comply" {
	# A user id of its own, so that no other test's processes are readable.
	local uid=$OWN_UID
	run --separate-stderr setpriv --reuid=$uid --regid=$uid --clear-groups \
		env "$ASAN_LATE" "$SEALRUN" "$SEALCTL" verify --all --every
	assert_success
	assert_regex "$stderr" '^sealctl: [0-9]+ process(es)? could not be read \(--verbose names them\)$'
	# sealctl never judges itself.
	[[ $output != *"(sealctl)"* ]] || fail "$output"
	# One of them fails: exit 1, and it is named.
	# setpriv itself links libc: wait for sleep's own image (exec resets
	# the dumpable flag that changing user cleared).
	start_loaded setpriv --reuid=$uid --regid=$uid --clear-groups sleep 600
	local plain=$PID
	[ "$(stat -c %u "/proc/$plain")" = $uid ]
	run --separate-stderr setpriv --reuid=$uid --regid=$uid --clear-groups \
		env "$ASAN_LATE" "$SEALRUN" "$SEALCTL" verify --all --every
	assert_failure 1
	assert_line --regexp "^$plain \(sleep\): NOT compliant with policy default: "
	run --separate-stderr setpriv --reuid=$uid --regid=$uid --clear-groups \
		env "$ASAN_LATE" "$SEALRUN" "$SEALCTL" verify --all --every -J
	assert_failure 1
	echo "$output" | jq -e --argjson p "$plain" '.processes | any(.pid == $p and .compliant == false)'
	# Without --every a process sealrun did not start is not judged.
	run --separate-stderr setpriv --reuid=$uid --regid=$uid --clear-groups \
		env "$ASAN_LATE" "$SEALRUN" "$SEALCTL" verify --all
	assert_success
	# -v names the unreadable ones.
	run --separate-stderr setpriv --reuid=$uid --regid=$uid --clear-groups \
		"$SEALCTL" verify --all --every -q -v
	assert_failure 1
	assert_regex "${stderr_lines[0]}" '^sealctl: 1: permission denied$'
	# As root every process is read; the helper is among them.
	run --separate-stderr "$SEALCTL" verify --all --every -J
	echo "$output" | jq -e --argjson p "$plain" '.processes | any(.pid == $p)'
	run "$SEALCTL" verify --all 1
	assert_failure 64
	run "$SEALCTL" verify --every 1
	assert_failure 64
}

@test "when the loader's list cannot be read, verify says so and falls back to the mappings" {
	printf 'int main(void) { for (;;) __asm__ volatile("pause"); }\n' >"$PUB/spin.c"
	gcc -O2 -static -o "$PUB/spin" "$PUB/spin.c" 2>/dev/null || skip "no static libc"
	start_static() { "$PUB/spin" 3>&- & PID=$!; HELPER_PIDS+=("$PID"); }
	start_static
	wait_for_map "$PID" "$PUB/spin"
	run "$SEALCTL" verify "$PID"
	assert_failure 1
	assert_line "  (objects found from the mappings, not the loader's list: no loader list (a static program, or no DT_DEBUG))"
	assert_line --regexp " r-xp code +$PUB/spin\$"
	run "$SEALCTL" verify -J "$PID"
	echo "$output" | jq -e '.processes[0].objects_from == "mappings" and (.processes[0].loader.error | type) == "string"'
}

@test "an NSS module glibc loads by itself is named with its reason" {
	cat >"$PUB/nss.c" <<-'EOF2'
	#include <pwd.h>
	#include <signal.h>
	int main(void)
	{
		getpwnam("sealtools-no-such-user");
		raise(SIGSTOP);
		return 0;
	}
	EOF2
	gcc -O2 -o "$PUB/nss" "$PUB/nss.c"
	start_stopped "$PUB/nss"
	grep -q 'libnss_systemd\.so\.2$' "/proc/$PID/maps" || skip "nsswitch.conf loads no libnss_systemd here"
	run "$SEALCTL" verify "$PID"
	# glibc >= 2.41: sealed whole as it loads; older: its RELRO waits.
	if glibc_seals_dlopen_whole; then
		assert_success
		return 0
	fi
	assert_failure 1
	assert_line --regexp '^  relro of /.*/libnss_systemd\.so\.2 open: an NSS module loaded by the C library after start-up; sealrun --preload-nss loads it at start-up$'
	run "$SEALCTL" verify -J "$PID"
	echo "$output" | jq -e '.processes[0].reasons | any((.object | test("libnss_systemd")) and .loaded == "later")'
}
