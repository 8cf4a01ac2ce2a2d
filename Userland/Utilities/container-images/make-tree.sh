#!/usr/bin/env bash
# make-tree.sh BINARY NAME PASSWD GROUP OUT: builds a container root tree in OUT from
# one multi-call binary. OUT/bin/NAME is a copy of BINARY, OUT/bin/<applet> a symlink
# to NAME for every applet `BINARY --list` prints (BuggieBox and busybox both have
# --list), OUT/etc/passwd and OUT/etc/group are copies of PASSWD and GROUP, and the
# mount points a container needs (dev proc tmp) plus root's home exist, empty.
# The tree is rebuilt from scratch every time, so the result depends only on inputs.
set -euo pipefail
if [ $# -ne 5 ]; then
	echo "make-tree.sh: usage: make-tree.sh BINARY NAME PASSWD GROUP OUT" >&2
	exit 2
fi
binary=$1 name=$2 passwd=$3 group=$4 out=$5
rm -rf "$out"
mkdir -p "$out/bin" "$out/etc" "$out/dev" "$out/proc" "$out/tmp" "$out/root"
chmod 1777 "$out/tmp"
chmod 0700 "$out/root"
cp "$binary" "$out/bin/$name"
chmod 0755 "$out/bin/$name"
applets=$("$binary" --list) || {
	echo "make-tree.sh: $binary --list failed" >&2
	exit 1
}
count=0
for applet in $applets; do
	applet=${applet##*/}
	[ "$applet" = "$name" ] && continue
	ln -s "$name" "$out/bin/$applet"
	count=$((count + 1))
done
if [ $count -eq 0 ]; then
	echo "make-tree.sh: $binary --list printed no applets" >&2
	exit 1
fi
install -m 0644 "$passwd" "$out/etc/passwd"
install -m 0644 "$group" "$out/etc/group"
