#!/usr/bin/env python3
"""make-broken.py GOOD.img OUTDIR: deliberately damaged copies of an erofs-utils
image made with -Enosbcrc (so a changed superblock field is seen as itself, not as
a checksum mismatch), for the guest to mount and walk: every one must fail with a
clean error or read what it can, and the kernel must live on.

Writes OUTDIR/NAME.img and prints "NAME EXPECT" per image, EXPECT being "refuse"
(the mount itself must fail) or "walk" (the mount may succeed; walking it may give
errors). The superblock layout is Linux's fs/erofs/erofs_fs.h.
"""
import os
import random
import struct
import sys

SB = 1024  # superblock offset
OFF_MAGIC, OFF_BLKSZBITS, OFF_ROOT_NID, OFF_BLOCKS, OFF_META_BLKADDR, OFF_INCOMPAT = 0, 12, 14, 36, 40, 80


def patch(data, off, fmt, value):
    out = bytearray(data)
    struct.pack_into(fmt, out, SB + off, value)
    return out


def mutate(data, seed):
    """Random bytes in the metadata area (after the superblock, inodes and dirents)."""
    rng = random.Random(seed)
    out = bytearray(data)
    meta = struct.unpack_from("<I", data, SB + OFF_META_BLKADDR)[0] * 4096
    end = min(len(out), meta + 64 * 4096)
    start = max(meta, SB + 128)
    for _ in range(rng.randint(4, 40)):
        pos = rng.randrange(start, end)
        out[pos] = rng.randrange(256)
    return out


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: make-broken.py GOOD.img OUTDIR")
    good = open(sys.argv[1], "rb").read()
    outdir = sys.argv[2]
    incompat = struct.unpack_from("<I", good, SB + OFF_INCOMPAT)[0]
    images = [
        ("magic", "refuse", patch(good, OFF_MAGIC, "<I", 0xE0F5E1E3)),
        ("blkszbits", "refuse", patch(good, OFF_BLKSZBITS, "<B", 20)),
        ("incompat", "refuse", patch(good, OFF_INCOMPAT, "<I", incompat | 0x80000000)),
        ("root_nid", "refuse", patch(good, OFF_ROOT_NID, "<H", 0xFFFF)),
        ("blocks", "refuse", patch(good, OFF_BLOCKS, "<I", 0xFFFFFFF0)),
        ("truncated", "refuse", good[: len(good) // 3]),
        ("tiny", "refuse", good[:1500]),
    ]
    for seed in range(16):
        images.append(("mutant%02d" % seed, "walk", mutate(good, seed)))
    for name, expect, data in images:
        with open(os.path.join(outdir, name + ".img"), "wb") as f:
            f.write(data)
        print(name, expect)


main()
