#!/usr/bin/env bash
# The escape suite in the guest: /tests/jail --observe (Tests/Guest/Jail) runs every
# case jailed and unjailed; it must end with "N passed, 0 failed", and its observation
# lines (the unjailed outcomes) must equal the host Linux's, saved by
# guest_on_host.jail in Testing/guest-observed/jail.txt (compared when present).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
{
	printf 'echo "== jail"\n/tests/jail --observe </dev/null\necho "== end"\n'
} | guest_session 200 || exit 1

section jail | grep -E '^(FAIL|SKIP) ' || true
expect_line jail '^[0-9]+ passed, 0 failed$' "every escape case meets its stated result, jailed and unjailed"
host_obs=$ATOLL_BUILD_DIR/Testing/guest-observed/jail.txt
if [ -f "$host_obs" ]; then
	if ! diff <(section jail | grep '^= ' | tr -d '\r') "$host_obs" >/dev/null; then
		fail "observation lines differ from the host's ($host_obs):"
		diff <(section jail | grep '^= ' | tr -d '\r') "$host_obs" | head -20
	fi
else
	echo "note: $host_obs not there (run guest_on_host.jail first); observations not compared"
fi
finish
