#!/bin/sh
# Runs `kpireport validate` on one case file and compares its diagnostics and exit status with
# the expected ones stored beside it (CASE.err; no .err file means: valid, no output).
# usage: run-case.sh KPIREPORT CASE.yaml
set -u
bin=$1 case=$2
dir=$(dirname "$case") name=$(basename "$case" .yaml)
src=$(cd "$(dirname "$0")/../.." && pwd)
cd "$dir" || exit 2
actual=$("$bin" validate "$name.yaml" 2>&1 >/dev/null)
rc=$?
actual=$(printf '%s\n' "$actual" | sed "s|$src|@SRC@|g")
if [ -f "$name.err" ]; then expected=$(cat "$name.err"); else expected=""; fi
want=0
printf '%s\n' "$expected" | grep -q ': error: ' && want=1
if [ "$actual" != "$expected" ]; then
	echo "diagnostics differ for $case:"
	printf '%s\n' "$expected" >/tmp/kr-expected.$$
	printf '%s\n' "$actual" | diff -u /tmp/kr-expected.$$ - | sed 's|/tmp/kr-expected.[0-9]*|expected|'
	rm -f /tmp/kr-expected.$$
	exit 1
fi
if [ "$rc" -ne "$want" ]; then
	echo "exit status $rc, expected $want for $case"
	exit 1
fi
exit 0
