#!/bin/sh
# Runs `kpireport validate` on one case file and compares its diagnostics and exit status with
# the expected ones stored beside it: CASE.err in English (LC_ALL=C) and CASE.ja.err in Japanese
# (LANG=ja_JP.UTF-8).  No .err file means: valid, no output; a case with messages needs both.
# usage: run-case.sh KPIREPORT CASE.yaml
set -u
bin=$1 case=$2
dir=$(dirname "$case") name=$(basename "$case" .yaml)
src=$(cd "$(dirname "$0")/../.." && pwd)
cd "$dir" || exit 2
status=0

# compare LABEL EXPECTED-FILE ENV...: runs validate under ENV, compares with EXPECTED-FILE.
compare() {
	label=$1 file=$2
	shift 2
	actual=$(env "$@" "$bin" validate "$name.yaml" 2>&1 >/dev/null)
	rc=$?
	actual=$(printf '%s\n' "$actual" | sed "s|$src|@SRC@|g")
	if [ -f "$file" ]; then expected=$(cat "$file"); else expected=""; fi
	want=0
	[ -s "$name.err" ] && grep -q ': error: ' "$name.err" && want=1
	if [ "$actual" != "$expected" ]; then
		echo "$label diagnostics differ for $case:"
		printf '%s\n' "$expected" >/tmp/kr-expected.$$
		printf '%s\n' "$actual" | diff -u /tmp/kr-expected.$$ - | sed 's|/tmp/kr-expected.[0-9]*|expected|'
		rm -f /tmp/kr-expected.$$
		status=1
	fi
	if [ "$rc" -ne "$want" ]; then
		echo "$label: exit status $rc, expected $want for $case"
		status=1
	fi
}

compare English "$name.err" LC_ALL=C
if [ -f "$name.err" ] && [ ! -f "$name.ja.err" ]; then
	echo "$case has English messages but no $name.ja.err with the Japanese ones"
	status=1
fi
compare Japanese "$name.ja.err" -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=ja_JP.UTF-8
exit $status
