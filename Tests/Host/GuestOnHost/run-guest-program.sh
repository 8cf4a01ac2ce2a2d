#!/bin/bash
# run-guest-program.sh PROG: runs the in-guest test program PROG on the host Linux.
#
# Passes when: the program exits 0; its last line is "N passed, 0 failed"; every
# case it lists (--list) reported exactly one PASS or SKIP line; a second run prints
# the same observation lines ("= case: ..."), so they hold nothing that varies
# (PIDs, times, inode numbers); and no scratch directory is left in /tmp.
# The observation lines are kept in $ATOLL_BUILD_DIR/Testing/guest-observed/PROG.txt:
# the in-guest run on Atoll must print exactly these.
set -u
prog=${1:?usage: run-guest-program.sh PROG}
: "${ATOLL_BIN:?ATOLL_BIN must name the staged userland bin directory}"
bin="$ATOLL_BIN/../tests/$prog"
[ -x "$bin" ] || { echo "FAIL: $bin is missing (is the userland built and installed?)"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export GT_HOST_LINUX=1

fail=0
bad() { echo "FAIL: $*"; fail=1; }

before=$(ls -d /tmp/gt-"$prog"-* 2>/dev/null | wc -l)
"$bin" --observe >"$out/run1" 2>"$out/err1"
status=$?
cat "$out/run1"
[ -s "$out/err1" ] && sed 's/^/stderr: /' "$out/err1"
[ $status -eq 0 ] || bad "$prog exited with $status"
tail -n1 "$out/run1" | grep -Eq '^[0-9]+ passed, 0 failed$' || bad "last line is not 'N passed, 0 failed'"
grep -q '^FAIL ' "$out/run1" && bad "some cases failed"

"$bin" --list >"$out/list" || bad "$prog --list failed"
while read -r name; do
	n=$(grep -Ec "^(PASS|SKIP) $name(:|\$)" "$out/run1")
	[ "$n" -eq 1 ] || bad "case $name reported $n times (want exactly one PASS or SKIP)"
done <"$out/list"

"$bin" --observe >"$out/run2" 2>/dev/null
grep '^= ' "$out/run1" >"$out/obs1"
grep '^= ' "$out/run2" >"$out/obs2"
if ! diff -u "$out/obs1" "$out/obs2" >"$out/obsdiff"; then
	cat "$out/obsdiff"
	bad "observation lines differ between two runs (something non-deterministic is printed)"
fi
[ -s "$out/obs1" ] || bad "no observation lines at all"

after=$(ls -d /tmp/gt-"$prog"-* 2>/dev/null | wc -l)
[ "$after" -le "$before" ] || bad "scratch directories left in /tmp"

if [ -n "${ATOLL_BUILD_DIR:-}" ]; then
	mkdir -p "$ATOLL_BUILD_DIR/Testing/guest-observed"
	cp "$out/obs1" "$ATOLL_BUILD_DIR/Testing/guest-observed/$prog.txt"
fi
[ $fail -eq 0 ] && echo "guest_on_host.$prog: ok ($(grep -c '^= ' "$out/obs1") observation lines)"
exit $fail
