#!/bin/bash
# exhaust.sh: exhaustion on the bare system (Tests/Guest/Stress/exhaust.c): a fork to
# the process limit (EAGAIN), a fork bomb and a memory hog, then, in the same boot,
# commands typed into the console shell prove that the shell and init lived on: the
# shell answers, ps still shows init as PID 1 and the shell itself, and a fork+exec
# works.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
log=$ATOLL_BUILD_DIR/Testing/guest-run/exhaust.log
fail=0
bad() { echo "FAIL guest.exhaust: $*"; fail=1; }

gr_step exhaust "GT_TIMEOUT_SCALE=3 /tests/exhaust </dev/null"
gr_step alive "echo alive"
gr_step ps "ps </dev/null"
gr_step exec "/tests/gt-helper exit 7 </dev/null"
gr_boot "$log" 600 || exit 1

out=$(gr_output "$log" exhaust)
printf '%s\n' "$out"
[ "$(gr_status "$log" exhaust)" = 0 ] || bad "/tests/exhaust exited with $(gr_status "$log" exhaust)"
printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n1 |
	grep -Eq '^3 passed, 0 failed$' || bad "the summary is not '3 passed, 0 failed' (a SKIP is not a pass)"
[ "$(gr_output "$log" alive)" = alive ] || bad "the console shell did not answer afterwards"
ps_out=$(gr_output "$log" ps)
printf '%s\n' "$ps_out" | grep -Eq '^ *1 .* init$' || bad "ps shows no init as PID 1 afterwards"
printf '%s\n' "$ps_out" | grep -Eq ' sh$' || bad "ps shows no console shell afterwards"
[ "$(gr_status "$log" exec)" = 7 ] || bad "fork+exec of gt-helper afterwards: status $(gr_status "$log" exec), want 7"
[ $fail = 0 ] || printf '%s\n' "$ps_out" | sed 's/^/  ps | /'
[ $fail = 0 ] && echo "guest.exhaust: ok (the shell and init lived on)"
exit $fail
