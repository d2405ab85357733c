#!/bin/sh
# A template naming a font that is not installed, or one that is not TrueType, fails the build with
# a clear error pointing at the template (exit 3) and writes nothing.
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
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
