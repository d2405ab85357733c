#!/bin/sh
# The automatic ※ is never doubled: a note (or a KPI's note) written with a ※ of its own prints
# one, read back from the PDF with pdftotext.  usage: check-notes.sh KPIREPORT NOTES.yaml WORK-DIR
set -u
bin=$1 input=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
"$bin" build -q -o "$work" "$input" || { echo "build failed"; exit 1; }
text=$(pdftotext -raw "$work/notes.pdf" -) || exit 1
fail=0
for line in ※数値は決算額です。 ※事業費は円単位です。 ※速報値です; do
	n=$(printf '%s\n' "$text" | grep -c -- "$line")
	[ "$n" = 1 ] || { echo "FAIL '$line' appears $n times"; fail=1; }
done
if printf '%s\n' "$text" | grep -q '※※\|※ ※'; then
	echo "FAIL a doubled ※:"
	printf '%s\n' "$text" | grep '※※\|※ ※'
	fail=1
fi
rm -rf "$work"
[ $fail = 0 ] && echo "notes ok"
exit $fail
