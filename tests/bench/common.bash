# Shared by the benchmark scripts (sourced; not run by run.sh, which runs
# tests/bench/*.sh).

# Microseconds of wall time for one run of "$@", fork and wait included.
wall_us() {
	local t0=$EPOCHREALTIME
	"$@" >/dev/null
	local t1=$EPOCHREALTIME
	echo $(( ${t1/./} - ${t0/./} ))
}

# The median of the numbers on standard input, one a line.
median() {
	sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
