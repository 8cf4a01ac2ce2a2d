#!/usr/bin/env bash
# boot-test.sh NAME [qemu-run args...] [-- REGEX...]
# Boots Atoll through Meta/qemu-run with the serial console captured in
# $ATOLL_BUILD_DIR/Testing/boot-logs/NAME.log, then requires every REGEX to appear in
# it. Fails (printing the log's tail) on a wrong ending, a timeout or a missing line.
set -uo pipefail
name=$1
shift
run_args=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	run_args+=("$1")
	shift
done
[ $# -gt 0 ] && shift
logdir=${ATOLL_BUILD_DIR:?}/Testing/boot-logs
mkdir -p "$logdir"
log=$logdir/$name.log
start=$(date +%s%N)
"$ATOLL_SOURCE_DIR/Meta/qemu-run" --log "$log" "${run_args[@]}" || exit 1
for re in "$@"; do
	if ! grep -Eq -- "$re" "$log"; then
		echo "boot-test $name: the serial log lacks /$re/" >&2
		tail -n 40 "$log" >&2
		exit 1
	fi
done
echo "boot-test $name: ok in $(( ($(date +%s%N) - start) / 1000000 )) ms"
