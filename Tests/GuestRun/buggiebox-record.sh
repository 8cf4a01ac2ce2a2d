#!/bin/bash
# buggiebox-record.sh OUT SUITE...: records BuggieBox host suites
# (Tests/Host/BuggieBox/SUITE.sh) for replay inside Atoll: each suite runs with
# buggiebox-record-lib.sh in place of its lib.sh, which runs only the references
# (dash, the host's tools) and stores every check as a case directory under
# OUT/SUITE/. OUT also gets run.sh, the guest-side runner. Needs dash and the host
# tools the suites compare against (the same as the host suites).
set -euo pipefail
out=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
suites=$here/../Host/BuggieBox
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The scratch directories are at a fixed path, the same in the guest, so outputs
# that print it agree and the image stays byte-reproducible; concurrent builds take
# turns (flock).
scratch_top=/tmp/atoll-bb-record
exec 9>"$scratch_top.lock"
flock 9
for suite in "$@"; do
	[ -f "$suites/$suite.sh" ] || { echo "buggiebox-record.sh: $suites/$suite.sh: no such suite" >&2; exit 1; }
	mkdir -p "$work/$suite"
	cp "$suites/$suite.sh" "$work/$suite/"
	cp "$here/buggiebox-record-lib.sh" "$work/$suite/lib.sh"
	ATOLL_BIN=/nonexistent GR_OUT="$out.tmp/$suite" GR_SCRATCH="$scratch_top/$suite" \
		bash "$work/$suite/$suite.sh" >"$work/$suite.log" 2>&1 ||
		{ cat "$work/$suite.log" >&2; echo "buggiebox-record.sh: recording $suite failed" >&2; exit 1; }
	echo "$suite: $(tail -n1 "$work/$suite.log")"
done
cp "$here/buggiebox-run.sh" "$out.tmp/run.sh"
rm -rf "$out"
mv "$out.tmp" "$out"
