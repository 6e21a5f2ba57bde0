#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# AArch64 checks under qemu-aarch64 (user mode), as TAP.
#
# qemu 7.2 does not implement syscall 462: it answers ENOSYS and its
# -strace prints "Unknown syscall 462" without arguments.  So the number
# is checked with -strace, the arguments with gdb-multiarch reading x8 and
# x0..x2 at the svc instruction, and the ENOSYS path by its output.
set -u
cd "$(dirname "$0")/../.." || exit 1
B=${B_CROSS:-build/aarch64}
export QEMU_LD_PREFIX=/usr/aarch64-linux-gnu

# shellcheck source=tests/tap.bash
. tests/tap.bash
check() { local d=$1; shift; if "$@"; then t OK "$d"; else t FAIL "$d"; fi; }

if [ ! -x "$B/helpers/sealcall" ] || [ ! -x "$B/tests/test_smaps" ] || [ -n "${CROSS_REBUILD:-}" ]; then
	make -s ARCH=aarch64 B="$B" check-programs >/dev/null 2>&1 ||
		make ARCH=aarch64 B="$B" check-programs 2>&1 | sed 's/^/# /'
fi

machine=$(od -An -j18 -N2 -tu2 "$B/helpers/sealcall" 2>/dev/null | tr -d ' ')
check "cross build produced AArch64 ELF (e_machine $machine)" [ "$machine" = 183 ]

for u in "$B"/tests/test_*; do
	[ -x "$u" ] || continue
	# qemu-user answers mseal with ENOSYS on any host (test_kernel.c).
	out=$(SEAL_EXPECT_MSEAL=no qemu-aarch64 "$u" 2>&1); rc=$?
	if [ $rc -eq 0 ] && ! grep -q '^not ok' <<<"$out"; then
		t OK "$(basename "$u") passes under qemu-aarch64 ($(grep -c '^ok' <<<"$out") tests)"
	else
		t FAIL "$(basename "$u") under qemu-aarch64 (exit $rc)" "$(grep -A2 '^not ok' <<<"$out")"
	fi
done

# The number: exactly one syscall 462, between the two lines of output.
trace=$(qemu-aarch64 -strace "$B/helpers/sealcall" 2>&1 >/dev/null)
seq=$(grep -E 'Unknown syscall 462|^[0-9]+ write\(1,' <<<"$trace" | sed -E 's/^[0-9]+ //; s/\(.*//')
seq=$(tr '\n' ' ' <<<"$seq")
check "qemu -strace: write, syscall 462, write" [ "$seq" = "write Unknown syscall 462 write " ]

# The ENOSYS path: reported as such, distinct exit code.
out=$(qemu-aarch64 "$B/helpers/sealcall" 2>&1); rc=$?
if [ $rc -eq 2 ] && grep -qx 'result -38 ENOSYS' <<<"$out"; then
	t OK "ENOSYS from qemu reaches the caller as -ENOSYS (exit 2)"
else
	t FAIL "ENOSYS from qemu reaches the caller as -ENOSYS" "exit $rc: $out"
fi

# The arguments: registers at the svc of seal_range().
if command -v gdb-multiarch >/dev/null; then
	port=$((20000 + RANDOM % 20000))
	out_file=$(mktemp); script=$(mktemp)
	trap 'rm -f "$out_file" "$script"' EXIT
	cat >"$script" <<GDB
set pagination off
set confirm off
target remote :$port
break seal_range
continue
python
import gdb
for _ in range(400):
    if "svc" in gdb.execute("x/i \$pc", to_string=True):
        v = [int(gdb.parse_and_eval("\$" + r)) & (2**64 - 1) for r in ("x8", "x0", "x1", "x2")]
        print("svc x8=%d x0=%#x x1=%d x2=%d" % tuple(v))
        break
    gdb.execute("stepi", to_string=True)
end
kill
GDB
	timeout 60 qemu-aarch64 -g "$port" "$B/helpers/sealcall" >"$out_file" 2>/dev/null &
	qpid=$!
	sleep 0.3
	regs=$(timeout 60 gdb-multiarch -q -batch -x "$script" "$B/helpers/sealcall" 2>&1 | grep '^svc ')
	wait $qpid 2>/dev/null
	read -r _ addr len < <(grep '^range ' "$out_file")
	want="svc x8=462 x0=$addr x1=$len x2=0"
	if [ -n "$addr" ] && [ "$regs" = "$want" ]; then
		t OK "gdb at svc: $regs"
	else
		t FAIL "gdb at svc: registers match mseal(addr, len, 0)" "want: $want
got:  ${regs:-nothing}"
	fi
else
	t FAIL "gdb-multiarch is missing (tests/deps.sh installs it)"
fi

# sealctl, when it is built: status must exit 1 and name ENOSYS.
if [ -x "$B/sealctl" ]; then
	out=$(qemu-aarch64 "$B/sealctl" status 2>&1); rc=$?
	if [ $rc -eq 1 ] && grep -q ENOSYS <<<"$out"; then
		t OK "sealctl status under qemu exits 1 and names ENOSYS"
	else
		t FAIL "sealctl status under qemu exits 1 and names ENOSYS" "exit $rc: $out"
	fi
fi

# The AArch64 sealer, loaded by the AArch64 loader as an audit module: it
# reads its settings from the initial stack and fails closed (125, before
# main) on qemu's ENOSYS, naming the range it could not seal.
if [ -f "$B/libsealrun.so" ] && [ -x "$B/helpers/loadprobe" ]; then
	out=$(qemu-aarch64 -E LD_AUDIT="$PWD/$B/libsealrun.so" "$B/helpers/loadprobe" -q none 2>&1); rc=$?
	if [ $rc -eq 125 ] && grep -q 'cannot seal 0x[0-9a-f]*-0x[0-9a-f]* (the run from the sealer): Function not implemented' <<<"$out" &&
	   ! grep -q loaded <<<"$out"; then
		t OK "the sealer under qemu: ENOSYS fails closed before main"
	else
		t FAIL "the sealer under qemu: ENOSYS fails closed before main" "exit $rc: $out"
	fi
	out=$(qemu-aarch64 -E LD_AUDIT="$PWD/$B/libsealrun.so" -E SEALRUN_POLICY=bogus "$B/helpers/loadprobe" -q none 2>&1); rc=$?
	if [ $rc -eq 125 ] && grep -q 'bad SEALRUN_POLICY=bogus' <<<"$out"; then
		t OK "the sealer under qemu reads its policy from the environment"
	else
		t FAIL "the sealer under qemu reads its policy from the environment" "exit $rc: $out"
	fi
fi

echo "1..$n"
[ $failed -eq 0 ]
