#!/usr/bin/env python3
"""make-manifest.py TREE MTIME OWNERS XATTRS: print the manifest of TREE that the
in-guest `erofs` program checks a mounted EROFS image of it against.

MTIME, OWNERS and XATTRS are the variant's rules from make_fixtures.sh's
variants.txt: MTIME "exact" (seconds and nanoseconds kept), "fixed0" (-T0: all 0)
or "build" (compact inodes: the image's build time, not checked); OWNERS "exact"
or "root" (0/0); XATTRS "yes" or "no" (-x -1: none).

One line per inode path, fields separated by single spaces, strings %XX-encoded
(every byte outside [A-Za-z0-9._/+-] is %XX, so no field holds a space):
  PATH TYPE MODE UID GID SIZE NLINK MTIME_SEC MTIME_NSEC MAJOR MINOR HOSTINO HASH TARGET XATTRS
TYPE is one of f d l c b p s; MODE is the octal st_mode; SIZE and MTIME are "-"
when not checked (directory sizes differ between filesystems); HASH is the FNV-1a
64-bit hash of a regular file's content in hex ("-" otherwise); TARGET the symlink
target ("-" otherwise); XATTRS "-" for none, else NAME=HEXVALUE pairs joined by ","
(an empty value is NAME=). HOSTINO groups hard links: paths sharing it must share
an inode number. The root, ".", comes first, then the
other paths in byte order.
"""
import os
import stat
import sys

SAFE = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/+-")


def enc(data):
    if isinstance(data, str):
        data = os.fsencode(data)
    return "".join(chr(b) if b in SAFE else "%%%02X" % b for b in data)


def fnv1a64(path):
    h = 0xCBF29CE484222325
    with open(path, "rb") as f:
        data = f.read()
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def kind(mode):
    for test, letter in ((stat.S_ISREG, "f"), (stat.S_ISDIR, "d"), (stat.S_ISLNK, "l"), (stat.S_ISCHR, "c"),
                         (stat.S_ISBLK, "b"), (stat.S_ISFIFO, "p"), (stat.S_ISSOCK, "s")):
        if test(mode):
            return letter
    raise SystemExit("make-manifest.py: unknown file type %o" % mode)


def xattrs(path):
    names = sorted(os.listxattr(path, follow_symlinks=False))
    if not names:
        return "-"
    return ",".join("%s=%s" % (enc(n), os.getxattr(path, n, follow_symlinks=False).hex()) for n in names)


def line(tree, rel, mtime_rule, owners, with_xattrs):
    full = os.path.join(tree, rel) if rel != "." else tree
    st = os.lstat(full)
    t = kind(st.st_mode)
    uid, gid = (st.st_uid, st.st_gid) if owners == "exact" else (0, 0)
    if mtime_rule == "exact":
        msec, mnsec = str(st.st_mtime_ns // 10**9), str(st.st_mtime_ns % 10**9)
    elif mtime_rule == "fixed0":
        msec, mnsec = "0", "0"
    else:
        msec, mnsec = "-", "-"
    size = "-" if t == "d" else str(st.st_size)
    major = os.major(st.st_rdev) if t in "cb" else 0
    minor = os.minor(st.st_rdev) if t in "cb" else 0
    digest = fnv1a64(full) if t == "f" else "-"
    target = enc(os.readlink(full)) if t == "l" else "-"
    xa = xattrs(full) if with_xattrs == "yes" else "-"
    return " ".join([enc(rel), t, "%o" % st.st_mode, str(uid), str(gid), size, str(st.st_nlink), msec, mnsec,
                     str(major), str(minor), str(st.st_ino), digest, target, xa])


def main():
    if len(sys.argv) != 5:
        raise SystemExit("usage: make-manifest.py TREE MTIME OWNERS XATTRS")
    tree, mtime_rule, owners, with_xattrs = sys.argv[1:]
    paths = []
    for root, dirs, files in os.walk(tree):
        for name in dirs + files:
            paths.append(os.path.relpath(os.path.join(root, name), tree))
    for rel in ["."] + sorted(paths, key=os.fsencode):
        print(line(tree, rel, mtime_rule, owners, with_xattrs))


main()
