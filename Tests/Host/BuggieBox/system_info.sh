# BuggieBox system applets that report or change the process's world: env, sleep,
# date, uname, hostname, id, whoami, which, clear. Compared with coreutils,
# net-tools/util-linux, debianutils and ncurses where the output is defined.
# Setting the host name happens only inside `unshare -u`; the clock is never set.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/system_lib.sh"

t_setup() {
	printf '#!/bin/sh\necho hi\n' >noexec
	touch -d @1000000000 stamp
}

# env
t_diff -- env -i A=1 B=2
t_diff -- env -i A=1 -u A B=2
t_diff -- env - X=y
t_diff -- env -i PATH=/usr/bin:/bin A=42 sh -c 'echo $A; echo $B'
t_diff -- env -i /nonexistent/cmd
t_diff -- env -i ./noexec
t_diff -- env -Z
t_cmd "env passes the environment on" 'FOO=bar $BB env | grep ^FOO=' 'FOO=bar env | grep ^FOO='

# sleep
t_diff -- sleep 0
t_diff -- sleep 0.05
t_diff -- sleep 0.01s 0.01 0m 0h 0d
t_diff -- sleep 1x
t_diff -- sleep
t_diff -- sleep -1
t_script "sleep 0.3 sleeps at least 0.3 s" yes \
	's=$(date +%s%N); $BB sleep 0.3; e=$(date +%s%N); [ $((e - s)) -ge 300000000 ] && echo yes'
t_script "sleep 0.0001h sleeps 0.36 s and not a minute" yes \
	's=$(date +%s%N); $BB sleep 0.0001h; e=$(date +%s%N); d=$((e - s)); [ $d -ge 360000000 ] && [ $d -lt 5000000000 ] && echo yes'

# date (never -s: that would set the host's clock)
t_diff -- date -u -d @0
t_diff -- date -u -d @1234567890 '+%Y-%m-%d %H:%M:%S %Z %s %j %a %b %e'
t_diff -- date -u -d @1234567890 +%s.%N
t_diff -- date -u -r stamp
t_diff -- date -u -d @-86400
t_diff -- date -d yesterday-ish
t_diff -- date -r /nonexistent
t_diff -- date -u -d @0 -r stamp
t_match --head '^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] UTC [0-9]{4}$' -- date -u
t_cmd "date +%Y-%m-%d is today" '$BB date -u +%Y-%m-%d' 'date -u +%Y-%m-%d'

# uname
t_diff -- uname
t_diff -- uname -a
t_diff -- uname -s -n -r -v -m -o
t_diff -- uname -snrvmpio
t_diff -- uname -m
t_diff -- uname -p
t_diff -- uname -X
t_diff -- uname extra

# hostname: reading compared with the host's; setting only in a new UTS namespace
t_diff -- hostname
t_diff -- hostname -s
t_expect --status 1 --err 'Usage' -- hostname -Z
t_script "hostname NAME sets it (unshare -u)" "atoll-test.example.org
atoll-test" 'unshare -u sh -c "$BB hostname atoll-test.example.org && $BB hostname && $BB hostname -s"'
t_script "hostname -F FILE sets it (unshare -u)" "from-file" \
	'printf "# comment\n\nfrom-file\n" >h; unshare -u sh -c "$BB hostname -F h && hostname"'
t_script "hostname: a name over 64 bytes is refused (unshare -u)" "1 $(hostname)" \
	'unshare -u sh -c "$BB hostname $(printf %070d 0) 2>err; echo \$? \$(hostname); grep -q \"Invalid argument\" err"'
t_expect --status 1 --err 'nofile: No such file' -- hostname -F nofile

# id and whoami
t_diff -- id
t_diff -- id -u
t_diff -- id -g
t_diff -- id -G
t_diff -- id -un
t_diff -- id -gn
t_diff -- id -Gn
t_diff -- id -ur
t_diff -- id root
t_diff -- id nobody
t_diff -- id -Gn nobody
t_diff -- id nosuchuser_zz
t_diff -- id -n
t_diff -- id -ug
t_cmd "id as uid 65534" 'setpriv --reuid 65534 --regid 65534 --clear-groups $BB id' \
	'setpriv --reuid 65534 --regid 65534 --clear-groups id'
t_cmd "id with ids that have no names" 'setpriv --reuid 4242 --regid 4243 --groups 4244,0 $BB id' \
	'setpriv --reuid 4242 --regid 4243 --groups 4244,0 id'
t_cmd "id -un of an id without a name fails" 'setpriv --reuid 4242 $BB id -un 2>/dev/null' \
	'setpriv --reuid 4242 id -un 2>/dev/null'
t_diff -- whoami
t_diff -- whoami extra
t_cmd "whoami as nobody" 'setpriv --reuid 65534 $BB whoami' 'setpriv --reuid 65534 whoami'
t_cmd "whoami without a name fails" 'setpriv --reuid 4242 $BB whoami 2>/dev/null' \
	'setpriv --reuid 4242 whoami 2>/dev/null'
t_expect --status 1 --err 'Usage' -- whoami -Q

# which
t_diff -- which sh
t_diff -- which -a sh
t_diff -- which nosuch_command_zz
t_diff -- which sh nosuch_command_zz ls
t_diff -- which /bin/sh
t_diff -- which ./noexec
t_diff -- which
t_expect --status 2 --err 'unrecognized option' -- which -z sh
t_cmd "which: an empty PATH element is the current directory" \
	'chmod +x noexec; PATH=:/bin $BB which noexec' 'chmod +x noexec; PATH=:/bin which noexec'

# clear (ncurses' bytes for TERM=xterm)
t_diff --ref "env TERM=xterm clear" -- clear
t_diff --ref "env TERM=xterm clear" -- clear -x
t_diff --ref "env TERM=xterm clear" -- clear -Q
t_expect --status 1 --err "extra operand" -- clear extra
t_expect --out "Usage: clear [-x]

clear the terminal screen" -- clear --help

t_done
