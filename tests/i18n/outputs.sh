#!/bin/sh
# The locale changes the messages only: the seed's PDF and workbook are byte-identical when
# built under LC_ALL=C and under LANG=ja_JP.UTF-8.  usage: outputs.sh KPIREPORT SEED WORK-DIR
set -u
bin=$1 seed=$2 work=$3
rm -rf "$work"
mkdir -p "$work/c" "$work/ja"
export SOURCE_DATE_EPOCH=1500000000
env LC_ALL=C "$bin" build -o "$work/c" "$seed" || exit 1
env -u LC_ALL -u LANGUAGE LANG=ja_JP.UTF-8 "$bin" build -o "$work/ja" "$seed" || exit 1
stem=$(basename "$seed" .yaml)
for ext in pdf xlsx; do
	cmp "$work/c/$stem.$ext" "$work/ja/$stem.$ext" || { echo "$stem.$ext depends on the locale"; exit 1; }
done
rm -rf "$work"
echo "outputs ok"
