#!/bin/sh
# stability.sh — run the suite N times in a row with every core kept busy
# by stress-ng, and report any case whose verdict changed between runs.
# A manual tool, not part of ctest (bench/README.md).  Run as root.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/suite_common.sh
. "$src/bench/suite_common.sh"

usage() {
	cat <<EOF
usage: bench/stability.sh [options] [PATH...]

Runs \`tcpcert run --no-pcap PATH...\` (default: the cases/ folder) RUNS times
in a row while \`stress-ng --cpu WORKERS\` keeps the cores busy, and prints a
progress line per run.  At the end, prints a table of every case whose
verdict was not the same in all runs (with the first finding of a run that
did not pass) and exits 1 if there is one.  stress-ng is stopped on every
exit path (end, error, Ctrl-C, SIGTERM).  Installs nothing: stress-ng must
be on PATH (Debian: apt-get install stress-ng).

options:
  --runs N          runs (default 20)
  --cpu N           stress-ng CPU workers (default: the number of cores)
  --no-stress       no load: the same campaign on a quiet machine
  -j, --jobs N      passed on to tcpcert run (default: its own default)
  -6                IPv6
  --tcpcert PATH    binary (default: \$TCPCERT, else build/tcpcert)
  --keep DIR        keep every run's output in DIR (otherwise the outputs
                    are kept only when a verdict changed)
  -h, --help        this text

Exit status: 0 every case had one verdict in every run, 1 some verdict
changed, 2 bad usage or stress-ng missing, 3 a run printed no verdicts
(tcpcert could not run), 130/143 interrupted.
EOF
}

tcpcert=$(find_tcpcert "$src")
runs=20
cpu=$(nproc)
stress=1
jobs=""
family=""
keep=""

while [ $# -gt 0 ]; do
	case "$1" in
	--runs) runs=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--no-stress) stress=0; shift ;;
	-j|--jobs) jobs=$2; shift 2 ;;
	-6) family=-6; shift ;;
	--tcpcert) tcpcert=$2; shift 2 ;;
	--keep) keep=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	-*) echo "stability.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- "$src/cases"

for v in "$runs" "$cpu" ${jobs:+"$jobs"}; do
	case "$v" in
	''|*[!0-9]*|0) echo "stability.sh: expected a positive number, found '$v'" >&2; exit 2 ;;
	esac
done
if [ -z "$tcpcert" ] || [ ! -x "$tcpcert" ]; then
	echo "stability.sh: no tcpcert binary: build one or pass --tcpcert PATH" >&2
	exit 2
fi
if [ "$stress" = 1 ] && ! command -v stress-ng >/dev/null 2>&1; then
	echo "stability.sh: stress-ng is not installed (Debian: apt-get install stress-ng), or pass --no-stress" >&2
	exit 2
fi

if [ -n "$keep" ]; then
	mkdir -p "$keep"
	work=$keep
else
	work=$(mktemp -d /tmp/stability.XXXXXX)
fi
stress_pid=""
remove_work=0

# stress-ng runs in a session of its own (setsid execs it, so $! is its
# pid and its process group): Ctrl-C does not reach it, and the whole
# group, workers included, is stopped here.
stop_stress() {
	[ -n "$stress_pid" ] || return 0
	kill -TERM "-$stress_pid" 2>/dev/null || true
	wait "$stress_pid" 2>/dev/null || true
	kill -KILL "-$stress_pid" 2>/dev/null || true
	stress_pid=""
}

# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
	rc=$?
	stop_stress
	if [ "$remove_work" = 1 ]; then
		rm -rf "$work"
	elif [ -z "$keep" ] && [ -d "$work" ]; then
		echo "outputs kept in $work"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [ "$stress" = 1 ]; then
	setsid stress-ng --cpu "$cpu" --quiet >/dev/null 2>&1 &
	stress_pid=$!
	sleep 1
	if ! kill -0 "$stress_pid" 2>/dev/null; then
		stress_pid=""
		echo "stability.sh: stress-ng --cpu $cpu did not start" >&2
		exit 2
	fi
	echo "load: stress-ng --cpu $cpu (pid $stress_pid) on $(nproc) cores"
else
	echo "load: none (--no-stress)"
fi
echo "tcpcert: $tcpcert run --no-pcap ${jobs:+-j $jobs }${family:+$family }$*"

i=1
while [ "$i" -le "$runs" ]; do
	t0=$(now)
	# shellcheck disable=SC2086  # -j N and -6 are separate words or none
	"$tcpcert" run --no-pcap ${jobs:+-j "$jobs"} $family "$@" >"$work/run-$i.out" 2>/dev/null || true
	t1=$(now)
	verdict_lines "$work/run-$i.out" | sort >"$work/run-$i.v"
	if [ ! -s "$work/run-$i.v" ]; then
		echo "stability.sh: run $i printed no verdicts (see $work/run-$i.out)" >&2
		exit 3
	fi
	if [ -n "$stress_pid" ] && ! kill -0 "$stress_pid" 2>/dev/null; then
		echo "stability.sh: stress-ng stopped during run $i" >&2
		stress_pid=""
		exit 3
	fi
	diff=$(join -t "$(printf '\t')" -o 1.2,2.2 "$work/run-1.v" "$work/run-$i.v" |
		awk -F '\t' '$1 != $2' | wc -l)
	printf 'run %d/%d: %s in %s s, load %s; %d verdicts differ from run 1\n' "$i" "$runs" \
		"$(verdict_counts "$work/run-$i.v")" "$(elapsed "$t0" "$t1")" \
		"$(cut -d' ' -f1 /proc/loadavg)" "$diff"
	i=$((i + 1))
done
stop_stress

# Every case's verdict in every run: "path<TAB>run<TAB>verdict".
i=1
while [ "$i" -le "$runs" ]; do
	awk -F '\t' -v run="$i" '{ printf "%s\t%d\t%s\n", $1, run, $2 }' "$work/run-$i.v"
	i=$((i + 1))
done >"$work/all.tsv"

awk -F '\t' -v runs="$runs" -v flips_file="$work/flips.tsv" '
{
	if (!($1 in seen)) { order[++n] = $1; seen[$1] = 1 }
	key = $1 SUBSEP $3
	if (!(key in count)) kinds[$1] = kinds[$1] " " $3
	count[key]++
	present[$1]++
	if ($3 != "PASS" && !((($1) SUBSEP "first") in runof)) runof[$1 SUBSEP "first"] = $2
}
END {
	flips = 0
	for (k = 1; k <= n; k++) {
		p = order[k]
		m = split(kinds[p], v, " ")
		if (m < 2)
			continue
		if (!flips++)
			printf "\ncases whose verdict changed between runs:\n  %-60s %s\n", "case", "verdicts (runs)"
		line = ""
		for (x = 1; x <= m; x++)
			line = line sprintf("%s%s %d", x > 1 ? ", " : "", v[x], count[p SUBSEP v[x]])
		printf "  %-60s %s", p, line
		if (present[p] < runs)
			printf " (in %d of %d runs)", present[p], runs
		printf "; first non-pass: run %d\n", runof[p SUBSEP "first"]
		printf "%s\t%d\n", p, runof[p SUBSEP "first"] >flips_file
	}
	absent = 0
	for (k = 1; k <= n; k++)
		if (present[order[k]] < runs)
			absent++
	if (absent)
		printf "\n%d cases were not in every run (added or removed meanwhile)\n", absent
	if (!flips)
		printf "\nevery case had the same verdict in all %d runs (%d cases)\n", runs, n
	exit flips ? 1 : 0
}' "$work/all.tsv" >"$work/table.txt" && stable=1 || stable=0
cat "$work/table.txt"

if [ "$stable" = 1 ]; then
	[ -n "$keep" ] || remove_work=1
	exit 0
fi
# The first finding of each flipping case in the run where it first did
# not pass: the indented line after its verdict line.
echo
echo "first findings:"
while IFS="$(printf '\t')" read -r path run; do
	awk -v p="$path" -v r="$run" 'found { print "  run " r ": " substr($0, 3); exit }
		substr($0, 15, length(p) + 3) == p "  (" { found = 1 }' "$work/run-$run.out"
done <"$work/flips.tsv"
exit 1
