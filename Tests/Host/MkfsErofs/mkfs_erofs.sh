#!/usr/bin/env bash
# Atoll's mkfs.erofs against erofs-utils and the Linux EROFS driver.
#
# Builds a tree with every kind of inode the format stores (empty, 4096-, 5000-byte
# and 1 MiB files, a 500-entry directory, names sorting before ".", long symlinks,
# hard links, device nodes, FIFOs, a socket, setuid/setgid/sticky bits, xattrs,
# several owners including ones that need extended inodes), makes images of it in
# several variants, and checks each with:
#   - erofs-utils `fsck.erofs` (must pass);
#   - `fsck.erofs --extract` (the extracted tree must match a manifest of the source:
#     type, mode, owner, size, mtime, sha256, symlink target, device numbers);
#   - `mount -t erofs -o loop` inside `unshare -m` where this host allows it (the
#     mounted tree must match too, with nlink, hard links sharing an inode, xattrs);
#     where it does not, the check says SKIP and why.
# Then: -T/-U reproducibility (byte-identical images, also from a copy of the tree),
# --tar=f from GNU tar archives (same image as from the tree), and error handling.
#
# Needs: root (device nodes, owners), erofs-utils, GNU tar, python3 (xattrs, socket).
# Prints one line per check and "N passed, N failed"; exits 1 on any failure.
set -u
: "${ATOLL_BIN:?ATOLL_BIN must name the staged userland bin directory}"
MKFS="$ATOLL_BIN/mkfs.erofs"
t_pass=0
t_fail=0
work=$(mktemp -d /tmp/mkfs-erofs-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

pass() { t_pass=$((t_pass + 1)); echo "PASS: $*"; }
fail() { t_fail=$((t_fail + 1)); echo "FAIL: $*"; }
skip() { echo "SKIP: $*"; }
# check NAME CMD...: passes when CMD succeeds.
check() {
	local name=$1
	shift
	if "$@" >"$work/last.log" 2>&1; then pass "$name"; else fail "$name"; sed 's/^/    /' "$work/last.log" | head -20; fi
}

for tool in fsck.erofs tar python3 sha256sum; do
	command -v "$tool" >/dev/null || { echo "FAIL: $tool is required (Toolchain/packages.txt)"; echo "0 passed, 1 failed"; exit 1; }
done
[ -x "$MKFS" ] || { echo "FAIL: $MKFS not built"; echo "0 passed, 1 failed"; exit 1; }
[ "$(id -u)" = 0 ] || { echo "FAIL: this suite needs root (device nodes, owners)"; echo "0 passed, 1 failed"; exit 1; }

# ---- the source tree ----

# make_tree DIR [nosocket]
make_tree() {
	local d=$1
	mkdir -p "$d/multi" "$d/deep/a/b/c/d" "$d/owners"
	: >"$d/empty"
	head -c 4096 /dev/urandom >"$d/f4096"
	head -c 5000 /dev/urandom >"$d/f5000"
	head -c 1048576 /dev/urandom >"$d/f1m"
	head -c 8191 /dev/urandom >"$d/deep/a/b/c/d/tail8191"
	# 4 MiB with two all-zero MiB in the middle: shared zero chunks with --chunksize.
	{ head -c 1048576 /dev/urandom; head -c 2097152 /dev/zero; head -c 1048576 /dev/urandom; } >"$d/holey"
	local i
	for i in $(seq -w 1 500); do echo "entry $i" >"$d/multi/entry-with-a-longish-name-$i"; done
	echo bang >"$d/!bang"
	echo dash >"$d/-dash"
	echo hash >"$d/#hash"
	echo plus >"$d/multi/+plus"
	ln -s f5000 "$d/shortlink"
	ln -s "$(printf 'x/%.0s' $(seq 1 150))target" "$d/longlink"       # 308 bytes
	ln -s "$(printf 'long-component-%.0s' $(seq 1 240))end" "$d/hugelink" # 3603 bytes
	ln -s /nonexistent/absolute "$d/deep/abs"
	echo linked >"$d/hard1"
	ln "$d/hard1" "$d/hard2"
	ln "$d/hard1" "$d/deep/hard3"
	mknod "$d/null" c 1 3
	mknod "$d/bigdev" b 259 1048575
	mkfifo "$d/fifo"
	echo suid >"$d/setuid" && chmod 4755 "$d/setuid"
	echo sgid >"$d/setgid" && chmod 2711 "$d/setgid"
	mkdir "$d/sticky" && chmod 1777 "$d/sticky"
	echo odd >"$d/oddmode" && chmod 0404 "$d/oddmode"
	echo u1000 >"$d/owners/u1000" && chown 1000:1000 "$d/owners/u1000"
	echo big >"$d/owners/big" && chown 65536:70000 "$d/owners/big"
	mkdir "$d/owners/dir" && chown 123:456 "$d/owners/dir"
	ln -s u1000 "$d/owners/link" && chown -h 7:8 "$d/owners/link"
	touch -d '2001-02-03 04:05:06.123456789' "$d/f5000"
	touch -h -d '1999-12-31 23:59:59' "$d/shortlink"
	python3 - "$d" "${2:-}" <<-'EOF'
	import os, socket, sys
	d = sys.argv[1]
	os.setxattr(d + "/f5000", "user.comment", b"five thousand")
	os.setxattr(d + "/f5000", "user.empty", b"")
	os.setxattr(d + "/f5000", "trusted.overlay.opaque", b"y")
	os.setxattr(d + "/multi", "user.dirattr", b"x" * 300)
	os.setxattr(d + "/empty", "security.test", bytes(range(256)))
	os.setxattr(d + "/longlink", "trusted.linkattr", b"on a symlink", follow_symlinks=False)
	if sys.argv[2] != "nosocket":
	    s = socket.socket(socket.AF_UNIX)
	    s.bind(d + "/sock")
	    s.close()
	EOF
}

# manifest DIR [full]: one sorted line per path: type, mode, owner, mtime, and size +
# sha256 (files), target (symlinks) or major:minor (devices). `full` adds nlink of
# non-directories, hard-link groups and xattrs: what a mount shows but fsck --extract
# does not keep.
manifest() {
	python3 - "$1" "${2:-}" <<-'EOF'
	import hashlib, os, stat, sys
	root, full = sys.argv[1], sys.argv[2] == "full"
	paths = []
	for dirpath, dirs, files in os.walk(root):
	    paths += [os.path.join(dirpath, n) for n in dirs + files]
	groups = {}
	out = []
	for p in sorted(paths, key=lambda p: os.path.relpath(p, root).encode()):
	    rel = "./" + os.path.relpath(p, root)
	    st = os.lstat(p)
	    m = st.st_mode
	    line = "%s|%o|%o|%d:%d|%d" % (rel, stat.S_IFMT(m), stat.S_IMODE(m), st.st_uid, st.st_gid, int(st.st_mtime))
	    if stat.S_ISREG(m):
	        with open(p, "rb") as f:
	            line += "|%d|%s" % (st.st_size, hashlib.sha256(f.read()).hexdigest()[:16])
	    elif stat.S_ISLNK(m):
	        line += "|" + os.readlink(p)
	    elif stat.S_ISCHR(m) or stat.S_ISBLK(m):
	        line += "|%d:%d" % (os.major(st.st_rdev), os.minor(st.st_rdev))
	    if full and not stat.S_ISDIR(m):
	        line += "|n%d" % st.st_nlink
	        if st.st_nlink > 1:
	            groups.setdefault(st.st_ino, []).append(rel)
	    out.append(line)
	    if full:
	        for n in sorted(os.listxattr(p, follow_symlinks=False)):
	            if n.split(".")[0] in ("user", "trusted", "security"):
	                v = os.getxattr(p, n, follow_symlinks=False)
	                out.append("xattr:%s %s %s %d" % (rel, n, v.hex()[:64], len(v)))
	out += sorted("links: " + " ".join(g) for g in groups.values())
	print("\n".join(out))
	EOF
}

make_tree src
manifest src >src.manifest
manifest src full >src.full
# Images built with -T0 have every mtime 0: expected manifests with mtime 0.
t0() { sed -E 's/^([^|]*\|[^|]*\|[^|]*\|[^|]*)\|[0-9]+/\1|0/'; }
t0 <src.manifest >src.t0.manifest
t0 <src.full >src.t0.full
# Without xattrs (-x -1).
grep -v '^xattr:' src.t0.full >src.t0.noxattr

# ---- helpers over images ----

# fsck_extract IMAGE DIR: fsck passes and extracts into DIR.
fsck_extract() {
	rm -rf "$2" && fsck.erofs "$1" && fsck.erofs --extract="$2" --preserve "$1"
}

# compare_extract IMAGE WANT-MANIFEST
# NOTE: erofs-utils 1.5's fsck.erofs --extract sets a file's mode before its owner,
# and chown() clears S_ISUID/S_ISGID, so the extracted copy loses those two bits
# whatever the image says; they are masked here (the mount check sees them).
compare_extract() {
	local x="$work/x.$$"
	fsck_extract "$1" "$x" || return 1
	manifest "$x" | no_suid >"$x.manifest"
	no_suid <"$2" | diff - "$x.manifest"
}
no_suid() { sed -E 's/^([^|]*\|100000\|)[246]([0-7]{3})\|/\1\2|/'; }

mount_ok=
mount_why=
probe_mount() {
	mkdir -p probe.mnt
	local err
	if err=$(unshare -m sh -c "mount -t erofs -o loop,ro '$1' probe.mnt && umount probe.mnt" 2>&1); then
		mount_ok=1
	elif [ ! -e /dev/loop-control ]; then
		mount_why="no /dev/loop-control (loop devices unavailable)"
	elif ! grep -qw erofs /proc/filesystems; then
		mount_why="the host kernel has no erofs support ($err)"
	else
		mount_why="mount -t erofs -o loop failed here: $err"
	fi
}

# compare_mount IMAGE WANT-FULL-MANIFEST: the mounted image matches (nlink, links, xattrs).
compare_mount() {
	local m="$work/m.$$"
	mkdir -p "$m"
	unshare -m bash -c "
		$(declare -f manifest)
		mount -t erofs -o loop,ro '$1' '$m' || exit 1
		manifest '$m' full >'$m.full'; rc=\$?
		umount '$m'; exit \$rc" || return 1
	diff "$2" "$m.full"
}

# variant NAME WANT WANT-FULL MKFS-ARGS...: build, fsck+extract compare, mount compare.
variant() {
	local name=$1 want=$2 want_full=$3
	shift 3
	rm -f v.img
	if ! "$MKFS" --quiet "$@" v.img src >mkfs.log 2>&1; then
		fail "$name: mkfs.erofs $*"; sed 's/^/    /' mkfs.log; return
	fi
	check "$name: fsck.erofs and --extract match the source" compare_extract v.img "$want"
	if [ "$mount_ok" ]; then
		check "$name: mounted tree matches (nlink, hard links, setuid, xattrs)" compare_mount v.img "$want_full"
	else
		skip "$name: mount check: $mount_why"
	fi
}

"$MKFS" --quiet -T0 -Uclear probe.img src >/dev/null 2>&1
probe_mount probe.img

# ---- variants ----
variant "default -T0" src.t0.manifest src.t0.full -T0
variant "noinline_data" src.t0.manifest src.t0.full -T0 -E noinline_data
variant "chunksize 4096" src.t0.manifest src.t0.full -T0 --chunksize=4096
variant "chunksize 1MiB + indexes" src.t0.manifest src.t0.full -T0 --chunksize=1048576 -E force-chunk-indexes
variant "force-inode-extended" src.t0.manifest src.t0.full -T0 -E force-inode-extended
variant "no xattrs (-x -1)" src.t0.manifest src.t0.noxattr -T0 -x -1
variant "nosbcrc" src.t0.manifest src.t0.full -T0 -E nosbcrc
variant "source mtimes (no -T)" src.manifest src.full

sed -E 's/\|[0-9]+:[0-9]+\|/|0:0|/' src.t0.manifest >src.root.manifest
sed -E 's/\|[0-9]+:[0-9]+\|/|0:0|/' src.t0.full >src.root.full
variant "--all-root" src.root.manifest src.root.full -T0 --all-root

# With 1 MiB chunks the two zero MiB of `holey` share one stored chunk.
mkdir hole && cp src/holey hole/
"$MKFS" --quiet -T0 -Uclear plain.img hole && "$MKFS" --quiet -T0 -Uclear --chunksize=1048576 chunk.img hole
check "all-zero chunks are stored once (image is 1 MiB smaller)" \
	test $(($(stat -c %s plain.img) - $(stat -c %s chunk.img))) -eq 1048576
check "the holey file reads back intact" bash -c "rm -rf hx && fsck.erofs --extract=hx chunk.img && cmp hx/holey hole/holey"

"$MKFS" --quiet -T0 -Uclear compact.img src
"$MKFS" --quiet -T0 -Uclear -E force-inode-extended ext.img src
check "-T0: compact inodes where fields fit (metadata smaller than force-inode-extended)" \
	test "$(stat -c %s compact.img)" -lt "$(stat -c %s ext.img)"

# ---- reproducibility ----
UUID=0123abcd-4567-89ef-0123-456789abcdef
"$MKFS" --quiet -T 1700000000 -U "$UUID" r1.img src
"$MKFS" --quiet -T 1700000000 -U "$UUID" r2.img src
check "-T/-U: two builds are byte-identical" cmp r1.img r2.img
cp -a src copy && rm -rf src2 && mv copy src2
"$MKFS" --quiet -T 1700000000 -U "$UUID" r3.img src2
check "-T/-U: a copy of the tree (other inode numbers, readdir order) gives the same image" cmp r1.img r3.img
check "-U: the UUID is in the superblock" bash -c "dump.erofs -s r1.img | grep -qi '$UUID'"
"$MKFS" --quiet -T 1700000000 u1.img src && "$MKFS" --quiet -T 1700000000 u2.img src
check "without -U the UUID is random (images differ)" bash -c '! cmp -s u1.img u2.img'

# ---- --tar ----
rm -rf tsrc && make_tree tsrc nosocket
manifest tsrc >tsrc.manifest
t0 <tsrc.manifest >tsrc.t0.manifest
"$MKFS" --quiet -T0 -U "$UUID" tree.img tsrc
for fmt in pax gnu; do
	tar -C tsrc --format=$fmt --xattrs --xattrs-include='*' -cf t-$fmt.tar .
	if "$MKFS" --quiet -T0 -U "$UUID" --tar=f tar-$fmt.img t-$fmt.tar >mkfs.log 2>&1; then
		check "--tar=f ($fmt): fsck --extract matches the tree" compare_extract tar-$fmt.img tsrc.t0.manifest
		check "--tar=f ($fmt): byte-identical to the image built from the tree" cmp tree.img tar-$fmt.img
	else
		fail "--tar=f ($fmt)"; sed 's/^/    /' mkfs.log
	fi
done
# Without -T the tar's mtimes (whole seconds) survive.
"$MKFS" --quiet --tar=f tarmt.img t-pax.tar
check "--tar=f keeps member mtimes" compare_extract tarmt.img tsrc.manifest
cat t-pax.tar | "$MKFS" --quiet -T0 -U "$UUID" --tar=f stdin.img -
check "--tar=f from standard input gives the same image" cmp tree.img stdin.img
# A docker-export-like archive: no "./" prefix and no directory members at all.
(cd tsrc && find . ! -type d -print0 | sed -z 's|^\./||' | sort -z |
	tar --null --no-recursion --format=pax -cf "$work/nodirs.tar" -T -)
check "--tar=f: missing parent directories are created" bash -c "
	'$MKFS' --quiet -T0 --tar=f nodirs.img nodirs.tar && fsck.erofs nodirs.img &&
	rm -rf nd && fsck.erofs --extract=nd nodirs.img && cmp nd/deep/a/b/c/d/tail8191 tsrc/deep/a/b/c/d/tail8191 &&
	test \"\$(stat -c %a nd/deep/a)\" = 755"

# ---- errors ----
# expect_error NAME STATUS REGEX MKFS-ARGS...
expect_error() {
	local name=$1 want=$2 regex=$3
	shift 3
	"$MKFS" "$@" >err.out 2>err.log
	local rc=$?
	if [ "$rc" = "$want" ] && grep -qE "$regex" err.log; then
		pass "error: $name (exit $rc: $(head -1 err.log))"
	else
		fail "error: $name: exit $rc, want $want matching /$regex/"; sed 's/^/    /' err.log
	fi
}
expect_error "missing source" 1 "nonexistent-dir.*No such file" e.img nonexistent-dir
check "error: no image left behind for a missing source" test ! -e e.img
expect_error "unwritable image" 1 "no-such-dir/x.img: cannot create the image" no-such-dir/x.img src
expect_error "bad UUID" 2 "invalid UUID 'not-a-uuid'" -U not-a-uuid e.img src
expect_error "short UUID" 2 "invalid UUID" -U 0123abcd-4567-89ef-0123-456789abcde e.img src
expect_error "unknown option" 2 "unknown option" --bogus e.img src
expect_error "compression refused" 2 "compression .* not supported" -zlz4 e.img src
expect_error "unsupported -E" 2 "extended option 'force-inode-compact' not supported" -E force-inode-compact e.img src
expect_error "bad chunk size" 2 "chunk size" --chunksize=5000 e.img src
expect_error "missing operands" 2 "missing IMAGE or SOURCE" e.img
expect_error "source is a file" 1 "not a directory" e.img src/f5000
head -c 10000 t-pax.tar >trunc.tar
expect_error "truncated tar" 1 "trunc.tar: .*truncated" --tar=f e.img trunc.tar
check "error: no image left behind for a truncated tar" test ! -e e.img
cp t-pax.tar bad.tar && printf 'X' | dd of=bad.tar bs=1 seek=1 conv=notrunc 2>/dev/null
expect_error "corrupted tar header" 1 "checksum" --tar=f e.img bad.tar
gzip -c t-pax.tar >t.tar.gz
expect_error "compressed tar" 1 "compressed archives are not supported" --tar=f e.img t.tar.gz
expect_error "--tar=t" 2 "not supported" --tar=t e.img t-pax.tar
# Damaged archives: every run ends in a valid image (fsck passes) or exit 1 with a
# message naming the archive; never a crash or another status.
fuzz_tar() {
	python3 - "$MKFS" t-pax.tar <<-'EOF'
	import random, subprocess, sys
	mkfs, tar = sys.argv[1], sys.argv[2]
	random.seed(5)
	data = open(tar, "rb").read()
	bad = 0
	for i in range(60):
	    b = bytearray(data)
	    for _ in range(random.randint(1, 4)):
	        b[random.randrange(0, 16 * 512)] = random.randrange(256)
	    open("m.tar", "wb").write(b)
	    r = subprocess.run([mkfs, "--quiet", "-T0", "--tar=f", "m.img", "m.tar"], capture_output=True)
	    if r.returncode == 0:
	        if subprocess.run(["fsck.erofs", "m.img"], capture_output=True).returncode != 0:
	            bad += 1
	            print("round %d: image fails fsck.erofs" % i)
	    elif r.returncode != 1 or b"m.tar" not in r.stderr:
	        bad += 1
	        print("round %d: exit %d: %s" % (i, r.returncode, r.stderr[:200]))
	sys.exit(1 if bad else 0)
	EOF
}
check "60 damaged tars: a valid image or a clean exit 1" fuzz_tar
check "--help prints usage and exits 0" bash -c "'$MKFS' --help | grep -q 'Usage: mkfs.erofs'"

echo "$t_pass passed, $t_fail failed"
[ "$t_fail" = 0 ]
