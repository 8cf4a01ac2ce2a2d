#!/bin/bash
# buggiebox.sh SUITE: replays the recorded BuggieBox suite SUITE inside Atoll
# (/tests/buggiebox/run.sh SUITE under BuggieBox's sh; recorded at build time by
# buggiebox-record.sh against dash and the host's tools). Passes when the runner
# exits 0 and its summary line (the last "N passed, N failed"; kernel messages may
# follow it on the console) says "N passed, 0 failed"; prints the FAIL lines otherwise.
set -u
suite=${1:?usage: buggiebox.sh SUITE}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
log=$ATOLL_BUILD_DIR/Testing/guest-run/buggiebox-$suite.log
gr_step "$suite" "sh /tests/buggiebox/run.sh $suite </dev/null"
gr_boot "$log" 800 || exit 1
out=$(gr_output "$log" "$suite")
status=$(gr_status "$log" "$suite")
last=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n1)
if [ "$status" = 0 ] && printf '%s\n' "$last" | grep -Eq '^[1-9][0-9]* passed, 0 failed$'; then
	echo "guest.buggiebox.$suite: $last"
	exit 0
fi
printf '%s\n' "$out" | grep -A3 '^FAIL '
echo "FAIL guest.buggiebox.$suite: status $status, summary '$last' (log: $log)"
exit 1
