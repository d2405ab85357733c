#!/bin/sh
# `cmake --install` puts the Japanese catalogue under share/locale/ja/LC_MESSAGES, and the
# installed program finds it and its templates beside itself, also after the installed tree has
# been moved.
# usage: installed.sh CMAKE BUILD-DIR SOURCE-DIR WORK-DIR
set -u
cmake=$1 build=$2 src=$3 work=$4
rm -rf "$work"
mkdir -p "$work"
"$cmake" --install "$build" --prefix "$work/prefix" >/dev/null || { echo "install failed"; exit 1; }
mo="$work/prefix/share/locale/ja/LC_MESSAGES/kpireport.mo"
[ -s "$mo" ] || { echo "no catalogue at $mo"; exit 1; }
msgunfmt "$mo" | grep -q 'エラー' || { echo "$mo holds no Japanese"; exit 1; }
mv "$work/prefix" "$work/moved"
out=$(cd "$src/tests/validate/cases" &&
	env -u LC_ALL -u LANGUAGE LANG=ja_JP.UTF-8 "$work/moved/bin/kpireport" validate money.yaml 2>&1)
printf '%s\n' "$out" | grep -q '^money.yaml:6:11: エラー: 「cost」は桁区切りのカンマを付けずに' || {
	echo "the moved installation does not speak Japanese:"
	printf '%s\n' "$out"
	exit 1
}
out=$(cd "$src/tests/validate/cases" &&
	env LC_ALL=C "$work/moved/bin/kpireport" validate template-missing.yaml 2>&1)
printf '%s\n' "$out" | grep -qF "$work/moved/bin/../share/kpireport/templates)" || {
	echo "the moved installation does not look for templates beside itself:"
	printf '%s\n' "$out"
	exit 1
}
rm -rf "$work"
echo "installed ok"
