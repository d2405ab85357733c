#!/bin/sh
# Performance regression guard that is not a timed test (CTest: bench.callgrind-guard, label
# valgrind).  Counts the instructions of `kpireport build` of the seed under callgrind, which are
# repeatable where wall times on these machines are not, and fails if they exceed the committed
# baseline by more than 30 %.
#
# usage: bench/callgrind-guard.sh KPIREPORT SEED.yaml BASELINE_FILE
#
# BASELINE_FILE (bench/callgrind-baseline.txt) holds one integer: the Ir total measured on the
# build type the test suite uses (build/, RelWithDebInfo, -O2 -g).  After a deliberate change of
# cost, measure again and commit the new figure: bench/callgrind-guard.sh prints it.
# The environment changes counts slightly, so it is fixed: SOURCE_DATE_EPOCH, LC_ALL, and a
# TMPDIR of the same length on every run.
set -eu
if [ $# -ne 3 ]; then
	echo "usage: $0 KPIREPORT SEED.yaml BASELINE_FILE" >&2
	exit 2
fi
kr=$1 seed=$2 baseline_file=$3
margin=${KR_CALLGRIND_MARGIN:-30}

if ! command -v valgrind >/dev/null 2>&1; then
	echo "callgrind-guard: valgrind is not installed (apt-get install valgrind)" >&2
	exit 1
fi
base=$(tr -d ' \t\r\n' <"$baseline_file")
case $base in
'' | *[!0-9]*)
	echo "callgrind-guard: $baseline_file: expected one integer, got '$base'" >&2
	exit 1
	;;
esac

tmp=$(mktemp -d /tmp/kr-callgrind.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/out"
if ! env SOURCE_DATE_EPOCH=1700000000 TMPDIR="$tmp" LC_ALL=C.UTF-8 \
	valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind.out" \
	"$kr" build -o "$tmp/out" "$seed" >"$tmp/log" 2>&1; then
	cat "$tmp/log" >&2
	echo "callgrind-guard: kpireport build failed under callgrind" >&2
	exit 1
fi
stem=$(basename "$seed" .yaml)
for f in "$tmp/out/$stem.pdf" "$tmp/out/$stem.xlsx"; do
	if [ ! -s "$f" ]; then
		echo "callgrind-guard: $f was not written" >&2
		exit 1
	fi
done
ir=$(sed -n 's/^summary: *//p; s/^totals: *//p' "$tmp/callgrind.out" | head -n 1)
case $ir in
'' | *[!0-9]*)
	echo "callgrind-guard: no instruction total in the callgrind output" >&2
	exit 1
	;;
esac
limit=$((base + base * margin / 100))
pct=$(((ir - base) * 1000 / base))
sign=+
if [ "$pct" -lt 0 ]; then
	sign=- pct=$((-pct))
fi
echo "callgrind-guard: $ir instructions; baseline $base ($sign$((pct / 10)).$((pct % 10)) %), limit $limit (+$margin %)"
if [ "$ir" -gt "$limit" ]; then
	echo "callgrind-guard: FAIL: kpireport build of $stem costs more than $margin % above the baseline." >&2
	echo "  Profile: valgrind --tool=callgrind $kr build -o /tmp $seed; callgrind_annotate --inclusive=yes" >&2
	echo "  If the cost is deliberate, write $ir into $baseline_file." >&2
	exit 1
fi
