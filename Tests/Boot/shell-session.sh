#!/usr/bin/env bash
# shell-session.sh OUT COMMANDS REGEX...: boots Atoll the way the README shows
# (commands piped into Meta/os run's console), runs COMMANDS then poweroff, requires
# exit status 0 and every REGEX to match a line of the output (kept in OUT).
set -uo pipefail
out=$1 commands=$2
shift 2
printf '%s\npoweroff\n' "$commands" | timeout 100 "$ATOLL_SOURCE_DIR/Meta/qemu-run" --timeout 90 >"$out" 2>&1
status=$?
if [ $status -ne 0 ]; then
	echo "shell-session: Meta/qemu-run exited $status"
	tail -n 40 "$out"
	exit 1
fi
for re in "$@"; do
	if ! grep -Eq -- "$re" "$out"; then
		echo "shell-session: no line matches /$re/ in the output:"
		tail -n 60 "$out"
		exit 1
	fi
done
echo "shell-session: ok ($(wc -l <"$out") lines)"
