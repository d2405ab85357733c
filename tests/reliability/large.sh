#!/bin/sh
# A 10 000-project handout (bench/gen.py) builds: a valid PDF of thousands of pages and a valid
# workbook with a row per project and subproject.
# usage: large.sh KPIREPORT SRC
set -eu
bin=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$src/bench/gen.py" 10000 -o "$work/large.yaml"
"$bin" build -o "$work" "$work/large.yaml"
pages=$(pdfinfo "$work/large.pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -gt 3000 ] || { echo "FAIL only $pages pages"; exit 1; }
qpdf --check "$work/large.pdf" >/dev/null || { echo "FAIL qpdf --check"; exit 1; }
/usr/bin/python3 - "$work/large.xlsx" <<'PY'
import sys, zipfile
import openpyxl
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None, "corrupt zip member"
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
rows = wb.worksheets[0].max_row
assert rows > 30000, f"projects sheet has {rows} rows"
print(f"pages ok, {rows} rows")
PY
echo "1 passed, 0 failed"
