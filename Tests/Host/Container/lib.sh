# Shared by the launcher suites: source it, call the c_* checks, end with c_done.
#
#   c_need_root_features     exits 77 (ctest: Skipped) with the reason when this
#                            machine cannot run containers: not root, no
#                            unshare -pmu, no erofs, no loop devices, no mkfs.erofs.
#   c_image                  makes $C_ROOT (a folder with the static BuggieBox and
#                            its applet links), $C_EROFS (it as an EROFS image) and
#                            $C_TAR (it as a tar archive).
#   c_ini NAME TYPE SOURCE [LINE...]
#                            writes $C_DIR/NAME.ini (jail = no) and prints its path;
#                            a LINE "container.KEY = V" (or root., isolation.) goes
#                            into that section, any other LINE at the end.
#   c_expect [--status N] [--out REGEX] [--err REGEX] [--no-err] -- ARGS...
#                            runs `container ARGS` (bounded by a timeout) and checks.
#   c_check OK WHAT          counts a check (OK: 1 or 0).
#
# Every container runs with CONTAINER_RUN_DIR in a scratch folder, so the suites
# never touch /run/containers.
set -u
: "${ATOLL_BIN:?ATOLL_BIN must name the staged userland bin directory}"
CONTAINER="$ATOLL_BIN/container"
BB="$ATOLL_BIN/BuggieBox"
c_pass=0
c_fail=0
C_DIR=$(mktemp -d /tmp/container-test.XXXXXX)
export CONTAINER_RUN_DIR="$C_DIR/run"
c_cleanup() {
	# Stop what a failed check may have left running, then remove the scratch.
	for s in "$CONTAINER_RUN_DIR"/*/state; do
		[ -f "$s" ] || continue
		pid=$(sed -n 's/^pid=//p' "$s")
		[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
	done
	rm -rf "$C_DIR"
}
trap c_cleanup EXIT

c_skip() {
	echo "SKIP: this machine cannot run the launcher suite: $*"
	echo "      (these checks did NOT run; run them as root on a Linux with namespaces, loop devices and erofs)"
	exit 77
}

c_need_root_features() {
	[ -x "$CONTAINER" ] || { echo "FAIL: $CONTAINER was not built"; exit 1; }
	[ "$(id -u)" = 0 ] || c_skip "not root"
	timeout 10 unshare -pmu --fork true 2>/dev/null || c_skip "unshare -pmu --fork fails (no namespaces here)"
	grep -qw erofs /proc/filesystems || c_skip "the kernel has no erofs (/proc/filesystems)"
	[ -c /dev/loop-control ] || c_skip "no /dev/loop-control"
	command -v mkfs.erofs >/dev/null || c_skip "no mkfs.erofs (erofs-utils) on the host"
}

c_image() {
	C_ROOT="$C_DIR/root"
	mkdir -p "$C_ROOT/bin" "$C_ROOT/proc" "$C_ROOT/dev" "$C_ROOT/tmp" "$C_ROOT/etc" "$C_ROOT/home"
	cp "$BB" "$C_ROOT/bin/BuggieBox"
	for a in $("$BB" --list); do ln -sf BuggieBox "$C_ROOT/bin/$a"; done
	echo "in the image" >"$C_ROOT/etc/motd"
	C_EROFS="$C_DIR/root.erofs"
	mkfs.erofs "$C_EROFS" "$C_ROOT" >"$C_DIR/mkfs.log" 2>&1 || { echo "FAIL: mkfs.erofs"; cat "$C_DIR/mkfs.log"; exit 1; }
	C_TAR="$C_DIR/root.tar"
	tar -C "$C_ROOT" -cf "$C_TAR" .
}

c_ini() {
	local name=$1 type=$2 source=$3 line
	local container="" root="" isolation="" rest=""
	shift 3
	for line in "$@"; do
		case $line in
		container.*) container="$container${line#container.}"$'\n' ;;
		root.*) root="$root${line#root.}"$'\n' ;;
		isolation.*) isolation="$isolation${line#isolation.}"$'\n' ;;
		*) rest="$rest$line"$'\n' ;;
		esac
	done
	{
		printf '[container]\nname = %s\nhostname = %s-host\n%s' "$name" "$name" "$container"
		printf '[root]\ntype = %s\nsource = %s\n%s' "$type" "$source" "$root"
		printf '[isolation]\njail = no\n%s' "$isolation"
		printf '%s' "$rest"
	} >"$C_DIR/$name.ini"
	echo "$C_DIR/$name.ini"
}

c_check() {
	if [ "$1" = 1 ]; then
		c_pass=$((c_pass + 1))
		echo "PASS: $2"
	else
		c_fail=$((c_fail + 1))
		echo "FAIL: $2"
	fi
}

c_expect() {
	local status=0 out="" err="" no_err=0
	while [ $# -gt 0 ]; do
		case $1 in
		--status) status=$2; shift 2 ;;
		--out) out=$2; shift 2 ;;
		--err) err=$2; shift 2 ;;
		--no-err) no_err=1; shift ;;
		--) shift; break ;;
		*) break ;;
		esac
	done
	timeout 30 "$CONTAINER" "$@" </dev/null >"$C_DIR/out" 2>"$C_DIR/err"
	local got=$? ok=1
	[ "$got" = "$status" ] || ok=0
	if [ -n "$out" ] && ! grep -Eq -- "$out" "$C_DIR/out"; then ok=0; fi
	if [ -n "$err" ] && ! grep -Eq -- "$err" "$C_DIR/err"; then ok=0; fi
	if [ $no_err = 1 ] && [ -s "$C_DIR/err" ]; then ok=0; fi
	c_check $ok "container $*"
	if [ $ok = 0 ]; then
		echo "  status $got (want $status)"
		echo "  stdout: $(head -c 1500 "$C_DIR/out")"
		[ -n "$out" ] && echo "  want stdout matching: $out"
		echo "  stderr: $(head -c 800 "$C_DIR/err")"
		[ -n "$err" ] && echo "  want stderr matching: $err"
	fi
	return 0
}

# Loop devices backed by a file of this suite (none must be left).
c_loops() {
	losetup -a 2>/dev/null | grep -c -- "$C_DIR" || true
}

# Waits up to 3 s for CMD to succeed.
c_eventually() {
	for _ in $(seq 1 30); do
		eval "$1" && return 0
		sleep 0.1
	done
	return 1
}

c_done() {
	echo "$c_pass passed, $c_fail failed"
	[ "$c_fail" = 0 ]
}
