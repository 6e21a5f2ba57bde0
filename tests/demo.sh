#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# make demo: show a real process's sealing on this machine.
#
# 1. what this kernel can do (sealctl status);
# 2. sleep started by sealrun and sleep started plainly, compared object
#    by object (sealctl inspect --summary --policy default, only the rows
#    the policy asks about: the loaded ELF objects, their .bss, the vDSO),
#    and the sealed mappings;
# 3. the policy check (sealctl verify) on both;
# 4. a helper that attacks its own memory, sealed and plain: the kernel
#    refuses (EPERM) or allows each attempt;
# 5. one sentence saying what that showed, checked against the results.
set -u
cd "$(dirname "$0")/.." || exit 1
B=${B:-build/$(uname -m)}
SEALCTL=$B/sealctl SEALRUN=$B/sealrun

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; "$@"; }

pids=()
trap 'kill "${pids[@]}" 2>/dev/null' EXIT

if ! run "$SEALCTL" status; then
	echo
	echo "This kernel cannot seal (mseal needs Linux 6.10 or later, and no seccomp"
	echo "filter refusing it), so there is nothing sealed to show."
	exit 0
fi

sleep 60 & plain=$!
"$SEALRUN" sleep 60 & sealed=$!
pids=("$plain" "$sealed")
# Ready when both run sleep itself and the sealed one meets the policy
# (or after 5 s: then the tables below show what went wrong).
sleep_exe=$(readlink -f "$(command -v sleep)")
for _ in $(seq 100); do
	[ "$(readlink "/proc/$plain/exe")" = "$sleep_exe" ] &&
		[ "$(readlink "/proc/$sealed/exe")" = "$sleep_exe" ] &&
		"$SEALCTL" verify -q "$sealed" && break
	sleep 0.05
done
say "sleep 60 &   # pid $plain, started plainly"
say "$SEALRUN sleep 60 &   # pid $sealed"

# Only the rows the policy covers (MEETS yes or no); locale files, the heap
# and the stacks, which no policy seals, would bury the difference.
summary() { # PID
	say "$SEALCTL inspect --summary --policy default $1 | awk 'NR == 1 || \$NF ~ /^(yes|no)\$/'"
	"$SEALCTL" inspect --summary --policy default "$1" | awk 'NR == 1 || $NF ~ /^(yes|no)$/'
}
summary "$plain"
summary "$sealed"
echo "(POLICY: the share of what the default policy asks to seal that is sealed;"
echo " MEETS: whether that object meets it.)"
run "$SEALCTL" inspect --sealed -o START,END,PERMS,SIZE,KIND,PATH "$sealed"
run "$SEALCTL" verify "$sealed"
verify_sealed=$?
echo "(exit $verify_sealed)"
say "$SEALCTL verify $plain | head -8"
"$SEALCTL" verify "$plain" | head -8
verify_plain=${PIPESTATUS[0]}
echo "(exit $verify_plain; list cut at 8 lines)"

# The helper tries, on itself, what sealing must refuse, and prints one
# line per attempt: NAME OK (the kernel allowed it) or NAME ERRNO (the
# kernel refused it).  Shown in words; refused and allowed are counted.
refused=0 allowed=0 intact=0
attack() { # COMMAND...
	local name result what
	say "$* | explained"
	while read -r name result; do
		case $name in
		mprotect-code) what="mprotect its own code (to the same protection)" ;;
		mprotect-rodata-rw) what="make its read-only data writable (mprotect)" ;;
		mprotect-libc) what="mprotect a page of libc's code" ;;
		mmap-fixed-rodata) what="map a file page over its read-only data (mmap MAP_FIXED)" ;;
		rodata)
			if [ "$result" = intact ]; then
				intact=$((intact + 1))
				echo "rodata intact: its read-only data still holds the bytes it was built with"
				[ "$allowed" -eq 0 ] ||
					echo "  (each attempt allowed was undone: same protection, same page)"
			else
				echo "rodata $result: its read-only data no longer holds the bytes it was built with"
			fi
			continue ;;
		*) what=$name ;;
		esac
		case $result in
		OK) allowed=$((allowed + 1)); result=allowed ;;
		E*) refused=$((refused + 1)); result="refused by the kernel ($result)" ;;
		esac
		printf '  %-58s %s\n' "$what:" "$result"
	done < <("$@")
}
attack "$SEALRUN" "$B/helpers/selfattack"
sealed_refused=$refused sealed_allowed=$allowed
refused=0 allowed=0
attack "$B/helpers/selfattack"
plain_refused=$refused plain_allowed=$allowed

echo
if [ "$verify_sealed" -eq 0 ] && [ "$verify_plain" -eq 1 ] && [ "$sealed_allowed" -eq 0 ] &&
	[ "$sealed_refused" -gt 0 ] && [ "$plain_refused" -eq 0 ] && [ "$plain_allowed" -gt 0 ] &&
	[ "$intact" -eq 2 ]; then
	echo "What you saw: the same sleep has every loaded object sealed when sealrun starts it and none"
	echo "when started plainly, verify passes the one and fails the other, and the kernel refused"
	echo "with EPERM each of the $sealed_refused attacks on the sealed program's own memory that it allowed"
	echo "the plain one."
else
	echo "What you saw is not what sealing should give (verify exit $verify_sealed and $verify_plain,"
	echo "$sealed_refused refused and $sealed_allowed allowed sealed, $plain_refused and $plain_allowed plain): see above."
	exit 1
fi
