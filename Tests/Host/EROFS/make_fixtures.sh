#!/bin/bash
# make_fixtures.sh DIR: build the EROFS test fixture tree in DIR/tree and one
# image per mkfs.erofs variant in DIR/<variant>.img, and list the variants in
# DIR/variants.txt as "NAME MTIME_MODE OWNERS XATTRS" lines, MTIME_MODE one of:
#   exact   every inode keeps the source mtime (extended inodes where needed)
#   fixed0  -T0: every mtime is 0
#   build   -Eforce-inode-compact: every mtime is the image's build time
# and OWNERS "exact" (source uid/gid) or "root" (--all-root: 0/0; compact
# inodes cannot hold the fixture's 32-bit ids), XATTRS "yes" or "no" (-x -1),
# and DIR/compressed.img (-zlz4) and DIR/compressed_big.img (lz4hc, big
# pclusters, ztailpacking), which must mount (their feature bits are known)
# and give -EOPNOTSUPP on their compressed inodes. Needs root (device nodes, trusted.*).
set -euo pipefail
dir=$1
if [ "$(id -u)" != 0 ]; then
	echo "make_fixtures.sh: needs root (mknod, chown, trusted.* xattrs)" >&2
	exit 1
fi
command -v mkfs.erofs >/dev/null || { echo "make_fixtures.sh: mkfs.erofs (erofs-utils) not installed" >&2; exit 1; }
tree=$dir/tree
rm -rf "$tree"
mkdir -p "$tree"
cd "$tree"

# Regular files of the interesting sizes. Random data stays uncompressed under
# lz4; the 1 MiB file is repetitive so that -zlz4 compresses it.
: > empty
head -c 4096 /dev/urandom > f4096
head -c 5000 /dev/urandom > f5000
head -c 100 /dev/urandom > small
python3 -c 'import sys; sys.stdout.buffer.write((b"atoll erofs test line\n" * 50000)[:1048576])' > big1m
head -c 70000 /dev/urandom > f70000
# A sparse file: 64 KiB of data inside 1 MiB of holes.
truncate -s 1M sparse
head -c 65536 /dev/urandom | dd of=sparse bs=4096 seek=100 conv=notrunc status=none
# Names that sort before "." (0x2e), and one just after.
echo bang > '!bang'
echo dash > '-dash'
echo plus > '+plus'
echo hash > '#hash'
echo slash0 > '-.-'
echo zero > '0zero'
# A 500-entry directory: several directory blocks.
mkdir dir500
for i in $(seq 1 500); do
	printf 'entry %d\n' "$i" > "dir500/file_$(printf '%04d' "$i")_$(printf '%*s' $((i % 37)) '' | tr ' ' x)"
done
echo early > 'dir500/!first'
echo mid > 'dir500/-mid'
mkdir dir500/sub
# Symlinks: short, long (inline tail), very long (> one block's tail room).
ln -s small link_short
ln -s "$(python3 -c 'print("a" * 300)')" link_300
ln -s "$(python3 -c 'print("dir500/../" * 200 + "small")')" link_2005
ln -s "$(python3 -c 'print("b" * 4095)')" link_4095
# Hard links (nlink 3 across directories).
mkdir -p sub/deeper/deepest
head -c 3000 /dev/urandom > sub/hard
ln sub/hard hard_a
ln sub/hard sub/deeper/hard_b
# Device nodes, FIFOs, a socket.
mknod chr c 1 3
mknod blk b 7 200
mknod bigdev c 300 70000
mkfifo fifo
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' sock
# Owners and modes (large ids force extended inodes).
chown 1234:5678 f5000
chown 70000:80000 f4096
chmod 4755 small
chmod 2700 sub/deeper
chmod 1777 sub
chmod 000 '#hash'
# Extended attributes: private inline ones, and one shared by many inodes.
python3 - <<'PY'
import os
def sx(p, n, v):
    os.setxattr(p, n, v, follow_symlinks=False)
sx('small', 'user.comment', b'hello xattr')
sx('small', 'user.empty', b'')
sx('f5000', 'user.big', bytes(range(256)) * 2)
sx('f5000', 'trusted.t', b'trusted value')
sx('f5000', 'security.s', b'security value')
sx('dir500', 'user.dir', b'on a directory')
for p in ['small', 'f5000', 'f4096', 'big1m', 'dir500', 'sub/hard']:
    sx(p, 'user.shared', b'the same value everywhere')
    sx(p, 'trusted.shared2', b'another shared one')
PY
# Distinct mtimes with nanoseconds (extended inodes keep them).
touch -h -d '2001-02-03 04:05:06.123456789' small link_short
touch -d '1999-12-31 23:59:59.5' f4096
touch -d '2030-01-01 00:00:00' sub/hard

cd "$dir"
: > variants.txt
make_image() { # NAME MTIME_MODE OWNERS XATTRS mkfs-options...
	local name=$1 mode=$2 owners=$3 xattrs=$4
	shift 4
	mkfs.erofs --quiet "$@" "$dir/$name.img" "$tree" >/dev/null
	echo "$name $mode $owners $xattrs" >> variants.txt
}
make_image default exact exact yes
make_image t0 fixed0 exact yes -T0
make_image compact build root yes --all-root -Eforce-inode-compact
make_image noinline exact exact yes -Enoinline_data
make_image chunk_blockmap exact exact yes --chunksize=4096 -Eforce-inode-blockmap
make_image chunk_indexes exact exact yes --chunksize=4096 -Eforce-chunk-indexes
make_image chunk_16k exact exact yes --chunksize=16384 -Eforce-chunk-indexes
make_image noxattr exact exact no -x -1
make_image nosbcrc exact exact yes -Enosbcrc
mkfs.erofs --quiet -zlz4 "$dir/compressed.img" "$tree" >/dev/null
# BIG_PCLUSTER (COMPR_CFGS) and tail packing of compressed data.
mkfs.erofs --quiet -zlz4hc,9 -Eztailpacking -C65536 "$dir/compressed_big.img" "$tree" >/dev/null
