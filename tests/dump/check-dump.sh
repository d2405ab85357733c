#!/bin/sh
# Compares `kpireport dump` of an input with its reviewed dump, then checks the seed's figures
# independently of that file.  usage: check-dump.sh KPIREPORT INPUT EXPECTED
set -u
bin=$1 input=$2 expected=$3
out=$("$bin" dump "$input") || { echo "dump failed"; exit 1; }
if ! printf '%s\n' "$out" | diff -u "$expected" -; then
	echo "dump of $input differs from $expected"
	exit 1
fi
case $(basename "$input") in
kodaira-h28-shiryo1.yaml)
	for fig in 'achievement=174.2%' 'achievement=102.5%' 'achievement=33.3%' 'achievement=146.0%' \
		'grant_ratio=50.0%' 'cost: 9,130,320' 'cost: 34,057,000' 'cost: 43,187,320' \
		'(H31年度)' '(H32年度)' 'date: 2017-07-03 (平成29年7月3日(月))'; do
		printf '%s\n' "$out" | grep -qF -- "$fig" || { echo "missing figure: $fig"; exit 1; }
	done
	;;
esac
echo "dump ok"
