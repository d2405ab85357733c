#!/bin/sh
# The message catalogue's upkeep, with GNU gettext's own tools:
#   po/messages.sh pot FILE   extract every translatable message of src/ into FILE (a .pot)
#   po/messages.sh update     bring po/*.po up to date with src/: new messages arrive empty
#   po/messages.sh check      fail when a message of src/ has no translation in a po/*.po
#                             (missing, empty or fuzzy), or a translation's printf directives
#                             do not match its English, or a message is out of xgettext's sight
set -eu
cd "$(dirname "$0")/.."

# printf-like functions that build text which is not a message (paths, numbers, cell values).
NOT_MESSAGES="kr_sprintf put"

# The functions whose format argument is a message: every printf-like function of src/ (its
# __attribute__((format(printf, N, M))) says which argument) but those above, so that a new
# wrapper around kr_diag is extracted without anyone listing it.
printf_keywords() {
	cat src/*.c src/*.h | tr '\n\t' '  ' |
		grep -o '[A-Za-z_][A-Za-z_0-9]*([^;{}()]*) *__attribute__((format(printf, *[0-9]*' |
		sed 's/^\([A-Za-z_0-9]*\)(.*format(printf, *\([0-9]*\)$/\1:\2/' | sort -u |
		while IFS=: read -r name arg; do
			case " $NOT_MESSAGES " in *" $name "*) continue ;; esac
			printf ' -k%s:%s --flag=%s:%s:c-format' "$name" "$arg" "$name" "$arg"
		done
}

# _ and N_ (i18n.h), ngettext, kr_vdiag (a va_list), range_check (three %g), and the above.
pot() {
	# File names without line numbers and entries in msgid order: a change elsewhere in a file
	# leaves po/*.po alone, and two people adding messages rarely touch the same lines.
	# shellcheck disable=SC2046
	xgettext --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: --sort-output \
		--add-location=file \
		--package-name=kpireport --msgid-bugs-address="kpireport maintainers" --no-wrap \
		-k_ -kN_ -kngettext:1,2 -kkr_vdiag:5 -krange_check:4 \
		--flag=kr_vdiag:5:c-format --flag=range_check:4:c-format $(printf_keywords) \
		-o "$1" src/*.c 2>"$1.log" || { cat "$1.log" >&2; exit 1; }
	rm -f "$1.log" # only warnings about msgids in UTF-8, which they are meant to be
	sed -i '/^"POT-Creation-Date: /d' "$1"
}

case "${1:-}" in
pot)
	pot "$2"
	;;
update)
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	pot "$tmp/kpireport.pot"
	for po in po/*.po; do
		msgmerge --quiet --update --backup=none --no-fuzzy-matching --no-wrap --sort-output \
			--add-location=file \
			"$po" "$tmp/kpireport.pot"
		msgattrib --no-obsolete --no-wrap --sort-output -o "$po" "$po" # removed messages go
	done
	;;
check)
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	pot "$tmp/kpireport.pot"
	status=0
	# A message that xgettext counts at the wrong argument is never extracted: a brace-enclosed
	# initializer such as (kr_loc){1, 2} before it adds a comma.  Look one argument further.
	# shellcheck disable=SC2046
	xgettext --from-code=UTF-8 --language=C -k -kkr_vdiag:6 -krange_check:5 \
		$(printf_keywords | tr ' ' '\n' | sed -n 's/^-k\(.*\):\([0-9]*\)$/-k\1:\2/p' |
			awk -F: '{ print $1 ":" $2 + 1 }') \
		-o "$tmp/shifted.pot" src/*.c 2>/dev/null
	if [ -s "$tmp/shifted.pot" ] && [ "$(grep -c '^msgid ' "$tmp/shifted.pot")" -gt 1 ]; then
		echo "messages xgettext cannot see (write positions with KR_LOC() or KR_NO_LOC):"
		grep '^#:' "$tmp/shifted.pot" | sed 's/^/  /'
		status=1
	fi
	for po in po/*.po; do
		msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$po" "$tmp/kpireport.pot"
		# msgattrib keeps the header entry: more than one msgid means something was found.
		msgattrib --force-po --untranslated --no-obsolete --no-wrap -o "$tmp/missing.po" "$tmp/merged.po"
		if [ "$(grep -c '^msgid ' "$tmp/missing.po")" -gt 1 ]; then
			echo "$po: messages without a translation (run po/messages.sh update, then translate them):"
			sed '1,/^$/d' "$tmp/missing.po" | grep -v '^msgstr' | sed 's/^/  /'
			status=1
		fi
		msgattrib --force-po --only-fuzzy --no-obsolete --no-wrap -o "$tmp/fuzzy.po" "$tmp/merged.po"
		if [ "$(grep -c '^msgid ' "$tmp/fuzzy.po")" -gt 1 ]; then
			echo "$po: fuzzy translations (check them, then remove the fuzzy flag):"
			sed '1,/^$/d' "$tmp/fuzzy.po" | sed 's/^/  /'
			status=1
		fi
		msgfmt --check -o /dev/null "$po" || status=1
	done
	exit $status
	;;
*)
	sed -n '2,7p' "$0" >&2
	exit 2
	;;
esac
