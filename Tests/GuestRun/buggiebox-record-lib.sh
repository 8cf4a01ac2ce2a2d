# buggiebox-record-lib.sh: stands in for Tests/Host/BuggieBox/lib.sh when a suite is
# RECORDED for the guest (buggiebox-record.sh copies it beside a copy of the suite
# as lib.sh, and appends buggiebox-record-helpers.sh to the suite's own helper
# files). The same checks, but instead of running BuggieBox against the reference,
# each check runs only the reference (dash, or the host tool) and stores what it
# printed, its status and the check's argv in a case directory:
# $GR_OUT/NNNN/{name,arg.K,in,out,status,err[,err.regex],setup[,tree][,match.*]}.
#   err: "any" (stderr not compared), "empty"/"nonempty" (t_diff: as the
#   reference's), or "regex" (t_expect --err; the ERE is in err.regex).
#   out is absent when the check compares no output; "out.trim" marks output
#   compared without trailing newlines (t_expect --out); "out.unordered" marks output
#   in the directory's readdir order, which no standard fixes and which differs
#   between file systems: compared with its lines sorted ("lines": grep -r) or its
#   words sorted ("words": find and du, whose -print0 and -exec {} + join names);
#   "out.shape" marks output compared with numbers folded (t_shape).
#   tree: the reference's scratch directory afterwards (t_effect, t_with), as
#   buggiebox-snapshot.sh lists it; the guest lists its own the same way.
#   match.head, match.rows, match.has: t_match's regexes (live data; no reference).
# t_setup runs once per distinct fixture here, at the scratch path the guest uses
# too ($GR_OUT/scratch), and is stored as a tar (setups/ID.tar; time stamps after
# the build epoch clamped to it so the image stays reproducible). Every reference
# run starts from that tar, as every guest run does.
# Not replayed (counted as host-only): checks a suite writes by hand (calling $BB
# and _t_report itself), t_cmd and t_script (bash scripts around host tools), t_with
# scripts that name a host tool by path, and the checks listed in
# buggiebox-hostonly.txt (their reference output is the host's own state).
set -u
: "${GR_OUT:?}" "${GR_SCRATCH:?}" "${GR_SUITE:?}" "${GR_HOSTONLY:?}" "${GR_SNAPSHOT:?}"
. "$GR_SNAPSHOT"
BB=/bin/BuggieBox
# The host suites run BuggieBox in $t_top/bb (files_paths prints such paths).
t_top=${GR_SCRATCH%/*}
mkdir -p "$t_top" "$GR_OUT/setups"
gr_n=0
gr_hostonly=0
type t_setup >/dev/null 2>&1 || t_setup() { :; }
printf '%s' "$GR_SCRATCH" >"$GR_OUT/scratch"
# 2025-01-01: newer than every fixed stamp the fixtures set, older than the build.
gr_epoch=1735689600

# The environment the guest's runner gives BuggieBox, here given to the reference.
gr_env=(env -i PATH=/usr/bin:/bin HOME=/root LC_ALL=C TZ=UTC)

# The fixture made by the current t_setup, as a tar in setups/: its id on stdout.
_gr_setup_id() {
	local f id
	rm -rf "$GR_SCRATCH" && mkdir -p "$GR_SCRATCH"
	(cd "$GR_SCRATCH" && t_setup >/dev/null 2>&1)
	f=$(mktemp)
	tar -C "$GR_SCRATCH" --sort=name --format=gnu --numeric-owner --owner=0 --group=0 \
		--mtime=@$gr_epoch --clamp-mtime -cf "$f" .
	id=$(md5sum <"$f" | cut -c1-12)
	mv "$f" "$GR_OUT/setups/$id.tar"
	rm -rf "$GR_SCRATCH"
	echo "$id"
}

# _gr_case NAME ERR STDIN ARGV...: a new case directory, argv stored, reference not
# run. Fails (records nothing) for a check listed as host-only.
_gr_case() {
	local name=$1 err=$2 input=$3 k=0 a
	shift 3
	if grep -Fxq -- "$GR_SUITE: $name" "$GR_HOSTONLY"; then
		gr_hostonly=$((gr_hostonly + 1))
		return 1
	fi
	gr_n=$((gr_n + 1))
	gr_dir=$GR_OUT/$(printf '%04d' $gr_n)
	mkdir -p "$gr_dir"
	printf '%s\n' "$name" | tr '\n' ' ' | sed 's/ $//' >"$gr_dir/name"
	printf '%s' "$err" >"$gr_dir/err"
	printf '%s' "$input" >"$gr_dir/in"
	gr_setup=$(_gr_setup_id)
	echo "$gr_setup" >"$gr_dir/setup"
	for a in "$@"; do
		printf '%s' "$a" >"$gr_dir/arg.$k"
		k=$((k + 1))
	done
}

# _gr_reference STDIN CMD...: runs the reference like the host suite's _t_run, in
# the scratch directory made from the case's fixture; stdout, status and whether
# stderr was empty; with gr_tree=1, the tree it left behind.
_gr_reference() {
	local input=$1
	shift
	rm -rf "$GR_SCRATCH" && mkdir -p "$GR_SCRATCH"
	tar -C "$GR_SCRATCH" -xpf "$GR_OUT/setups/$gr_setup.tar"
	(cd "$GR_SCRATCH" && printf '%s' "$input" | timeout 20 "${gr_env[@]}" "$@" >"$gr_dir/out" 2>"$t_top/err")
	echo $? >"$gr_dir/status"
	[ "${gr_tree:-0}" = 1 ] && snapshot "$GR_SCRATCH" >"$gr_dir/tree"
	rm -rf "$GR_SCRATCH"
}

t_sh() {
	local input=""
	if [ "$1" = --in ]; then input=$2; shift 2; fi
	_gr_case "sh: $1" any "$input" sh -c "$1" || return 0
	_gr_reference "$input" dash -c "$1"
}

# _gr_diff TREE [--in TEXT] [--ref CMD] [--] APPLET ARGS...: t_diff, and with TREE=1
# t_effect. Fails when the check is host-only.
_gr_diff() {
	local gr_tree=$1 input="" ref=""
	shift
	while [ $# -gt 0 ]; do
		case $1 in
		--in) input=$2; shift 2 ;;
		--ref) ref=$2; shift 2 ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	[ -n "$ref" ] || ref=$(command -v "$1")
	_gr_case "$*" empty "$input" "$@" || return 1
	if [[ "$*" =~ ^grep\ -[a-zA-Z]*[rR] ]]; then
		printf lines >"$gr_dir/out.unordered"
	elif [[ "$*" =~ ^(find|du)( |$) ]]; then
		printf words >"$gr_dir/out.unordered"
	fi
	shift
	# shellcheck disable=SC2086
	_gr_reference "$input" $ref "$@"
	if [ -s "$t_top/err" ]; then printf nonempty >"$gr_dir/err"; fi
}
t_diff() { _gr_diff 0 "$@" || true; }

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
	_gr_case "$*" "$([ -n "$err" ] && echo regex || echo any)" "$input" "$@" || return 0
	echo "$status" >"$gr_dir/status"
	[ -n "$err" ] && printf '%s' "$err" >"$gr_dir/err.regex"
	if [ $check_out = 1 ]; then
		printf '%s' "$out" >"$gr_dir/out"
		: >"$gr_dir/out.trim"
	fi
	return 0
}

# Checks written by hand reach past BuggieBox into the host: not replayed.
_t_run() { :; }
_t_report() { gr_hostonly=$((gr_hostonly + 1)); }

t_done() {
	rm -rf "$t_top"
	echo "$gr_n recorded, $gr_hostonly host-only"
}
