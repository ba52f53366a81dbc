# shellcheck shell=sh
# suite_common.sh — shell functions shared by bench/suite_wall.sh and
# bench/stability.sh (sourced, not run).  POSIX sh plus awk.

# now: seconds since the epoch with nanoseconds (GNU date).
now() {
	date +%s.%N
}

# elapsed START END: END - START in seconds, two decimals.
elapsed() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'
}

# verdict_lines FILE: the case lines of `tcpcert run`'s text output
# ("VERDICT<13 wide> PATH  (S.SS s)") as "PATH<TAB>VERDICT<TAB>SECONDS",
# VERDICT with its space replaced by "_" (BAD_INPUT, HARNESS_FAULT).
verdict_lines() {
	awk '
	{
		v = substr($0, 1, 13); sub(/ +$/, "", v)
		if (v != "PASS" && v != "FAIL" && v != "BAD INPUT" && v != "HARNESS FAULT" &&
		    v != "DEVIATION")
			next
		rest = substr($0, 15)
		k = index(rest, "  (")
		if (k == 0 || rest !~ / s\)$/)
			next
		path = substr(rest, 1, k - 1)
		secs = substr(rest, k + 3); sub(/ s\)$/, "", secs)
		gsub(/ /, "_", v)
		printf "%s\t%s\t%s\n", path, v, secs
	}' "$1"
}

# verdict_counts FILE: "P pass, D known deviation, F fail, B bad input,
# H harness fault" from a verdict_lines file.
verdict_counts() {
	awk -F '\t' '
	{ n[$2]++ }
	END {
		printf "%d pass, %d known deviation, %d fail, %d bad input, %d harness fault",
		       n["PASS"], n["DEVIATION"], n["FAIL"], n["BAD_INPUT"], n["HARNESS_FAULT"]
	}' "$1"
}

# find_tcpcert SOURCE_DIR: the tcpcert binary to use: $TCPCERT if set,
# else the first of build/tcpcert, build-release/tcpcert that exists.
find_tcpcert() {
	if [ -n "${TCPCERT:-}" ]; then
		echo "$TCPCERT"
		return
	fi
	for b in "$1/build/tcpcert" "$1/build-release/tcpcert"; do
		if [ -x "$b" ]; then
			echo "$b"
			return
		fi
	done
	echo ""
}
