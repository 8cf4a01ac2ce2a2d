# Helpers for the system_*.sh suites, on top of lib.sh (sourced first):
#
#   t_match [--status N] [--head REGEX] [--rows REGEX] [--has REGEX] -- APPLET ARGS...
#       Runs `BuggieBox APPLET ARGS`, for live data (ps, free, uptime): the first line
#       of stdout must match --head, every further line --rows (and there must be
#       at least one), some line --has; the status must be N (default 0).
#   t_cmd NAME BB_SCRIPT REF_SCRIPT
#       Runs both bash scripts (with $BB set, in scratch dirs made by t_setup);
#       stdout and status must match. For comparisons that need a wrapper
#       (setpriv, unshare) or a filter (the stable columns of free).
#   t_script NAME EXPECTED SCRIPT
#       Runs the bash script; stdout must be EXPECTED and the status 0.
#
# Run directly (it is also a ctest suite), it checks that these helpers can fail.
export BB

_t_all_lines_match() { # FILE REGEX: every line matches, and there is one
	[ -s "$1" ] && ! grep -Evq -- "$2" "$1"
}

t_match() {
	local status=0 head="" rows="" has=""
	while [ $# -gt 0 ]; do
		case $1 in
		--status) status=$2; shift 2 ;;
		--head) head=$2; shift 2 ;;
		--rows) rows=$2; shift 2 ;;
		--has) has=$2; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	_t_run "$t_top/bb" "" "$BB" "$@"
	local ok=1 out="$t_top/bb.out"
	[ "$(cat "$t_top/bb.status")" = "$status" ] || ok=0
	if [ -n "$head" ] && ! head -n 1 "$out" | grep -Eq -- "$head"; then ok=0; fi
	if [ -n "$rows" ]; then
		tail -n +2 "$out" >"$t_top/rows"
		_t_all_lines_match "$t_top/rows" "$rows" || ok=0
	fi
	if [ -n "$has" ] && ! grep -Eq -- "$has" "$out"; then ok=0; fi
	_t_report $ok "$*"
	if [ $ok = 0 ]; then
		echo "  status $(cat "$t_top/bb.status") (want $status)"
		head -c 600 "$out" | sed 's/^/  stdout: /'
		[ -n "$rows" ] && grep -Ev -- "$rows" "$t_top/rows" | head -3 | sed 's/^/  bad row: /'
		echo "  stderr: $(head -c 300 "$t_top/bb.err")"
	fi
}

t_cmd() {
	local name=$1 mine=$2 ref=$3
	_t_run "$t_top/bb" "" bash -c "$mine"
	_t_run "$t_top/ref" "" bash -c "$ref"
	local ok=1
	cmp -s "$t_top/bb.out" "$t_top/ref.out" || ok=0
	cmp -s "$t_top/bb.status" "$t_top/ref.status" || ok=0
	_t_report $ok "$name"
	if [ $ok = 0 ]; then
		echo "  status: BuggieBox $(cat "$t_top/bb.status"), reference $(cat "$t_top/ref.status")"
		diff -u "$t_top/ref.out" "$t_top/bb.out" | head -20 | sed 's/^/  /'
		echo "  stderr BuggieBox: $(head -c 300 "$t_top/bb.err")"
		echo "  stderr reference: $(head -c 300 "$t_top/ref.err")"
	fi
}

t_script() {
	local name=$1 want=$2 script=$3
	_t_run "$t_top/bb" "" bash -c "$script"
	local ok=1
	[ "$(cat "$t_top/bb.status")" = 0 ] || ok=0
	[ "$(cat "$t_top/bb.out")" = "$want" ] || ok=0
	_t_report $ok "$name"
	if [ $ok = 0 ]; then
		echo "  status $(cat "$t_top/bb.status") (want 0)"
		echo "  stdout: $(head -c 600 "$t_top/bb.out")"
		echo "  want:   $want"
		echo "  stderr: $(head -c 300 "$t_top/bb.err")"
	fi
}

# Self-test: each helper must report a failure when its check does not hold.
_t_expect_failure() {
	local before=$t_fail
	"$@" >/dev/null
	if [ "$t_fail" = $((before + 1)) ]; then
		t_fail=$before
		_t_report 1 "detects a failure: $*"
	else
		t_fail=$before
		_t_report 0 "detects a failure: $*"
	fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	. "$(dirname "$0")/lib.sh"
	_t_expect_failure t_match --head '^nope$' -- uname
	_t_expect_failure t_match --rows '^x$' -- id
	_t_expect_failure t_match --status 1 -- uname
	_t_expect_failure t_cmd "differs" 'echo a' 'echo b'
	_t_expect_failure t_cmd "status differs" 'true' 'false'
	_t_expect_failure t_script "wrong output" 'b' 'echo a'
	t_match --head '^Linux$' -- uname
	t_cmd "same" 'echo a' 'echo a'
	t_script "right output" 'a' 'echo a'
	t_done
fi
