#!/bin/bash
# grep and sed against GNU grep and GNU sed (LC_ALL=C on both sides).
export LC_ALL=C
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/files_common.inc"

t_setup() {
	printf 'hello world\nfoo bar\nHello again\nfoobar baz\nthe end\n' >text
	printf 'one\ntwo\nthree\nfour\nfive\n' >five
	printf 'hello world\nfoo bar\n' >two
	mkdir -p tree/sub
	printf 'nothing\nhello sub\n' >tree/sub/deep
	printf 'top hello\n' >tree/top
	printf 'last line without newline' >partial
	seq 1 30 >nums
	printf 'INSERTED\n' >insert
	printf 'text line\nbin\0ary match\nmatch again\n' >binary
	printf 'foo\nthr\n' >patterns
	printf 's/o/0/\n# a comment\n2d\n' >script
	printf 'one\ntwo\nthree\n' >sedi
	chmod 640 sedi
	printf 'one\ntwo\nthree\n' >sedj
}


# grep
t_diff -- grep hello text
t_diff -- grep -i hello text
t_diff -- grep -v foo text
t_diff -- grep -n o text
t_diff -- grep -c o text five
t_diff -- grep -E 'fo+(bar)?' text
t_diff -- grep -E '^(foo|Hello)' text
t_diff -- grep 'l\{2\}' text
t_diff -- grep -F 'o b' text
t_diff -- grep -F '.' text
t_diff -- grep -l hello text five two
t_diff -- grep -q foo text
t_diff -- grep -q zzz text
t_diff -- grep -w foo text
t_diff -- grep -wi HELLO text
t_diff -- grep -x 'foo bar' text
t_diff -- grep -x -F foo text
t_diff -- grep -e foo -e Hello text
t_diff -- grep '' five
t_diff -- grep -c zzz text
t_diff -- grep -r hello tree
t_diff -- grep -r hello tree/top
t_diff -- grep -rn hello tree/sub
t_diff -- grep -H end text
t_diff -- grep -h o text two
t_diff --in 'abc' -- grep b
t_diff --in 'abc' -- grep -c b -
t_diff -- grep hello partial
t_diff -- grep hello nope text
t_diff -- grep -s hello nope text
t_diff -- grep -q hello nope text
t_diff -- grep hello tree
t_diff -- grep 'a\(b' text
t_diff -- grep -o o text
t_diff -- grep -on 'o[a-z]*' text
t_diff -- grep -oE 'fo+|ba.' text
t_diff -- grep -ow foo text
t_diff -- grep -o 'x*' text
t_diff -- grep -A 2 5 nums
t_diff -- grep -B 2 -n 5 nums
t_diff -- grep -C 1 -n '^1.$' nums
t_diff -- grep -A 1 -B 3 -e 7 -e 9 nums
t_diff -- grep -C 1 2 nums text
t_diff -- grep -A 0 1 nums
t_diff -- grep -C x 5 nums
t_diff -- grep match binary
t_diff -- grep -c match binary
t_diff -- grep -l match binary text
t_diff -- grep -n line binary
t_diff -- grep zzz binary
t_diff -- grep -a match binary
t_diff -- grep -L match binary text five
t_diff -- grep -f patterns text five
t_diff -- grep -f nope text
t_diff -- grep

# sed
t_diff -- sed s/o/0/ five
t_diff -- sed s/o/0/g five
t_diff -- sed 's/o/0/2' two
t_diff -- sed 's/O/0/gi' two
t_diff -- sed -n 2p five
t_diff -- sed -n '$p' five
t_diff -- sed 2,4d five
t_diff -- sed '/two/,/four/d' five
t_diff -- sed -n '/t/p' five
t_diff -- sed 3q five
t_diff -- sed 2q5 five
t_diff -- sed -e 1d -e '$d' five
t_diff -- sed '1d;$d' five
t_diff -- sed 'y/abc/xyz/' text
t_diff -- sed '2a\
added' five
t_diff -- sed '2i inserted' five
t_diff -- sed '2,3c changed' five
t_diff -- sed '$a end' five
t_diff -- sed -E 's/(o+)/[\1]/g' five
t_diff -- sed -r 's/^(.)(.*)$/\2\1/' five
t_diff -- sed 's/\(l*\)o/<\1>/' two
t_diff -- sed 's/&/x/;s/o/&&/' two
t_diff -- sed 's|o|/|g' two
t_diff -- sed 's/[/]/X/' two
t_diff -- sed 's/x*/-/g' two
t_diff -- sed -n 's/o/0/p' five
t_diff -- sed = five
t_diff -- sed -n '$=' five
t_diff -- sed '3!d' five
t_diff -- sed -n '/two/,+1p' five
t_diff -- sed 2,1d five
t_diff -- sed '/two/{s/t/T/;s/o/O/}' five
t_diff -- sed -n '2{p;p}' five
t_diff -- sed '1!G;h;$!d' five
t_diff -- sed 'N;P;D' five
t_diff -- sed '$!N;s/\n/-/' five
t_diff -- sed ':a;N;$!ba;s/\n/,/g' five
t_diff -- sed 'n;d' five
t_diff -- sed 'x;G' five
t_diff -- sed p partial
t_diff -- sed 1d five two
t_diff -- sed -s 1d five two
t_diff --in "$(printf 'a\nb\n')" -- sed 's/^/> /'
t_diff -- sed '2r insert' five
t_diff -- sed 'r partial' five
t_diff -- sed '$r nope' five
t_diff -- sed 'w /dev/stdout' five
t_diff -- sed 'w nodir/x' five
t_diff -- sed -f script five
t_diff -- sed -n -f script -e '$p' five
t_diff -- sed -f nope five
t_diff -- sed 's/a' five
t_diff -- sed 'k' five
t_diff -- sed p nope five
t_diff -- sed

# sed -i edits the file in place (and writes nothing to stdout).
t_effect -- sed -i 's/o/0/g;2d' sedi sedj
# w FILE and s///w FILE: the files written must be GNU sed's.
t_effect -- sed -n '/t/w out' five
t_effect -- sed -n 's/o/0/w out' five
t_effect -- sed -n 'w all
/e/w e' five
t_expect --status 2 --err "sed: can't read nope" -- sed -i s/a/b/ nope
t_done
