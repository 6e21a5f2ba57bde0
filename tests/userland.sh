#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Usage: tests/userland.sh [ROOT]
#
# The distribution release of the userland under ROOT (default /), as
# the platform matrix names it: "Debian 12 (bookworm)", "Debian 13
# (trixie)", or "Debian (forky)" for a release without a number yet.
# From ROOT's os-release.
root=${1:-/}
f=$root/etc/os-release
[ -r "$f" ] || f=$root/usr/lib/os-release
# shellcheck disable=SC1090 # the userland's own file
[ -r "$f" ] && (. "$f" && echo "${NAME%% *} ${VERSION_ID:+$VERSION_ID }(${VERSION_CODENAME:-unknown})") ||
	echo unknown
