#!/usr/bin/env bash
# Debian's unmodified busybox-static (glibc, not recompiled) in its EROFS image,
# /etc/containers/busybox.ini: `busybox ps` shows only the container's processes and
# `busybox id` the configured user (1000:1000, named island in the image).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
cfg=/etc/containers/busybox.ini
{
	printf 'echo "== ps"\ncontainer run %s -- busybox ps </dev/null\necho "rc=$?"\n' $cfg
	printf 'echo "== id"\ncontainer run %s -- busybox id </dev/null\necho "rc=$?"\n' $cfg
	printf 'echo "== hostname"\ncontainer run %s -- busybox hostname </dev/null\n' $cfg
	printf 'echo "== write-root"\ncontainer run %s -- busybox touch /new-file </dev/null\necho "rc=$?"\n' $cfg
	printf 'echo "== mounts"\ncontainer run %s -- busybox cat /proc/mounts </dev/null\n' $cfg
	printf 'echo "== loops-after"\nlosetup -a </dev/null\necho "== end"\n'
} | guest_session 150 || exit 1

expect_line ps '^ +1 +root ' "busybox ps: PID 1 is the container's init, as root"
expect_line ps '^ +2 +island +busybox ps$' "busybox ps: the command is PID 2, as island"
bad=$(section ps | awk '$1 ~ /^[0-9]+$/ && $1 != 1 && $1 != 2')
[ -z "$bad" ] || fail "busybox ps shows processes outside the container: $bad"
expect_line ps '^rc=0$' "busybox ps exits 0"
expect_line id '^uid=1000\(island\) gid=1000\(island\)' "busybox id: the configured user"
expect_line id '^rc=0$' "busybox id exits 0"
expect_line hostname '^busybox$' "hostname inside"
expect_line write-root '^rc=1$' "the EROFS root is read-only (touch /new-file fails)"
expect_line mounts '^[^ ]+ / erofs ro,' "the root is the EROFS image, read-only"
expect_no_line loops-after 'busybox\.erofs' "no loop device is left attached to busybox.erofs"
finish
