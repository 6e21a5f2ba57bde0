#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Usage: tests/publish.sh DIR
#
# Print a directory with DIR's files that the user nobody can reach: DIR
# itself when it can, else a copy in a new world-readable temporary
# directory, which the caller removes.  Some tests run the tools as
# nobody; in a checkout under a private directory (a home, mktemp -d)
# they would fail, or pass, for the wrong reason.
set -eu
dir=$1
if setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$dir/sealctl" 2>/dev/null; then
	echo "$dir"
	exit 0
fi
copy=$(mktemp -d /tmp/sealtools-build.XXXXXX)
chmod 755 "$copy"
cp -aL "$dir/." "$copy/"
chmod -R a+rX "$copy"
echo "$copy"
