# BuggieBox's process and kernel-state applets: ps, kill, pgrep, free, uptime,
# dmesg. Live data is checked with regexes; where the data can be pinned down
# (a sleeper process the test starts, the totals of /proc/meminfo, the start of
# the kernel log) the output is compared with procps-ng and util-linux.
# Signals go only to processes this suite starts, or to pid 2147483647, which
# cannot exist (it is above any pid_max).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/system_lib.sh"

# Starts ./bbsys_sleeper (a copy of sleep, so its name is unique) as $p, and
# kills it when the script ends.
SLEEPER='cp "$(command -v sleep)" ./bbsys_sleeper; ./bbsys_sleeper 4711 & p=$!; trap "kill $p 2>/dev/null; wait" EXIT; sleep 0.2;'
NOPID=2147483647

# ps
t_match --head '^ +PID TTY +TIME CMD$' --rows '^ *[0-9]+ [^ ]+ +([0-9]+-)?[0-9]{2}:[0-9]{2}:[0-9]{2} .+$' -- ps
t_match --head '^UID +PID +PPID +C STIME TTY +TIME CMD$' \
	--rows '^[^ ]+ +[0-9]+ +[0-9]+ +[0-9]+ [A-Za-z0-9:]{4,5} +[^ ]+ +([0-9]+-)?[0-9:]{8} .+$' --has ' \[kthreadd\]$| /' -- ps -ef
t_match --head '^USER +PID %CPU %MEM +VSZ +RSS TTY +STAT START +TIME COMMAND$' \
	--rows '^[^ ]+ +[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9]+ [^ ]+ +[RSDZTtXIWPK][<NLslL+]* +[A-Za-z0-9:]+ +[0-9]+:[0-9]{2} .+$' -- ps aux
t_match --head '^ +PID +PPID USER +STAT COMMAND +COMMAND$' \
	--rows '^ *[0-9]+ +[0-9]+ [^ ]+ +[RSDZTtXIWPK][<NLslL+]* +.+$' --has '^ +1 +0 ' -- ps -o pid,ppid,user,stat,comm,args
# PIDs are folded with the blanks padding them: the two runs may get PIDs of different lengths.
t_cmd "ps -o pid,ppid,user,group,stat,comm,args,tty,time,nice,nlwp -p (a sleeper)" \
	"$SLEEPER"' $BB ps -o pid,ppid,user,group,stat,comm,args,tty,time,nice,nlwp -p $p | sed "s/ *\b$p\b/PID/; s/ *\b$$\b/PPID/"' \
	"$SLEEPER"' ps -o pid,ppid,user,group,stat,comm,args,tty,time,nice,nlwp -p $p | sed "s/ *\b$p\b/PID/; s/ *\b$$\b/PPID/"'
t_cmd "ps -f -p (a sleeper)" "$SLEEPER"' $BB ps -f -p $p | sed "s/ *\b$p\b/PID/; s/ *\b$$\b/PPID/"' \
	"$SLEEPER"' ps -f -p $p | sed "s/ *\b$p\b/PID/; s/ *\b$$\b/PPID/"'
t_cmd "ps -o pid=,comm= -p (a sleeper)" "$SLEEPER"' $BB ps -o pid=,comm= -p $p | sed "s/ *\b$p\b/PID/"' \
	"$SLEEPER"' ps -o pid=,comm= -p $p | sed "s/ *\b$p\b/PID/"'
t_cmd "ps: a command name with spaces and parentheses" \
	'cp "$(command -v sleep)" "./a) (b c"; "./a) (b c" 30 & p=$!; sleep 0.2; $BB ps -o comm=,args=,stat= -p $p; kill $p' \
	'cp "$(command -v sleep)" "./a) (b c"; "./a) (b c" 30 & p=$!; sleep 0.2; ps -o comm=,args=,stat= -p $p; kill $p'
t_cmd "ps -o pid=X,comm=Y -p 1" '$BB ps -o pid=X,comm=Y -p 1' 'ps -o pid=X,comm=Y -p 1'
t_diff -- ps -p $NOPID
t_expect --status 1 --err "unknown output field 'bogus'" -- ps -o pid,bogus
t_expect --status 1 --err "Usage" -- ps -Q

# kill
t_script "kill -s USR1" 138 "$SLEEPER"' $BB kill -s USR1 $p; wait $p; echo $?'
t_script "kill -9" 137 "$SLEEPER"' $BB kill -9 $p; wait $p; echo $?'
t_script "kill -SIGALRM" 142 "$SLEEPER"' $BB kill -SIGALRM $p; wait $p; echo $?'
t_script "kill -HUP" 129 "$SLEEPER"' $BB kill -HUP $p; wait $p; echo $?'
t_script "kill (TERM)" 143 "$SLEEPER"' $BB kill $p; wait $p; echo $?'
t_script "kill -0 checks only" "0 alive" "$SLEEPER"' $BB kill -0 $p; echo $? $(kill -0 $p && echo alive)'
t_script "kill -- -PGID signals a process group" 143 \
	'cp "$(command -v sleep)" ./bbsys_sleeper; setsid ./bbsys_sleeper 30 & p=$!; sleep 0.2; $BB kill -- -$p; wait $p; echo $?'
t_diff --ref /usr/bin/kill -- kill -l
t_diff --ref /usr/bin/kill -- kill -l 9
t_cmd "kill -l 137 names the signal of an exit status (POSIX; as bash)" '$BB kill -l 137' 'kill -l 137'
t_diff --ref /usr/bin/kill -- kill -l KILL
t_diff --ref /usr/bin/kill -- kill -l SIGUSR2
t_diff --ref /usr/bin/kill -- kill $NOPID
t_diff --ref /usr/bin/kill -- kill -s NOSUCHSIG $NOPID
t_expect --status 1 --err 'unknown signal 99' -- kill -l 99
t_expect --status 1 --err 'not enough arguments' -- kill

# pgrep
t_script "pgrep -x NAME" yes "$SLEEPER"' [ "$($BB pgrep -x bbsys_sleeper)" = "$p" ] && echo yes'
t_cmd "pgrep -l" "$SLEEPER"' $BB pgrep -l bbsys_sl | sed "s/^$p /PID /"' "$SLEEPER"' pgrep -l bbsys_sl | sed "s/^$p /PID /"'
t_cmd "pgrep -f" "$SLEEPER"' $BB pgrep -f "bbsys_sleeper 4711$" | sed "s/^$p$/PID/"' \
	"$SLEEPER"' pgrep -f "bbsys_sleeper 4711$" | sed "s/^$p$/PID/"'
t_cmd "pgrep -u root -x" "$SLEEPER"' $BB pgrep -u root,0 -x bbsys_sleeper | sed "s/^$p$/PID/"' \
	"$SLEEPER"' pgrep -u root,0 -x bbsys_sleeper | sed "s/^$p$/PID/"'
t_cmd "pgrep -u nobody finds nothing" "$SLEEPER"' $BB pgrep -u nobody -x bbsys_sleeper; echo $?' \
	"$SLEEPER"' pgrep -u nobody -x bbsys_sleeper; echo $?'
t_cmd "pgrep -x does not match a prefix" "$SLEEPER"' $BB pgrep -x bbsys_sleepe; echo $?' \
	"$SLEEPER"' pgrep -x bbsys_sleepe; echo $?'
t_diff -- pgrep -x no_such_proc_z
t_diff -- pgrep 'a('
t_diff -- pgrep
t_diff -- pgrep -u no_such_user_zz sh

# free: the totals and the Swap row are stable, so they are compared with procps
for opt in "" -k -m -g -b -h -w "-t -m" "-h -w"; do
	t_cmd "free $opt (headers, totals, swap)" \
		"\$BB free $opt | awk '/^(Mem|Total)/ {print \$1, \$2; next} {print}'" \
		"free $opt | awk '/^(Mem|Total)/ {print \$1, \$2; next} {print}'"
done
t_match --head '^ {15}total {8}used {8}free {6}shared  buff/cache   available$' \
	--rows '^(Mem: +([0-9]+ +){5}[0-9]+|Swap: +[0-9]+ +[0-9]+ +[0-9]+)$' -- free
t_script "free: used + free + buff/cache is about total" yes \
	'$BB free | awk '\''/^Mem/ { d = $2 - $3 - $4 - $6; if (d < 0) d = -d; if (d < $2 / 20) print "yes" }'\'''
t_expect --status 1 --err 'Usage' -- free -Q

# uptime
t_match --head '^ [0-2][0-9]:[0-5][0-9]:[0-6][0-9] up ([0-9]+ days?, )?( ?[0-9]+:[0-9]{2}|[0-9]+ min), +[0-9]+ users?,  load average: [0-9]+\.[0-9]{2}, [0-9]+\.[0-9]{2}, [0-9]+\.[0-9]{2}$' -- uptime
t_match --head '^up ([0-9]+ (year|week|day|hour|minute)s?(, )?)+$' -- uptime -p
t_match --head '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$' -- uptime -s
t_cmd "uptime -p (as procps)" '$BB uptime -p' 'uptime -p'
t_cmd "uptime -s (as procps, to the minute)" '$BB uptime -s | cut -c1-16' 'uptime -s | cut -c1-16'
t_expect --status 1 --err 'Usage' -- uptime -Q
t_expect --status 1 --err "extra operand" -- uptime now

# dmesg: a busy host's log rotates while the test runs, so "the first lines" move.
# The reference is read first; every line BuggieBox prints first must be in it
# (lines older than the reference's first ones have rotated out before BuggieBox ran).
t_dmesg_lines() {
	local name=$1 mine=$2 ref=$3
	bash -c "$ref" >"$t_top/dref.out" 2>/dev/null
	bash -c "$mine" >"$t_top/dbb.out" 2>"$t_top/dbb.err"
	local ok=1
	[ -s "$t_top/dbb.out" ] || ok=0
	grep -F -x -v -f "$t_top/dref.out" "$t_top/dbb.out" >"$t_top/dmissing" && ok=0
	_t_report $ok "$name"
	[ $ok = 1 ] || { echo "  lines not in the reference:"; head -5 "$t_top/dmissing" | sed 's/^/  /'; }
}
if dmesg >/dev/null 2>&1; then
	t_dmesg_lines "dmesg (first lines)" '$BB dmesg | head -n 5' 'dmesg'
	t_dmesg_lines "dmesg -r (first lines)" '$BB dmesg -r | head -n 5' 'dmesg -r'
	t_match --head '^\[ *[0-9]+\.[0-9]{6}\] ' -- dmesg
	# Atoll may answer syslog(2) with ENOSYS: strace makes Linux do the same, so the
	# /dev/kmsg reader is exercised too.
	if command -v strace >/dev/null; then
		NOSYSLOG='strace -qq -e trace=none -e inject=syslog:error=ENOSYS'
		t_dmesg_lines "dmesg from /dev/kmsg when syslog(2) is ENOSYS" \
			"$NOSYSLOG \$BB dmesg | head -n 20" 'dmesg'
		t_dmesg_lines "dmesg -r from /dev/kmsg when syslog(2) is ENOSYS" \
			"$NOSYSLOG \$BB dmesg -r | head -n 20" 'dmesg -r'
	else
		_t_report 0 "strace is missing: the /dev/kmsg reader of dmesg was not tested"
	fi
else
	_t_report 0 "dmesg: the host's kernel log cannot be read here ($(dmesg 2>&1 | head -1))"
fi
t_expect --status 1 --err "invalid level" -- dmesg -n 99
t_expect --status 1 --err 'Usage' -- dmesg -Q
t_expect --status 1 --err "extra operand" -- dmesg now

t_done
