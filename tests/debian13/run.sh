#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# make check-debian13: Debian 13's own daemons, sealed.  This tree is
# built in the Debian 13 root (tests/roots/mkroot.sh trixie, glibc 2.41,
# where dlopen announces new objects after relocation) with the daemons
# of the services suite installed there, and services.bats, nginx.bats
# and verify.bats run against them: on Debian 13 every service must be
# green under plain sealrun, with no remedy.  Speaks TAP.  Needs root
# and Debian's mirror (the root is kept in build/roots/trixie).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/roots/inroot.bash

# What services.bats, nginx.bats and verify.bats start (Debian 13's
# names; tests/deps.sh lists the same for this machine's release).
root_setup trixie nginx-light libnginx-mod-http-echo redis-server redis-tools bind9 \
	bind9-dnsutils mariadb-server mariadb-client rsyslog bsdutils apache2 libapache2-mod-php \
	postgresql php-fpm memcached haproxy unbound dnsmasq-base exim4-daemon-light squid nodejs \
	jq strace
root_build
echo "# Debian 13: $ROOT_GLIBC in $ROOT"
root_bats tests/bats/services.bats tests/bats/nginx.bats tests/bats/verify.bats
# services.bats again for the other columns of the compatibility table.
for mode in strict deny-wx; do
	ROOT_BATS_ENV="SEALTOOLS_SERVICES_MODE=$mode" ROOT_BATS_TAG="($mode)" root_bats tests/bats/services.bats
done
# services.bats's rows for make compat, beside this machine's.
if [ -s "$ROOT/src/build/compat/trixie.tsv" ]; then
	mkdir -p build/compat
	cp "$ROOT/src/build/compat/trixie.tsv" build/compat/trixie.tsv
fi
root_end
