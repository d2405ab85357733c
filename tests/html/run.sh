#!/bin/sh
# Builds the samples and a bench/gen.py 60 document, then checks every STEM.html in Debian's
# Chromium (check-html.js: axe-core WCAG 2.x A/AA with td-has-header, the structural check,
# 360 px, A4 landscape print).  KR_SHOTS=DIR keeps screenshots and printed PDFs to look at.
# usage: run.sh KPIREPORT SRC WORK
set -eu
bin=$1 src=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
[ -d "$here/node_modules/axe-core" ] || { echo "tests/html/node_modules is missing: run script/test (npm ci)"; exit 1; }
rm -rf "$work" && mkdir -p "$work"
/usr/bin/python3 "$src/bench/gen.py" 60 -o "$work/gen60.yaml"
SOURCE_DATE_EPOCH=1500000000 "$bin" build --formats html -o "$work" "$src"/input/*.yaml "$work/gen60.yaml"
exec node "$here/check-html.js" "$work"/*.html
