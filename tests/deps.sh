#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# Install the Debian packages a make target needs, when any is missing.
# Usage: tests/deps.sh build|test|cross|deb
# Names without a version, which each release resolves to its own: clang
# and libclang-rt-dev are LLVM 14 on Debian 12, LLVM 19 on Debian 13.
# As root: apt-get update, then apt-get install.  Otherwise: print the
# exact command and fail.
# make bench's services (tests/bench/services.sh) load nginx with wrk (the
# same name in Debian 12 and 13), redis with redis-tools' redis-benchmark and
# postgres with its own pgbench.
set -eu

# systemd.pc (make install's unit directory, which install.bats checks)
# is in systemd on Debian 12, in systemd-dev from Debian 13 on.
. /etc/os-release
case ${VERSION_CODENAME:-} in
bookworm) systemd_pc=systemd ;;
*) systemd_pc=systemd-dev ;;
esac
build="gcc make pkg-config libc6-dev libseccomp-dev libsmartcols-dev"
test="$build $systemd_pc bats bats-support bats-assert jq mandoc groff-base procps util-linux gawk
	strace gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user gdb-multiarch
	python3 perl git libcap2-bin binutils tar gzip
	clang libclang-rt-dev valgrind
	shellcheck bash-completion zsh bsdextrautils reuse
	debootstrap libnss-systemd nginx-light prometheus prometheus-node-exporter busybox-static
	libnginx-mod-http-echo redis-server redis-tools bind9 bind9-dnsutils mariadb-server mariadb-client rsyslog bsdutils apache2 libapache2-mod-php postgresql php-fpm
	postgresql-common openssh-server systemd-container
	memcached haproxy unbound dnsmasq-base exim4-daemon-light squid nodejs
	golang-go rustc
	wrk
	qemu-system-x86 qemu-system-arm mmdebstrap cpio"
cross="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user gdb-multiarch
	libseccomp-dev:arm64 libsmartcols-dev:arm64"
# In the Debian 13 root of tests/deb/run.sh: what builds and checks the
# packages (debian/control's Build-Depends come from apt-get build-dep).
# devscripts for hardening-check.
deb="build-essential dpkg-dev debhelper lintian blhc devscripts"

case "${1:-}" in
build) want=$build ;;
test) want="$test libseccomp-dev:arm64 libsmartcols-dev:arm64" ;;
cross) want=$cross ;;
deb) want=$deb ;;
*) echo "usage: $0 build|test|cross|deb" >&2; exit 64 ;;
esac

missing=
for p in $want; do
	# dpkg-query names native packages without the :arch suffix.
	if ! dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

case "$missing" in
*:arm64*)
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		need_arch=1
	fi ;;
esac

if [ "$(id -u)" -ne 0 ]; then
	echo "missing Debian packages:$missing" >&2
	[ -n "${need_arch:-}" ] && echo "run as root: dpkg --add-architecture arm64" >&2
	echo "run as root: apt-get update && apt-get install -y$missing" >&2
	exit 1
fi

echo "installing:$missing" >&2
[ -n "${need_arch:-}" ] && dpkg --add-architecture arm64
export DEBIAN_FRONTEND=noninteractive
# Install daemons (nginx, prometheus, node_exporter, redis, named) without starting
# them: tests start their own.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the package list is intended
apt-get install -y -qq --no-install-recommends $missing >/dev/null
