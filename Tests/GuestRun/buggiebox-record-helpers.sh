# buggiebox-record-helpers.sh: appended by buggiebox-record.sh to the copies of
# the suites' own helper files (files_common.inc, system_lib.sh) when a suite is
# recorded for the guest, so that their checks record instead of comparing.
# See buggiebox-record-lib.sh for the case directory they fill.

# t_effect: t_diff, and the scratch tree afterwards must be the reference's.
t_effect() { _gr_diff 1 "$@" || true; }

# t_shape [--ref CMD] [--] APPLET ARGS...: output compared with numbers folded.
t_shape() {
	local ref=""
	if [ "$1" = --ref ]; then ref=$2; shift 2; fi
	[ "$1" = -- ] && shift
	_gr_diff 0 ${ref:+--ref "$ref"} -- "$@" || return 0
	sed -E "$gr_shape" "$gr_dir/out" >"$gr_dir/out.shape"
	mv "$gr_dir/out.shape" "$gr_dir/out"
	printf '%s' "$gr_shape" >"$gr_dir/out.shape"
}
# What t_shape folds (files_common.inc's expression), stored in out.shape for the
# guest's runner.
gr_shape='s/[0-9]+(\.[0-9]+)?[KMGTPE]?/N/g; s/[[:blank:]]+/ /g'

# t_with APPLET SCRIPT: the script under BuggieBox's sh in the guest (where every
# tool is BuggieBox), under bash with the host's tools here. Scripts that name a
# host tool by path cross-check BuggieBox against it: host-only.
t_with() {
	local script=$2
	case $script in
	*/usr/* | */dev/shm*) _t_report; return 0 ;;
	esac
	_gr_case "$1: $script" empty "" sh -c "$script" || return 0
	gr_tree=1 _gr_reference "" bash -c "$script"
	if [ -s "$t_top/err" ]; then printf nonempty >"$gr_dir/err"; fi
}

# t_match [--status N] [--head RE] [--rows RE] [--has RE] [--] APPLET ARGS...
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
	_gr_case "$*" any "" "$@" || return 0
	echo "$status" >"$gr_dir/status"
	[ -n "$head" ] && printf '%s' "$head" >"$gr_dir/match.head"
	[ -n "$rows" ] && printf '%s' "$rows" >"$gr_dir/match.rows"
	[ -n "$has" ] && printf '%s' "$has" >"$gr_dir/match.has"
	return 0
}

# t_cmd and t_script run bash scripts around host tools: not replayed.
t_cmd() { _t_report; }
t_script() { _t_report; }
