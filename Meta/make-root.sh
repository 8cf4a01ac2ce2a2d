#!/usr/bin/env bash
# make-root.sh BASE STAGE OUT: packs BASE/ and STAGE/ (the installed userland) into
# OUT, a ustar archive with every file owned by root and times fixed, so the same
# inputs give the same image.
set -euo pipefail
base=$1 stage=$2 out=$3
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
cp -a "$base/." "$tree/"
cp -a "$stage/." "$tree/"
find "$tree" -name .keep -delete
for d in dev proc tmp run home sys mnt root etc; do mkdir -p "$tree/$d"; done
chmod 1777 "$tree/tmp"
tar --format=gnu --owner=0 --group=0 --numeric-owner --mtime=@0 --sort=name \
	-C "$tree" -cf "$out.tmp" .
mv "$out.tmp" "$out"
