#!/bin/sh
# run.sh SUITE...: replays recorded BuggieBox checks inside Atoll (shipped as
# /tests/buggiebox/run.sh; recorded on the host by Tests/GuestRun/buggiebox-record.sh).
# Runs under BuggieBox's own sh. For each case directory SUITE/NNNN: a fresh scratch
# directory at the recorded path, the suite's t_setup (setups/ID.sh) run in it, then
# `BuggieBox ARGV...` with the recorded stdin (through a pipe, as the host suites
# give it: wc, for one, pads differently for pipes and files) and the same clean
# environment the reference had; stdout (byte for byte, by md5sum), the exit status and stderr (as the
# case says: any, empty, nonempty, or matching an ERE) must be what the host's
# reference (dash, coreutils, ...) gave. Prints PASS/FAIL per case and, last,
# "N passed, N failed"; exits 1 if any failed.
top=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0

# readf FILE: the exact contents of FILE (trailing newlines kept) in $v.
readf() {
	v=$(cat "$1"; echo x)
	v=${v%x}
}

# same A B: whether files A and B hold the same bytes.
same() {
	[ "$(md5sum <"$1")" = "$(md5sum <"$2")" ]
}

# run_case SUITE DIR: one case; sets $why when it fails.
run_case() {
	dir=$2
	readf "$top/$1/scratch"
	scratch=$v
	rm -rf "$scratch" "$scratch.out" "$scratch.err"
	mkdir -p "$scratch"
	(cd "$scratch" && sh "$top/$1/setups/$(cat "$dir/setup").sh") >/dev/null 2>&1
	set --
	i=0
	while [ -e "$dir/arg.$i" ]; do
		readf "$dir/arg.$i"
		set -- "$@" "$v"
		i=$((i + 1))
	done
	cat "$dir/in" | (cd "$scratch" && env -i PATH=/bin HOME=/root LC_ALL=C /bin/BuggieBox "$@" \
		>"$scratch.out" 2>"$scratch.err")
	status=$?
	why=""
	want=$(cat "$dir/status")
	[ "$status" = "$want" ] || why="status $status, want $want"
	if [ -e "$dir/out.unordered" ]; then
		[ "$(sort "$scratch.out" | md5sum)" = "$(sort "$dir/out" | md5sum)" ] ||
			why="$why${why:+; }stdout differs (compared sorted)"
	elif [ -e "$dir/out.trim" ]; then
		[ "$(cat "$scratch.out")" = "$(cat "$dir/out")" ] || why="$why${why:+; }stdout differs"
	elif [ -e "$dir/out" ]; then
		same "$scratch.out" "$dir/out" || why="$why${why:+; }stdout differs"
	fi
	case $(cat "$dir/err") in
	empty) [ -s "$scratch.err" ] && why="$why${why:+; }stderr not empty" ;;
	nonempty) [ -s "$scratch.err" ] || why="$why${why:+; }stderr empty (the reference complained)" ;;
	regex) grep -Eq -- "$(cat "$dir/err.regex")" "$scratch.err" ||
		why="$why${why:+; }stderr does not match /$(cat "$dir/err.regex")/" ;;
	esac
}

for suite in "$@"; do
	if [ ! -d "$top/$suite" ]; then
		echo "FAIL $suite: no recorded suite $top/$suite"
		fail=$((fail + 1))
		continue
	fi
	for dir in "$top/$suite"/[0-9]*; do
		run_case "$suite" "$dir"
		if [ -z "$why" ]; then
			pass=$((pass + 1))
			echo "PASS $suite: $(cat "$dir/name")"
		else
			fail=$((fail + 1))
			echo "FAIL $suite: $(cat "$dir/name"): $why"
			if [ -e "$dir/out" ]; then
				echo "  want stdout: $(head -c 300 "$dir/out")"
				echo "  got stdout:  $(head -c 300 "$scratch.out")"
			fi
			echo "  stderr: $(head -c 300 "$scratch.err")"
		fi
	done
	rm -rf "$scratch" "$scratch.out" "$scratch.err"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
