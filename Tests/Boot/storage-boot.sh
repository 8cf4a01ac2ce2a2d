#!/usr/bin/env bash
# storage-boot.sh DISKTOOL: boots Atoll with two virtio-blk disks, the storage test
# disk (2 MiB, made by DISKTOOL) and a small random one, and checks from inside the
# guest that /dev/vda and /dev/vdb hash (md5sum, sha256sum) exactly as on the host
# (also with two readers at once), that a write to /dev/vdb reaches its image,
# that /proc/bcache counts, and that the storage suite (/tests/storage) passes with
# the same observation lines as on the host Linux.
set -uo pipefail
tool=${1:?usage: storage-boot.sh DISKTOOL}
dir=${ATOLL_BUILD_DIR:?}/Testing/storage-boot
mkdir -p "$dir"
out=$dir/session.log
"$tool" "$dir/vda.img" $((2 * 1024 * 1024)) || exit 1
head -c $((64 * 1024 + 512)) /dev/urandom >"$dir/vdb.img" || exit 1
cp "$dir/vdb.img" "$dir/vdb.orig" || exit 1
md5_a=$(md5sum <"$dir/vda.img" | cut -d' ' -f1)
sha_a=$(sha256sum <"$dir/vda.img" | cut -d' ' -f1)
md5_b=$(md5sum <"$dir/vdb.img" | cut -d' ' -f1)
commands='md5sum /dev/vda & md5sum /dev/vda; wait
sha256sum /dev/vda
md5sum /dev/vdb
cat /proc/bcache
GT_TIMEOUT_SCALE=4 /tests/storage --observe; echo "storage-exit=$?"
printf ATOLL-WROTE-THIS >/dev/vdb
poweroff'
printf '%s\n' "$commands" | timeout 200 "$ATOLL_SOURCE_DIR/Meta/qemu-run" --timeout 180 \
	--disk "$dir/vda.img" --disk "$dir/vdb.img" >"$out" 2>&1
status=$?
fail=0
bad() { echo "storage-boot: $*"; fail=1; }
[ $status -eq 0 ] || bad "Meta/qemu-run exited $status"
for re in "^$md5_a  /dev/vda" "^$sha_a  /dev/vda" "^$md5_b  /dev/vdb" "^virtio-blk: /dev/vda, 2048 KiB" \
	"^hits [1-9]" "^misses [1-9]" "^readahead [1-9]" "^[0-9]+ passed, 0 failed" "^storage-exit=0" \
	"^PASS vda_test_disk" "^PASS ram0_is_the_root_image"; do
	grep -Eq -- "$re" "$out" || bad "no line matches /$re/"
done
grep -q '^FAIL ' "$out" && bad "the storage suite has failing cases"
# Two concurrent readers of the cold disk both see the right bytes.
[ "$(grep -c "^$md5_a  /dev/vda" "$out")" -eq 2 ] || bad "the two concurrent md5sums of /dev/vda are not both right"
# A write through /dev/vdb reached the image, and nothing past it changed.
[ "$(head -c 16 "$dir/vdb.img")" = ATOLL-WROTE-THIS ] || bad "the write to /dev/vdb did not reach the image"
cmp -s -i 16 "$dir/vdb.img" "$dir/vdb.orig" || bad "bytes of /dev/vdb past the write changed"
# The observation lines must be the host Linux's (saved by guest_on_host.storage).
saved=$ATOLL_BUILD_DIR/Testing/guest-observed/storage.txt
if [ -s "$saved" ]; then
	diff -u --label "host (Linux)" --label "guest (Atoll)" "$saved" <(tr -d '\r' <"$out" | grep '^= ') ||
		bad "the guest's observation lines differ from the host's"
else
	echo "storage-boot: note: no host observations in $saved (run ctest -R guest_on_host.storage)"
fi
if [ $fail -ne 0 ]; then
	tail -n 60 "$out"
	exit 1
fi
echo "storage-boot: ok (log: $out)"
