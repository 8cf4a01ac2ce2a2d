# Shared by the ContainerGuest suites (sourced, not run).
#
# guest_session TIMEOUT: boots Atoll with the commands on stdin (then poweroff), keeps
# the serial output in $out ($ATOLL_BUILD_DIR/Testing/container-guest/SUITE.out) and
# fails unless the machine powered off cleanly. It runs at the end of a pipeline (a
# subshell): call it as `... | guest_session N || exit 1`.
# section NAME: the lines between "== NAME" and the next "== " marker in $out.
# expect_line SECTION REGEX WHAT / expect_no_line SECTION REGEX WHAT: assertions.
set -uo pipefail
: "${ATOLL_SOURCE_DIR:?}" "${ATOLL_BUILD_DIR:?}"
failures=0
suite=$(basename "$0" .sh)
mkdir -p "$ATOLL_BUILD_DIR/Testing/container-guest"
out=$ATOLL_BUILD_DIR/Testing/container-guest/$suite.out

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

guest_session() {
	local limit=$1 kernel_args=()
	[ -n "${ATOLL_GUEST_KERNEL:-}" ] && kernel_args=(--kernel "$ATOLL_GUEST_KERNEL")
	{ cat; printf 'poweroff\n'; } | timeout $((limit + 20)) "$ATOLL_SOURCE_DIR/Meta/qemu-run" \
		"${kernel_args[@]+"${kernel_args[@]}"}" --timeout "$limit" >"$out" 2>&1
	local status=$?
	if [ $status -ne 0 ]; then
		echo "$suite: Meta/qemu-run exited $status (not a clean poweroff); the end of $out:"
		tail -n 40 "$out"
		exit 1
	fi
}

section() {
	awk -v want="== $1" '
		$0 == want { on = 1; next }
		/^== / { on = 0 }
		on { print }' "$out"
}

expect_line() {
	section "$1" | grep -Eq -- "$2" || fail "$3 (no line matches /$2/ in section $1: $(section "$1" | head -20 | tr '\n' '|'))"
}

expect_no_line() {
	local hit
	hit=$(section "$1" | grep -E -- "$2" | head -3 | tr '\n' '|')
	[ -z "$hit" ] || fail "$3 (section $1 has: $hit)"
}

# Sections must be identical (host state before and after).
expect_same() {
	if ! diff <(section "$1") <(section "$2") >/dev/null; then
		fail "$3:"
		diff <(section "$1") <(section "$2") | head -20
	fi
}

# host_state NAME: commands printing section NAME (mounts, attached loop devices,
# records under /run/containers, the process count) and NAME-mem (MemFree).
host_state() {
	printf 'echo "== %s"\n' "$1"
	# The records: what is under /run/containers (the directory itself may be created
	# by the first run and stays, like /run/lock; a missing one lists as nothing).
	printf 'cat /proc/mounts </dev/null\nlosetup -a </dev/null\nls /run/containers 2>/dev/null </dev/null\n'
	printf 'ps </dev/null | grep -v " ps$" | wc -l\n'
	printf 'echo "== %s-mem"\ngrep MemFree /proc/meminfo </dev/null\n' "$1"
}

# expect_memfree BEFORE AFTER SLACK_KIB WHAT: MemFree in section AFTER-mem is at most
# SLACK_KIB below BEFORE-mem.
expect_memfree() {
	local before after
	before=$(section "$1-mem" | awk '/MemFree/ { print $2 }')
	after=$(section "$2-mem" | awk '/MemFree/ { print $2 }')
	if [ -z "$before" ] || [ -z "$after" ]; then
		fail "$4: no MemFree line in $1-mem or $2-mem"
	elif [ $((before - after)) -gt "$3" ]; then
		fail "$4: MemFree fell by $((before - after)) KiB (slack $3 KiB): before $before, after $after"
	else
		echo "$4: MemFree before $before KiB, after $after KiB (slack $3 KiB)"
	fi
}

finish() {
	if [ $failures -ne 0 ]; then
		echo "$failures failure(s); guest output in $out"
		exit 1
	fi
	echo "ok ($(wc -l <"$out") lines of guest output in $out)"
}
