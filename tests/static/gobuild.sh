#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Usage: tests/static/gobuild.sh GOARCH OUT
#
# Build tests/static/selfprotect.go as a static program (CGO_ENABLED=0)
# for GOARCH (amd64, arm64) into OUT, with Debian's golang-go.  The
# build cache is kept in ~/.cache/sealtools-tests/gostatic-GOARCH, so a
# second run costs nothing.  Exit 0 built, 1 the build failed, 2 no go.
set -euo pipefail
goarch=${1:?usage: gobuild.sh GOARCH OUT} out=${2:?usage: gobuild.sh GOARCH OUT}
src=$(cd "$(dirname "$0")" && pwd)/selfprotect.go
command -v go >/dev/null || exit 2
d=${XDG_CACHE_HOME:-$HOME/.cache}/sealtools-tests/gostatic-$goarch
mkdir -p "$d"
if [ ! -x "$d/selfprotect" ] || [ "$d/selfprotect" -ot "$src" ]; then
	cp "$src" "$d/main.go"
	(cd "$d" && CGO_ENABLED=0 GOARCH=$goarch GOCACHE=$d/cache GOPATH=$d/gopath \
		GO111MODULE=off go build -o selfprotect.new main.go) || exit 1
	mv "$d/selfprotect.new" "$d/selfprotect"
fi
cp "$d/selfprotect" "$out"
