#!/bin/bash
# make demo: show a real process's sealing on this machine.
#
# 1. what this kernel can do (sealctl status);
# 2. a process started by sealrun, and the same program started plainly,
#    compared object by object (sealctl inspect --summary);
# 3. the policy check (sealctl verify) on both.
set -u
cd "$(dirname "$0")/.." || exit 1
B=${B:-build/$(uname -m)}
SEALCTL=$B/sealctl SEALRUN=$B/sealrun

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; "$@"; }

pids=()
trap 'kill "${pids[@]}" 2>/dev/null' EXIT

run "$SEALCTL" status

if [ -x "$SEALRUN" ]; then
	sleep 60 & plain=$!
	"$SEALRUN" sleep 60 & sealed=$!
	pids=("$plain" "$sealed")
	sleep 0.3
	say "sleep 60 &   # pid $plain, started plainly"
	say "$SEALRUN sleep 60 &   # pid $sealed, started by sealrun"
	run "$SEALCTL" inspect --summary "$plain"
	run "$SEALCTL" inspect --summary "$sealed"
	run "$SEALCTL" inspect --sealed -o START,END,PERMS,SIZE,KIND,PATH "$sealed"
	if "$SEALCTL" verify --help >/dev/null 2>&1; then
		run "$SEALCTL" verify "$sealed"; echo "(exit $?)"
		run "$SEALCTL" verify "$plain"; echo "(exit $?)"
	fi
else
	# Without sealrun: a helper that seals a quarter of its own pages.
	coproc HELPER { exec "$B/helpers/manyvmas" 16; }
	read -r _ pid <&"${HELPER[0]}"
	pids=("$pid")
	run "$SEALCTL" inspect "$pid"
	run "$SEALCTL" inspect --summary "$pid"
fi
