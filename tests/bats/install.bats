#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# make install / uninstall: the layout, the installed tools run from
# where they were put (sealrun finding its sealer with no environment
# variable), libseal as a library, and uninstall removing exactly what
# install added.  Builds into its own directory so that the PREFIX and
# LIBDIR it tries never touch the tree the other tests use.

load common

setup_file() {
	export ROOT=$PWD IB=$BATS_FILE_TMPDIR/build
	export VERSION
	VERSION=$(cat VERSION)
	# The first install builds; later ones rebuild only what embeds paths.
	make -s -j2 B="$IB" "$IB/sealctl" "$IB/sealrun" "$IB/libsealrun.so" "$IB/libsealexec.so" \
		"$IB/libseal.a" >/dev/null
}

setup() {
	"$SEALTOOLS_BUILD/helpers/sealcall" >/dev/null 2>&1 ||
		skip "mseal not supported by this kernel"
}

teardown() {
	stop_helpers
}

inst() { # make install|uninstall VAR=VALUE...
	make -s -C "$ROOT" B="$IB" "$@" >/dev/null
}

# Every file and symbolic link under $1, relative to it, sorted.
files_under() {
	(cd "$1" && find . -not -type d | sed 's|^\./||' | sort)
}

# What install must put under a prefix: $1 PREFIX, $2 LIBDIR, $3 bash
# completion dir, $4 zsh completion dir, all without the leading "/".
expected_files() {
	local p=$1 l=$2 bc=$3 zc=$4 m
	{
		printf '%s\n' "$p/bin/sealctl" "$p/bin/sealrun" "$p/include/seal.h" \
			"$l/libseal.a" "$l/libseal.so" "$l/libseal.so.0" "$l/libseal.so.$VERSION" \
			"$l/pkgconfig/libseal.pc" "$l/sealtools/libsealexec.so" "$l/sealtools/libsealrun.so" \
			"$bc/sealctl" "$bc/sealrun" \
			"$zc/_sealctl" "$zc/_sealrun" "$zc/_sealtools_policy" \
			"$p/lib/systemd/system/sealtools-metrics.service" \
			"$p/lib/systemd/system/sealtools-metrics.timer"
		# Each man page in the section its suffix names.
		for m in man/*.[0-9]; do
			echo "$p/share/man/man${m##*.}/${m#man/}"
		done
	} | sort
}

# Start "$@" in the background (sleep, through the staged sealrun),
# wait until its loader and the sealer are done.  Sets PID.
start_prog() {
	"$@" 3>&- &
	PID=$!
	HELPER_PIDS+=("$PID")
	wait_blocked "$PID" /usr/bin/sleep
	grep -q 'sealrun' "/proc/$PID/maps" || fail "$* runs without a sealer: $(head -3 "/proc/$PID/maps" 2>&1)"
}

# The staged tools: sealrun seals a real program with a clean
# environment, the staged sealctl agrees, smaps agrees with both.
check_tools_run() { # BINDIR SEALER
	local bin=$1 sealer=$2
	run env -i "$bin/sealrun" --dry-run /usr/bin/sleep 1
	assert_success
	assert_line "sealrun: check: sealer: $sealer"
	start_prog env -i "$bin/sealrun" /usr/bin/sleep 100
	# The sealer named in the plan is the one mapped into the program.
	grep -qF " $sealer" "/proc/$PID/maps"
	run "$bin/sealctl" verify "$PID"
	assert_success
	assert_output --partial 'compliant with policy default'
	# libc's code is sealed, by smaps itself and by sealctl inspect.
	run awk '/^[0-9a-f]+-[0-9a-f]+ r-xp .*libc\.so/ { want = 1; next }
		/^VmFlags:/ && want { print; want = 0 }' "/proc/$PID/smaps"
	assert_output --regexp ' sl( |$)'
	run "$bin/sealctl" inspect -r -n -o SEALED,PATH "$PID"
	assert_success
	assert_line --regexp '^yes .*libc\.so'
	refute_line --regexp '^no .*libc\.so'
	# A program started without sealrun is not compliant.
	stop_helpers || :
	start_loaded /usr/bin/sleep 100
	run "$bin/sealctl" verify -q "$PID"
	assert_failure 1
}

@test "install: PREFIX=/usr with a multiarch LIBDIR, staged in DESTDIR: every file where it belongs, uninstall removes them all" {
	local d=$BATS_TEST_TMPDIR/stage ml=usr/lib/x86_64-linux-gnu
	local bc
	bc=$(pkg-config --variable=completionsdir bash-completion)
	inst install DESTDIR="$d" PREFIX=/usr LIBDIR=/$ml
	run files_under "$d"
	assert_output "$(expected_files usr "$ml" "${bc#/}" usr/share/zsh/vendor-completions)"
	# Modes and links as a package expects them.
	[ "$(stat -c %a "$d/usr/bin/sealrun")" = 755 ]
	[ "$(stat -c %a "$d/$ml/libseal.so.$VERSION")" = 644 ]
	[ "$(readlink "$d/$ml/libseal.so.0")" = "libseal.so.$VERSION" ]
	[ "$(readlink "$d/$ml/libseal.so")" = libseal.so.0 ]
	[ "$(readlink "$d/${bc#/}/sealrun")" = sealctl ]
	cmp lib/seal.h "$d/usr/include/seal.h"
	inst uninstall DESTDIR="$d" PREFIX=/usr LIBDIR=/$ml
	run files_under "$d"
	assert_output ''
	# Only directories remain, and none of ours.
	[ ! -e "$d/$ml/sealtools" ]
}

@test "install: debian/*.install take each file of a Debian layout's install, once (as dh_install and dh_missing will)" {
	[ -d debian ] || skip "no debian/ here (a release tarball leaves it out)"
	local d=$BATS_TEST_TMPDIR/stage ml f i p n=0 owners missing=() twice=()
	ml=usr/lib/$(gcc -print-multiarch)
	inst install DESTDIR="$d" PREFIX=/usr LIBDIR=/$ml
	while read -r f; do
		n=$((n + 1))
		owners=()
		for i in debian/*.install; do
			while read -r p; do
				# A line names a file, or a directory taken whole.
				# shellcheck disable=SC2053 # p is a pattern
				if [[ -n $p && ($f == $p || $f == $p/*) ]]; then
					owners+=("${i#debian/}")
					break
				fi
			done <"$i"
		done
		case ${#owners[@]} in
		0) missing+=("$f") ;;
		1) ;;
		*) twice+=("$f (${owners[*]})") ;;
		esac
	done < <(files_under "$d")
	[ "$n" -ge 15 ] || fail "only $n files installed"
	[ "${#missing[@]}" -eq 0 ] || fail "in no debian/*.install: ${missing[*]}"
	[ "${#twice[@]}" -eq 0 ] || fail "in two: ${twice[*]}"
}

@test "install: the staged sealrun (PREFIX=/usr, multiarch LIBDIR) finds its sealer under DESTDIR and seals; the staged sealctl verifies" {
	local d=$BATS_TEST_TMPDIR/stage ml=usr/lib/x86_64-linux-gnu
	inst install DESTDIR="$d" PREFIX=/usr LIBDIR=/$ml
	check_tools_run "$d/usr/bin" "$d/$ml/sealtools/libsealrun.so"
}

@test "install: PREFIX=/opt/... with LIBDIR=PREFIX/lib64, no DESTDIR: the tools run; a sealrun copied elsewhere finds the sealer in the configured LIBDIR" {
	local p=$BATS_TEST_TMPDIR/opt/sealtools
	inst install PREFIX="$p" LIBDIR="$p/lib64"
	run files_under "$p"
	assert_output "$(expected_files . ./lib64 ./share/bash-completion/completions \
		./share/zsh/site-functions | sed 's|^\./||')"
	check_tools_run "$p/bin" "$p/lib64/sealtools/libsealrun.so"
	# Away from its tree, the absolute LIBDIR compiled in.
	mkdir -p "$BATS_TEST_TMPDIR/elsewhere"
	cp "$p/bin/sealrun" "$BATS_TEST_TMPDIR/elsewhere/"
	run env -i "$BATS_TEST_TMPDIR/elsewhere/sealrun" --dry-run /usr/bin/true
	assert_success
	assert_line "sealrun: check: sealer: $p/lib64/sealtools/libsealrun.so"
	inst uninstall PREFIX="$p" LIBDIR="$p/lib64"
	run files_under "$p"
	assert_output ''
}

@test "install: a sealrun with no sealer in reach refuses with exit 125 and names where it looked" {
	local p=$BATS_TEST_TMPDIR/gone
	inst install PREFIX="$p"
	rm "$p/lib/sealtools/libsealrun.so"
	run env -i "$p/bin/sealrun" /usr/bin/true
	assert_failure 125
	assert_output --partial "cannot find the sealer libsealrun.so (looked in $p/bin/../lib/sealtools/libsealrun.so"
}

@test "install: bash-completion and zsh load the installed completions from where install put them" {
	local d=$BATS_TEST_TMPDIR/stage p=$BATS_TEST_TMPDIR/local
	inst install DESTDIR="$d" PREFIX=/usr
	inst install PREFIX="$p"
	local prefix
	for prefix in "$d/usr" "$p"; do
		# bash-completion's on-demand loader searches XDG_DATA_DIRS.
		run env XDG_DATA_DIRS="$prefix/share" bash -c '
			. /usr/share/bash-completion/bash_completion
			__load_completion sealrun && complete -p sealrun
			__load_completion sealctl && complete -p sealctl'
		assert_success
		assert_line 'complete -F _sealrun sealrun'
		assert_line 'complete -F _sealctl sealctl'
	done
	run zsh -f -c 'fpath=("$1" $fpath); autoload -Uz compinit; compinit -u -D
		print -r -- $_comps[sealctl] $_comps[sealrun]' zsh \
		"$d/usr/share/zsh/vendor-completions"
	assert_output '_sealctl _sealrun'
	run zsh -f -c 'fpath=("$1" $fpath); autoload -Uz compinit; compinit -u -D
		print -r -- $_comps[sealctl] $_comps[sealrun]' zsh \
		"$p/share/zsh/site-functions"
	assert_output '_sealctl _sealrun'
}

@test "libseal.so.0: soname, version nodes, and exactly the functions of seal.h exported" {
	local d=$BATS_TEST_TMPDIR/stage l
	inst install DESTDIR="$d" PREFIX=/usr
	l=$d/usr/lib/libseal.so.$VERSION
	run readelf -d "$l"
	assert_line --regexp 'SONAME.*\[libseal\.so\.0\]'
	# The functions the installed header declares, from its prototypes.
	local want got
	want=$(grep -oE '^[a-z].*[ *](seal_[a-z_]+)\(' "$d/usr/include/seal.h" |
		grep -oE 'seal_[a-z_]+\($' | tr -d '(' | sort)
	[ "$(echo "$want" | wc -l)" -ge 15 ]
	# Each in the version node lib/libseal.map puts it in: "NODE SYMBOL".
	local nodes
	nodes=$(awk '/^LIBSEAL_[0-9.]+ \{/ { node = $1 }
		node && /^\tseal_[a-z_]+;$/ { sub(/^\t/, ""); sub(/;$/, ""); print node, $0 }
		/^\}/ { node = "" }' lib/libseal.map | sort)
	got=$(nm -D --defined-only "$l" | awk '$2 == "T" { split($3, v, "@@"); print v[2], v[1] }' |
		sort)
	[ "$got" = "$nodes" ] || fail "exported: $got; in the map: $nodes"
	[ "$(awk '{ print $2 }' <<<"$got" | sort)" = "$want" ] ||
		fail "exported: $got; declared: $want"
	# The 0.1 functions keep their node; 0.2's inherits it.
	[ "$(grep -c '^LIBSEAL_0 ' <<<"$got")" -eq 13 ]
	[ "$(grep -c '^LIBSEAL_0.2 ' <<<"$got")" -eq 9 ]
	[ "$(grep -c '^LIBSEAL_0.3 ' <<<"$got")" -eq 1 ]
	run readelf -V "$l"
	assert_output --regexp 'Name: LIBSEAL_0\.2.*'$'\n''.*Parent 1: LIBSEAL_0'
	assert_output --regexp 'Name: LIBSEAL_0\.3.*'$'\n''.*Parent 1: LIBSEAL_0\.2'
	# Nothing else at all: no data, no internal helpers.
	run nm -D --defined-only "$l"
	refute_line --regexp ' [BDRVW] '
	refute_output --partial seal_policy
	refute_output --partial seal_elf
}

# The first program of libseal(3)'s EXAMPLES section that holds WORD
# (default: main), as C.
man_example() { # PAGE [WORD]
	awk -v word="${2:-int main}" '/^\.SH /{ ex = ($2 == "EXAMPLES") }
	     ex && /^\.EE/ { inb = 0; if (blk ~ /int main/ && index(blk, word)) { printf "%s", blk; exit } }
	     ex && inb { blk = blk $0 "\n" }
	     ex && /^\.EX/ { inb = 1; blk = "" }' "$1" | sed -e 's/\\e/\\/g' -e 's/\\-/-/g'
}

@test "libseal(3): the installed man page's example builds through pkg-config against the installed library, and counts what smaps shows" {
	local d=$BATS_TEST_TMPDIR/stage l=usr/lib/x86_64-linux-gnu t=$BATS_TEST_TMPDIR
	inst install DESTDIR="$d" PREFIX=/usr LIBDIR=/$l
	man_example "$d/usr/share/man/man3/libseal.3" >"$t/sealcount.c"
	grep -q 'seal_smaps_next' "$t/sealcount.c"
	export PKG_CONFIG_PATH=$d/$l/pkgconfig PKG_CONFIG_SYSROOT_DIR=$d
	run pkg-config --modversion libseal
	assert_output "$VERSION"
	# The file names the real place; the sysroot only redirects the flags.
	run env -u PKG_CONFIG_SYSROOT_DIR pkg-config --variable=libdir libseal
	assert_output "/$l"
	# shellcheck disable=SC2046 # pkg-config's flags are words
	gcc -std=c99 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -o "$t/sealcount" "$t/sealcount.c" \
		$(pkg-config --cflags --libs libseal)
	run readelf -d "$t/sealcount"
	assert_line --regexp 'NEEDED.*\[libseal\.so\.0\]'
	export LD_LIBRARY_PATH=$d/$l
	run "$t/sealcount"
	assert_success
	assert_line 'mprotect on the sealed page: Operation not permitted'
	assert_line --regexp '^self: [1-9][0-9]* of [1-9][0-9]* mappings sealed$'
	# Against a sealed process: the same counts as smaps.
	start_prog env -i "$d/usr/bin/sealrun" /usr/bin/sleep 100
	local sealed total
	sealed=$(grep -cE '^VmFlags:.* sl( |$)' "/proc/$PID/smaps")
	total=$(grep -c '^VmFlags:' "/proc/$PID/smaps")
	[ "$sealed" -gt 0 ]
	run "$t/sealcount" "$PID"
	assert_success
	assert_line "$PID: $sealed of $total mappings sealed"
	# And the static archive, through the same header.
	gcc -std=c99 -D_DEFAULT_SOURCE -o "$t/sealcount-static" "$t/sealcount.c" \
		-I"$d/usr/include" "$d/$l/libseal.a"
	run readelf -d "$t/sealcount-static"
	refute_output --partial libseal
	run env -u LD_LIBRARY_PATH "$t/sealcount-static" "$PID"
	assert_line "$PID: $sealed of $total mappings sealed"
}

@test "libseal(3): the loaded-objects example builds against the installed library and agrees with the maps" {
	local d=$BATS_TEST_TMPDIR/stage l=usr/lib/x86_64-linux-gnu t=$BATS_TEST_TMPDIR
	inst install DESTDIR="$d" PREFIX=/usr LIBDIR=/$l
	man_example "$d/usr/share/man/man3/libseal.3" seal_objects_read >"$t/lsobjects.c"
	grep -q 'seal_objects_free' "$t/lsobjects.c"
	gcc -std=c99 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -o "$t/lsobjects" "$t/lsobjects.c" \
		-I"$d/usr/include" -L"$d/$l" -lseal
	export LD_LIBRARY_PATH=$d/$l
	run -0 "$t/lsobjects"
	assert_line --regexp '^0 +0x[0-9a-f]+ start-up \(main program\)$'
	assert_line --regexp "^0 +0x[0-9a-f]+ start-up .*/libseal\\.so\\.0$"
	# Another process: every file its maps show as code is listed (by
	# base name: the loader's path may go through a link, /lib for
	# /usr/lib).
	start_prog env -i "$d/usr/bin/sealrun" /usr/bin/sleep 100
	run -0 "$t/lsobjects" "$PID"
	local f base n=0
	for f in $(awk '$2 ~ /x/ && $6 ~ /^\// { print $6 }' "/proc/$PID/maps" | sort -u); do
		[ "$f" = /usr/bin/sleep ] && continue
		base=${f##*/}
		# Namespace 0, or the sealer's own audit namespace.
		assert_line --regexp "^[0-9]+ +0x[0-9a-f]+ start-up (.*/)?${base//./\\.}\$"
		n=$((n + 1))
	done
	[ "$n" -ge 3 ]	# libc, ld.so, the sealer
}

@test "libseal(3): the second example (a frozen configuration, then seal_self) builds against the installed library and the kernel refuses both changes" {
	local d=$BATS_TEST_TMPDIR/stage l=usr/lib/x86_64-linux-gnu t=$BATS_TEST_TMPDIR
	inst install DESTDIR="$d" PREFIX=/usr LIBDIR=/$l
	man_example "$d/usr/share/man/man3/libseal.3" seal_self >"$t/frozen.c"
	grep -q 'seal_self' "$t/frozen.c"
	export PKG_CONFIG_PATH=$d/$l/pkgconfig PKG_CONFIG_SYSROOT_DIR=$d
	# shellcheck disable=SC2046 # pkg-config's flags are words
	gcc -std=c99 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -o "$t/frozen" "$t/frozen.c" \
		$(pkg-config --cflags --libs libseal)
	# It binds to the 0.2 version node.
	run nm -D "$t/frozen"
	assert_line --regexp ' U seal_self@LIBSEAL_0\.2$'
	run env LD_LIBRARY_PATH="$d/$l" "$t/frozen"
	assert_success
	assert_output "$(printf '%s\n' 'mprotect on the configuration: Operation not permitted' \
		'mprotect on the code of main: Operation not permitted' 'retries=3')"
}
