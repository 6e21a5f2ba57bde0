#!/bin/bash
# make demo: show a real process's sealing on this machine.
#
# 1. what this kernel can do (sealctl status);
# 2. sleep started by sealrun and sleep started plainly, compared object
#    by object (sealctl inspect --summary), and the sealed mappings;
# 3. the policy check (sealctl verify) on both;
# 4. the kernel refusing an mprotect of sealed code (a helper's self-attack).
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
sleep 0.3
say "sleep 60 &   # pid $plain, started plainly"
say "$SEALRUN sleep 60 &   # pid $sealed"
run "$SEALCTL" inspect --summary "$plain"
run "$SEALCTL" inspect --summary "$sealed"
run "$SEALCTL" inspect --sealed -o START,END,PERMS,SIZE,KIND,PATH "$sealed"
run "$SEALCTL" verify "$sealed"; echo "(exit $?)"
run "$SEALCTL" verify "$plain" | head -8; echo "(exit ${PIPESTATUS[0]}; list cut at 8 lines)"

# The kernel's answer to a program that tries to unprotect its own code.
run "$SEALRUN" "$B/helpers/selfattack"
echo "(exit $?)"
run "$B/helpers/selfattack"
echo "(exit $?)"
