#!/usr/bin/env bash
# 200 start/stop cycles (`container run -- true`) of each shipped BuggieBox root
# (dir, tar, erofs; CONTAINER_GUEST_ROOTS and CONTAINER_GUEST_CYCLES narrow it) leave
# free memory, mounts, loop devices, processes and records where they were.
# Five warm-up runs come first (caches, the first loop device, the kernel heap), so
# the measure is of steady state. Slack for MemFree: 1 MiB, less than one leaked
# 4 KiB page per cycle (200 pages = 800 KiB would still pass; 2 pages would not).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
cycles=${CONTAINER_GUEST_CYCLES:-200}
slack_kib=1024
roots=${CONTAINER_GUEST_ROOTS:-dir tar erofs}

config() { # ROOT -> the shipped configuration with that root
	if [ "$1" = erofs ]; then echo /etc/containers/buggiebox.ini; else echo /etc/containers/buggiebox-$1.ini; fi
}
{
	for root in $roots; do
		cfg=$(config $root)
		printf 'i=0; while [ $i -lt 5 ]; do container run %s -- true </dev/null; i=$((i+1)); done\n' $cfg
		host_state before-$root
		printf 'echo "== cycles-%s"\n' $root
		printf 'i=0; bad=0; while [ $i -lt %d ]; do container run %s -- true </dev/null || bad=$((bad+1)); i=$((i+1)); done; echo "ran=$i failed=$bad"\n' \
			"$cycles" $cfg
		host_state after-$root
	done
	printf 'echo "== end"\n'
} | guest_session 560 || exit 1

for root in $roots; do
	expect_line cycles-$root "^ran=$cycles failed=0\$" "$root: $cycles cycles all exit 0"
	expect_same before-$root after-$root "$root: mounts, loop devices, records under /run/containers and the process count are unchanged"
	expect_memfree before-$root after-$root $slack_kib "$root, $cycles cycles"
done
finish
