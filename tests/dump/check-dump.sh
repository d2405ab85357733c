#!/bin/sh
# Compares `kpireport dump` of an input with its reviewed dump (`dump --cells` when EXPECTED ends
# in .cells), then checks the seed's figures independently of that file.
# usage: check-dump.sh KPIREPORT INPUT EXPECTED
set -u
bin=$1 input=$2 expected=$3
case $expected in
*.cells) out=$("$bin" dump --cells "$input") ;;
*) out=$("$bin" dump "$input") ;;
esac || { echo "dump failed"; exit 1; }
if ! printf '%s\n' "$out" | diff -u "$expected" -; then
	echo "dump of $input differs from $expected"
	exit 1
fi
case $(basename "$input" .yaml)$(basename "$expected" | sed 's/.*\././') in
kodaira-h28-shiryo1.cells)
	# Written the way the handout prints them (input/kodaira-h28-shiryo1.yaml has the raw values).
	for fig in 'amount value{43,187,320}' 'amount mark{-}' 'plain mark{_}' \
		'achievement label{達成率} achievement{174.2%} verdict{達成}' \
		'achievement label{達成率} achievement{33.3%} verdict{未達成}' \
		'plain label{※将来KPI} punct{ } value{150,000} unit{件} punct{(} date{H31} punct{)}' \
		'numbered [(1)] text{子育てサイトの構築・運営}' \
		'plain punct{【} text{地方創生推進交付金} punct{】}' \
		'meeting: 第1回　小平市まち・ひと・しごと創生総合戦略 推進委員会　資料1　平成29年7月3日(月)'; do
		printf '%s\n' "$out" | grep -qF -- "$fig" || { echo "missing: $fig"; exit 1; }
	done
	;;
kasumino-r3-yoshiki2.cells)
	# money_unit: thousand (15,840,000 yen), 和暦 due months, the number and programme in
	# columns of their own, the policy's choice in brackets above its reason.
	for fig in 'amount value{15,840}' 'date{令和4年3月}' 'plain value{1}' \
		'plain label{【基準値】} value{85} unit{件}' 'plain punct{【} text{事業の継続} punct{】}' \
		'plain text{ひと・しごと循環型移住定住促進事業}'; do
		printf '%s\n' "$out" | grep -qF -- "$fig" || { echo "missing: $fig"; exit 1; }
	done
	;;
kodaira-h28-shiryo1.dump)
	for fig in 'achievement=174.2%' 'achievement=102.5%' 'achievement=33.3%' 'achievement=146.0%' \
		'grant_ratio=50.0%' 'cost: 9,130,320' 'cost: 34,057,000' 'cost: 43,187,320' \
		'(H31年度)' '(H32年度)' 'date: 2017-07-03 (平成29年7月3日(月))'; do
		printf '%s\n' "$out" | grep -qF -- "$fig" || { echo "missing figure: $fig"; exit 1; }
	done
	;;
esac
echo "dump ok"
