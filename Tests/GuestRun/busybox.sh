#!/bin/bash
# busybox.sh [CHECK...]: Debian's unmodified busybox-static (glibc, static) inside Atoll, shipped
# as /usr/bin/busybox, against the same binary on the host Linux.
#
#   pipe     busybox sh -c 'echo hi | busybox wc -c' prints 3
#   ls       busybox ls -lR over the fixture tree (Base/tests/fixtures/tree, in the
#   find     image as /tests/fixtures/tree), busybox find and busybox md5sum over it:
#   md5sum   the same output as on the host over a copy of the tree
#   ps       busybox ps prints its header and the test's own processes (its shell,
#            a sleep whose PID the shell knows, ps itself and init)
# With CHECK names (pipe, tree = ls find md5sum, ps), only those run (in one boot).
#
# What legitimately differs is normalized on both sides, nothing else: owners (the
# columns are replaced), directory sizes and "total" block counts (they depend on
# the filesystem: EROFS in the guest, whatever holds /tmp on the host), and the order
# in which find meets directory entries (readdir order; its output is sorted). File
# times are the same on both sides: the image has every mtime at 0, and the host copy
# is given mtime 0 too (TZ=UTC on both).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
log=$ATOLL_BUILD_DIR/Testing/guest-run/busybox.log
fixture=$ATOLL_SOURCE_DIR/Base/tests/fixtures/tree
bb_host=/bin/busybox
bb=/usr/bin/busybox
pass=0 failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x "$bb_host" ] || { echo "FAIL: $bb_host is missing (Debian package busybox-static)"; exit 1; }

# The commands, run the same way on both sides from the tree's top.
ls_cmd="busybox ls -lR"
find_cmd="busybox find . -print"
md5_cmd="busybox find . -type f -exec busybox md5sum {} ;"

# Host side: a copy of the tree as the image has it (.keep files dropped, mtime 0).
cp -a "$fixture" "$work/tree"
find "$work/tree" -name .keep -delete
find "$work/tree" -depth -exec touch -h -d @0 {} +
mkdir "$work/bin"
ln -s "$bb_host" "$work/bin/busybox"
host_run() { (cd "$work/tree" && TZ=UTC PATH="$work/bin:$PATH" sh -c "$1" 2>&1); }
host_run "$ls_cmd" >"$work/ls.host"
host_run "$find_cmd" >"$work/find.host"
host_run "$md5_cmd" >"$work/md5sum.host"

# Guest side.
checks=${*:-pipe tree ps}
wanted() { case " $checks " in *" $1 "*) return 0 ;; esac; return 1; }
guest_sh() { echo "cd /tests/fixtures/tree && TZ=UTC PATH=/usr/bin:\$PATH $1 </dev/null 2>&1"; }
wanted pipe && gr_step pipe "PATH=/usr/bin:\$PATH busybox sh -c 'echo hi | busybox wc -c' </dev/null 2>&1"
if wanted tree; then
	gr_step ls "$(guest_sh "$ls_cmd")"
	gr_step find "$(guest_sh "$find_cmd")"
	gr_step md5sum "$(guest_sh "$md5_cmd")"
fi
wanted ps && gr_step ps "$bb sh -c '$bb sleep 30 & echo sleeper=\$! shell=\$\$; $bb ps; kill \$!' </dev/null"
log=${log%.log}-${checks// /-}.log
gr_boot "$log" 180 || exit 1

report() {
	if [ "$1" = ok ]; then
		pass=$((pass + 1))
		echo "PASS $2"
	else
		failed=$((failed + 1))
		echo "FAIL $2: $3"
	fi
}

# normalize KIND: what legitimately differs between the two filesystems (see the top).
normalize() {
	case $1 in
	ls) sed -E -e 's/^total [0-9]+$/total N/' \
		-e 's/^([-dlcbps][-rwxsStT]{9}) +([0-9]+) +[^ ]+ +[^ ]+ +/\1 \2 OWNER GROUP /' \
		-e 's/^(d[-rwxsStT]{9} [0-9]+ OWNER GROUP) +[0-9]+ /\1 SIZE /' \
		-e 's/^([-lcbps][-rwxsStT]{9} [0-9]+ OWNER GROUP) +/\1 /' ;;
	find|md5sum) LC_ALL=C sort ;;
	esac
}

# compare NAME: the guest's step NAME against the host's output, both normalized.
compare() {
	local name=$1 status
	status=$(gr_status "$log" "$name")
	gr_output "$log" "$name" | normalize "$name" >"$work/$name.guest.n"
	normalize "$name" <"$work/$name.host" >"$work/$name.host.n"
	if [ "$status" != 0 ]; then
		report fail "$name" "exit status $status in the guest"
		sed 's/^/  | /' "$work/$name.guest.n" | head -20
	elif ! diff -u --label "host (Linux)" --label "guest (Atoll)" "$work/$name.host.n" \
		"$work/$name.guest.n" >"$work/$name.diff"; then
		report fail "$name" "output differs from the host's (- host, + guest)"
		sed 's/^/  /' "$work/$name.diff" | head -60
	else
		report ok "$name"
	fi
}

check_pipe() {
	local out
	out=$(gr_output "$log" pipe)
	if [ "$(gr_status "$log" pipe)" = 0 ] && [ "$out" = 3 ]; then
		report ok pipe
	else
		report fail pipe "want '3' and status 0, got status $(gr_status "$log" pipe) and:"
		printf '%s\n' "$out" | sed 's/^/  | /'
	fi
}

# ps: the header, then the shell, the sleep (by the PID the shell printed) and ps.
check_ps() {
	local ps_out sleeper shell why
	ps_out=$(gr_output "$log" ps)
	sleeper=$(printf '%s\n' "$ps_out" | sed -n 's/^sleeper=\([0-9]*\) .*/\1/p')
	shell=$(printf '%s\n' "$ps_out" | sed -n 's/.* shell=\([0-9]*\)$/\1/p')
	why=""
	printf '%s\n' "$ps_out" | grep -Eq '^ *PID +USER +(TIME +)?COMMAND$' || why="no 'PID USER ... COMMAND' header"
	[ -n "$sleeper" ] && [ -n "$shell" ] || why="the shell did not print the PIDs"
	if [ -z "$why" ]; then
		printf '%s\n' "$ps_out" | grep -Eq "^ *$sleeper +root +.*busybox sleep 30\$" ||
			why="no line for the sleep (PID $sleeper)"
		printf '%s\n' "$ps_out" | grep -Eq "^ *$shell +root +.*busybox sh -c" ||
			why="no line for the shell (PID $shell)"
		printf '%s\n' "$ps_out" | grep -Eq "^ *[0-9]+ +root +.*busybox ps\$" || why="no line for ps itself"
		printf '%s\n' "$ps_out" | grep -Eq "^ *1 +root +" || why="no line for init (PID 1)"
	fi
	if [ -z "$why" ]; then report ok ps; else
		report fail ps "$why"
		printf '%s\n' "$ps_out" | sed 's/^/  | /'
	fi
}

wanted pipe && check_pipe
if wanted tree; then
	compare ls
	compare find
	compare md5sum
fi
wanted ps && check_ps

echo "$pass passed, $failed failed"
[ "$failed" = 0 ]
