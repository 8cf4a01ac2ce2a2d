#!/bin/bash
# The interactive shell through a real terminal: tmux runs `BuggieBox sh` in a
# pane, send-keys types, capture-pane reads the screen. Covers the prompt
# (hostname and cwd), line editing (left/right, home/end, backspace, delete,
# ^W, ^U), history, tab completion, ^C, ^Z/fg, background jobs, PS2 and ^D.
# Every wait is bounded (poll up to 5 s; 30 s in the guest).
#
# With ATOLL_INTERACTIVE=guest the same checks run inside Atoll: the pane runs
# Meta/qemu-run, which makes the terminal Atoll's serial console, the fixture is
# typed into the console's shell, and each shell under test is started from it
# (Tests/GuestRun adds this as guest.buggiebox.shell_interactive).
. "$(dirname "$0")/lib.sh"
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 0; }

mode=${ATOLL_INTERACTIVE:-host}
if [ "$mode" = guest ]; then
	polls=300 settle=2 host=atoll home=/tmp/interactive/home path=/bin
else
	polls=50 settle=0.3 host=$(hostname) home="$t_top/home" path="$ATOLL_BIN:/usr/bin:/bin"
fi
. "$(dirname "$0")/tmux.inc"
# The fixture, as a script: run here, or typed into the guest's console.
fixture="mkdir -p $home/work/subdir_only $home/bin && cd $home/work &&
touch completion_target.txt multi_a multi_b &&
printf '#!/bin/sh\\necho custom tool ran\\n' >$home/bin/zqxtool && chmod +x $home/bin/zqxtool"

# boot_guest: Atoll in the pane, its console shell at a prompt, the fixture made.
boot_guest() {
	new_pane / "$ATOLL_SOURCE_DIR/Meta/qemu-run --timeout 1200; echo qemu-exited=\$?; sleep 60"
	wait_screen '^rc: Atoll is up' >/dev/null && sleep "$settle"
	keys Enter
	wait_screen '[$#] ?$' >/dev/null
	keys -l "$(printf '%s' "$fixture" | tr '\n' ' ')"
	keys Enter
}

# start [PS1]: a fresh shell in $home/work (PS1 unset: the default prompt). In the
# guest the previous shell under test exits first and the screen is cleared.
start() {
	local env="env -i HOME=$home TERM=xterm PATH=$home/bin:$path"
	[ $# -gt 0 ] && env="$env PS1='$1'"
	if [ "$mode" = guest ]; then
		if [ -n "${started:-}" ]; then
			keys C-u 'exit' Enter
			wait_screen '^shell-exited=' >/dev/null
		else
			boot_guest
		fi
		started=1
		tmux -S "$sock" send-keys -R \; clear-history
		keys -l "cd $home/work && $env sh; echo shell-exited=\$?"
		keys Enter
	else
		mkdir -p "$home"
		(cd "$home" && bash -c "$fixture")
		new_pane "$home/work" "$env $BB sh; echo shell-exited=\$?; sleep 60"
	fi
	wait_screen '[$#] ?$' >/dev/null
}
start
check "default prompt shows hostname and cwd" "^$host:~/work[\$#] ?\$"
keys 'cd /' Enter
check "prompt follows cd" "^$host:/[\$#] ?\$"

start '$ '
keys 'echo plain-command' Enter
check "runs a command" '^plain-command$'
keys 'echo mid' Left Left Left 'X' Enter
check "left arrow inserts mid-line" '^Xmid$'
keys 'echo abc' Left Left Right 'Y' Enter
check "right arrow" '^abYc$'
keys 'cho home' Home 'e' End '-end' Enter
check "home and end" '^home-end$'
keys 'echo abcd' BSpace BSpace Enter
check "backspace" '^ab$'
keys 'echo wxyz' Left Left DC Enter
check "delete key" '^wxz$'
keys 'echo one two three' C-w C-w 'four' Enter
check "ctrl-w deletes words" '^one four$'
keys 'garbage text' C-u 'echo after-kill' Enter
check "ctrl-u kills the line" '^after-kill$'
# QEMU's console takes ^A as its escape key: ^A ^A sends one ^A.
if [ "$mode" = guest ]; then ctrl_a=(C-a C-a); else ctrl_a=(C-a); fi
keys 'xecho ab' "${ctrl_a[@]}" C-d C-e C-b 'Q' Enter
check "ctrl-a ctrl-d ctrl-e ctrl-b" '^aQb$'

keys 'echo hist-one' Enter
keys 'echo hist-two' Enter
wait_screen '^hist-two$' >/dev/null
keys Up Up Enter
wait_screen '^hist-one$' >/dev/null; sleep "$settle"
_t_report $([ "$(screen | grep -c '^hist-one$')" = 2 ] && echo 1 || echo 0) "interactive: history up recalls older lines"
keys 'echo draft' Up Down ' kept' Enter
check "history down returns to the draft" '^draft kept$'

keys 'zqxt' Tab ' arg' Enter
check "tab completes a command on PATH" 'custom tool ran'
keys 'cat completion_t' Tab Enter
check "tab completes a file name" '^\$ cat completion_target.txt ?$'
keys 'echo subdir_o' Tab 'x' Enter
check "tab completes a directory with /" '^subdir_only/x$'
keys 'echo multi_' Tab Tab
check "tab lists several matches" 'multi_a +multi_b'
keys C-u Enter

keys 'sleep 30' Enter
sleep "$settle"
keys C-c
wait_prompt
keys 'echo status=$?' Enter
check "ctrl-c interrupts the foreground job, not the shell" '^status=130$'
keys 'partial line' C-c
keys 'echo after-cancel' Enter
check "ctrl-c at the prompt abandons the line" '^after-cancel$'
keys 'while :; do :; done' Enter
sleep "$settle"
keys C-c
wait_prompt
keys 'echo loop-broken' Enter
check "ctrl-c stops a shell loop" '^loop-broken$'

keys 'cat' Enter
sleep "$settle"
keys C-z
check "ctrl-z stops the job" 'Stopped +cat'
keys 'jobs' Enter
check "jobs lists it" '^\[1\]\+ +Stopped +cat$'
keys 'fg' Enter
sleep "$settle"
keys 'resumed-input' Enter C-d
check "fg resumes it in the foreground" '^resumed-input$'

keys 'sleep 3' Enter
sleep "$settle"
keys C-z
wait_prompt
keys 'bg' Enter
check "bg resumes a stopped job" '^\[1\] sleep 3 &$'
keys 'jobs' Enter
check "jobs shows it running" '^\[1\]\+ +Running +sleep 3$'
keys 'kill %1; wait; echo killed=$?' Enter
check "kill %1 signals the job" '^killed=0$|^killed=143$'

keys 'sleep 1 &' Enter
check "background job reports its number" '^\[1\] [0-9]+$'
keys 'wait; echo waited=$?' Enter
check "wait for it" '^waited=0$'

keys 'for i in 1 2' Enter
check "PS2 for an unfinished command" '^> ?$'
keys 'do echo n$i' Enter 'done' Enter
check "continued command runs" '^n2$'
keys 'if' Enter 'then' Enter
check "syntax error keeps the shell" 'syntax error: unexpected "then"'
keys 'echo still-alive' Enter
check "shell continues after a syntax error" '^still-alive$'
check "with a fresh PS1 prompt, not PS2" '^\$ echo still-alive$'

long=$(printf 'a%.0s' $(seq 150))
keys "echo $long | wc -c"
check "a line wider than the terminal scrolls sideways" 'aaaa \| wc -c$'
keys Home Right Right Right Right Right Right 'X' Enter
check "and still runs whole" '^152$'

keys 'f() { echo in-f; echo ${u?oops}; }; set -- top' Enter
keys 'f arg >unwind.out' Enter
keys 'echo visible $1' Enter
check "an error inside a redirected function returns to the prompt intact" '^visible top$'
wait_prompt
keys 'PS1="[\$((6*7))]\\$ "' Enter
check "PS1 gets parameter and arithmetic expansion" '^\[42\][$#] ?$'
keys C-d
check "ctrl-d on an empty line exits" '^shell-exited=0$'
if [ "$mode" = guest ]; then
	keys "grep -c '^echo hist-[a-z]*\$' $home/.sh_history" Enter
	check "the history file got the lines (~/.sh_history)" '^3$'
	keys 'poweroff' Enter
	check "poweroff from the console ends QEMU with status 0" '^qemu-exited=0$'
fi

t_done
