#!/usr/bin/env bats
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

# Start "$@" in the background and wait until its loader is done (its
# smaps shows the C library).  Sets PID.
start() {
	"$@" 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	local i
	for ((i = 0; i < 200; i++)); do
		grep -q 'libc\.so' "/proc/$PID/maps" 2>/dev/null && [ "$(readlink "/proc/$PID/exe")" != "$(readlink -f "$SEALRUN")" ] && return 0
		sleep 0.01
	done
	fail "$* did not start"
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
	start "$SEALRUN" sleep 60
	run "$SEALCTL" verify "$PID"
	assert_success
	assert_output --regexp "^$PID \(sleep\): compliant with policy default: [0-9]+ mappings checked, all sealed$"
	# The independent reading agrees: nothing the policy names is open.
	run unsealed_by_smaps "$PID"
	assert_output ''
}

@test "a plain process does not comply, and every open object mapping is named" {
	start sleep 60
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
	local i
	for ((i = 0; i < 200; i++)); do
		grep -q "$PUB/blob" "/proc/$PID/maps" && break
		sleep 0.02
	done
	# It is mapped and not sealed (the sealer leaves data files alone) ...
	run seal_state_of "$PID" "$PUB/blob"
	assert_output --regexp '^VmFlags:'
	refute_output --regexp ' sl( |$)'
	# ... yet the process complies: the file is no loaded object.
	run "$SEALCTL" verify "$PID"
	assert_success
	refute_output --partial "$PUB/blob"
}

@test "policies: what sealrun sealed is what verify accepts, part by part" {
	start "$SEALRUN" --policy code sleep 60
	run "$SEALCTL" verify --policy code "$PID"
	assert_success
	run "$SEALCTL" verify --policy code,relro "$PID"
	assert_failure 1
	assert_line --regexp ' relro +/'
	refute_line --regexp ' code +/'

	start "$SEALRUN" --policy relro sleep 60
	run "$SEALCTL" verify -p relro "$PID"
	assert_success
	# rodata and relro are both read-only in smaps; verify tells them apart.
	run "$SEALCTL" verify -p rodata "$PID"
	assert_failure 1
	assert_line --regexp ' r--p rodata +/usr/bin/sleep$'
	refute_line --regexp ' relro +/'
}

@test "strict asks for the stack too; system for the vDSO" {
	start "$SEALRUN" sleep 60
	run "$SEALCTL" verify --policy strict "$PID"
	assert_failure 1
	assert_line --regexp ' rw-p stack +\[stack\]$'
	run "$SEALCTL" verify --policy system "$PID"
	assert_success

	start "$SEALRUN" --policy strict sleep 60
	run "$SEALCTL" verify --policy strict "$PID"
	assert_success
	run "$SEALCTL" verify --policy default,-system "$PID"
	assert_success
}

@test "a library dlopen'd under sealrun passes; without sealrun it is named" {
	start "$SEALRUN" "$H/dlopener" "$PUB/plug/libtestseal.so"
	local i
	for ((i = 0; i < 200; i++)); do
		grep -q libtestseal "/proc/$PID/maps" && break
		sleep 0.02
	done
	run "$SEALCTL" verify "$PID"
	assert_success

	start "$H/dlopener" "$PUB/plug/libtestseal.so"
	for ((i = 0; i < 200; i++)); do
		grep -q libtestseal "/proc/$PID/maps" && break
		sleep 0.02
	done
	run "$SEALCTL" verify "$PID"
	assert_failure 1
	assert_line --regexp ' code +.*/plug/libtestseal\.so$'
}

@test "JSON: valid, one entry per PID, sizes in bytes, errors as entries" {
	start "$SEALRUN" sleep 60
	local sealed=$PID
	start sleep 60
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
	start sleep 60
	run "$SEALCTL" verify 999999999 "$PID"
	assert_failure 2
	assert_line 'sealctl: 999999999: no such process'
	assert_line --regexp "^$PID \(sleep\): NOT compliant"

	# A root process seen by nobody.
	run as_nobody "$SEALCTL" verify "$PID"
	assert_failure 2
	assert_output --partial "$PID: permission denied"
}

@test "a kernel thread has nothing to seal: compliant, nothing checked" {
	local k
	k=$(kernel_thread) || skip "no kernel thread visible"
	run "$SEALCTL" verify "$k"
	assert_success
	assert_output --partial ': compliant with policy default: 0 mappings checked'
}

@test "an unreadable object file is judged by the permissions of its mappings" {
	# nobody cannot open map_files; once the file is deleted, the path
	# is gone too: only the permissions are left to go by.
	cp /bin/sleep "$PUB/sleepy"
	chmod 755 "$PUB/sleepy"
	# setpriv itself, not the as_nobody function: $! must be the process.
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$PUB/sleepy" 60 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	local i
	for ((i = 0; i < 200; i++)); do
		grep -q 'libc\.so' "/proc/$PID/maps" 2>/dev/null && break
		sleep 0.01
	done
	rm "$PUB/sleepy"
	run as_nobody "$SEALCTL" verify "$PID"
	assert_failure 1
	assert_line '  (1 object judged by permissions: file not readable)'
	assert_line --regexp ' r-xp code +.*/sleepy \(deleted\)$'
	assert_line --regexp ' r--p rodata\+relro +.*/sleepy \(deleted\)$'
	assert_line --regexp ' rw-p data +.*/sleepy \(deleted\)$'
}

@test "-q prints nothing; the status still tells" {
	start sleep 60
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
	start "$SEALRUN" --deny-wx=seccomp sleep 60
	run "$SEALCTL" verify --policy default,wx "$PID"
	assert_success
	assert_line --index 0 --regexp ': compliant with policy default,wx: .*, W\^X enforced$'
	local filters
	filters=$(awk '/^Seccomp_filters:/ { print $2 }' "/proc/$PID/status")
	[ "$filters" -ge 1 ]
	assert_line "  W^X: MDWE unknown, seccomp filters $filters, writable+executable mappings 0"
	run "$SEALCTL" verify -J -p wx "$PID"
	assert_success
	local nnp
	nnp=$(awk '/^NoNewPrivs:/ { print ($2 == 1) ? "true" : "false" }' "/proc/$PID/status")
	echo "$output" | jq -e --argjson f "$filters" --argjson nnp "$nnp" '.processes[0].wx ==
		{"enforced": true, "mdwe": null, "seccomp_filters": $f, "no_new_privs": $nnp,
		 "writable_executable": 0}'

	start "$SEALRUN" sleep 60
	run "$SEALCTL" verify --policy default,wx "$PID"
	assert_failure 1
	assert_line --index 0 --partial 'NOT compliant with policy default,wx: W^X not shown to be enforced'
	# Without the word, the same process complies.
	run "$SEALCTL" verify --policy default,wx,-wx "$PID"
	assert_success
}

@test "wx: MDWE set by sealrun shows through the sealer's witness" {
	start "$SEALRUN" --deny-wx=prctl sleep 60
	# The witness is in smaps, sealed.
	run seal_state_of "$PID" '/memfd:sealrun:mdwe'
	assert_output --regexp ' sl( |$)'
	run "$SEALCTL" verify --policy default,wx "$PID"
	assert_success
	assert_line '  W^X: MDWE yes, seccomp filters 0, writable+executable mappings 0'
	# Without --deny-wx there is no witness, and MDWE is unknown.
	start "$SEALRUN" sleep 60
	run "$SEALCTL" verify --policy default,wx "$PID"
	assert_failure 1
	assert_line '  W^X: MDWE unknown, seccomp filters 0, writable+executable mappings 0'
}

@test "wx: MDWE is visible to sealctl itself" {
	run "$SEALRUN" --deny-wx=prctl "$SEALCTL" verify -p wx self
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
	local i
	for ((i = 0; i < 200; i++)); do
		grep -Eq ' rwx[ps] ' "/proc/$PID/maps" && break
		sleep 0.02
	done
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
	"$SEALRUN" "$PUB/gconv" 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	local i
	for ((i = 0; i < 200; i++)); do
		[ "$(awk '{ print $3 }' "/proc/$PID/stat" 2>/dev/null)" = T ] && break
		sleep 0.02
	done
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
	fi
	# Everything loaded at start-up is sealed: only the module is named.
	refute_line --regexp ' (/usr)?/lib/.*/libc\.so\.6$'
}
