#!/bin/bash
# md5sum, sha256sum, cksum, hexdump and xxd against coreutils, util-linux and
# vim's xxd. The fixtures include sizes around the 64-byte hash block (55, 56,
# 64 bytes: the padding edge cases) and a file of every byte value.
export LC_ALL=C
. "$(dirname "$0")/lib.sh"

t_setup() {
	printf 'one\ntwo\n' >small
	: >empty
	head -c 55 /dev/zero | tr '\0' a >b55
	head -c 56 /dev/zero | tr '\0' b >b56
	head -c 64 /dev/zero | tr '\0' c >b64
	head -c 40 /dev/zero >zeros
	seq 1 20000 >big
	for i in $(seq 0 255); do printf "\\$(printf %o "$i")"; done >bytes
	md5sum small big >md5.list
	sha256sum small bytes >sha.list
	printf '00000000000000000000000000000000  small\n' >md5.bad
	printf 'not a checksum line\n' >junk
	printf '00000000000000000000000000000000  missing\n' >md5.missing
}

# md5sum
t_diff -- md5sum small empty
t_diff -- md5sum b55 b56 b64
t_diff -- md5sum big bytes
t_diff --in 'standard input' -- md5sum
t_diff -- md5sum -c md5.list
t_diff -- md5sum -c md5.bad
t_diff -- md5sum -c md5.missing
t_diff -- md5sum -c junk
t_diff -- md5sum nope small

# sha256sum
t_diff -- sha256sum small empty
t_diff -- sha256sum b55 b56 b64
t_diff -- sha256sum big bytes
t_diff --in 'standard input' -- sha256sum
t_diff -- sha256sum -c sha.list
t_diff -- sha256sum -c md5.list
t_diff -- sha256sum nope

# cksum
t_diff -- cksum small
t_diff -- cksum empty b55 b56 b64
t_diff -- cksum big bytes
t_diff --in 'standard input' -- cksum
t_diff -- cksum nope small

# hexdump
t_diff -- hexdump -C small
t_diff -- hexdump -C bytes
t_diff -- hexdump -C zeros small
t_diff -- hexdump -v -C zeros
t_diff -- hexdump bytes
t_diff -- hexdump zeros
t_diff --in 'abc' -- hexdump
t_diff -- hexdump -C empty
t_diff -- hexdump -C nope

# xxd
t_diff -- xxd small
t_diff -- xxd bytes
t_diff -- xxd zeros
t_diff --in 'odd length input' -- xxd
t_diff -- xxd empty
t_diff -- xxd nope
t_done
