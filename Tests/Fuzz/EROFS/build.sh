#!/bin/bash
# build.sh OUT: build the EROFS libFuzzer target with clang (the main build uses
# gcc, which has no libFuzzer). One place for the command line: CMake's custom
# command and Meta/os-fuzz both call this.
set -euo pipefail
out=$1
src=$(cd "$(dirname "$0")/../../.." && pwd)
core=$src/Kernel/FileSystem/EROFS
host=$src/Tests/Host/EROFS
mkdir -p "$(dirname "$out")"
exec clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer -DATOLL_HOST=1 -Wall -Wextra \
	-I"$core" -I"$host" \
	"$src/Tests/Fuzz/EROFS/erofs_fuzz.c" "$host/image.c" "$host/walk.c" \
	"$core"/crc32c.c "$core"/log.c "$core"/super.c "$core"/inode.c "$core"/data.c \
	"$core"/dir.c "$core"/namei.c "$core"/xattr.c \
	-o "$out"
