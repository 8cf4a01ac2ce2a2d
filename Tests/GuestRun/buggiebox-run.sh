#!/bin/sh
# run.sh SUITE...: replays recorded BuggieBox checks inside Atoll (shipped as
# /tests/buggiebox/run.sh; recorded on the host by Tests/GuestRun/buggiebox-record.sh,
# whose buggiebox-record-lib.sh describes a case directory). Runs under BuggieBox's
# own sh. For each case directory SUITE/NNNN: a fresh scratch directory at the
# recorded path, filled from the case's fixture (setups/ID.tar), then
# `BuggieBox ARGV...` with the recorded stdin (through a pipe, as the host suites
# give it: wc, for one, pads differently for pipes and files) and the same clean
# environment the reference had. Stdout (byte for byte, by md5sum, unless the case
# says otherwise), the exit status, stderr (as the case says: any, empty, nonempty,
# or matching an ERE) and, for checks of what a command did to its directory, the
# tree left behind must be what the host's reference (dash, coreutils, ...) gave;
# t_match cases check live output against regexes instead. Prints PASS/FAIL per
# case and, last, "N passed, N failed"; exits 1 if any failed.
top=$(cd "$(dirname "$0")" && pwd)
. "$top/snapshot.sh"
umask 022
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

# unordered HOW: the checksum of stdin's lines or words (HOW: a file saying which),
# sorted.
unordered() {
	case $(cat "$1") in
	words) tr -s ' \t\0' '\n\n\n' | sort | md5sum ;;
	*) sort | md5sum ;;
	esac
}

# matches FILE REGEX: some line of FILE matches REGEX.
matches() {
	grep -Eq -- "$2" "$1"
}

# run_case SUITE DIR: one case; sets $why when it fails.
run_case() {
	dir=$2
	readf "$top/$1/scratch"
	scratch=$v
	rm -rf "$scratch" "$scratch.out" "$scratch.err" "$scratch.tree"
	mkdir -p "$scratch"
	tar -xpf "$top/$1/setups/$(cat "$dir/setup").tar" -C "$scratch" ||
		{ why="fixture setups/$(cat "$dir/setup").tar did not extract"; return; }
	set --
	i=0
	while [ -e "$dir/arg.$i" ]; do
		readf "$dir/arg.$i"
		set -- "$@" "$v"
		i=$((i + 1))
	done
	cat "$dir/in" | (cd "$scratch" && env -i PATH=/bin HOME=/root LC_ALL=C TZ=UTC /bin/BuggieBox "$@" \
		>"$scratch.out" 2>"$scratch.err")
	status=$?
	why=""
	want=$(cat "$dir/status")
	[ "$status" = "$want" ] || why="status $status, want $want"
	if [ -e "$dir/out.unordered" ]; then
		[ "$(unordered "$dir/out.unordered" <"$scratch.out")" = "$(unordered "$dir/out.unordered" <"$dir/out")" ] ||
			why="$why${why:+; }stdout differs (compared sorted by $(cat "$dir/out.unordered"))"
	elif [ -e "$dir/out.shape" ]; then
		[ "$(sed -E "$(cat "$dir/out.shape")" "$scratch.out" | md5sum)" = "$(md5sum <"$dir/out")" ] ||
			why="$why${why:+; }stdout differs (numbers folded)"
	elif [ -e "$dir/out.trim" ]; then
		[ "$(cat "$scratch.out")" = "$(cat "$dir/out")" ] || why="$why${why:+; }stdout differs"
	elif [ -e "$dir/out" ]; then
		same "$scratch.out" "$dir/out" || why="$why${why:+; }stdout differs"
	fi
	if [ -e "$dir/tree" ]; then
		snapshot "$scratch" >"$scratch.tree"
		same "$scratch.tree" "$dir/tree" || why="$why${why:+; }the tree left behind differs"
	fi
	if [ -e "$dir/match.head" ]; then
		head -n 1 "$scratch.out" >"$scratch.tree"
		matches "$scratch.tree" "$(cat "$dir/match.head")" || why="$why${why:+; }first line does not match"
	fi
	if [ -e "$dir/match.rows" ]; then
		tail -n +2 "$scratch.out" >"$scratch.tree"
		{ [ -s "$scratch.tree" ] && ! grep -Evq -- "$(cat "$dir/match.rows")" "$scratch.tree"; } ||
			why="$why${why:+; }a row does not match (or there is none)"
	fi
	if [ -e "$dir/match.has" ]; then
		matches "$scratch.out" "$(cat "$dir/match.has")" || why="$why${why:+; }no line matches"
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
			if [ -e "$dir/tree" ]; then
				echo "  tree, want:"; sed 's/^/    /' "$dir/tree"
				echo "  tree, got:"; sed 's/^/    /' "$scratch.tree"
			fi
		fi
	done
	rm -rf "$scratch" "$scratch.out" "$scratch.err" "$scratch.tree"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
