# Shared by the BuggieBox suites: source it, define t_setup (optional), call the
# t_* checks, end with t_done. Each check runs in a fresh scratch directory made by
# t_setup, so checks never see each other's leftovers.
#
#   t_diff [--in TEXT] [--ref CMD] -- APPLET ARGS...
#       Runs `BuggieBox APPLET ARGS` and the reference (the host's APPLET from
#       coreutils/procps/..., or --ref CMD, e.g. --ref "busybox ls") in two identical
#       scratch dirs, with TEXT on stdin; stdout and exit status must match, and stderr
#       must be empty on both sides or non-empty on both.
#   t_expect [--in TEXT] [--status N] [--out TEXT] [--err REGEX] -- APPLET ARGS...
#       Runs BuggieBox only and checks what is given (status defaults to 0).
#   t_sh [--in TEXT] SCRIPT
#       Runs SCRIPT with `BuggieBox sh -c` and with `dash -c`; output and status must match.
#
# Prints one line per check and "N passed, N failed" at the end; exits 1 on any failure.
set -u
: "${ATOLL_BIN:?ATOLL_BIN must name the staged userland bin directory}"
BB="$ATOLL_BIN/BuggieBox"
t_pass=0
t_fail=0
t_top=$(mktemp -d)
trap 'rm -rf "$t_top"' EXIT
type t_setup >/dev/null 2>&1 || t_setup() { :; }

# _t_run DIR STDIN CMD... -> DIR.out DIR.err DIR.status
_t_run() {
	local dir=$1 input=$2
	shift 2
	rm -rf "$dir" && mkdir -p "$dir"
	(cd "$dir" && t_setup >/dev/null 2>&1)
	(cd "$dir" && printf '%s' "$input" | timeout 20 "$@" >"$dir.out" 2>"$dir.err")
	echo $? >"$dir.status"
}

_t_report() {
	local ok=$1 what=$2
	if [ "$ok" = 1 ]; then
		t_pass=$((t_pass + 1))
		echo "PASS: $what"
	else
		t_fail=$((t_fail + 1))
		echo "FAIL: $what"
	fi
}

t_diff() {
	local input="" ref=""
	while [ $# -gt 0 ]; do
		case $1 in
		--in) input=$2; shift 2 ;;
		--ref) ref=$2; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	local applet=$1
	shift
	[ -n "$ref" ] || ref=$(command -v "$applet")
	_t_run "$t_top/bb" "$input" "$BB" "$applet" "$@"
	# shellcheck disable=SC2086
	_t_run "$t_top/ref" "$input" $ref "$@"
	local ok=1
	cmp -s "$t_top/bb.out" "$t_top/ref.out" || ok=0
	cmp -s "$t_top/bb.status" "$t_top/ref.status" || ok=0
	[ -s "$t_top/bb.err" ] && ! [ -s "$t_top/ref.err" ] && ok=0
	! [ -s "$t_top/bb.err" ] && [ -s "$t_top/ref.err" ] && ok=0
	_t_report $ok "$applet $*"
	if [ $ok = 0 ]; then
		echo "  status: BuggieBox $(cat "$t_top/bb.status"), reference $(cat "$t_top/ref.status")"
		diff -u "$t_top/ref.out" "$t_top/bb.out" | head -20 | sed 's/^/  /'
		echo "  stderr BuggieBox: $(head -c 300 "$t_top/bb.err")"
		echo "  stderr reference: $(head -c 300 "$t_top/ref.err")"
	fi
}

t_expect() {
	local input="" status=0 out="" err="" check_out=0
	while [ $# -gt 0 ]; do
		case $1 in
		--in) input=$2; shift 2 ;;
		--status) status=$2; shift 2 ;;
		--out) out=$2; check_out=1; shift 2 ;;
		--err) err=$2; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	_t_run "$t_top/bb" "$input" "$BB" "$@"
	local ok=1
	[ "$(cat "$t_top/bb.status")" = "$status" ] || ok=0
	if [ $check_out = 1 ] && [ "$(cat "$t_top/bb.out")" != "$out" ]; then ok=0; fi
	if [ -n "$err" ] && ! grep -Eq -- "$err" "$t_top/bb.err"; then ok=0; fi
	_t_report $ok "$*"
	if [ $ok = 0 ]; then
		echo "  status $(cat "$t_top/bb.status") (want $status)"
		echo "  stdout: $(head -c 500 "$t_top/bb.out")"
		[ $check_out = 1 ] && echo "  want:   $out"
		echo "  stderr: $(head -c 300 "$t_top/bb.err")"
	fi
}

t_sh() {
	local input=""
	if [ "$1" = --in ]; then input=$2; shift 2; fi
	local script=$1
	_t_run "$t_top/bb" "$input" "$BB" sh -c "$script"
	_t_run "$t_top/ref" "$input" dash -c "$script"
	local ok=1
	cmp -s "$t_top/bb.out" "$t_top/ref.out" || ok=0
	cmp -s "$t_top/bb.status" "$t_top/ref.status" || ok=0
	_t_report $ok "sh: $script"
	if [ $ok = 0 ]; then
		echo "  status: BuggieBox $(cat "$t_top/bb.status"), dash $(cat "$t_top/ref.status")"
		diff -u "$t_top/ref.out" "$t_top/bb.out" | head -20 | sed 's/^/  /'
		echo "  stderr: $(head -c 300 "$t_top/bb.err")"
	fi
}

t_done() {
	echo "$t_pass passed, $t_fail failed"
	[ "$t_fail" = 0 ]
}
