#!/usr/bin/env bash
# erofs-host.sh ERofs_BIN: the `erofs` guest program on the host, against Linux's own
# erofs driver: every erofs-utils variant of the fixture tree is loop-mounted and
# checked against its manifest (and the -zlz4 images must read completely), which
# proves the program's expectations before Atoll is held to them.
# Needs root, erofs-utils and a host kernel with erofs (else SKIP, status 77).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: erofs-host.sh PATH-TO-erofs}
src=$here/../../..
if [ "$(id -u)" != 0 ] || ! command -v mkfs.erofs >/dev/null || ! grep -qw erofs /proc/filesystems; then
	echo "erofs-host: SKIP: needs root, erofs-utils and erofs in the host kernel"
	exit 77
fi
work=$(mktemp -d)
mnt=$work/mnt
trap 'umount "$mnt" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$mnt"
bash "$src/Tests/Host/EROFS/make_fixtures.sh" "$work" >/dev/null || { echo "erofs-host: make_fixtures.sh failed"; exit 1; }
if ! mount -t erofs -o loop,ro "$work/default.img" "$mnt" 2>/dev/null; then
	echo "erofs-host: SKIP: the host cannot loop-mount erofs here"
	exit 77
fi
umount "$mnt"
failed=0
check() { # IMAGE MANIFEST ENV... -- CASES...
	local img=$1 manifest=$2
	shift 2
	mount -t erofs -o loop,ro "$img" "$mnt" || { echo "erofs-host: cannot mount $img"; failed=1; return; }
	if ! env GT_HOST_LINUX=1 EROFS_ROOT="$mnt" EROFS_MANIFEST="$manifest" "$@"; then
		echo "erofs-host: FAIL on $(basename "$img")"
		failed=1
	fi
	umount "$mnt"
}
while read -r name mtime owners xattrs; do
	python3 "$here/make-manifest.py" "$work/tree" "$mtime" "$owners" "$xattrs" >"$work/$name.manifest"
	echo "== $name"
	check "$work/$name.img" "$work/$name.manifest" "$bin"
done <"$work/variants.txt"
echo "== default, nouser_xattr"
mount -t erofs -o loop,ro,nouser_xattr "$work/default.img" "$mnt" &&
	{ GT_HOST_LINUX=1 EROFS_NOUSER_XATTR=1 EROFS_ROOT="$mnt" "$bin" nouser_xattr || failed=1; umount "$mnt"; }
for name in compressed compressed_big; do
	echo "== $name"
	check "$work/$name.img" "$work/default.manifest" EROFS_COMPRESSED=1 "$bin" compressed statfs_case
done
exit $failed
