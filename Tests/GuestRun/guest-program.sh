#!/bin/bash
# guest-program.sh PROG: runs the in-guest test program /tests/PROG inside Atoll and
# compares it with the host Linux.
#
# Passes when, in the guest, `/tests/PROG --observe` exits 0, its summary line is
# "N passed, 0 failed", no case FAILed, and its observation lines ("= case: ...")
# are exactly the ones the same program printed on the host (saved by ctest
# guest_on_host.PROG in Build/Testing/guest-observed/PROG.txt; made here by the same
# host script when missing or older than the program). SKIPs are allowed only where
# Documentation/GuestTests.md lists them, so they are printed, not hidden.
set -u
prog=${1:?usage: guest-program.sh PROG [BOOT-SECONDS]}
seconds=${2:-240}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
: "${ATOLL_BIN:?ATOLL_BIN must name the staged userland bin directory}"
log=$ATOLL_BUILD_DIR/Testing/guest-run/$prog.log
saved=$ATOLL_BUILD_DIR/Testing/guest-observed/$prog.txt
bin=$ATOLL_BIN/../tests/$prog
fail=0
bad() { echo "FAIL guest.$prog: $*"; fail=1; }
mkdir -p "$(dirname "$log")"

if [ ! -s "$saved" ] || [ "$bin" -nt "$saved" ]; then
	echo "guest.$prog: the host's observations are missing or stale; running the host side"
	bash "$ATOLL_SOURCE_DIR/Tests/Host/GuestOnHost/run-guest-program.sh" "$prog" >"$log.host" 2>&1 ||
		{ tail -n 30 "$log.host"; bad "the program fails on the host (log: $log.host)"; exit 1; }
fi

# GT_TIMEOUT_SCALE: the guest runs emulated, maybe on a loaded machine.
gr_step "$prog" "GT_TIMEOUT_SCALE=4 /tests/$prog --observe </dev/null"
gr_boot "$log" "$seconds" || exit 1
out=$(gr_output "$log" "$prog")
status=$(gr_status "$log" "$prog")
printf '%s\n' "$out" | grep -v '^= '
[ "$status" = 0 ] || bad "/tests/$prog exited with status $status (log: $log)"
# The runner's summary is its last line; kernel messages may follow it on the console.
printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n1 |
	grep -Eq '^[0-9]+ passed, 0 failed$' || bad "the summary is not 'N passed, 0 failed'"
printf '%s\n' "$out" | grep -q '^FAIL ' && bad "cases failed in the guest (see the FAIL lines above)"
if ! diff -u --label "host (Linux)" --label "guest (Atoll)" "$saved" \
	<(printf '%s\n' "$out" | grep '^= ') >"$log.diff"; then
	sed 's/^/  /' "$log.diff"
	bad "observation lines differ from the host's (- host, + guest)"
fi
[ $fail = 0 ] && echo "guest.$prog: ok ($(grep -c '^= ' "$saved") observation lines match the host)"
exit $fail
