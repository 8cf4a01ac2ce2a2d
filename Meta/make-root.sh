#!/usr/bin/env bash
# make-root.sh BASE STAGE OUT [MKFS]: makes the root image OUT (root.erofs), an EROFS
# image of BASE/ plus STAGE/ (the installed userland) that the kernel mounts read-only
# at /. The tree is first packed as a ustar/GNU archive (OUT with .tar in place of
# its extension, kept: containers and tests use tar roots) with every file owned by
# root and times fixed, then converted by Atoll's own mkfs.erofs (MKFS, by default
# STAGE/bin/mkfs.erofs, a static binary that also runs on the host) with -T 0 and a
# zero UUID, so the same inputs give byte-identical images.
# The mount points init needs (/dev, /proc, /tmp, /run, /home) must exist in the
# image: a read-only root cannot get them later.
set -euo pipefail
if [ $# -lt 3 ] || [ $# -gt 4 ]; then
	echo "usage: make-root.sh BASE STAGE OUT [MKFS]" >&2
	exit 2
fi
base=$1 stage=$2 out=$3 mkfs=${4:-$2/bin/mkfs.erofs}
tarball=${out%.*}.tar
if [ ! -x "$mkfs" ]; then
	echo "make-root.sh: $mkfs: no mkfs.erofs (build the userland first)" >&2
	exit 1
fi
tree=$(mktemp -d)
trap 'rm -rf "$tree" "$out.tmp" "$tarball.tmp"' EXIT
cp -a "$base/." "$tree/"
cp -a "$stage/." "$tree/"
find "$tree" -name .keep -delete
for d in dev proc tmp run home sys mnt root etc; do mkdir -p "$tree/$d"; done
chmod 1777 "$tree/tmp"
tar --format=gnu --owner=0 --group=0 --numeric-owner --mtime=@0 --sort=name \
	-C "$tree" -cf "$tarball.tmp" .
"$mkfs" --quiet -T 0 -U clear --all-root --tar=f "$out.tmp" "$tarball.tmp"
mv "$tarball.tmp" "$tarball"
mv "$out.tmp" "$out"
