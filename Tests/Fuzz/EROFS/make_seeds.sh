#!/bin/bash
# make_seeds.sh DIR: small erofs-utils images for the fuzzer's seed corpus.
# Byte 0 of each image (unused by EROFS) is set to 1 so that the fuzz target
# recomputes the superblock CRC of its mutations (see erofs_fuzz.c).
set -euo pipefail
out=$1
mkdir -p "$out"
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
cd "$tree"
echo hello > a
head -c 5000 /dev/zero | tr '\0' x > b
: > empty
ln -s a link
ln -s "$(python3 -c 'print("l" * 200)')" longlink
ln a hard
mkdir d
for i in $(seq 1 150); do : > "d/name_$i"; done
echo '!' > 'd/!early'
python3 -c 'import os; os.setxattr("a", "user.x", b"1"); os.setxattr("b", "user.x", b"1"); os.setxattr("b", "trusted.y", b"22"); os.setxattr("d", "user.x", b"1")'
mkfifo fifo
n=0
for opts in "" "-T0" "-Eforce-inode-compact" "-Enoinline_data" \
	    "--chunksize=4096 -Eforce-inode-blockmap" "--chunksize=8192 -Eforce-chunk-indexes" \
	    "-x -1" "-Enosbcrc" "-zlz4"; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	mkfs.erofs --quiet $opts "$out/seed$n.img" "$tree" >/dev/null
	printf '\001' | dd of="$out/seed$n.img" bs=1 count=1 conv=notrunc status=none
done
