# SPDX-License-Identifier: GPL-2.0-or-later
# SPDX-FileCopyrightText: 2026 The sealtools authors
# shellcheck shell=bash
# promtool's test of contrib/sealtools-alerts.yml on series sealctl metrics
# wrote (metrics.bats on this host, systemd.bats under a real systemd).

# Print a promtool rule test: the series of HEALTHY (a sealctl metrics
# output) scraped from instance h1 for 100 minutes, then those of BROKEN
# for 30, node_exporter's textfile series as it serves them (the file
# rewritten every minute); only SERVICE's series and the host-wide ones
# (other checkouts' tests run sealed processes of their own meanwhile).
# Expected: no alert at 90 minutes; at 120 only ServiceStoppedComplying,
# for SERVICE, with BROKEN's count of noncompliant processes.
alert_test() { # RULES HEALTHY BROKEN SERVICE
	local rules=$1 healthy=$2 broken=$3 unit=$4 n a
	n=$(K="sealtools_processes{service=\"$unit\",state=\"noncompliant\"}" \
		awk 'index($0, ENVIRON["K"] " ") == 1 { print $2 }' "$broken")
	echo "rule_files: [$rules]"
	echo 'evaluation_interval: 1m'
	echo 'tests:'
	echo '  - interval: 1m'
	echo '    input_series:'
	python3 - "$unit" "$healthy" "$broken" <<-'EOF'
	import sys
	runs = []
	for path in sys.argv[2:]:
	    series = {}
	    for line in open(path, encoding="utf-8"):
	        if line.startswith("#") or not line.strip():
	            continue
	        if 'service="' in line and 'service="%s"' % sys.argv[1] not in line:
	            continue
	        key, value = line.rsplit(" ", 1)
	        if "{" in key:
	            name, labels = key.split("{", 1)
	            key = name + '{instance="h1",' + labels
	        else:
	            key += '{instance="h1"}'
	        series[key] = value.strip()
	    runs.append(series)
	for key in sorted(set(runs[0]) | set(runs[1])):
	    a, b = (r.get(key, "_") for r in runs)
	    print("      - series: '%s'\n        values: '%sx100 %sx30'" % (key.replace("'", "''"), a, b))
	print("      - series: 'node_textfile_mtime_seconds{instance=\"h1\",file=\"/var/lib/prometheus/node-exporter/sealtools.prom\"}'")
	print("        values: '0+60x130'")
	print("      - series: 'node_textfile_scrape_error{instance=\"h1\"}'")
	print("        values: '0x130'")
	EOF
	echo '    alert_rule_test:'
	for a in ServiceStoppedComplying SealedServiceUnreadable SealingUnavailable \
		SealingMetricsStale SealingMetricsUnreadable; do
		printf '      - eval_time: 90m\n        alertname: %s\n        exp_alerts: []\n' "$a"
		[ "$a" = ServiceStoppedComplying ] ||
			printf '      - eval_time: 120m\n        alertname: %s\n        exp_alerts: []\n' "$a"
	done
	cat <<-EOF
	      - eval_time: 120m
	        alertname: ServiceStoppedComplying
	        exp_alerts:
	          - exp_labels: {instance: h1, service: $unit, state: noncompliant, severity: critical}
	            exp_annotations:
	              summary: "$unit on h1 is no longer sealed"
	              description: "$n process(es) of $unit do not comply with the sealing policy: run sealctl verify --unit $unit there."
	EOF
}
