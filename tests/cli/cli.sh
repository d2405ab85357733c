#!/bin/sh
# Everyday command-line habits: --help lists every command of the man page, an unknown command
# or option is named in the error (English and Japanese), `build -o DIR` creates DIR, options
# may follow the files, and build names each file it wrote unless -q.
# usage: cli.sh KPIREPORT SOURCE-DIR WORK-DIR
set -u
bin=$1 src=$2 work=$3
seed=$src/input/kodaira-h28-shiryo1.yaml
fail=0
no() { echo "FAIL $*"; fail=1; }
ja() { env -u LC_ALL -u LANGUAGE LANG=ja_JP.UTF-8 "$bin" "$@"; }
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1

# --help names every command of the man page's synopsis, and no other.
help=$(env LC_ALL=C "$bin" --help) || no "--help exits non-zero"
man_cmds=$(sed -n '/^\.SH SYNOPSIS/,/^\.SH/p' "$src/docs/kpireport.1" | sed -n 's/^\.B kpireport \([a-z-]*\)$/\1/p')
help_cmds=$(printf '%s\n' "$help" | sed -n 's/^  kpireport \([a-z][a-z-]*\).*/\1/p' | sort -u)
[ -n "$man_cmds" ] || no "no commands found in the man page's synopsis"
for c in $man_cmds; do
	printf '%s\n' "$help_cmds" | grep -qx -e "$c" || no "--help does not list '$c'"
done
for c in $help_cmds; do
	printf '%s\n' "$man_cmds" | grep -qx -e "$c" || no "--help lists '$c', which the man page does not"
done

# Unknown commands and options are named.
out=$(env LC_ALL=C "$bin" biuld x 2>&1); rc=$?
[ $rc = 2 ] || no "unknown command: exit $rc"
printf '%s\n' "$out" | grep -qx "kpireport: unknown command 'biuld'; did you mean 'build'?" || no "unknown command: $out"
out=$(ja frobnicate 2>&1)
printf '%s\n' "$out" | grep -q "^kpireport: 「frobnicate」というコマンドはありません。コマンドは validate, build" || no "unknown command in Japanese: $out"
out=$(env LC_ALL=C "$bin" build --frob "$seed" 2>&1); rc=$?
[ $rc = 2 ] || no "unknown option: exit $rc"
printf '%s\n' "$out" | grep -qx "kpireport: '--frob' is not an option of kpireport build" || no "unknown option: $out"
out=$(ja validate -x "$seed" 2>&1)
printf '%s\n' "$out" | grep -qx "kpireport: 「-x」は kpireport validate のオプションではありません。" || no "unknown option in Japanese: $out"

# A usage error is its message and a pointer to --help, not the whole usage text after it.
out=$(env LC_ALL=C "$bin" build 2>&1); rc=$?
[ $rc = 2 ] || no "build without FILE: exit $rc"
want="kpireport: build needs at least one FILE
Run 'kpireport --help' for the commands and their options."
[ "$out" = "$want" ] || no "usage error: $out"
out=$(ja build -o 2>&1)
[ "$(printf '%s\n' "$out" | wc -l)" = 2 ] || no "usage error in Japanese, not two lines: $out"
printf '%s\n' "$out" | grep -qx "コマンドとオプションの一覧は kpireport --help で表示できます。" ||
	no "usage error in Japanese: $out"

# --per-department on a handout without departments says why no department workbook came.
out=$(env LC_ALL=C "$bin" build -q --per-department -o nodept "$seed" 2>&1) || no "--per-department on the seed failed: $out"
printf '%s\n' "$out" | grep -q "warning: no project or subproject has a 'department'" ||
	no "--per-department without departments: $out"
[ -s nodept/kodaira-h28-shiryo1.pdf ] && ! ls nodept | grep -q 'shiryo1-' || no "--per-department wrote: $(ls nodept)"

# -o after the file, into folders that do not exist yet; one line per file written.
out=$(env LC_ALL=C "$bin" build "$seed" -o new/sub 2>/dev/null) || no "build -o new/sub failed: $out"
[ -s new/sub/kodaira-h28-shiryo1.pdf ] && [ -s new/sub/kodaira-h28-shiryo1.xlsx ] || no "build -o did not create the folder"
[ ! -e kodaira-h28-shiryo1.pdf ] || no "build -o wrote into the current folder"
# One line per output format, in the order of the renderer table (as --help lists it).
exts=$(env LC_ALL=C.UTF-8 LANGUAGE= "$bin" --help | sed -n '/^output formats/,$p' |
	awk 'NR > 1 && NF { sub(/^STEM/, "", $2); print $2 }')
[ -n "$exts" ] || no "--help lists no output format"
want=$(for e in $exts; do echo "wrote new/sub/kodaira-h28-shiryo1$e"; done)
[ "$out" = "$want" ] || no "build's report: $out"
out=$(ja build -o ja "$seed" 2>/dev/null)
want=$(for e in $exts; do echo "ja/kodaira-h28-shiryo1$e を書き出しました。"; done)
[ "$out" = "$want" ] || no "build's report in Japanese: $out"
out=$(env LC_ALL=C "$bin" build -q --output=quiet "$seed" 2>/dev/null) || no "build -q failed"
[ -z "$out" ] || no "build -q printed: $out"
[ -s quiet/kodaira-h28-shiryo1.pdf ] || no "build --output=quiet wrote nothing"

# A file where the folder should be: an I/O error naming it, nothing written.
touch plain
out=$(env LC_ALL=C "$bin" build -o plain "$seed" 2>&1); rc=$?
[ $rc = 3 ] || no "-o naming a file: exit $rc"
printf '%s\n' "$out" | grep -qx "kpireport: plain: not a folder" || no "-o naming a file: $out"

cd / && rm -rf "$work"
[ $fail = 0 ] && echo "cli ok"
exit $fail
