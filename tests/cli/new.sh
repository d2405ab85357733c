#!/bin/sh
# kpireport new: for every template, the skeleton validates without a message (in English and
# in Japanese) and builds into a PDF whose text (pdftotext) holds the project, the subproject and
# the KPI; an existing file is never overwritten; the name must end in .yaml; an unknown template
# is an error naming it.  usage: new.sh KPIREPORT SOURCE-DIR WORK-DIR
set -u
bin=$1 src=$2 work=$3
fail=0
no() { echo "FAIL $*"; fail=1; }
ja() { env -u LC_ALL -u LANGUAGE LANG=ja_JP.UTF-8 "$bin" "$@"; }
rm -rf "$work"
mkdir -p "$work"
cd "$work" || exit 1

for t in $(cd "$src/templates" && ls *.yaml | sed 's/\.yaml$//'); do
	out=$(env LC_ALL=C "$bin" new --template "$t" "$t.yaml" 2>/dev/null) || no "new --template $t: $out"
	[ "$out" = "wrote $t.yaml" ] || no "new --template $t said: $out"
	grep -q "^template: $t " "$t.yaml" || no "$t.yaml does not name its template"
	out=$(env LC_ALL=C "$bin" validate "$t.yaml" 2>&1 | grep ': \(error\|warning\): ')
	[ -z "$out" ] || no "validate of the $t skeleton said: $out"
	out=$(ja validate "$t.yaml" 2>&1 | grep ': \(エラー\|警告\): ')
	[ -z "$out" ] || no "validate of the $t skeleton said in Japanese: $out"
	env LC_ALL=C "$bin" validate "$t.yaml" 2>/dev/null || no "the $t skeleton is invalid"
	env LC_ALL=C "$bin" build -q -o "out-$t" "$t.yaml" || no "the $t skeleton does not build"
	text=$(pdftotext -raw "out-$t/$t.pdf" - 2>/dev/null)
	for want in 移住定住促進事業 移住相談会の開催 市に移住した世帯数; do
		printf '%s\n' "$text" | grep -q "$want" || no "the $t skeleton's PDF lacks $want"
	done
done

# Never over an existing file: the file stays as it was.
echo "version: 1" > mine.yaml
cp mine.yaml mine.copy
out=$(env LC_ALL=C "$bin" new mine.yaml 2>&1); rc=$?
[ $rc = 3 ] || no "new over an existing file: exit $rc"
printf '%s\n' "$out" | grep -qx "mine.yaml: error: the file already exists; kpireport new does not overwrite a file: choose another name, or remove the file first" || no "new over an existing file said: $out"
cmp -s mine.yaml mine.copy || no "new changed an existing file"
out=$(ja new mine.yaml 2>&1)
printf '%s\n' "$out" | grep -q "^mine.yaml: エラー: ファイルがすでにあります。" || no "new over an existing file, in Japanese: $out"

out=$(env LC_ALL=C "$bin" new handout 2>&1); rc=$?
[ $rc = 2 ] || no "new without .yaml: exit $rc"
printf '%s\n' "$out" | grep -qx "kpireport: the new file's name must end in .yaml, such as handout.yaml" || no "new without .yaml said: $out"
[ ! -e handout ] || no "new without .yaml wrote a file"

out=$(env LC_ALL=C "$bin" new --template kodaira x.yaml 2>&1); rc=$?
[ $rc = 1 ] || no "new with an unknown template: exit $rc"
printf '%s\n' "$out" | grep -q "template 'kodaira' not found" || no "new with an unknown template said: $out"
[ ! -e x.yaml ] || no "new with an unknown template wrote a file"

cd / && rm -rf "$work"
[ $fail = 0 ] && echo "new ok"
exit $fail
