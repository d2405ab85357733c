#!/bin/sh
# A template naming a font that is not installed, or one that is not TrueType, fails the build with
# a clear error pointing at the template (exit 3) and writes nothing.  A fallback font that is not
# installed is a warning at its line (the outputs are written); one named twice is an error.
# usage: fonts.sh KPIREPORT SRC
set -u
bin=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0 pass=0
for family in "No Such Font Family" "Nimbus Sans"; do
	sed "s|family: IPAexGothic|family: $family|" "$src/templates/kodaira-kpi.yaml" >"$work/t.yaml"
	sed "s|^template: .*|template: ./t.yaml|" "$src/input/kodaira-h28-shiryo1.yaml" >"$work/doc.yaml"
	mkdir -p "$work/out"
	"$bin" build -o "$work/out" "$work/doc.yaml" 2>"$work/err"
	rc=$?
	if [ $rc -eq 3 ] && grep -q "t.yaml.*error: .*font" "$work/err" && [ -z "$(ls "$work/out")" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL font '$family': exit $rc, outputs: $(ls "$work/out")"
		cat "$work/err"
		fail=$((fail + 1))
	fi
done
check() { # name expected-exit grep-pattern
	if [ "$rc" -eq "$2" ] && grep -q "$3" "$work/err"; then
		pass=$((pass + 1))
	else
		echo "FAIL $1: exit $rc"
		cat "$work/err"
		fail=$((fail + 1))
	fi
}
sed "s|^template: .*|template: ./t.yaml|" "$src/input/kodaira-h28-shiryo1.yaml" >"$work/doc.yaml"
sed "s|fallback: \[IPAmjMincho\]|fallback: [No Such Fallback, IPAmjMincho]|" \
	"$src/templates/kodaira-kpi.yaml" >"$work/t.yaml"
rm -rf "$work/out" && mkdir -p "$work/out"
"$bin" build -o "$work/out" "$work/doc.yaml" 2>"$work/err"
rc=$?
check "missing fallback" 0 "t.yaml:[0-9]*:[0-9]*: warning: font family 'No Such Fallback'"
[ -s "$work/out/doc.pdf" ] || { echo "FAIL missing fallback: no PDF"; fail=$((fail + 1)); }
sed "s|fallback: \[IPAmjMincho\]|fallback: [IPAmjMincho, ipamjmincho]|" \
	"$src/templates/kodaira-kpi.yaml" >"$work/t.yaml"
"$bin" build -o "$work/out" "$work/doc.yaml" 2>"$work/err"
rc=$?
check "fallback named twice" 1 "t.yaml:[0-9]*:[0-9]*: error: the font 'ipamjmincho' is named twice"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
