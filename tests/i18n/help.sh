#!/bin/sh
# The usage text and a message follow the locale: English in C, Japanese under LANG=ja_JP.UTF-8,
# Japanese also when the environment asks for a Japanese locale the machine never generated.
# usage: help.sh KPIREPORT
set -u
bin=$1
fail=0
check() { # check WHAT PATTERN OUTPUT
	if ! printf '%s\n' "$3" | grep -q "$2"; then
		echo "FAIL $1: no '$2' in:"
		printf '%s\n' "$3" | sed 's/^/  /'
		fail=1
	fi
}
check "English help" '^  kpireport validate FILE' "$(env LC_ALL=C "$bin" --help)"
check "Japanese help" '^  kpireport validate ファイル' \
	"$(env -u LC_ALL -u LANGUAGE LANG=ja_JP.UTF-8 "$bin" --help)"
check "Japanese usage error" '^kpireport: .*ファイルを1つ以上指定してください。$' \
	"$(env -u LC_ALL -u LANGUAGE LANG=ja_JP.UTF-8 "$bin" validate 2>&1)"
check "Japanese without the locale generated" '^  kpireport validate ファイル' \
	"$(env -u LC_ALL -u LANGUAGE LANG=ja_XX.UTF-8 "$bin" --help)"
check "LANGUAGE=ja in an English locale" '^  kpireport validate ファイル' \
	"$(env -u LC_ALL LANG=C.UTF-8 LANGUAGE=ja "$bin" --help)"
check "English when LC_ALL=C overrides LANG" '^  kpireport validate FILE' \
	"$(env LANG=ja_JP.UTF-8 LC_ALL=C "$bin" --help)"
[ $fail = 0 ] && echo "help ok"
exit $fail
