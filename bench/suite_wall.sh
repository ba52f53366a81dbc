#!/bin/sh
# suite_wall.sh — wall time of the whole suite against its longest case,
# and of the packetdrill sample one at a time and in parallel.  Prints
# figures; not a test (bench/README.md).  Run as root from anywhere.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/suite_common.sh
. "$src/bench/suite_common.sh"

usage() {
	cat <<EOF
usage: bench/suite_wall.sh [options]

Times \`tcpcert run\` (text output, --no-pcap) as whole commands:
  suite:  CASES at each -j of --jobs, then the --longest slowest cases of
          the first of those runs, each alone (-j 1); prints each run's wall
          time over the longest single case's, and verdicts that changed
          from the first run.
  sample: the packetdrill sample's MANIFEST.tsv scripts, --no-model, at each
          -j of --sample-jobs; prints agreement with packetdrill's own
          verdicts (column packetdrill_ipv4) and verdicts that changed from
          the first run.

options:
  --tcpcert PATH       binary (default: \$TCPCERT, else build/tcpcert)
  --cases DIR          suite folder (default: cases/ of this tree)
  --jobs "LIST"        suite -j values; "default" runs without -j
                       (default: "default 2 4 8 16 32")
  --longest K          slowest cases timed alone (default 3)
  --sample DIR         packetdrill sample (default: ../shared/packetdrill-sample)
  --sample-jobs "LIST" sample -j values (default: "1 2 4 8 16")
  --no-suite, --no-sample   skip that part
  -6                   IPv6 (passed on to tcpcert run)
  --keep DIR           keep every run's output in DIR
  -h, --help           this text

Exit status: 0 figures printed, 2 bad usage or missing inputs, 3 a run
produced no verdicts (tcpcert could not run).
EOF
}

tcpcert=$(find_tcpcert "$src")
cases_dir="$src/cases"
jobs_list="default 2 4 8 16 32"
longest=3
sample_dir="$src/../shared/packetdrill-sample"
sample_jobs="1 2 4 8 16"
do_suite=1
do_sample=1
family=""
keep=""

while [ $# -gt 0 ]; do
	case "$1" in
	--tcpcert) tcpcert=$2; shift 2 ;;
	--cases) cases_dir=$2; shift 2 ;;
	--jobs) jobs_list=$2; shift 2 ;;
	--longest) longest=$2; shift 2 ;;
	--sample) sample_dir=$2; shift 2 ;;
	--sample-jobs) sample_jobs=$2; shift 2 ;;
	--no-suite) do_suite=0; shift ;;
	--no-sample) do_sample=0; shift ;;
	-6) family=-6; shift ;;
	--keep) keep=$2; shift 2 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "suite_wall.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
	esac
done

if [ -z "$tcpcert" ] || [ ! -x "$tcpcert" ]; then
	echo "suite_wall.sh: no tcpcert binary: build one or pass --tcpcert PATH" >&2
	exit 2
fi
case "$longest" in
''|*[!0-9]*) echo "suite_wall.sh: --longest: expected a number, found '$longest'" >&2; exit 2 ;;
esac

if [ -n "$keep" ]; then
	mkdir -p "$keep"
	work=$keep
else
	work=$(mktemp -d /tmp/suite_wall.XXXXXX)
	trap 'rm -rf "$work"' EXIT
	trap 'exit 130' INT TERM
fi

# run_timed NAME JOBS [--no-model] PATH...: run tcpcert, leave NAME.out
# (stdout), NAME.v (verdict_lines) and NAME.wall (seconds); JOBS
# "default" = no -j.
run_timed() {
	name=$1 j=$2
	shift 2
	set -- run --no-pcap ${family:+"$family"} "$@"
	if [ "$j" != default ]; then
		set -- "$@" -j "$j"
	fi
	t0=$(now)
	"$tcpcert" "$@" >"$work/$name.out" 2>/dev/null || true
	t1=$(now)
	elapsed "$t0" "$t1" >"$work/$name.wall"
	verdict_lines "$work/$name.out" | sort >"$work/$name.v"
	if [ ! -s "$work/$name.v" ]; then
		echo "suite_wall.sh: $tcpcert $* printed no verdicts (see $work/$name.out)" >&2
		exit 3
	fi
}

# changed A.v B.v: paths whose verdict differs, "path: A -> B" lines.
changed() {
	join -t "$(printf '\t')" -j 1 -o 1.1,1.2,2.2 "$1" "$2" |
		awk -F '\t' '$2 != $3 { printf "%s: %s -> %s\n", $1, $2, $3 }'
}

echo "tcpcert: $tcpcert"
echo "machine: $(nproc) cores, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo

if [ "$do_suite" = 1 ]; then
	ncases=$(find "$cases_dir" -name '*.pkt' | wc -l)
	echo "== suite: tcpcert run $cases_dir ($ncases cases) ${family:-IPv4}"
	first=""
	for j in $jobs_list; do
		run_timed "suite-j$j" "$j" "$cases_dir"
		[ -n "$first" ] || first="suite-j$j"
		printf '  ran -j %-8s %7.2f s\n' "$j" "$(cat "$work/suite-j$j.wall")"
	done

	echo "  the $longest slowest cases of the -j ${first#suite-j} run, each alone (-j 1):"
	alone_max=0 alone_case=""
	for c in $(sort -t "$(printf '\t')" -k3,3 -rn "$work/$first.v" | head -n "$longest" | cut -f1); do
		run_timed alone 1 "$c"
		w=$(cat "$work/alone.wall")
		printf '    %6.2f s alone (%s s in the suite)  %s\n' "$w" \
			"$(awk -F '\t' -v c="$c" '$1 == c { print $3 }' "$work/$first.v")" "$c"
		if awk -v a="$w" -v b="$alone_max" 'BEGIN { exit !(a > b) }'; then
			alone_max=$w alone_case=$c
		fi
	done
	echo "  longest single case: $alone_max s ($alone_case)"
	echo
	printf '  %-8s %8s %7s %9s %9s  %-46s %s\n' -j "wall s" ratio "sum s" "max s" verdicts \
		"changed vs first"
	for j in $jobs_list; do
		r="suite-j$j"
		printf '  %-8s %8.2f %7.2f %9.2f %9.2f  %-46s %d\n' "$j" "$(cat "$work/$r.wall")" \
			"$(awk -v a="$(cat "$work/$r.wall")" -v b="$alone_max" 'BEGIN { print a / b }')" \
			"$(awk -F '\t' '{ s += $3 } END { print s }' "$work/$r.v")" \
			"$(awk -F '\t' '$3 > m { m = $3 } END { print m + 0 }' "$work/$r.v")" \
			"$(verdict_counts "$work/$r.v")" "$(changed "$work/$first.v" "$work/$r.v" | wc -l)"
	done
	echo "  (ratio: wall / longest single case alone; sum, max: the cases' own durations in that run)"
	for j in $jobs_list; do
		changed "$work/$first.v" "$work/suite-j$j.v" | sed "s/^/  -j $j: /"
	done
	echo
fi

if [ "$do_sample" = 1 ]; then
	manifest="$sample_dir/MANIFEST.tsv"
	if [ ! -r "$manifest" ] || ! sample_dir=$(cd "$sample_dir" && pwd); then
		echo "suite_wall.sh: no $manifest (pass --sample DIR or --no-sample)" >&2
		exit 2
	fi
	manifest="$sample_dir/MANIFEST.tsv"
	# path<TAB>PASS|FAIL, packetdrill's own verdict over IPv4.
	awk -F '\t' -v d="$sample_dir" 'NR > 1 && NF >= 2 {
		printf "%s/%s\t%s\n", d, $1, ($2 == "PASS" ? "PASS" : "FAIL") }' "$manifest" |
		sort >"$work/manifest.v"
	nscripts=$(wc -l <"$work/manifest.v")
	echo "== packetdrill sample: $nscripts scripts of $manifest, --no-model ${family:-IPv4}"
	printf '  %-4s %8s %9s %-22s %-46s %s\n' -j "wall s" "vs first" "agree w/ packetdrill" \
		verdicts "changed vs first"
	first="" first_wall=""
	for j in $sample_jobs; do
		# shellcheck disable=SC2046  # one argument per script path
		run_timed "sample-j$j" "$j" --no-model $(cut -f1 "$work/manifest.v")
		w=$(cat "$work/sample-j$j.wall")
		[ -n "$first" ] || { first="sample-j$j"; first_wall=$w; }
		agree=$(join -t "$(printf '\t')" -j 1 -o 1.2,2.2 "$work/manifest.v" "$work/sample-j$j.v" |
			awk -F '\t' '{ n++; if (($2 == "PASS") == ($1 == "PASS")) a++ }
			END { printf "%d/%d (%.1f%%)", a, n, n ? 100 * a / n : 0 }')
		printf '  %-4s %8.2f %8.2fx %-22s %-46s %d\n' "$j" "$w" \
			"$(awk -v a="$w" -v b="$first_wall" 'BEGIN { print a / b }')" "$agree" \
			"$(verdict_counts "$work/sample-j$j.v")" \
			"$(changed "$work/$first.v" "$work/sample-j$j.v" | wc -l)"
	done
	for j in $sample_jobs; do
		changed "$work/$first.v" "$work/sample-j$j.v" |
			sed -e "s|^$sample_dir/||" -e "s/^/  -j $j: /"
	done
fi
[ -z "$keep" ] || echo "outputs kept in $keep"
