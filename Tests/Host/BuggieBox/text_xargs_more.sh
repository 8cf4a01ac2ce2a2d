#!/bin/bash
# xargs against GNU findutils' xargs; more as a filter (compared with cat) and on
# a pseudo-terminal made by script(1), keys typed into it.
export LC_ALL=C
. "$(dirname "$0")/lib.sh"

t_setup() {
	printf 'one\ntwo\nthree\n' >three
	seq 1 60 >sixty
}

# xargs
t_diff --in "$(seq 10)" -- xargs
t_diff --in "$(seq 10)" -- xargs -n 3
t_diff --in "$(seq 10)" -- xargs -n 4 echo n:
t_diff --in "$(printf '1\n 2 \n3')" -- xargs -I X echo a-X-b X
# -0: NUL bytes cannot travel through --in, so printf makes them (BuggieBox's
# path is $0: the script runs under BuggieBox's sh, here and in the guest).
t_expect --out "$(printf 'a\0b c\0\0d' | xargs -0 -n 1 echo; echo "s=$?")" -- \
	sh -c 'printf "a\0b c\0\0d" | "$0" xargs -0 -n 1 echo; echo "s=$?"' "$BB"
t_diff --in "$(seq 2)" -- xargs -t echo
t_diff --in '' -- xargs echo hi
t_diff --in '' -- xargs -r echo hi
t_diff --in "'a b' \"c d\" e\\ f" -- xargs -n 1
t_diff --in "$(seq 5)" -- xargs -n 2 sh -c 'echo $#'
t_diff --in "$(seq 3)" -- xargs false
t_diff --in "$(seq 3)" -- xargs sh -c 'exit 255'
t_diff --in "$(seq 3)" -- xargs no-such-command-here
t_diff --in "'unterminated" -- xargs
t_diff --in "x" -- xargs -n 0
t_diff --in "$(printf 'a b\nc\n\nd e f \ng\n')" -- xargs -L 1 echo
t_diff --in "$(printf 'a b\nc\nd e f\ng\n')" -- xargs -L 2 echo
t_diff --in "$(printf 'a b\nc\n\nd')" -- xargs -d '\n' -n 1 echo
t_diff --in 'a,b,,c' -- xargs -d , echo
t_diff --in 'x' -- xargs -d ab echo
t_diff --in 'x' -- xargs -L 0 echo

# more, not on a terminal: a plain copy.
t_diff --ref cat -- more three
t_diff --ref cat -- more three sixty
t_diff --ref cat --in 'piped text' -- more
t_diff --ref cat -- more nope three
t_diff --ref cat -- more sixty

# more on a terminal: 23 lines (24-row default), the prompt, a space for the next
# page, then q.
more_tty() {
	local d out
	if ! command -v script >/dev/null; then
		_t_report 0 "more on a terminal (script(1) is missing)"
		return
	fi
	d=$(mktemp -d "$t_top/more.XXXX")
	seq 1 60 >"$d/sixty"
	out=$( (sleep 0.5; printf ' '; sleep 0.5; printf 'q') |
		timeout 10 script -qec "stty rows 24 cols 80; \"$BB\" more \"$d/sixty\"" /dev/null |
		tr -d '\r')
	local ok=1
	[[ $out == *$'\n23\n'*'--More--(35%)'*'46'*'--More--('* ]] || ok=0
	[[ $out == *$'\n47\n'* ]] && ok=0 # q stopped it after the second page
	_t_report $ok "more on a terminal pages and quits"
	[ $ok = 1 ] || echo "  output: $(printf '%s' "$out" | tail -c 300)"
}
more_tty
t_done
