#!/usr/bin/env bash
# Isolation, with each of the three BuggieBox roots (dir, tar, erofs): inside, `ps`
# shows only the container (PID 1 its init, the command PID 2), the hostname is the
# configured one, the mount list is the container's own; outside, the host's
# hostname, mounts, processes and loop devices are what they were.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

{
	printf 'echo "== hostname-host"\nhostname </dev/null\n'
	host_state host-before
	for root in dir tar erofs; do
		cfg=/etc/containers/buggiebox-$root.ini
		[ $root = erofs ] && cfg=/etc/containers/buggiebox.ini
		printf 'echo "== ps-%s"\ncontainer run %s -- ps </dev/null\necho "rc=$?"\n' $root $cfg
		printf 'echo "== hostname-%s"\ncontainer run %s -- hostname </dev/null\n' $root $cfg
		printf 'echo "== mounts-%s"\ncontainer run %s -- cat /proc/mounts </dev/null\n' $root $cfg
		printf 'echo "== fds-%s"\ncontainer run %s -- ls /proc/self/fd </dev/null\n' $root $cfg
		printf 'echo "== status-%s"\ncontainer run %s -- grep -E "^(Pid|PPid|Jailed|Uid):" /proc/self/status </dev/null\n' $root $cfg
		printf 'echo "== exit-%s"\ncontainer run %s -- sh -c "exit 7" </dev/null\necho "rc=$?"\n' $root $cfg
	done
	host_state host-after
	printf 'echo "== hostname-host-after"\nhostname </dev/null\n'
	printf 'echo "== end"\n'
} | guest_session 200 || exit 1

for root in dir tar erofs; do
	expect_line ps-$root '^ +1 .* container$' "$root: PID 1 inside is the container's init"
	expect_line ps-$root '^ +2 .* ps$' "$root: the command is PID 2"
	expect_line ps-$root '^rc=0$' "$root: container run -- ps exits 0"
	# Only PIDs 1 and 2: no host process (init, sh, the launcher) shows.
	bad=$(section ps-$root | awk '$1 ~ /^[0-9]+$/ && $1 != 1 && $1 != 2')
	[ -z "$bad" ] || fail "$root: ps inside shows other processes: $bad"
	name=island-$root
	[ $root = erofs ] && name=island
	expect_line hostname-$root "^$name\$" "$root: hostname inside is $name"
	expect_line mounts-$root '^[^ ]+ / [^ ]+ [^ ]*nosuid,nodev' "$root: the root is mounted nosuid,nodev"
	expect_line mounts-$root '^proc /proc proc ' "$root: a fresh /proc"
	expect_line mounts-$root '^[^ ]+ /dev tmpfs ' "$root: the minimal /dev"
	expect_line mounts-$root '^[^ ]+ /tmp tmpfs ' "$root: the [mount] tmpfs at /tmp"
	expect_no_line mounts-$root ' /(run|home|dev/shm|Containers)( |/)' "$root: host mounts are not in the container"
	# 0 1 2 and the directory ls itself opened; nothing leaked from the launcher.
	bad=$(section fds-$root | tr -s ' \t' '\n' | grep -Ev '^(0|1|2|3)?$')
	[ -z "$bad" ] || fail "$root: descriptors leaked into the container: $bad"
	expect_line status-$root '^Pid:.2$' "$root: /proc/self/status says PID 2"
	expect_line status-$root '^PPid:.1$' "$root: the command's parent is the init"
	expect_line status-$root '^Jailed:.until-exit$' "$root: the command is jailed until exit"
	expect_line exit-$root '^rc=7$' "$root: the command's exit status comes back"
done
expect_line hostname-host "^atoll$" "the host's hostname"
expect_same hostname-host hostname-host-after "the host's hostname is unchanged"
expect_same host-before host-after "the host's mounts, loop devices, records and process count are unchanged"
finish
