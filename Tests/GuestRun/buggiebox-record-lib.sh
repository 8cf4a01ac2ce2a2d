# buggiebox-record-lib.sh: stands in for Tests/Host/BuggieBox/lib.sh when a suite is
# RECORDED for the guest (buggiebox-record.sh copies it beside a copy of the suite
# as lib.sh). The same t_sh / t_diff / t_expect calls, but instead of running
# BuggieBox against the reference, each check runs only the reference (dash, or the
# host tool) and stores what it printed, its status and the check's argv in a case
# directory: $GR_OUT/NNNN/{name,arg.K,in,out,status,err[,err.regex],setup}.
#   err: "any" (t_sh: stderr not compared), "empty"/"nonempty" (t_diff: as the
#   reference's), or "regex" (t_expect --err; the ERE is in err.regex).
#   out is absent when t_expect checks no output; "out.trim" marks t_expect --out,
#   compared like the host suite does, without trailing newlines; "out.unordered"
#   marks output whose line order is the directory's readdir order (grep -r), which
#   no standard fixes and which differs between Linux's tmpfs and Atoll's: those
#   are compared sorted.
# t_setup is stored as a script (setups/<md5>.sh: `declare -f t_setup` and a call)
# that the guest's BuggieBox sh runs in a fresh scratch directory, at the same path
# as here ($GR_OUT/scratch), so outputs that print paths agree.
# Checks a suite writes by hand (calling $BB and _t_report itself) cannot be replayed
# and are counted as host-only.
set -u
: "${GR_OUT:?}" "${GR_SCRATCH:?}"
BB=true
t_top=$GR_SCRATCH.top
mkdir -p "$t_top" "$GR_OUT/setups"
gr_n=0
gr_hostonly=0
type t_setup >/dev/null 2>&1 || t_setup() { :; }
printf '%s' "$GR_SCRATCH" >"$GR_OUT/scratch"

# The environment the guest's runner gives BuggieBox, here given to the reference.
gr_env=(env -i PATH=/usr/bin:/bin HOME=/root LC_ALL=C)

_gr_setup_id() {
	local f id
	f=$(mktemp)
	{ declare -f t_setup; echo t_setup; } >"$f"
	id=$(md5sum <"$f" | cut -c1-12)
	mv "$f" "$GR_OUT/setups/$id.sh"
	echo "$id"
}

# _gr_case NAME ERR STDIN ARGV...: a new case directory, argv stored, reference not run.
_gr_case() {
	local name=$1 err=$2 input=$3 k=0 a
	shift 3
	gr_n=$((gr_n + 1))
	gr_dir=$GR_OUT/$(printf '%04d' $gr_n)
	mkdir -p "$gr_dir"
	printf '%s\n' "$name" | tr '\n' ' ' | sed 's/ $//' >"$gr_dir/name"
	printf '%s' "$err" >"$gr_dir/err"
	printf '%s' "$input" >"$gr_dir/in"
	_gr_setup_id >"$gr_dir/setup"
	for a in "$@"; do
		printf '%s' "$a" >"$gr_dir/arg.$k"
		k=$((k + 1))
	done
}

# _gr_reference STDIN CMD...: runs the reference like the host suite's _t_run, in the
# scratch directory; stdout, status and whether stderr was empty.
_gr_reference() {
	local input=$1
	shift
	rm -rf "$GR_SCRATCH" && mkdir -p "$GR_SCRATCH"
	(cd "$GR_SCRATCH" && t_setup >/dev/null 2>&1)
	(cd "$GR_SCRATCH" && printf '%s' "$input" | timeout 20 "${gr_env[@]}" "$@" >"$gr_dir/out" 2>"$t_top/err")
	echo $? >"$gr_dir/status"
	rm -rf "$GR_SCRATCH"
}

t_sh() {
	local input=""
	if [ "$1" = --in ]; then input=$2; shift 2; fi
	_gr_case "sh: $1" any "$input" sh -c "$1"
	_gr_reference "$input" dash -c "$1"
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
	[ -n "$ref" ] || ref=$(command -v "$1")
	_gr_case "$*" empty "$input" "$@"
	if [[ "$*" =~ ^grep\ -[a-zA-Z]*[rR] ]]; then : >"$gr_dir/out.unordered"; fi
	local applet=$1
	shift
	# shellcheck disable=SC2086
	_gr_reference "$input" $ref "$@"
	[ -s "$t_top/err" ] && printf nonempty >"$gr_dir/err"
	[ -n "$applet" ]
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
	_gr_case "$*" "$([ -n "$err" ] && echo regex || echo any)" "$input" "$@"
	echo "$status" >"$gr_dir/status"
	[ -n "$err" ] && printf '%s' "$err" >"$gr_dir/err.regex"
	if [ $check_out = 1 ]; then
		printf '%s' "$out" >"$gr_dir/out"
		: >"$gr_dir/out.trim"
	fi
	return 0
}

_t_run() { :; }
_t_report() { gr_hostonly=$((gr_hostonly + 1)); }

t_done() {
	rm -rf "$t_top"
	echo "$gr_n recorded, $gr_hostonly host-only"
}
