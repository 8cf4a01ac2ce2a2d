#!/usr/bin/env bash
# A launcher killed with SIGKILL mid-run: the container's processes die with it (the
# death signal), its mounts and loop device go, free memory comes back; the record
# left behind says `running` with a dead init, and the next `container list` removes
# it. Done for the EROFS root (a loop device) and the tar root (a tmpfs).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
slack_kib=1024

kill_one() { # CONFIG TAG
	printf 'container run %s -- sleep 300 </dev/null &\n' "$1"
	printf 'launcher=$!\nsleep 2\n'
	printf 'echo "== running-%s"\nps </dev/null\n' "$2"
	printf 'kill -9 $launcher\nsleep 2\n'
	printf 'echo "== dead-%s"\nps </dev/null\ncontainer list </dev/null\n' "$2"
}
{
	# warm-up: the first loop device, caches
	printf 'container run /etc/containers/buggiebox.ini -- true </dev/null\n'
	printf 'container run /etc/containers/buggiebox-tar.ini -- true </dev/null\n'
	host_state before
	kill_one /etc/containers/buggiebox.ini erofs
	kill_one /etc/containers/buggiebox-tar.ini tar
	host_state after
	printf 'echo "== end"\n'
} | guest_session 120 || exit 1

for tag in erofs tar; do
	expect_line running-$tag ' sleep$' "$tag: the container's command was running before the kill"
	expect_no_line dead-$tag ' sleep$' "$tag: no container process survives the launcher's SIGKILL"
done
expect_same before after "mounts, loop devices, records and the process count are back to what they were"
expect_memfree before after $slack_kib "after two killed launchers"
finish
