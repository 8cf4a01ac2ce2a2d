#!/bin/bash
# The shell's error messages and exit statuses, and scripts run from files.
. "$(dirname "$0")/lib.sh"
t_setup() {
	printf 'echo "script $0 $# $1"\nexit 4\n' > script.sh
	printf '#!/bin/sh\necho shebang ok\n' > run.sh; chmod +x run.sh
	printf 'echo no shebang line\n' > plain.sh; chmod +x plain.sh
	printf 'echo line1\necho line2\nif true; then\nfi\necho never\n' > bad.sh
	printf 'echo noexec\n' > noexec.sh; chmod -x noexec.sh
	mkdir -p adir
	printf 'echo from-env\nalias ll="echo LL"\n' > envfile.sh
	printf 'PROFILED=home-profile\n' > .profile
}

# syntax errors name the line and the token, status 2
t_expect --status 2 --err '^sh: line 1: syntax error: unexpected "fi"$' -- sh -c 'fi'
t_expect --status 2 --err 'line 3: syntax error: unexpected "fi"' -- sh -c 'echo a
if true; then
fi'
t_expect --status 2 --err 'line 1: syntax error: unexpected end of file' -- sh -c 'if true; then echo x'
t_expect --status 2 --err 'unexpected "\)"' -- sh -c 'echo )'
t_expect --status 2 --err 'unexpected ";;"' -- sh -c ';;'
t_expect --status 2 --err 'unexpected "done"' -- sh -c 'for i in 1; done'
t_expect --status 2 --err 'unexpected "\|"' -- sh -c '| cat'
t_expect --status 2 --err 'unexpected "&&"' -- sh -c 'echo a && && echo b'
t_expect --status 2 --err 'unterminated quoted string' -- sh -c 'echo "abc'
t_expect --status 2 --err "unterminated quoted string" -- sh -c "echo 'abc"
t_expect --status 2 --err 'missing closing bracket' -- sh -c 'echo $(echo'
t_expect --status 2 --err 'unexpected end of file' -- sh -c 'echo >'
t_expect --status 2 --err 'unexpected newline' -- sh -c 'echo >
echo'
t_expect --status 2 --out 'line1
line2' --err 'bad.sh: line 4: syntax error: unexpected "fi"' -- sh bad.sh
t_expect --status 2 --err 'bad function name' -- sh -c '1f() { :; }'

# missing commands
t_expect --status 127 --err '^sh: nosuchcmd: not found$' -- sh -c 'nosuchcmd'
t_expect --status 127 --err 'sh: ./nosuch: not found' -- sh -c './nosuch'
t_expect --status 0 --out '127' -- sh -c 'nosuchcmd 2>/dev/null; echo $?'
t_expect --status 126 --err 'noexec.sh: Permission denied' -- sh -c './noexec.sh'
t_expect --status 126 --err 'adir: Permission denied' -- sh -c './adir'

# redirections name the path and the reason
t_expect --status 2 --err '^sh: cannot open /nonexistent/in: No such file or directory$' -- sh -c 'cat </nonexistent/in'
t_expect --status 2 --err 'cannot create /nonexistent/out: No such file or directory' -- sh -c 'echo x >/nonexistent/out'
t_expect --status 0 --out 'after 2' --err 'cannot create adir: Is a directory' -- sh -c 'echo x >adir; echo after $?'
t_expect --status 2 --err '7: Bad file descriptor' -- sh -c 'echo x >&7'
t_expect --status 0 --out 'ok' --err 'cannot open nofile' -- sh -c '{ echo in; } <nofile; echo ok'
t_expect --status 2 --err 'a: bad file descriptor number' -- sh -c 'echo x >&a'

# expansion errors
t_expect --status 2 --err 'sh: u: parameter not set' -- sh -c 'set -u; echo $u'
t_expect --status 2 --err 'sh: u: custom text' -- sh -c 'echo ${u?custom text}'
t_expect --status 2 --err 'division by zero' -- sh -c 'echo $((1/0))'
t_expect --status 2 --err 'bad substitution' -- sh -c 'echo ${x!}'
t_expect --status 2 --err 'R: is read only' -- sh -c 'readonly R=1; R=2'

# builtins
t_expect --status 2 --err "cd: can't cd to /nonexistent: No such file or directory" -- sh -c 'cd /nonexistent'
t_expect --status 2 --err "shift: can't shift that many" -- sh -c 'shift 3'
t_expect --status 2 --err 'exit: Illegal number: abc' -- sh -c 'exit abc'
t_expect --status 1 --err 'trap: BOGUS: bad trap' -- sh -c 'trap "echo x" BOGUS'
t_expect --status 2 --err 'local: not in a function' -- sh -c 'local x'
t_expect --status 1 --err 'alias: nope not found' -- sh -c 'alias nope'
t_expect --status 2 --err 'umask: Illegal mode: 999' -- sh -c 'umask 999'
t_expect --status 127 --err 'nosuch: not found' -- sh -c 'type nosuch'
t_expect --status 0 --out 'cd is a shell builtin
exit is a special shell builtin
if is a shell keyword' -- sh -c 'type cd exit if'
t_expect --status 2 --err 'set: -Q: bad option' -- sh -c 'set -Q'

t_expect --status 0 --out '143' -- sh -c 'sleep 5 & kill %1; wait %1; echo $?'
t_expect --status 1 --err 'kill: %3: no such job' -- sh -c 'kill %3'

# invocation
t_expect --status 4 --out 'script script.sh 2 a' -- sh script.sh a b
t_expect --status 0 --out 'shebang ok' -- sh -c './run.sh'
t_expect --status 0 --out 'no shebang line' -- sh -c './plain.sh'
t_expect --status 127 --err 'sh: cannot open nosuch.sh: No such file or directory' -- sh nosuch.sh
t_expect --status 2 --err '\-c requires an argument' -- sh -c
t_expect --status 2 --err 'bad option' -- sh -Q -c 'echo'
t_expect --status 0 --out 'name x y' -- sh -c 'echo $0 $1 $2' name x y
t_expect --in 'echo "args: $*"
' --status 0 --out 'args: a b' -- sh -s a b
t_expect --in 'll x
' --status 0 --out 'from-env
LL x' -- sh -c 'ENV=./envfile.sh "$0" sh -i 2>/dev/null' "$BB"
t_expect --in 'echo $PROFILED
' --status 0 --out 'home-profile' -- sh -c 'HOME=$PWD "$0" sh -l 2>/dev/null | tail -n 1' "$BB"
t_expect --in 'echo from stdin; echo $((6*7))
' --status 0 --out 'from stdin
42' -- sh
t_expect --in 'read x
piped-line
echo got $x
' --status 0 --out 'got piped-line' -- sh
t_expect --in 'echo a
exit 5
echo b
' --status 5 --out 'a' -- sh
t_expect --status 0 --out 'Usage: sh [-eufxils] [-c CMD [NAME [ARGS]] | FILE [ARGS]]

command interpreter' -- sh --help
t_expect --status 0 --out '+ echo traced
traced' -- sh -c '{ set -x; echo traced; } 2>&1'
t_expect --status 0 --err '^\+ echo hi$' -- sh -xc 'echo hi'
t_expect --status 0 --out "+ x='1 2' y=3
+ echo 'a b' plain ''
a b plain " -- sh -c '{ set -x; x="1 2" y=3; echo "a b" plain ""; } 2>&1'
t_expect --status 3 --out 'e' -- sh -ec 'echo e; (exit 3); echo no'

t_done
