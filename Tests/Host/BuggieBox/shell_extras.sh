#!/bin/bash
# The shell's features beyond POSIX sh that dash lacks: ${x:offset:length},
# ${x/pat/rep}, ++/-- in $((...)), times, ulimit, set -o pipefail and the
# history file. dash has none of these, so most checks are t_expect with the
# output bash gives (checked by hand against `bash --posix -c`); where dash does
# answer (signs around numbers, ulimit's table), t_sh compares with it. The
# history file needs an interactive shell: tmux runs it, as in shell_interactive.
. "$(dirname "$0")/lib.sh"
t_setup() { touch aXc; }

# ---- ${x:offset} and ${x:offset:length} ----
t_expect --out 'cdef cde ef ef e bcd' -- sh -c 'v=abcdef; echo ${v:2} ${v:2:3} ${v: -2} ${v:(-2)} ${v: -2:1} ${v:1:-2}'
t_expect --out 'x x x' -- sh -c 'v=abcdef; echo ${v:0:0}x ${v:10}x ${v: -10}x'
t_expect --out 'cdef bc cd' -- sh -c 'v=abcdef; i=1; echo ${v:1+1:2*2} ${v:$i:i+1} ${v:1?2:3:2}'
t_expect --out 'abcdef' -- sh -c 'v=abcdef; echo ${v:a}'
t_expect --out 'default' -- sh -c 'v=; echo ${v:-default}'
t_expect --out '[] [b]' -- sh -c 'unset v; w=abc; echo "[${v:1}]" "[${w:1:1}]"'
t_expect --out 'b c d name a d b c' -- sh -c 'echo ${@:2} ${@:0:2} ${@: -1} ${*:2:2}' name a b c d
t_expect --out '[b c]
[d]
b c d
end' -- sh -c 'for x in "${@:2}"; do echo "[$x]"; done; for x in "${@:7}"; do echo "[$x]"; done; echo "${*:2}"; echo end' name a "b c" d
t_expect --status 2 --err 'sh: -3: substring expression < 0' -- sh -c 'v=abcdef; echo ${v:4:-3}'
t_expect --status 2 --err 'sh: -1: substring expression < 0' -- sh -c 'set -- 1 2 3; echo ${@:1:-1}'
t_expect --status 2 --err 'bad substitution' -- sh -c 'v=abc; echo ${v:}'
t_expect --status 2 --err 'sh: zz: parameter not set' -- sh -c 'set -u; echo ${zz:1}'
t_expect --status 2 --err 'arithmetic expression' -- sh -c 'v=abc; echo ${v:1:1:1}'

# ---- ${x/pat/rep} ${x//pat/rep} ${x/#pat/rep} ${x/%pat/rep} ----
t_expect --out 'heLlo heLLo Hello hellO hello heo heX .....' -- sh -c 'v=hello; echo ${v/l/L} ${v//l/L} ${v/#h/H} ${v/%o/O} ${v/x/y} ${v//l} ${v/l*/X} ${v//?/.}'
t_expect --out 'hello x' -- sh -c 'v=hello; e=; echo ${v/} ${e/*/x}'
t_expect --out 'x x xabc abcx' -- sh -c 'v=abc; echo ${v/*/x} ${v//*/x} ${v/#/x} ${v/%/x}'
t_expect --out '_abc abc_ abcabc -b--b-' -- sh -c 'v=abcabc; echo ${v/#abc/_} ${v/%abc/_} ${v/#b/_} ${v//[ac]/-}'
t_expect --out 'a_b_c aSb aSb path:to:file' -- sh -c 'v="a b c" w="a*b" p=path/to/file; echo ${v// /_} ${w/"*"/S} ${w/\*/S} ${p//\//:}'
t_expect --out '<1><2><y>' -- sh -c 'v="x y"; r="1 2"; printf "<%s>" ${v/x/$r}; echo'
t_expect --out 'aq rc' -- sh -c 'v=abc; echo "${v/b/"q r"}"'
t_expect --out 'a*c aXc' -- sh -c 'v=abc; echo ${v/b/"*"} ${v/b/*}'
t_expect --out 'a-b-c' -- sh -c 'v=a.b.c; s=.; echo ${v//"$s"/-}'
t_expect --out 'x x' -- sh -c 'unset v; echo ${v/a/b}x ${v//a/b}x'
t_expect --status 2 --err 'sh: zz: parameter not set' -- sh -c 'set -u; echo ${zz/a/b}'
# the POSIX operators still agree with dash after the move to param.c
t_sh 'x=aXbXc; echo ${x%X*} ${x%%X*} ${x#*X} ${x##*X} ${x#nomatch} ${x%}'
t_sh 'x="a b"; echo "${x#a}" ${#x} ${x:-d} ${x:+alt} ${u-unset}'

# ---- ++ and -- in $((...)) ----
t_sh 'echo $((1--1)) $((1++1)) $((- -1)) $((--3)) $((++3)) $((1 - -1))'
t_expect --out '4 4 | 4 3 | 4 4' -- sh -c 'x=5; echo $((--x)) $x "|" $((x--)) $x "|" $((x+++1)) $x'
t_expect --out '6 6 | 0 0 | -1 2' -- sh -c 'x=5 y=1 a=1 b=1; echo $((x+++y)) $x "|" $((a---1)) $a "|" $((-b++)) $b'
t_expect --out '1 2 | 2 2 | 0 2' -- sh -c 'x=1 y=1 z=1; echo $((x ++)) $x "|" $((++ y)) $y "|" $((!++z)) $z'
t_expect --out '0 1 | 5 2 | 0 1 | 0 1' -- sh -c 'x=1 e=; echo $((0 && x++)) $x "|" $((x++ ? 5 : 6)) $x "|" $((e++)) $e "|" $((u++)) $u'
t_expect --out '1 2 3 | 6 2 2 0' -- sh -c 'i=0; while [ $((i++)) -lt 3 ]; do printf "%s " $i; done; x=3; echo "|" $((x--*2)) $x $((x-- - --x)) $x'
t_expect --out '9223372036854775807 -9223372036854775808' -- sh -c 'x=9223372036854775807; echo $((x++)) $x'
t_expect --status 2 --err '^sh: arithmetic expression: \+\+ needs a variable: "3\+\+"$' -- sh -c 'echo $((3++)); echo not reached'
t_expect --status 2 --err '-- needs a variable: "\(1\)--"' -- sh -c 'echo $(((1)--))'
t_expect --status 2 --err 'arithmetic expression: syntax error: "x\+\+1"' -- sh -c 'x=1; echo $((x++1))'
t_expect --status 2 --err 'arithmetic expression: missing operand' -- sh -c 'echo $((++))'
t_expect --status 2 --err 'bad number' -- sh -c 'x=a; echo $((x++))'
t_expect --status 2 --out '' --err '^sh: r: is read only$' -- sh -c 'readonly r=1; echo $((r++))'
t_expect --status 0 --out '1 ok' -- sh -c 'readonly r=1; (echo $((r--))) 2>/dev/null; echo $r ok'

# ---- times ----
t_expect --out '2' -- sh -c "times | grep -Ec '^[0-9]+m[0-9]+\\.[0-9]{3}s [0-9]+m[0-9]+\\.[0-9]{3}s\$'"
t_expect --out 'children ran' -- sh -c '"$0" sh -c "i=0; while [ \$i -lt 200000 ]; do i=\$((i+1)); done"
	times >t; set -- $(sed -n 2p t); [ "$1 $2" != "0m0.000s 0m0.000s" ] && echo children ran' "$BB"
t_expect --out 'times is a special shell builtin' -- sh -c 'type times'

# ---- ulimit ----
t_sh 'ulimit -a'
t_sh 'ulimit -Ha'
t_sh 'ulimit; ulimit -n; ulimit -Hn; ulimit -c; ulimit -s; ulimit -Ss; ulimit -t; ulimit -d; ulimit -v; ulimit -f'
t_sh 'ulimit -n 64; ulimit -n; ulimit -Hn; ulimit -Sn 32; ulimit -n; ulimit -Hn; sh -c "ulimit -n"'
t_sh 'ulimit -f 1000; ulimit -f; ulimit -Sc 0; ulimit -c'
t_sh 'ulimit -n abc; echo $?; ulimit -x; echo $?; ulimit -n 1 2; echo $?; ulimit -Hn 999999999; echo $?'
t_expect --out 'same' -- sh -c 'test "$(ulimit -u)" = "$(dash -c "ulimit -p")" && echo same'
t_expect --out 'restored' -- sh -c 'h=$(ulimit -Hv); ulimit -Sv 4096; [ "$(ulimit -v)" = 4096 ] && ulimit -Sv "$h" && [ "$(ulimit -v)" = "$h" ] && echo restored'
t_expect --status 2 --err '^sh: ulimit: bad number$' -- sh -c 'ulimit -n abc'
t_expect --status 2 --err '^sh: ulimit: error setting limit \(Operation not permitted\)$' -- sh -c 'ulimit -Hn 999999999'
t_expect --status 2 --err '^sh: ulimit: Illegal option -x$' -- sh -c 'ulimit -x'
t_expect --status 2 --err 'too many arguments' -- sh -c 'ulimit -n 1 2'

# ---- set -o pipefail ----
t_sh 'false | true; echo $?; true | false; echo $?'
t_expect --out '1 1 4 3 0 0 0' -- sh -c 'set -o pipefail; false | true; a=$?; true | false; b=$?
	(exit 3) | (exit 4) | true; c=$?; (exit 3) | true | true; d=$?; true | true; e=$?
	! false | true; f=$?; set +o pipefail; false | true; echo $a $b $c $d $e $f $?'
t_expect --out 'pipefail        off
pipefail        on
set -o pipefail
set +o pipefail' -- sh -c 'set -o | grep pipefail; set -o pipefail; set -o | grep pipefail; set +o | grep pipefail; set +o pipefail; set +o | grep pipefail'
t_expect --out '5 137 141' -- sh -c 'set -o pipefail; (exit 5) | true & wait $!; a=$?; sh -c "kill -9 \$\$" | true; b=$?; yes | head -1 >/dev/null; echo $a $b $?'
t_expect --status 1 --out '' -- sh -c 'set -eo pipefail; false | true; echo not reached'
t_expect --status 1 --out 'eu' -- sh -c 'set -euo pipefail; echo $-; false | true; echo not reached'
t_expect --out '1' -- sh -o pipefail -c 'false | true; echo $?'
t_expect --out 'no' -- sh -c 'set -o pipefail; if false | true; then echo yes; else echo no; fi'

# ---- the history file (interactive, in tmux) ----
# Not when recorded for the guest (GR_OUT set; Tests/GuestRun): the replay has no
# terminal.
if [ -n "${GR_OUT:-}" ]; then
	t_done
	exit
fi
if ! command -v tmux >/dev/null; then
	echo "SKIP: tmux not installed (history file checks)"
	t_done
	exit
fi
home="$t_top/home"
mkdir -p "$home"
check_what=history
. "$(dirname "$0")/tmux.inc"

# start [NAME=VALUE...]: a fresh interactive shell with HOME=$home and the
# extra environment, prompt "$ ".
start() {
	local env=(env -i HOME="$home" TERM=xterm PATH="$ATOLL_BIN:/usr/bin:/bin" PS1='$ ' "$@")
	new_pane "$home" "${env[*]@Q} $BB sh; echo shell-exited=\$?; sleep 60"
	wait_screen '^\$ ?$' >/dev/null
}
# check_file NAME FILE TEXT: FILE holds exactly TEXT.
check_file() {
	local ok=0
	[ "$(cat "$2" 2>/dev/null)" = "$3" ] && ok=1
	_t_report $ok "history: $1"
	[ $ok = 1 ] || { echo "  want: $3"; echo "  have: $(cat "$2" 2>&1)"; }
}

start
keys 'echo first-line' Enter
keys 'echo second-line' Enter
check "a first shell runs its lines" '^second-line$'
keys C-d
check "and exits" '^shell-exited=0$'
check_file "~/.sh_history gets every entered line" "$home/.sh_history" 'echo first-line
echo second-line'

start
keys Up Up Enter
check "a second shell recalls the first one's lines with Up" '^first-line$'
keys 'echo third-line' Enter
wait_screen '^third-line$' >/dev/null
keys Up Up Up Enter
check "its own lines come after them" '^second-line$'
keys C-d
wait_screen '^shell-exited' >/dev/null
hist3='echo first-line
echo second-line
echo first-line
echo third-line
echo second-line'
check_file "and are appended" "$home/.sh_history" "$hist3"

start HISTFILE="$t_top/custom_hist"
keys 'echo custom-file' Enter
check "HISTFILE names the file" '^custom-file$'
keys C-d
wait_screen '^shell-exited' >/dev/null
check_file "the line went there" "$t_top/custom_hist" 'echo custom-file'
check_file "and not to ~/.sh_history" "$home/.sh_history" "$hist3"

printf 'echo h%s\n' 1 2 3 4 5 >"$t_top/sized_hist"
start HISTFILE="$t_top/sized_hist" HISTSIZE=2
keys Up Up Up Enter
check "HISTSIZE caps the history loaded" '^h4$'
keys C-d
wait_screen '^shell-exited' >/dev/null
check_file "a file past twice HISTSIZE is trimmed to it when loaded" "$t_top/sized_hist" 'echo h4
echo h5
echo h4'

start HISTFILE=""
keys 'echo no-file' Enter
check "HISTFILE= turns the file off" '^no-file$'
keys C-d
wait_screen '^shell-exited' >/dev/null
check_file "nothing is written" "$home/.sh_history" "$hist3"
_t_report $([ "$(ls -A "$home")" = .sh_history ] && echo 1 || echo 0) "history: no other file appears"

start HISTFILE="$t_top/no/such/dir/hist"
keys 'echo missing-dir' Enter
check "a missing file is silent" '^missing-dir$'
_t_report $(screen | grep -q 'history file' && echo 0 || echo 1) "history: no message for a missing file"
keys C-d

mkdir -p "$t_top/histdir"
start HISTFILE="$t_top/histdir"
keys 'echo one' Enter
keys 'echo two' Enter
check "an unusable file does not stop the shell" '^two$'
check "its error is reported" 'sh: history file .*/histdir: Is a directory'
_t_report $([ "$(screen | grep -c 'history file')" = 1 ] && echo 1 || echo 0) "history: ...once"
keys C-d

t_done
