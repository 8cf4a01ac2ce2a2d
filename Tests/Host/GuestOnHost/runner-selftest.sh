#!/bin/bash
# runner-selftest.sh: the gtest runner reports each way a case can end exactly as
# gtest.h documents. gt-selftest (built, not installed) has one case per ending.
set -u
: "${ATOLL_BUILD_DIR:?}"
bin="$ATOLL_BUILD_DIR/Userland/Tests/Guest/Lib/gt-selftest"
[ -x "$bin" ] || { echo "FAIL: $bin is missing"; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$bin" --observe >"$out" 2>&1
status=$?
cat "$out"
fail=0
expect() {
	if grep -Eq -- "$1" "$out"; then echo "ok: $1"; else echo "FAIL: no line matching: $1"; fail=1; fi
}
[ $status -eq 1 ] || { echo "FAIL: exit status $status, expected 1"; fail=1; }
expect '^PASS passes$'
expect '^FAIL fails_check: gt_selftest\.c:[0-9]+: two == 3: 2 != 3$'
expect '^FAIL fails_unexpected_success: gt_selftest\.c:[0-9]+: open\("/", O_RDONLY \| O_DIRECTORY\): expected ENOENT, got success \([0-9]+\)$'
expect '^FAIL fails_wrong_errno: gt_selftest\.c:[0-9]+: open\("/nonexistent/gt", O_RDONLY\): expected EACCES, got ENOENT$'
expect '^FAIL fails_expect_ok: gt_selftest\.c:[0-9]+: close\(-1\): failed with EBADF '
expect '^FAIL crashes: case ended with signal SIGSEGV$'
expect '^FAIL hangs: timed out after 1 s \(SIGALRM\)$'
expect '^FAIL hangs_ignoring_alarm: watchdog killed the case after 6 s$'
expect '^SKIP skips: not here: on purpose$'
expect '^FAIL child_fails_unchecked: gt_selftest\.c:[0-9]+: check failed: !"grandchild check"$'
expect '^= observes: value=42$'
expect '^= observes: two\\nlines$'
expect '^PASS observes$'
expect '^1 skipped$'
[ "$(tail -n1 "$out")" = "2 passed, 8 failed" ] || { echo "FAIL: wrong summary line"; fail=1; }
# Selecting cases by name, and refusing unknown names.
"$bin" passes skips >"$out" 2>&1
[ $? -eq 0 ] && [ "$(cat "$out")" = "PASS passes
SKIP skips: not here: on purpose
1 skipped
1 passed, 0 failed" ] || { echo "FAIL: running a selection"; cat "$out"; fail=1; }
"$bin" no_such_case >"$out" 2>&1
[ $? -eq 2 ] && grep -q 'no case named no_such_case' "$out" || { echo "FAIL: unknown case name accepted"; fail=1; }
ls -d /tmp/gt-gt-selftest-* >/dev/null 2>&1 && { echo "FAIL: scratch directory left behind"; fail=1; }
exit $fail
