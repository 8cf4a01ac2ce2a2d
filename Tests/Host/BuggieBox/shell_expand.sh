#!/bin/bash
# Quoting and expansions against dash: parameters, command substitution,
# arithmetic, field splitting, globbing, tilde, special parameters.
. "$(dirname "$0")/lib.sh"
t_setup() { touch a.txt b.txt c.log .hidden; mkdir -p dir/sub; touch dir/x.c dir/y.c; }

# quoting
t_sh "echo 'single \$x \"q\"'"
t_sh 'echo "double $HOME_UNSET_X \"q\" \\ \$"'
t_sh 'echo \$ \" \\ \a'
t_sh 'echo "a"b'"'c'"
t_sh 'echo ""; echo "" | wc -c'
t_sh 'x="a  b"; echo $x; echo "$x"'
t_sh "echo 'it'\\''s'"
t_sh 'echo "line1
line2"'
t_sh 'echo "$(echo "nested \"quotes\"")"'
t_sh 'echo "\`echo no\`"'
t_sh "printf '%s\\n' 'back\\slash'"

# parameter expansion
t_sh 'x=val; echo $x ${x} "${x}"'
t_sh 'echo ${unset:-default}; x=; echo ${x:-empty} ${x-set}'
t_sh 'echo ${y:=assigned}; echo $y'
t_sh 'x=; echo ${x:=was-empty}; echo $x'
t_sh 'x=set; echo ${x:+alt} ${unset:+alt} end'
t_sh 'x=; echo "[${x+present}]" "[${x:+nonempty}]"'
t_sh 'x=hello; echo ${#x}; y=; echo ${#y}'
t_sh 'x=/usr/local/bin; echo ${x#*/} ${x##*/}'
t_sh 'x=file.tar.gz; echo ${x%.*} ${x%%.*}'
t_sh 'x=aaa; echo ${x#a} ${x##a} ${x%a} ${x%%a*}'
t_sh 'x=abc; echo ${x#nomatch} ${x%nomatch}'
t_sh 'x="a*b"; echo ${x#"a*"} ${x#a\*}'
t_sh 'p=b; x=abc; echo ${x#a$p}'
t_sh 'echo ${unset-"quoted default"}'
t_sh 'x=1; echo ${x:-$(echo never)} ${u:-$(echo ran)}'
t_sh 'echo "${u:-a b}" ${u:-c   d}'
t_sh 'x=${u:-nested ${v:-deep}}; echo $x'
t_sh 'echo ${u?custom message}; echo not reached'
t_sh 'echo ${u:?}; echo not reached'
t_sh 'x=ok; echo ${x?unused}'
t_sh 'x=abc; echo ${#x}${x}'

# special parameters
t_sh 'set -- a b c; echo $# $1 $2 $3'
t_sh 'set -- "a b" c; for a in "$@"; do echo "[$a]"; done'
t_sh 'set -- "a b" c; for a in $@; do echo "[$a]"; done'
t_sh 'set -- "a b" c; for a in "$*"; do echo "[$a]"; done'
t_sh 'set -- a b; IFS=:; echo "$*"'
t_sh 'set --; for a in "$@"; do echo never; done; echo "[$@]"'
t_sh 'set -- ""; for a in "$@"; do echo "[$a]"; done'
t_sh 'set -- a b; echo "x$@y"'
t_sh 'set -- 1 2 3 4 5 6 7 8 9 10 11; echo ${10} ${11} $10'
t_sh 'echo $$ | grep -c "^[0-9][0-9]*$"'
t_sh 'sleep 0 & [ -n "$!" ] && echo has-bg-pid; wait'
t_sh 'false; echo $?; echo $?'
t_sh 'set -e; echo $- | grep -c e'
t_sh 'set -- a b c; shift; echo $@; shift 2; echo $#'
t_sh 'echo "$#"'

# command substitution
t_sh 'echo $(echo hi)'
t_sh 'echo `echo bq`'
t_sh 'x=$(printf "a\n\n\n"); echo "[$x]"'
t_sh 'echo $(echo $(echo nested))'
t_sh 'echo `echo \`echo inner\``'
t_sh 'x=$(exit 3); echo $?'
t_sh 'echo "$(printf "a b\nc")"'
t_sh 'echo $(printf "a b\nc")'
t_sh 'x=$(false) && echo yes || echo no'
t_sh 'echo $(case a in a) echo caseok;; esac)'
t_sh 'echo $( (echo subshell) )'
t_sh 'echo "$(cat <<EOF
heredoc in subst
EOF
)"'

# arithmetic
t_sh 'echo $((1+2*3)) $(((1+2)*3)) $((7/2)) $((7%3)) $((-5/2))'
t_sh 'echo $((1<2)) $((2<=1)) $((3==3)) $((3!=3)) $((1&&0)) $((0||2))'
t_sh 'echo $((5&3)) $((5|3)) $((5^3)) $((~0)) $((1<<4)) $((256>>2))'
t_sh 'echo $((!0)) $((!5)) $((-(-3))) $((+4))'
t_sh 'x=5; echo $((x+1)) $(($x+1)) $((x*x))'
t_sh 'x=2; echo $((x+=3)); echo $x; echo $((x*=2)) $x'
t_sh 'echo $((y=7)) $y'
t_sh 'echo $((1?2:3)) $((0?2:3))'
t_sh 'echo $((0x10)) $((010)) $((  12  ))'
t_sh 'x=3; y=4; echo $(( x > y ? x : y ))'
t_sh 'echo $((1/0)); echo after'
t_sh 'echo $((0 && 1/0)) $((1 || 1/0))'
t_sh 'x="2+3"; echo $((x*2))'
t_sh 'i=0; while [ $i -lt 5 ]; do i=$((i+1)); done; echo $i'
t_sh 'echo $((2147483647+1)) $((-9223372036854775807-1))'

# field splitting
t_sh 'x="a b  c"; set -- $x; echo $#'
t_sh 'IFS=:; x=a:b::c; set -- $x; echo $#; for i; do echo "[$i]"; done'
t_sh 'IFS=": "; x="a : b"; set -- $x; echo $#'
t_sh 'x=" lead trail "; set -- $x; echo "$#[$1][$2]"'
t_sh 'IFS=; x="a b"; set -- $x; echo $#'
t_sh 'x=""; set -- $x; echo $#; set -- "$x"; echo $#'
t_sh 'IFS=,; x="a,b,"; set -- $x; echo $#'
t_sh 'x="1 2"; y=$x; echo "$y"'
t_sh 'unset IFS; x="a	b"; set -- $x; echo $#'

# globbing
t_sh 'echo *.txt'
t_sh 'echo *'
t_sh 'echo .*' 
t_sh 'echo ?.log'
t_sh 'echo [ab].txt'
t_sh 'echo [!a].txt'
t_sh 'echo nomatch*'
t_sh 'echo "*.txt"'
t_sh 'echo \*.txt'
t_sh 'x="*.txt"; echo $x; echo "$x"'
t_sh 'echo dir/*.c'
t_sh 'echo */'
t_sh 'set -f; echo *.txt'
t_sh 'for f in *.txt; do echo "file $f"; done'

# tilde
t_sh 'HOME=/home/test; echo ~ ~/x "~" ~nosuchuserxyz'
t_sh 'HOME=/h; x=~/y; echo $x'
t_sh 'echo ~root | grep -c /'

# assignments
t_sh 'x=1 y=2; echo $x$y'
t_sh 'x=a; x=${x}b; echo $x'
t_sh 'x="$(echo a b)"; echo "$x"'
t_sh 'x=$(echo a b); echo "$x"'
t_sh 'x=*; echo "$x"'
t_sh 'x=1; x=2 true; echo $x'
t_sh 'x=outer; x=inner sh -c "echo \$x"; echo $x' 
t_sh 'export E=exported; sh -c "echo \$E"'
t_sh 'a=1 b=$a; echo $b'
t_sh 'HOME=/h; y=~/a:~/b; echo $y'
t_sh 'echo "`echo \"x\"`" `echo \"y\"`'
t_sh 'echo "${x-"nested q"}" "${x-a\"b}"'
t_sh 'echo $(( $((1+2)) * 3 ))'
t_sh 'echo "a\
b"'
t_sh 'x=y; y=z; eval echo \$$x'
t_sh 'true & false & wait; echo $?'

t_done
