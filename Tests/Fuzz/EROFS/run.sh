#!/bin/bash
# run.sh FUZZER SECONDS [CORPUS]: run the EROFS fuzz target for SECONDS over a
# corpus seeded with fresh erofs-utils images. Without CORPUS a temporary one is
# used and removed; with it, findings accumulate there across runs. Crash
# reproducers are kept as erofs-crash-* in CORPUS's parent (or, without CORPUS,
# in the current directory: the build folder under ctest). The exit status is
# the fuzzer's: non-zero on any finding.
set -euo pipefail
fuzzer=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/erofs-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
corpus=${3:-$work/corpus}
if [ $# -ge 3 ]; then
	artifacts=$(cd "$(dirname "$corpus")" && pwd)/erofs-
else
	artifacts=$PWD/erofs-
fi
mkdir -p "$corpus"
bash "$here/make_seeds.sh" "$work/seeds"
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
	-artifact_prefix="$artifacts" -print_final_stats=1 "$corpus" "$work/seeds"
