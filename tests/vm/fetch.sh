#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Usage: tests/vm/fetch.sh CACHE SUITE ARCH PACKAGE
#
# Download the newest PACKAGE (a name apt resolves, such as
# linux-image-amd64) of Debian SUITE for ARCH into CACHE/debs/, through a
# private apt state in CACHE/apt/SUITE-ARCH (the host's apt set-up is not
# touched), and print the .deb's path.  A .deb already in the cache is
# reused without asking the network: delete CACHE to refresh.
set -euo pipefail
cache=$1 suite=$2 arch=$3 pkg=$4
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$cache/debs"
stamp="$cache/debs/$suite-$arch-$pkg.name"
if [ -s "$stamp" ] && [ -s "$cache/debs/$(cat "$stamp")" ]; then
	echo "$cache/debs/$(cat "$stamp")"
	exit 0
fi
a="$cache/apt/$suite-$arch"
mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/parts"
echo "deb [arch=$arch] $mirror $suite main" >"$a/sources.list"
: >"$a/status"
opts=(-o "Dir::Etc::SourceList=$PWD/$a/sources.list" -o "Dir::Etc::SourceParts=$PWD/$a/parts" -o APT::Sandbox::User=root
	-o "Dir::State::Lists=$PWD/$a/lists" -o "Dir::State::Status=$PWD/$a/status"
	-o "Dir::Cache=$PWD/$a/cache" -o "APT::Architecture=$arch" -o "APT::Architectures=$arch"
	-o Acquire::Check-Valid-Until=false -o Acquire::Languages=none
	-o "Dir::Etc::Preferences=$PWD/$a/prefs" -o "Dir::Etc::PreferencesParts=$PWD/$a/parts")
echo "# fetching the package lists of Debian $suite ($arch) from $mirror" >&2
apt-get -qq "${opts[@]}" update >&2
# A metapackage (linux-image-amd64) names the real one in its Depends.
real=$(apt-cache "${opts[@]}" depends "$pkg" 2>/dev/null |
	awk '/^  Depends: linux-image-[0-9]/ { print $2; exit }')
real=${real:-$pkg}
echo "# fetching $real ($suite, $arch)" >&2
(cd "$cache/debs" && apt-get -qq "${opts[@]}" download "$real:$arch" >&2)
debs=("$cache/debs/${real}_"*"_$arch.deb")
[ -s "${debs[0]}" ] || { echo "tests/vm/fetch.sh: no $real .deb was downloaded" >&2; exit 1; }
basename "${debs[-1]}" >"$stamp"
echo "${debs[-1]}"
