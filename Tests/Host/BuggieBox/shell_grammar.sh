#!/bin/bash
# The shell's grammar against dash: lists, pipelines, compound commands,
# functions, redirections and here-documents. Each case runs under
# `BuggieBox sh -c` and `dash -c`; stdout and exit status must match.
. "$(dirname "$0")/lib.sh"

# lists and exit statuses
t_sh 'echo one; echo two'
t_sh 'true && echo yes; false && echo no; true'
t_sh 'false || echo fallback; true || echo never'
t_sh 'false; echo $?'
t_sh 'true; echo $?'
t_sh 'exit 3'
t_sh 'exit 300'
t_sh 'false && true || echo mixed'
t_sh '! true; echo $?'
t_sh '! false; echo $?'
t_sh 'true &&
echo continued'
t_sh 'echo a;;' 
t_sh 'echo "unterminated'
t_sh 'if true; then echo; fi fi'
t_sh ''
t_sh '# only a comment'
t_sh 'echo a # trailing comment'
t_sh 'echo a\
b'

# pipelines
t_sh 'echo hello | cat'
t_sh 'printf "b\na\nc\n" | sort | head -n 2'
t_sh 'false | true; echo $?'
t_sh 'true | false; echo $?'
t_sh '! echo x | false; echo $?'
t_sh 'echo a |
cat'
t_sh 'x=1; echo $x | { read y; echo got $y; }; echo x=$x'

# subshells and groups
t_sh '(echo in sub; exit 4); echo $?'
t_sh 'x=out; (x=in; echo $x); echo $x'
t_sh '{ echo a; echo b; } | cat'
t_sh 'x=1; { x=2; }; echo $x'
t_sh '(cd /; pwd); pwd >/dev/null; echo ok'
t_sh '{ echo group; } > out.txt; cat out.txt'
t_sh '( (echo nested) )'

# if / elif / else
t_sh 'if true; then echo t; else echo f; fi'
t_sh 'if false; then echo t; else echo f; fi'
t_sh 'if false; then echo 1; elif true; then echo 2; else echo 3; fi'
t_sh 'if false; then echo 1; elif false; then echo 2; else echo 3; fi'
t_sh 'if false; then echo 1; fi; echo $?'
t_sh 'if
true
then
echo multi
fi'
t_sh 'if false; then :; else exit 7; fi'

# loops
t_sh 'for i in 1 2 3; do echo $i; done'
t_sh 'for i in; do echo never; done; echo done'
t_sh 'set -- a b c; for i; do echo $i; done'
t_sh 'set -- x y; for i do echo $i; done'
t_sh 'for i in a b
do
echo $i
done'
t_sh 'i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done'
t_sh 'i=0; until [ $i -ge 3 ]; do echo $i; i=$((i+1)); done'
t_sh 'for i in 1 2 3 4 5; do if [ $i = 3 ]; then break; fi; echo $i; done'
t_sh 'for i in 1 2 3 4; do if [ $i = 2 ]; then continue; fi; echo $i; done'
t_sh 'for i in a b; do for j in 1 2; do [ $j = 2 ] && break 2; echo $i$j; done; done'
t_sh 'for i in a b; do for j in 1 2; do [ $j = 1 ] && continue 2; echo $i$j; done; done'
t_sh 'while false; do :; done; echo $?'
t_sh 'for i in 1 2; do echo $i; done | cat'
t_sh 'for i in 1 2 3; do echo $i; done > f; cat f'
t_sh 'i=0; while :; do i=$((i+1)); [ $i -gt 100 ] && break; done; echo $i'
t_sh 'printf "1\n2\n3\n" | while read n; do echo "n=$n"; done'

# case
t_sh 'case abc in a*) echo star;; *) echo other;; esac'
t_sh 'case x in a|b) echo ab;; x|y) echo xy;; esac'
t_sh 'case "a b" in "a b") echo quoted;; esac'
t_sh 'case foo in f??) echo three;; esac'
t_sh 'case 5 in [0-9]) echo digit;; esac'
t_sh 'case z in [!a-y]) echo notay;; esac'
t_sh 'case x in y) echo y;; esac; echo status $?'
t_sh 'p="*"; case abc in $p) echo glob;; esac'
t_sh 'p="*"; case abc in "$p") echo literal;; *) echo nomatch;; esac'
t_sh 'case a in (a) echo paren;; esac'
t_sh 'case a in
a)
echo one
;;
b) echo two
esac'
t_sh 'case x in *) ;; esac; echo $?'
t_sh 'case "" in "") echo empty;; esac'

# functions
t_sh 'f() { echo "args: $# $1 $2"; }; f a b'
t_sh 'f() { return 5; }; f; echo $?'
t_sh 'f() { echo $1; shift; echo $1; }; f x y; echo "$#"'
t_sh 'set -- outer; f() { echo $1; }; f inner; echo $1'
t_sh 'f() { x=changed; }; x=orig; f; echo $x'
t_sh 'f() { local x=local; echo $x; }; x=global; f; echo $x'
t_sh 'f() { echo recursion $1; [ $1 -lt 3 ] && f $(($1+1)); }; f 1'
t_sh 'f() (echo subshell body; exit 2); f; echo $?'
t_sh 'f()
{
echo newline body
}
f'
t_sh 'f() { for i in 1 2 3; do [ $i = 2 ] && return $i; done; }; f; echo $?'
t_sh 'f() { echo out; } >/dev/null; f; echo after'
t_sh 'g() { echo g; }; f() { g; }; f'
t_sh 'f() { echo "${0##*/}" | grep -c sh; }; f'
t_sh 'unset -f nosuch; f() { :; }; unset -f f; f; echo $?'

# redirections
t_sh 'echo hi > f; cat f'
t_sh 'echo a > f; echo b >> f; cat f'
t_sh 'echo in > f; cat < f'
t_sh 'ls /nonexistent-path 2>/dev/null; echo $?'
t_sh 'ls /nonexistent-path 2>&1 >/dev/null | wc -l'
t_sh '{ echo out; echo err >&2; } 2>&1 | sort'
t_sh 'exec 3>f; echo via3 >&3; exec 3>&-; cat f'
t_sh 'echo data > f; exec 4<f; read line <&4; echo $line'
t_sh 'echo x >&-; echo $?' 
t_sh 'cat <> f; echo rw'
t_sh 'echo a 1>f 2>&1; cat f'
t_sh '>empty; wc -c < empty'
t_sh 'x=f; echo var > $x; cat f'
t_sh 'echo one >f two; cat f'
t_sh 'while read l; do echo "[$l]"; done <<EOF
a
b
EOF'

# here-documents
t_sh 'cat <<EOF
hello
EOF'
t_sh 'x=val; cat <<EOF
x is $x and $(echo cmd) and $((1+2))
EOF'
t_sh 'x=val; cat <<"EOF"
no $x expansion
EOF'
t_sh "x=val; cat <<'EOF'
no \$x here either
EOF"
t_sh 'cat <<-EOF
	tab stripped
		twice
	EOF'
t_sh 'cat <<EOF
backslash \$x \\ \a
EOF'
t_sh 'cat <<A; cat <<B
first
A
second
B'
t_sh 'cat <<EOF | tr a-z A-Z
piped
EOF'
t_sh 'f() { cat <<EOF
in func $1
EOF
}; f arg'
t_sh 'cat <<EOF
line1
EOF
echo after'
t_sh 'cat << EOF
spaced delimiter
EOF'
t_sh 'cat <<EOF
EOF
echo empty-body'

t_done
