#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Every man page must be clean under mandoc -T lint and groff -ww.
n=0 rc=0
for m in man/*.[0-9]; do
	[ -e "$m" ] || continue
	n=$((n + 1))
	out=$(mandoc -T lint -W warning "$m" 2>&1; groff -ww -z -man "$m" 2>&1)
	if [ -z "$out" ]; then
		echo "ok $n - $m lint-clean"
	else
		echo "not ok $n - $m"; echo "$out" | sed 's/^/#   /'; rc=1
	fi
done
echo "1..$n"
exit $rc
