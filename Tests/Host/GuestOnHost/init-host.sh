#!/bin/bash
# init-host.sh: /sbin/init on the host. Not PID 1, it must refuse with
# "init: must be run as PID 1" and status 1. Then init-boot.py boots it as PID 1
# in PID/mount/UTS namespaces (SKIP line when the host does not allow that).
set -u
: "${ATOLL_BIN:?}"
init="$ATOLL_BIN/../sbin/init"
[ -x "$init" ] || { echo "FAIL: $init is missing"; exit 1; }
fail=0
err=$("$init" 2>&1 >/dev/null)
status=$?
out=$("$init" 2>/dev/null)
[ $status -eq 1 ] || { echo "FAIL: exit status $status, expected 1"; fail=1; }
[ "$err" = "init: must be run as PID 1" ] || { echo "FAIL: stderr was: $err"; fail=1; }
[ -z "$out" ] || { echo "FAIL: printed on stdout: $out"; fail=1; }
[ $fail -eq 0 ] && echo "ok: init refuses to run when it is not PID 1"
python3 "$(dirname "$0")/init-boot.py" "$init" || fail=1
exit $fail
