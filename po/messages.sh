#!/bin/sh
# The message catalogue's upkeep, with GNU gettext's own tools:
#   po/messages.sh pot FILE   extract every translatable message of src/ into FILE (a .pot)
#   po/messages.sh update     bring po/*.po up to date with src/: new messages arrive empty
#   po/messages.sh check      fail when a message of src/ has no translation in a po/*.po
#                             (missing, empty or fuzzy), or a translation's printf directives
#                             do not match its English, or a message is out of xgettext's sight
set -eu
cd "$(dirname "$0")/.."

# The functions whose arguments are messages: _ and N_ (i18n.h), ngettext, and the functions
# that translate the format they are given.
pot() {
	# File names without line numbers and entries in msgid order: a change elsewhere in a file
	# leaves po/*.po alone, and two people adding messages rarely touch the same lines.
	xgettext --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: --sort-output \
		--add-location=file \
		--package-name=kpireport --msgid-bugs-address="kpireport maintainers" --no-wrap \
		-k_ -kN_ -kngettext:1,2 -kkr_diag:5 -kkr_vdiag:5 -kkr_xw_fail:2 -kkr_usage:1 \
		-krange_check:4 \
		--flag=kr_diag:5:c-format --flag=kr_vdiag:5:c-format --flag=kr_xw_fail:2:c-format \
		--flag=kr_usage:1:c-format --flag=range_check:4:c-format \
		-o "$1" src/*.c
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
	done
	;;
check)
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	pot "$tmp/kpireport.pot"
	status=0
	# A message that xgettext counts at the wrong argument is never extracted: a brace-enclosed
	# initializer such as (kr_loc){1, 2} before it adds a comma.  Look one argument further.
	xgettext --from-code=UTF-8 --language=C --omit-header -k -kkr_diag:6 -kkr_vdiag:6 \
		-o "$tmp/shifted.pot" src/*.c
	if [ -s "$tmp/shifted.pot" ]; then
		echo "messages xgettext cannot see (write positions with KR_LOC() or KR_NO_LOC):"
		grep '^#:' "$tmp/shifted.pot" | sed 's/^/  /'
		status=1
	fi
	for po in po/*.po; do
		# msgcmp counts empty and fuzzy translations as missing.
		if ! msgcmp "$po" "$tmp/kpireport.pot" 2>"$tmp/msgcmp"; then
			echo "$po: messages without a translation (run po/messages.sh update, then translate):"
			sed 's/^/  /' "$tmp/msgcmp"
			status=1
		fi
		if grep -q '^#,.*fuzzy' "$po"; then
			echo "$po: fuzzy entries (check the translation, then remove the fuzzy flag):"
			grep -n -A2 '^#,.*fuzzy' "$po" | sed 's/^/  /'
			status=1
		fi
		msgfmt --check --statistics -o /dev/null "$po" || status=1
	done
	exit $status
	;;
*)
	sed -n '2,7p' "$0" >&2
	exit 2
	;;
esac
