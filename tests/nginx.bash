# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# The nginx configuration the tests and the benchmark start nginx with:
# sourced by tests/bench/services.sh, loaded by the bats files that run
# nginx (nginx.bats, sealcmd.bats, services.bats, units.bats).

# An nginx.conf on standard output: workers as www-data, everything
# nginx writes under DIR (pid file, error log, the temporary directories
# of every module that has one: nginx would otherwise use its compiled-in
# /var/lib/nginx), no access log.  The lines of the http context that
# say what is served (a server block) come on standard input.
#   --workers N       worker_processes (1)
#   --connections N   worker_connections (64)
#   --daemon          no "daemon off": nginx forks, as a unit of
#                     Type=forking (Debian's nginx.service) expects
#   --module PATH     load_module PATH (relative: to nginx's -p prefix)
nginx_conf() { # [OPTIONS] DIR <HTTP-LINES
	local workers=1 connections=64 daemon='' module=''
	while :; do
		case ${1-} in
		--workers) workers=$2 && shift 2 ;;
		--connections) connections=$2 && shift 2 ;;
		--daemon) daemon=1 && shift ;;
		--module) module=$2 && shift 2 ;;
		*) break ;;
		esac
	done
	[ $# -eq 1 ] || { echo "usage: nginx_conf [OPTIONS] DIR <HTTP-LINES" >&2; return 64; }
	local d=$1
	echo 'user www-data;'
	echo "worker_processes $workers;"
	[ -n "$daemon" ] || echo 'daemon off;'
	echo "pid $d/nginx.pid;"
	echo "error_log $d/error.log;"
	[ -z "$module" ] || echo "load_module $module;"
	echo "events { worker_connections $connections; }"
	echo 'http {'
	echo 'access_log off;'
	echo "client_body_temp_path $d/body;"
	echo "proxy_temp_path $d/proxy;"
	echo "fastcgi_temp_path $d/fastcgi;"
	echo "uwsgi_temp_path $d/uwsgi;"
	echo "scgi_temp_path $d/scgi;"
	cat
	echo '}'
}
