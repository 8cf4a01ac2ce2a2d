# guest.sh OS WHAT: the benchmarks run inside a guest, Atoll (OS=atoll) or the Linux peer
# (OS=linux), by POSIX sh (BuggieBox's on Atoll, busybox's on Linux). WHAT is storage or
# containers. Everything it needs is under /bench (put there by Meta/os-bench): the bench
# helper, root-1M/root-64M as EROFS images and tar archives, and on Atoll the container
# configurations in /bench/cfg. It prints BENCH lines (see bench.c) and never fails the
# boot: a step that cannot run prints BENCH-NA with the reason.
os=$1
what=$2
B=/bench/bench
W=/tmp/bench
RUNS=5
mkdir -p $W/mnt $W/c

storage() {
	$B mount storage.mount.1M 10 /bench/root-1M.erofs $W/mnt
	$B mount storage.mount.64M 10 /bench/root-64M.erofs $W/mnt
	$B read storage.read.64M 3 /bench/root-64M.erofs $W/mnt big
	$B lookup storage.lookup 3 /bench/root-64M.erofs $W/mnt d 5000
}

# The dir roots: the tar archives unpacked into tmpfs (not timed).
unpack_dirs() {
	for size in 1M 64M; do
		mkdir -p $W/dir-$size
		tar -xf /bench/root-$size.tar -C $W/dir-$size || echo "BENCH-NA containers.dir.$size tar -xf failed"
	done
}

# The keys: first (run -> the command's first instruction), prompt (run -> a shell's first
# prompt on a pseudo-terminal), pipe (run -> a shell's output of a command piped in).
# Atoll: the container launcher with the generated configurations.
atoll_containers() {
	for size in 1M 64M; do
		for type in erofs tar dir; do
			cfg=/bench/cfg/$type-$size.ini
			$B first containers.$type.$size.first $RUNS -- container run $cfg -- /bin/bench now
			$B prompt containers.$type.$size.prompt $RUNS -- container run $cfg -- /bin/sh
			$B output containers.$type.$size.pipe $RUNS -- container run $cfg -- /bin/sh
		done
		$B first containers.forkexec.$size $RUNS -- $W/dir-$size/bin/bench now
	done
}

# Linux: busybox mount (loop) / tar into tmpfs, then unshare + chroot, as the brief says.
linux_containers() {
	ns="unshare --fork --pid --mount --uts --mount-proc chroot"
	for size in 1M 64M; do
		for kind in first:first:'/bin/bench now' prompt:prompt:/bin/sh output:pipe:/bin/sh; do
			mode=${kind%%:*}
			key=${kind#*:}
			cmd=${key#*:}
			key=${key%%:*}
			$B $mode containers.erofs.$size.$key $RUNS -- sh -c \
				"mount -t erofs -o loop,ro /bench/root-$size.erofs $W/c && $ns $W/c $cmd; umount $W/c"
			$B $mode containers.tar.$size.$key $RUNS -- sh -c \
				"mount -t tmpfs -o size=128m tmpfs $W/c && tar -xf /bench/root-$size.tar -C $W/c && $ns $W/c $cmd; umount $W/c"
			$B $mode containers.dir.$size.$key $RUNS -- sh -c "$ns $W/dir-$size $cmd"
		done
		$B first containers.forkexec.$size $RUNS -- $W/dir-$size/bin/bench now
	done
}

echo "bench-guest-start $os $what"
case $what in
storage) storage ;;
containers)
	unpack_dirs
	${os}_containers
	;;
*) echo "BENCH-NA $what unknown benchmark" ;;
esac
echo "bench-guest-done $os $what"
