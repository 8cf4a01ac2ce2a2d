#!/usr/bin/env bash
# erofs-boot.sh: boot.erofs_disks. Builds the EROFS fixture tree and its erofs-utils
# images (Tests/Host/EROFS/make_fixtures.sh), a manifest per variant
# (make-manifest.py) and damaged images (make-broken.py), packs them all into one
# EROFS image, and boots Atoll with three virtio disks:
#   /dev/vda  the pack, mounted at /tmp/pack
#   /dev/vdb  the default variant, mounted as a disk and checked by /tests/erofs
#   /dev/vdc  an image with a bad magic, which must not mount
# In the guest every variant is mounted over a loop device (mount -o loop) and
# checked against its manifest, the -zlz4 images must mount and refuse their
# compressed files with EOPNOTSUPP, the damaged ones must fail to mount or walk with
# clean errors, and the kernel must live on to a clean poweroff.
# Needs root and erofs-utils (make_fixtures.sh makes device nodes and trusted.* xattrs).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${ATOLL_SOURCE_DIR:-$here/../../..}
build=${ATOLL_BUILD_DIR:?ATOLL_BUILD_DIR is not set}
work=$build/Testing/erofs-disks
fail() { echo "erofs-boot: $*" >&2; exit 1; }

if [ "$(id -u)" != 0 ] || ! command -v mkfs.erofs >/dev/null; then
	echo "erofs-boot: SKIP: needs root and erofs-utils' mkfs.erofs"
	exit 77
fi
[ -x "$build/Root/tests/erofs" ] || fail "$build/Root/tests/erofs is not built"
rm -rf "$work"
mkdir -p "$work/fx" "$work/pack/broken"
bash "$src/Tests/Host/EROFS/make_fixtures.sh" "$work/fx" >/dev/null || fail "make_fixtures.sh failed"

# The pack: every variant with its manifest, the compressed images, the damaged ones.
variants=()
while read -r name mtime owners xattrs; do
	cp "$work/fx/$name.img" "$work/pack/"
	python3 "$here/make-manifest.py" "$work/fx/tree" "$mtime" "$owners" "$xattrs" >"$work/pack/$name.manifest" ||
		fail "make-manifest.py failed for $name"
	variants+=("$name")
done <"$work/fx/variants.txt"
cp "$work/fx/compressed.img" "$work/fx/compressed_big.img" "$work/pack/"
cp "$work/pack/default.manifest" "$work/pack/compressed.manifest"
python3 "$here/make-broken.py" "$work/fx/nosbcrc.img" "$work/pack/broken" >"$work/broken.txt" ||
	fail "make-broken.py failed"
mkfs.erofs --quiet "$work/pack.img" "$work/pack" >/dev/null || fail "cannot make the pack image"

# The guest's commands: one /tests/erofs run per image, each announced by "== ".
runs=0
{
	echo "mkdir -p /tmp/pack /tmp/v"
	echo "mount -t erofs /dev/vda /tmp/pack || echo 'erofs-boot: FAIL mounting the pack'"
	echo "echo '== disk default'"
	echo "mount -t erofs /dev/vdb /tmp/v && EROFS_ROOT=/tmp/v EROFS_MANIFEST=/tmp/pack/default.manifest /tests/erofs; umount /tmp/v"
	runs=$((runs + 1))
	echo "echo '== disk vdc (bad magic)'"
	echo "mount -t erofs /dev/vdc /tmp/v && echo 'erofs-boot: UNEXPECTED mount of vdc'"
	for name in "${variants[@]}"; do
		echo "echo '== loop $name'"
		echo "mount -t erofs -o loop,ro /tmp/pack/$name.img /tmp/v && EROFS_ROOT=/tmp/v EROFS_MANIFEST=/tmp/pack/$name.manifest /tests/erofs; umount /tmp/v"
		runs=$((runs + 1))
	done
	echo "echo '== broken option (refuse)'"
	echo "mount -t erofs -o loop,bogus_option /tmp/pack/default.img /tmp/v && echo 'erofs-boot: UNEXPECTED mount with bogus_option'"
	echo "echo '== loop default, nouser_xattr'"
	echo "mount -t erofs -o loop,nouser_xattr /tmp/pack/default.img /tmp/v && EROFS_NOUSER_XATTR=1 EROFS_ROOT=/tmp/v /tests/erofs nouser_xattr; umount /tmp/v"
	runs=$((runs + 1))
	for name in compressed compressed_big; do
		echo "echo '== loop $name'"
		echo "mount -t erofs -o loop /tmp/pack/$name.img /tmp/v && EROFS_COMPRESSED=1 EROFS_ROOT=/tmp/v EROFS_MANIFEST=/tmp/pack/compressed.manifest /tests/erofs compressed statfs_case; umount /tmp/v"
		runs=$((runs + 1))
	done
	while read -r name expect; do
		echo "echo '== broken $name ($expect)'"
		if [ "$expect" = refuse ]; then
			echo "mount -t erofs -o loop /tmp/pack/broken/$name.img /tmp/v && echo 'erofs-boot: UNEXPECTED mount of $name'"
		else
			echo "mount -t erofs -o loop /tmp/pack/broken/$name.img /tmp/v && { EROFS_BROKEN=1 EROFS_ROOT=/tmp/v /tests/erofs walk; umount /tmp/v; }"
		fi
	done <"$work/broken.txt"
	echo "echo 'erofs-boot: alive'"
	echo "poweroff"
} >"$work/commands.txt"

timeout 1500 "$src/Meta/qemu-run" --timeout 1400 --disk "$work/pack.img" --disk "$work/fx/default.img" \
	--disk "$work/pack/broken/magic.img" <"$work/commands.txt" >"$work/serial.log" 2>&1
status=$?
log=$work/serial.log
[ $status -eq 0 ] || { tail -n 60 "$log"; fail "Meta/qemu-run exited $status (log: $log)"; }
grep -q "^erofs-boot: alive" "$log" || { tail -n 40 "$log"; fail "the guest did not get to the end"; }
if grep -E "^FAIL |erofs-boot: (FAIL|UNEXPECTED)|PANIC" "$log"; then
	fail "failures above (log: $log)"
fi
if grep -E "[0-9]+ passed, [1-9][0-9]* failed" "$log"; then
	fail "failed runs above (log: $log)"
fi
# Every checking section (a disk or loop image, not a damaged one) ends in a pass.
passed=$(awk '/^== (disk default|loop )/ { if (open) bad++; open = 1 }
	/^== (broken|disk vdc)/ { if (open) bad++; open = 0 }
	/[1-9][0-9]* passed, 0 failed/ { if (open) { good++; open = 0 } }
	END { print good + 0 }' "$log")
[ "$passed" -eq "$runs" ] || fail "$passed of $runs checking runs passed (log: $log)"
grep -Eq "erofs: nid [0-9]+.*compress" "$log" || fail "no log line naming a compressed inode's nid"
grep -q "erofs: .*(device vdc)" "$log" || fail "no log line for the bad magic of vdc"
grep -q "erofs: unknown mount option 'bogus_option'" "$log" || fail "no log line for the unknown option"
echo "erofs-boot: ok: $runs images checked against their manifests, $(wc -l <"$work/broken.txt") damaged images survived"
