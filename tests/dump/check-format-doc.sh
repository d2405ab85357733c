#!/bin/sh
# docs/format.md holds the key tables `kpireport format-doc` prints (one source of truth).
set -u
bin=$1 doc=$2
expected=$(sed -n '/<!-- BEGIN KEYS -->/,/<!-- END KEYS -->/p' "$doc" | sed '1d;$d')
actual=$("$bin" format-doc)
[ "$expected" = "$actual" ] && { echo "format doc ok"; exit 0; }
echo "docs/format.md is out of date; regenerate its key section with: kpireport format-doc"
printf '%s\n' "$actual" | diff -u - "$doc" | head -40
exit 1
