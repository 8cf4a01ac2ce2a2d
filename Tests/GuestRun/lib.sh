# Tests/GuestRun/lib.sh: boots Atoll for a test and runs shell commands in its console.
# Sourced by the guest-run scripts; needs ATOLL_SOURCE_DIR and ATOLL_BUILD_DIR.
#
#   gr_step NAME COMMAND      queue COMMAND (one console line) as step NAME: in the
#                             guest it prints "@@begin NAME", its output, then
#                             "@@end NAME status=N" (N is COMMAND's exit status)
#   gr_boot LOG SECONDS       boot, run the queued steps, power off; the serial output
#                             goes to LOG (carriage returns removed). Fails (status 1,
#                             with the log's tail) when the machine did not power off
#                             cleanly within SECONDS.
#   gr_output LOG NAME        the output of step NAME, without the kernel's one-time
#                             "syscall: NAME (NR) is not implemented: ENOSYS (...)"
#                             notes, which share the serial console
#   gr_status LOG NAME        its exit status ("missing" when the step never ended)
#
# Console input sent while the kernel is still booting can lose a byte (the 17th one,
# in about half the boots: see Documentation/GuestTests.md), so gr_boot first types a
# sync line, repeating it until the guest's shell has answered, and only then the
# steps. Test programs must read /dev/null, never the console: gr_step commands say
# "</dev/null" themselves.
set -u
: "${ATOLL_SOURCE_DIR:?}" "${ATOLL_BUILD_DIR:?}"
export ATOLL_BUILD_DIR
gr_steps=()

gr_step() {
	gr_steps+=("echo '@@begin $1'; $2; echo \"@@end $1 status=\$?\"")
}

# _gr_seen LOG REGEX: whether a line of LOG matches REGEX.
_gr_seen() { tr -d '\r' <"$1" 2>/dev/null | grep -Eq -- "$2"; }

_gr_feed() {
	local raw=$1 deadline=$2 tries=0
	while ! _gr_seen "$raw" '^@@sync$'; do
		[ "$(date +%s)" -ge "$deadline" ] && return 1
		kill -0 "$qpid" 2>/dev/null || return 1
		# No root filesystem: the kernel monitor answers instead of a shell.
		_gr_seen "$raw" '^monitor: ' && return 1
		if [ $((tries % 20)) = 0 ]; then echo "echo @@sync" || return 1; fi
		tries=$((tries + 1))
		sleep 0.25
	done
	printf '%s\n' "${gr_steps[@]}" || return 1
	echo poweroff
}

gr_boot() {
	local log=$1 seconds=$2 dir status
	dir=$(mktemp -d)
	mkfifo "$dir/in"
	mkdir -p "$(dirname "$log")"
	"$ATOLL_SOURCE_DIR/Meta/qemu-run" --timeout "$seconds" <"$dir/in" >"$dir/raw" 2>"$dir/err" &
	local qpid=$!
	# The shell must answer within a minute; then the steps get the rest of the time.
	if ! (_gr_feed "$dir/raw" $(($(date +%s) + 60))) >"$dir/in"; then
		pkill -TERM -P "$qpid" 2>/dev/null	# timeout(1), which stops QEMU
		echo "the guest's shell never answered (no root filesystem, or the boot hung)" >>"$dir/err"
	fi
	wait $qpid
	status=$?
	tr -d '\r' <"$dir/raw" >"$log"
	cat "$dir/err" >>"$log"
	rm -rf "$dir"
	gr_steps=()
	if [ $status -ne 0 ]; then
		echo "FAIL: the boot did not end in a clean poweroff within $seconds s (log: $log)"
		tail -n 40 "$log" | sed 's/^/  | /'
		return 1
	fi
	return 0
}

gr_output() {
	sed -n "/^@@begin $2\$/,/^@@end $2 status=/p" "$1" | sed '1d;$d' |
		grep -Ev '^syscall: [a-z_0-9]+ \([0-9]+\) is not implemented: ENOSYS \(.*\)$'
}

gr_status() {
	local s
	s=$(sed -n "s/^@@end $2 status=\\([0-9]*\\)\$/\\1/p" "$1" | tail -n1)
	echo "${s:-missing}"
}
