#!/bin/bash
# buggiebox-record.sh OUT SUITE...: records BuggieBox host suites
# (Tests/Host/BuggieBox/SUITE.sh) for replay inside Atoll: each suite runs with
# buggiebox-record-lib.sh in place of its lib.sh, which runs only the references
# (dash, the host's tools) and stores every check as a case directory under
# OUT/SUITE/. OUT also gets run.sh, the guest-side runner. Needs dash and the host
# tools the suites compare against (the same as the host suites).
set -euo pipefail
# The references run on a tmpfs, as BuggieBox does in the guest (/tmp): what they
# print about directories (sizes, blocks) is then what Atoll's tmpfs must show.
# That needs a private mount namespace, so root; others record on /tmp as it is.
scratch_top=/tmp/atoll-bb-record
if [ -z "${GR_PRIVATE_TMPFS:-}" ] && [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
	mkdir -p "$scratch_top"
	exec unshare -m --propagation private env GR_PRIVATE_TMPFS=1 bash -c \
		'mount -t tmpfs -o mode=755 atoll-bb-record "$0" && exec bash "$@"' "$scratch_top" "$0" "$@"
fi
[ -n "${GR_PRIVATE_TMPFS:-}" ] ||
	echo "buggiebox-record.sh: not root: recording on $(df --output=fstype /tmp | tail -n1), not tmpfs;" \
		"checks that print directory sizes will differ in the guest" >&2
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
exec 9>"$scratch_top.lock"
flock 9
for suite in "$@"; do
	[ -f "$suites/$suite.sh" ] || { echo "buggiebox-record.sh: $suites/$suite.sh: no such suite" >&2; exit 1; }
	mkdir -p "$work/$suite"
	cp "$suites/$suite.sh" "$work/$suite/"
	cp "$here/buggiebox-record-lib.sh" "$work/$suite/lib.sh"
	for helpers in files_common.inc system_lib.sh; do
		cat "$suites/$helpers" "$here/buggiebox-record-helpers.sh" >"$work/$suite/$helpers"
	done
	ATOLL_BIN=/nonexistent GR_OUT="$out.tmp/$suite" GR_SCRATCH="$scratch_top/$suite/bb" \
		GR_SUITE=$suite GR_HOSTONLY="$here/buggiebox-hostonly.txt" GR_SNAPSHOT="$here/buggiebox-snapshot.sh" \
		bash "$work/$suite/$suite.sh" >"$work/$suite.log" 2>&1 ||
		{ cat "$work/$suite.log" >&2; echo "buggiebox-record.sh: recording $suite failed" >&2; exit 1; }
	echo "$suite: $(tail -n1 "$work/$suite.log")"
done
cp "$here/buggiebox-run.sh" "$out.tmp/run.sh"
cp "$here/buggiebox-snapshot.sh" "$out.tmp/snapshot.sh"
rm -rf "$out"
mv "$out.tmp" "$out"
