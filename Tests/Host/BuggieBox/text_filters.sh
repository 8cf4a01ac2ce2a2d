#!/bin/bash
# cat, head, tail (with -f), wc, sort, uniq, cut, tr, tee against the host's
# coreutils, byte order (LC_ALL=C) on both sides.
export LC_ALL=C
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/files_common.inc"

t_setup() {
	printf 'one\ntwo\nthree\nfour\nfive\n' >five
	seq 1 25 >nums
	seq 1 100000 >big
	printf 'a b\nc d e\nlast without newline' >partial
	printf 'banana 3 x\napple 10 y\nCherry 2 z\napple 2 a\n  date 1 b\nbanana 3 x\n' >fruit
	printf 'a:3:x\nb:1:y\nc:2:x\nd:10:z\n' >colons
	printf 'b\nb\na\nA\nc\nc\nc\nd\n' >dups
	printf 'a:b:c\nno delimiter here\n1:2:3:4\n' >fields
	: >empty
	mkdir dir
	printf 'a\tb\n\n\n\nc\001\177\303\251\n\nlast' >controls
	printf 'b 2\na 10\nc 1\n' >keyed
	echo old >old
}

# cat
t_diff -- cat five
t_diff -- cat five partial nums
t_diff -- cat -n five partial
t_diff -- cat -u five
t_diff --in 'from stdin' -- cat - five
t_diff -- cat -b controls
t_diff -- cat -s controls
t_diff -- cat -sn controls five
t_diff -- cat -A controls
t_diff -- cat -v controls
t_diff -- cat -e controls
t_diff -- cat -t controls
t_diff -- cat -E -T controls
t_diff -- cat nope five
t_diff -- cat dir

# head
t_diff -- head nums
t_diff -- head -n 3 nums
t_diff -- head -3 five
t_diff -- head -c 10 partial
t_diff -- head -n 2 five partial
t_diff -- head -n 100 five
t_diff --in "$(seq 30)" -- head -n 4
t_diff -- head -n -2 five
t_diff -- head -v five
t_diff -- head -q -n 1 five nums
t_diff -- head -n -1 partial
t_diff -- head -c -5 nums
t_diff -- head nope five
t_diff -- head -n x five

# tail
t_diff -- tail nums
t_diff -- tail -n 3 five
t_diff -- tail -n +22 nums
t_diff -- tail -c 8 partial
t_diff -- tail -c +5 five
t_diff -- tail -n 1 partial
t_diff -- tail -n 2 five nums
t_diff -- tail -n 0 nums
t_diff --in "$(seq 30)" -- tail -n 2
t_diff -- tail -n -2 five
t_diff -- tail -n 70000 big
t_diff -- tail -c 100001 big
t_diff -- tail -n 3 big
t_diff -- tail -v -n 1 five
t_diff -- tail -q -n 1 five nums
t_diff -- tail nope
t_diff -- tail -n z five

# tail -f: lines appended while it runs must appear; it runs until killed.
tail_follow() {
	local d
	d=$(mktemp -d "$t_top/follow.XXXX")
	printf 'a\nb\n' >"$d/log"
	(sleep 0.6; echo c >>"$d/log"; sleep 0.6; echo d >>"$d/log") &
	timeout 2 "$BB" tail -f -n 1 "$d/log" >"$d/out" 2>"$d/err"
	local st=$?
	wait
	_t_report "$([ $st = 124 ] && [ "$(cat "$d/out")" = "$(printf 'b\nc\nd')" ] && echo 1 || echo 0)" \
		"tail -f -n 1 LOG follows appended lines"
	[ $st = 124 ] || echo "  status $st, out: $(cat "$d/out")"
}
tail_follow
t_expect --status 1 --err 'tail: nope: No such file or directory' -- tail -f nope

# wc
t_diff -- wc five
t_diff -- wc -l nums
t_diff -- wc -w partial
t_diff -- wc -c -l five partial
t_diff -- wc -m five
t_diff -- wc five nums partial
t_diff --in "$(seq 10)" -- wc
t_diff --in "a b c" -- wc -w
t_diff -- wc empty
t_diff -- wc -L controls five nums
t_diff -- wc -lL five
t_diff -- wc nope five

# sort
t_diff -- sort fruit
t_diff -- sort -r fruit
t_diff -- sort -u fruit
t_diff -- sort -f fruit
t_diff -- sort -n -k 2 fruit
t_diff -- sort -k2,2n -k1,1 fruit
t_diff -- sort -t : -k 2n colons
t_diff -- sort -t : -k3,3 -k2nr colons
t_diff -- sort -s -t : -k3,3 colons
t_diff -- sort -u -t : -k3,3 colons
t_diff -- sort -k1.2,1.3 fruit
t_diff -- sort -b fruit
t_diff -- sort -n -r nums
t_diff --in "$(printf '1.5\n-2\n10\nabc\n0\n')" -- sort -n
t_diff -- sort -c fruit
t_diff -- sort -c nums
t_diff -- sort -cn nums
t_diff -- sort -cu dups
t_diff -- sort -o out fruit
t_diff -- sort -o five five
t_diff -- sort -o nodir/out fruit
t_effect -- sort -n -k 2 -o keyed keyed
t_diff -- sort nope
t_diff -- sort -k 0 fruit

# uniq
t_diff -- uniq dups
t_diff -- uniq -c dups
t_diff -- uniq -d dups
t_diff -- uniq -u dups
t_diff -- uniq -i -c dups
t_diff --in "$(printf 'x\nx\ny\n')" -- uniq
t_diff -- uniq -f 1 fruit
t_diff -- uniq -c -s 2 dups
t_diff -- uniq -f 1 -s 1 colons
t_diff -- uniq -f x dups
t_diff -- uniq nope

# cut
t_diff -- cut -d : -f 2 fields
t_diff -- cut -d : -f 1,3- fields
t_diff -- cut -s -d : -f 2 fields
t_diff -- cut -c 2-4 fields
t_diff -- cut -b -3 fields
t_diff --in "$(printf 'a\tb\tc\n')" -- cut -f 2
t_diff -- cut -f 0 fields
t_diff -- cut fields

# tr
t_diff --in 'hello world' -- tr a-z A-Z
t_diff --in 'hello world' -- tr '[:lower:]' '[:upper:]'
t_diff --in 'hello world' -- tr -d lo
t_diff --in 'aabbccdd  ee' -- tr -s 'a-c '
t_diff --in 'hello world' -- tr -c 'a-z\n' _
t_diff --in 'hello' -- tr el '[x*]'
t_diff --in 'hello world' -- tr -ds l o
t_diff --in 'abc' -- tr a-c xy
t_diff --in "$(printf 'a\tb')" -- tr '\t' '\n'
t_diff --in 'x1y22' -- tr -d '[:digit:]'
t_diff --in 'abcdef' -- tr -t a-f xy
t_diff --in 'abc' -- tr
t_diff --in 'abc' -- tr '[:nope:]' x

# tee
t_effect --in $'line1\nline2\n' -- tee a
t_effect --in $'more\n' -- tee -a old c
t_diff --in 'text' -- tee
t_diff --in 'text' -- tee copy
t_diff --in 'text' -- tee -a five
t_diff --in 'text' -- tee dir/ nope/x
t_done
