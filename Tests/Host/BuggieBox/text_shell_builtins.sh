#!/bin/bash
# The text applets the shell also runs in-process: echo, printf, test/[, true,
# false; plus yes and seq. Compared with the host's coreutils.
export LC_ALL=C
. "$(dirname "$0")/lib.sh"

t_setup() {
	printf 'data\n' >file
	: >empty
	mkdir dir
	ln -s file link
}

# echo
t_diff -- echo hello world
t_diff -- echo -n no newline
t_diff -- echo -e 'tab\there\nnew\0101\x42\\'
t_diff -- echo -e 'stop\cignored'
t_diff -- echo -E 'raw\n'
t_diff -- echo -neE 'x\ty'
t_diff -- echo -x --help
t_diff -- echo
t_expect --out '--help' -- echo --help

# printf
t_diff -- printf '%s-%d-%5.2f-%x-%o-%c|\n' str 42 3.14159 255 8 zed
t_diff -- printf '%-6s|%06d|%+d|%e|%g\n' ab 42 7 1234.5 0.0001
t_diff -- printf '%s %s\n' a b c d e
t_diff -- printf '%b|%s\n' 'a\tb\0101' 'c\td'
t_diff -- printf '%d %d\n' "'A" 0x1f
t_diff -- printf '%*d|%.*s|\n' 5 42 2 abcdef
t_diff -- printf 'no args: %s %d|\n'
t_diff -- printf '%d\n' 12abc
t_diff -- printf '%b\n' 'cut\chere' after
t_diff -- printf 'a\tb\\n\101\n'
t_diff -- printf '%%|%i|%X|%u\n' 010 255 -1
t_diff -- printf
t_diff -- printf '%z\n' 1
t_diff -- printf 'no conversions\n' extra
t_diff -- printf '%5%\n'

# test and [
t_diff -- test 1 -lt 2
t_diff -- test abc = abd
t_diff -- test -n ''
t_diff -- test -z ''
t_diff -- test ! -e nope
t_diff -- test -f file -a -d dir
t_diff -- test -L link -o -f nope
t_diff -- test -s empty
t_diff -- test '(' a = a ')' -a '(' 3 -ge 4 -o x != y ')'
t_diff -- test = = =
t_diff -- test ! = =
t_diff -- test 5 -eq five
t_diff -- test 1 -eq 1 extra
t_diff -- test -d
t_diff -- test
t_diff -- test file -nt nope
t_diff -- test 99999999999999999999 -gt 1
t_diff -- test 007 -eq 7
t_diff -- test -12 -lt -3
t_diff -- test file -ef link
t_diff -- [ -d dir ]
t_diff -- [ 2 -gt 10 ]
t_diff --ref "busybox [" -- [ a '<' b ]
t_diff --ref "busybox [" -- [ b '>' c ]
t_diff -- [ x
t_diff -- [ ]
t_expect --status 2 --err "missing '\]'" -- [ 1 = 1

# true, false
t_diff -- true
t_expect --status 0 --out '' -- true --help
t_diff -- true ignored args
t_diff -- false
t_expect --status 1 --out '' -- false --help
t_expect --status 1 --out '' -- false x y

# yes: endless, so compared on its first 1000 lines; and a write error.
# (BuggieBox's path is passed as $0: the scripts run under BuggieBox's sh, here
# and when replayed in the guest.)
for args in "" "a b" "''" "long word list here"; do
	eval "set -- $args"
	t_expect --out "$(yes "$@" | head -n 1000 | md5sum)" -- \
		sh -c '"$0" yes "$@" | "$0" head -n 1000 | "$0" md5sum' "$BB" "$@"
done
t_expect --status 1 --err '^yes: standard output: ' -- sh -c 'exec "$0" yes >/dev/full' "$BB"

# seq
t_diff -- seq 5
t_diff -- seq 3 7
t_diff -- seq 10 -3 1
t_diff -- seq 1 0.5 3
t_diff -- seq -w 8 11
t_diff -- seq -s , 1 5
t_diff -- seq -3 -1
t_diff -- seq 5 1
t_diff -- seq 0.1 0.1 0.5
t_diff -- seq -f '%03g' 8 11
t_diff -- seq -f 'x%.2fy%%' 1 0.5 2
t_diff -- seq -s : -f %04.1f 2
t_diff -- seq -f '%d' 3
t_diff -- seq abc
t_diff -- seq 1 0 3
t_done
