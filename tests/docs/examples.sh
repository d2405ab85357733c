#!/bin/sh
# Every complete handout shown in the documentation validates when copied: each ```yaml block
# that starts with "version: 1" in the given Markdown files is written to a file of its own and
# checked with `kpireport validate`, which must print nothing.
# usage: examples.sh KPIREPORT WORK-DIR FILE.md...
set -u
bin=$1 work=$2
shift 2
rm -rf "$work"
mkdir -p "$work"
fail=0 n=0
for md in "$@"; do
	base=$(basename "$md" .md)
	# Split the file's yaml blocks into $work/BASE-N.yaml.
	awk -v out="$work/$base" '
		/^```yaml[ \t]*$/ { n++; inblock = 1; file = out "-" n ".yaml"; printf "" > file; next }
		/^```/ && inblock { inblock = 0; close(file); next }
		inblock { print >> file }
	' "$md"
	for f in "$work/$base"-*.yaml; do
		[ -e "$f" ] || continue
		grep -q '^version: 1' "$f" || continue
		n=$((n + 1))
		out=$(cd "$(dirname "$md")" && "$bin" validate "$f" 2>&1)
		if [ $? -ne 0 ] || [ -n "$out" ]; then
			echo "FAIL the example $(basename "$f") of $md:"
			printf '%s\n' "$out" | sed 's/^/  /'
			fail=1
		fi
	done
done
[ "$n" -gt 0 ] || { echo "FAIL no complete example found"; fail=1; }
rm -rf "$work"
[ $fail = 0 ] && echo "$n examples ok"
exit $fail
