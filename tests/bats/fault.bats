#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Fault injection: tests/helpers/denyseal runs a command under a seccomp
# filter that makes mseal (or the W^X backends) fail the way another
# kernel or a sandbox would.  This kernel can seal, so each test first
# shows the same command succeeding without the fault.

load common

setup() {
	SEALRUN=$SEALTOOLS_BUILD/sealrun
	H=$SEALTOOLS_BUILD/helpers
	F=$BATS_TEST_TMPDIR/main-ran
}

# ---- the injector itself ---------------------------------------------------------

@test "denyseal -l: zero-length mseal still works, a real seal fails" {
	run -0 "$H/sealcall"
	assert_line 'result 0 OK'
	run -1 "$DENYSEAL" -l EPERM "$H/sealcall"
	assert_line 'result -1 EPERM'
	run -1 "$DENYSEAL" ENOMEM "$H/sealcall"
	assert_line 'result -12 ENOMEM'
	run -0 "$DENYSEAL" -l EPERM "$SEALCTL" status
	assert_line --regexp '^mseal usable: +yes$'
	run -2 "$DENYSEAL" EBOGUS true
	assert_output --partial "'EBOGUS' is not an errno name"
}

# ---- no mseal in the kernel ------------------------------------------------------

@test "ENOSYS: sealctl status exits 1 and says why" {
	run -0 "$SEALCTL" status
	assert_line --regexp '^mseal usable: +yes$'
	run -1 "$DENYSEAL" ENOSYS "$SEALCTL" status
	assert_line --regexp '^mseal usable: +no \(ENOSYS: .+\)$'
}

@test "ENOSYS: sealrun exits 125 before running anything, and says why" {
	run -0 "$SEALRUN" touch "$F"
	[ -e "$F" ]
	rm "$F"
	run -125 "$DENYSEAL" ENOSYS "$SEALRUN" touch "$F"
	assert_output "sealrun: this kernel has no mseal (Linux 6.10 or later, 64-bit, is needed); use --best-effort to run $(command -v touch) unsealed"
	[ ! -e "$F" ]
}

@test "ENOSYS with --best-effort: the program runs, unsealed, after a warning" {
	run -0 --separate-stderr "$DENYSEAL" ENOSYS "$SEALRUN" --best-effort sh -c \
		"touch '$F'; awk '/^VmFlags:.* sl( |\$)/ { n++ } END { print n + 0 }' /proc/self/smaps"
	assert_output 0
	assert_equal "$stderr" "sealrun: warning: this kernel has no mseal (Linux 6.10 or later, 64-bit, is needed); running $(command -v sh) unsealed (--best-effort)"
	[ -e "$F" ]
}

# ---- sealing fails inside the target ------------------------------------------

@test "EPERM and ENOMEM inside the target: main never runs, exit 125" {
	local err why
	for err in EPERM ENOMEM; do
		why=$([ "$err" = EPERM ] && echo 'Operation not permitted' || echo 'Cannot allocate memory')
		# The probe passes (no "use --best-effort"); the sealer fails.
		run -125 "$DENYSEAL" -l "$err" "$SEALRUN" touch "$F"
		assert_output --regexp "^sealrun: cannot seal 0x[0-9a-f]+-0x[0-9a-f]+ \(the run from .+\): $why\$"
		[ ! -e "$F" ]
		# An interpreter's main, too.
		run -125 "$DENYSEAL" -l "$err" "$SEALRUN" /usr/bin/python3 -c "open('$F', 'w')"
		[ ! -e "$F" ]
	done
}

@test "--best-effort does not cover a failure inside the target: still 125" {
	run -125 "$DENYSEAL" -l EPERM "$SEALRUN" --best-effort touch "$F"
	assert_output --partial 'sealrun: cannot seal'
	[ ! -e "$F" ]
}

@test "a program the target executes fails closed too; with --no-inherit it runs" {
	# The shell is sealed before the fault starts; touch, which the
	# shell runs under the fault (a filter added inside the tree), must
	# not run: the supervisor refuses its exec (denyseal: 127).
	run -127 "$SEALRUN" sh -c "'$DENYSEAL' -l EPERM touch '$F'"
	assert_output --partial 'unsealed: it runs under 1 seccomp filter of its own, added inside the sealed tree'
	[ ! -e "$F" ]
	# Under a filter from before sealrun, the sealer's own failure.
	run -125 "$DENYSEAL" -l EPERM "$SEALRUN" sh -c "touch '$F'"
	assert_output --partial 'sealrun: cannot seal'
	[ ! -e "$F" ]
	# --no-inherit: touch is not the sealer's to seal, so it runs.
	run -0 "$SEALRUN" --no-inherit sh -c "'$DENYSEAL' -l EPERM touch '$F'"
	assert_output ''
	[ -e "$F" ]
}

# ---- the W^X backends missing ----------------------------------------------------

@test "--deny-wx=prctl on a kernel without PR_SET_MDWE: 125 and why" {
	run -125 "$DENYSEAL" -m EINVAL - "$SEALRUN" --deny-wx=prctl touch "$F"
	assert_output 'sealrun: --deny-wx=prctl: this kernel has no PR_SET_MDWE, which needs Linux 6.3 or later; try --deny-wx=seccomp'
	[ ! -e "$F" ]
	# Refused by the kernel although the probe passed.
	run -125 "$DENYSEAL" -M EPERM - "$SEALRUN" --deny-wx=prctl touch "$F"
	assert_output 'sealrun: --deny-wx=prctl: PR_SET_MDWE: Operation not permitted'
	[ ! -e "$F" ]
}

@test "--deny-wx=seccomp on a kernel without seccomp: 125 and why" {
	run -125 "$DENYSEAL" -s EINVAL - "$SEALRUN" --deny-wx=seccomp touch "$F"
	assert_output 'sealrun: --deny-wx=seccomp: this kernel has no seccomp (CONFIG_SECCOMP)'
	[ ! -e "$F" ]
}

@test "--deny-wx (auto) without PR_SET_MDWE falls back to seccomp, and -v says so" {
	run -0 --separate-stderr "$DENYSEAL" -m EINVAL - "$SEALRUN" -v --deny-wx "$H/wxattack"
	assert_line 'mmap-rwx EPERM'
	assert_line 'mprotect-rw-rx EPERM'
	run grep -c '^sealrun: W^X denied by seccomp ' <<<"$stderr"
	assert_output 1
	# Also when only the setting fails, after the probe said yes.
	run -0 --separate-stderr "$DENYSEAL" -M EPERM - "$SEALRUN" -v --deny-wx "$H/wxattack"
	assert_line 'mmap-rwx EPERM'
	run grep -c '^sealrun: W^X denied by seccomp ' <<<"$stderr"
	assert_output 1
}

@test "--deny-wx (auto) with neither backend: 125 and both reasons" {
	run -125 "$DENYSEAL" -m EINVAL -s EINVAL - "$SEALRUN" --deny-wx touch "$F"
	assert_output 'sealrun: --deny-wx: neither backend can work here: prctl: this kernel has no PR_SET_MDWE, which needs Linux 6.3 or later; seccomp: this kernel has no seccomp (CONFIG_SECCOMP)'
	[ ! -e "$F" ]
	# --dry-run says the same, on standard output.
	run -125 --separate-stderr "$DENYSEAL" -m EINVAL -s EINVAL - "$SEALRUN" -n --deny-wx true
	assert_line --regexp '^sealrun: check: W\^X: refused: --deny-wx: neither backend'
}

@test "--best-effort runs unsealed but keeps --deny-wx" {
	run -0 --separate-stderr "$DENYSEAL" ENOSYS "$SEALRUN" --best-effort --deny-wx=seccomp "$H/wxattack"
	assert_line 'mmap-rwx EPERM'
	assert_line 'mprotect-rw-rx EPERM'
	assert_equal "$(grep -c '^sealrun: warning: this kernel has no mseal' <<<"$stderr")" 1
}
