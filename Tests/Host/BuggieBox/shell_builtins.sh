#!/bin/bash
# Builtins and shell options against dash: set -e/-u/-x, traps, read,
# getopts, eval, ., export/unset/readonly/local, cd/pwd, umask, alias,
# command -v, wait, exec, exit.
. "$(dirname "$0")/lib.sh"
t_setup() { printf 'echo sourced $1; SRC=yes\n' > inc.sh; printf 'return 4; echo no\n' > ret.sh; mkdir -p d1/d2; }

# set -e
t_sh 'set -e; false; echo not reached'
t_sh 'set -e; true; echo reached'
t_sh 'set -e; if false; then :; fi; echo cond-ok'
t_sh 'set -e; false || true; echo or-ok'
t_sh 'set -e; false && true; echo and-ok'
t_sh 'set -e; ! true; echo bang-ok'
t_sh 'set -e; while false; do :; done; echo while-ok'
t_sh 'set -e; (false); echo not reached'
t_sh 'set -e; f() { false; echo in-f; }; f; echo not reached'
t_sh 'set -e; x=$(false); echo not reached'
t_sh 'set -e; false | true; echo pipe-ok'
t_sh 'set -e; set +e; false; echo off'
# set -u
t_sh 'set -u; echo ${unset_var}; echo not reached'
t_sh 'set -u; echo ${unset_var:-ok}'
t_sh 'set -u; x=1; echo $x'
t_sh 'set -u; echo "$@" ok'
# set -x writes to stderr only
t_sh 'set -x; echo traced; set +x; echo plain'
# set and positional parameters
t_sh 'set a b c; echo $#; set --; echo $#'
t_sh 'set -- -x y; echo $1 $2'
t_sh 'set -o errexit; false; echo no'
t_sh 'set -f; set +f; echo f-toggled'

# traps
t_sh 'trap "echo bye" EXIT; echo hi'
t_sh 'trap "echo bye" EXIT; exit 3'
t_sh 'trap "echo exiting \$?" EXIT; false'
t_sh 'trap "echo got TERM" TERM; kill -TERM $$; echo after'
t_sh 'trap "echo got INT" INT; kill -INT $$; echo after'
t_sh 'trap "echo usr1" USR1; kill -USR1 $$; trap - USR1; echo reset'
t_sh 'trap "" TERM; kill -TERM $$; echo ignored'
t_sh 'trap "echo x" EXIT; trap - EXIT; echo cleared'
t_sh '(trap "echo sub-exit" EXIT; echo in-sub); echo out'
t_sh 'f() { trap "echo from-f" EXIT; }; f; echo body'
t_sh 'trap "echo a" EXIT; trap' 

# read
t_sh --in $'one two three\n' 'read a b; echo "[$a] [$b]"'
t_sh --in $'  spaced  \n' 'read a; echo "[$a]"'
t_sh --in $'a\\ b c\n' 'read x y; echo "[$x][$y]"'
t_sh --in $'a\\ b c\n' 'read -r x y; echo "[$x][$y]"'
t_sh --in $'no newline' 'read x; echo "$? [$x]"'
t_sh --in '' 'read x; echo $?'
t_sh --in $'a:b:c\n' 'IFS=: read x y; echo "$x|$y"'
t_sh --in $'l1\nl2\n' 'read a; read b; echo $b$a'
t_sh --in $'1 2\n3 4\n' 'while read a b; do echo $((a+b)); done'

# getopts
t_sh 'set -- -a -b val c; while getopts ab: o; do echo "$o ${OPTARG-}"; done; echo $OPTIND'
t_sh 'set -- -ab -cfoo; while getopts abc: o; do echo "$o ${OPTARG-}"; done'
t_sh 'set -- -z; getopts a o; echo "$? $o"'
t_sh 'set -- -z; getopts :a o; echo "$? $o $OPTARG"'
t_sh 'set -- -a; getopts :a: o; echo "$o $OPTARG"'
t_sh 'set -- -- -a; getopts a o; echo "$? $OPTIND"'
t_sh 'getopts a o -a; echo "$o"'

# eval and .
t_sh 'eval "echo evaluated; x=5"; echo $x'
t_sh 'cmd="echo a; echo b"; eval $cmd'
t_sh 'eval "exit 4"'
t_sh 'eval "f() { echo from-eval; }"; f'
t_sh '. ./inc.sh; echo $SRC'
t_sh '. ./ret.sh; echo $?'
t_sh '. ./nonexistent.sh; echo not reached'

# variables
t_sh 'export A=1; env | grep -c "^A=1$"'
t_sh 'B=2; export B; sh -c "echo \$B"'
t_sh 'x=1; unset x; echo "[${x-unset}]"'
t_sh 'readonly R=1; R=2; echo not reached'
t_sh 'readonly R=1; echo $R'
t_sh 'f() { local a=1; g; }; g() { echo "g sees $a"; }; f; echo "[${a-}]"'
t_sh 'f() { local x; x=inner; }; x=outer; f; echo $x'
t_sh 'unset PATH_NOT_SET_X; echo ok'

# cd and pwd
t_sh 'cd /; pwd'
t_sh 'cd d1/d2; pwd | sed "s|.*/||"; cd ..; pwd | sed "s|.*/||"'
t_sh 'cd /tmp; cd /; cd - >/dev/null; pwd'
t_sh 'cd /nonexistent-dir; echo $?'
t_sh 'HOME=/; cd; pwd'
t_sh 'cd /usr/../; echo $PWD'

# umask
t_sh 'umask 027; umask'
t_sh 'umask 022; touch newf; ls -l newf | cut -c1-10'

# command lookup
t_sh 'command -v cd'
t_sh 'command -v sh >/dev/null; echo $?'
t_sh 'command -v nonexistent_cmd_xyz; echo $?'
t_sh 'f() { echo func; }; command -v f'
t_sh 'ls() { echo shadow; }; command ls /dev/null'
t_sh 'type nonexistent_cmd_xyz >/dev/null 2>&1; echo $?'
t_sh 'alias ll="echo aliased"
ll x'
t_sh 'alias a1="echo one"; alias a1'
t_sh 'alias echo="echo X"
echo self-reference'
t_sh 'alias a=b b=a
a 2>/dev/null; echo $?'
t_sh 'alias x="echo one; echo two"
x'
t_sh 'alias e=echo
if true; then e in-if; fi; f() { e in-f; }; f'
t_sh 'alias x=y; unalias -a; alias'
t_sh 'set -- "a b" c; for x in ${1+"$@"}; do echo "[$x]"; done'
t_sh 'IFS= read -r line <<EOF
  keep  spaces  
EOF
echo "[$line]"'
t_sh 'set -- a "b c"; IFS=; printf "<%s>\n" $* "$*"'
t_sh 'alias e="echo"
unalias e
e 2>/dev/null; echo $?'

# wait and background
t_sh 'sleep 0.1 & wait; echo waited'
t_sh '(exit 7) & wait $!; echo $?'
t_sh 'sh -c "exit 3" & p=$!; wait $p; echo $?'
t_sh 'echo bg & wait'
t_sh --in $'stdin data\n' 'cat & wait; echo done'
t_sh 'f() { f; }; f; echo not reached'
t_sh 'set -e; true && false; echo not reached'
t_sh 'set -e; f() { return 1; }; f; echo not reached'
t_sh 'set -e; f() { false; echo in-f; }; if f; then echo yes; fi'
t_sh 'wait 99999; echo $?'
t_sh 'sleep 5 & kill $!; wait $!; echo $?'
t_sh 'kill -0 $$; echo $?'
t_sh 'type kill >/dev/null; echo $?'

# exec and exit
t_sh 'exec echo replaced; echo not reached'
t_sh 'exec 3>&1; exec >out; echo into-file; exec >&3; cat out; echo ok'
t_sh '(exit 5); echo $?'
t_sh 'f() { exit 6; }; f; echo not reached'
t_sh 'exit'
t_sh 'false; exit'
t_sh 'exit 1 2'

# misc
t_sh ':; echo $?'
t_sh 'nonexistent_cmd_xyz 2>/dev/null; echo $?'
t_sh './nonexistent_path_xyz 2>/dev/null; echo $?'
t_sh 'shift 5; echo not reached'
t_sh 'x=$(pwd); cd d1; [ "$(pwd)" = "$x/d1" ] && echo same'

t_done
