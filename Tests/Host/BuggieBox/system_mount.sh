# BuggieBox's mount, umount, losetup, sync, poweroff and reboot.
#
# Everything that mounts runs in a private mount namespace (`unshare -m`), once
# with BuggieBox and once with util-linux, and the two outputs are compared. Loop
# devices are global, so every check detaches the devices backed by its own scratch
# files afterwards. Where loop devices are missing (some sandboxes) that is
# reported as a failure, never skipped silently. poweroff and reboot are only asked
# for --help and given bad options, and even that inside a new PID namespace, where
# a mistaken reboot(2) would end the namespace and not the machine.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/system_lib.sh"

t_setup() {
	echo data >file
}

# Detaches every loop device whose backing file is under this suite's scratch tree.
cleanup_loops() {
	losetup -a 2>/dev/null | grep -F "($t_top/" | cut -d: -f1 | while read -r dev; do
		losetup -d "$dev"
	done
}

# mcmp NAME BODY: BODY runs in a new mount namespace with $M, $U and $L naming
# mount, umount and losetup: BuggieBox's on one side, util-linux's on the other.
mcmp() {
	t_cmd "$1" "M=\"\$BB mount\" U=\"\$BB umount\" L=\"\$BB losetup\" unshare -m --propagation private sh -c '$2'" \
		"M=mount U=umount L=losetup unshare -m --propagation private sh -c '$2'"
	cleanup_loops
}

# Are loop devices usable here?
loop_ok=0
probe=$t_top/probe.img
if truncate -s 1M "$probe" && dev=$(losetup -f --show "$probe" 2>"$t_top/probe.err"); then
	losetup -d "$dev"
	loop_ok=1
else
	_t_report 0 "loop devices are not available here: $(cat "$t_top/probe.err"); the loop checks did not run"
fi
rm -f "$probe"

# mount: listing
t_diff -- mount
t_diff -- mount -t proc
t_diff -- mount -t tmpfs

# mount: tmpfs, options, remount, bind, move, propagation, umount
AT_D='awk "\$2 ~ /\\/d\$/ {print \$1, \$3, \$4}" /proc/mounts'
mcmp "mount -t tmpfs -o size=1m,mode=0700,nosuid,nodev,noexec" \
	"mkdir d && \$M -t tmpfs -o size=1m,mode=0700,nosuid,nodev,noexec tmpfs d; echo \$?; $AT_D; stat -c %a d"
mcmp "mount lists a new mount (and -t filters)" \
	"mkdir d && \$M -t tmpfs scratchfs d && \$M -t tmpfs | grep -c \"^scratchfs on \$PWD/d type tmpfs (rw,relatime\""
mcmp "mount lists a mount point with a space (\\040 in /proc/mounts)" \
	"mkdir \"a b\" && \$M -t tmpfs tmpfs \"a b\" && \$M -t tmpfs | grep -c \" on \$PWD/a b type tmpfs \""
mcmp "mount -o remount,ro keeps nosuid, then rw" \
	"mkdir d && \$M -t tmpfs -o nosuid tmpfs d && \$M -o remount,ro d; echo \$?; touch d/x 2>/dev/null; echo \$?; \$M -o remount,rw d; touch d/x; echo \$?; $AT_D"
mcmp "mount --bind, then remount,bind,ro" \
	"mkdir a d && echo hi >a/f && \$M --bind a d && cat d/f && \$M -o remount,bind,ro d; touch d/g 2>/dev/null; echo \$?; touch a/g; echo \$?; \$U d; ls d | wc -l"
mcmp "mount -o bind,nosuid" \
	"mkdir a d && \$M -o bind,nosuid a d; echo \$?; awk \"\\\$2 ~ /\\\\/d\\\$/ {print \\\$4}\" /proc/mounts | cut -d, -f1,2"
mcmp "mount --move" \
	"mkdir a c && \$M -t tmpfs tmpfs a && touch a/x && \$M --move a c; echo \$?; ls c; ls a | wc -l"
mcmp "mount --make-rprivate / and --make-shared" \
	"mkdir d && \$M -t tmpfs tmpfs d && \$M --make-rprivate /; echo \$?; \$M --make-shared d; echo \$?; grep -c \" \$PWD/d .*shared:\" /proc/self/mountinfo"
mcmp "umount of a busy mount fails, umount -l detaches it" \
	"mkdir d && \$M -t tmpfs tmpfs d && (cd d && sleep 1) & sleep 0.3; \$U d 2>/dev/null; echo \$?; \$U -l d; echo \$?; wait; grep -c \" \$PWD/d \" /proc/mounts"
mcmp "umount -f" "mkdir d && \$M -t tmpfs tmpfs d && \$U -f d; echo \$?; grep -c \" \$PWD/d \" /proc/mounts"
mcmp "mount on a missing directory fails with 32" "\$M -t tmpfs tmpfs /nonexistent_zz 2>/dev/null; echo \$?"
mcmp "mount of an unknown type fails with 32" "mkdir d; \$M -t no_such_fs_zz none d 2>/dev/null; echo \$?"
mcmp "umount of a non-mount fails with 32" "mkdir d; \$U d 2>/dev/null; echo \$?; \$U /nonexistent_zz 2>/dev/null; echo \$?"
t_expect --status 1 --err "Usage" -- mount -Q
t_expect --status 1 --err "nothing to unmount" -- umount
t_expect --status 1 --err "no /etc/fstab" -- mount /mnt
t_expect --status 32 --err "not a block device" -- mount file /tmp

# mount -o loop (needs loop devices and mkfs.ext2)
if [ $loop_ok = 1 ] && command -v mkfs.ext2 >/dev/null; then
	MKIMG='truncate -s 8M img && mkfs.ext2 -q -F img && mkdir d'
	GONE='for i in 1 2 3 4 5 6 7 8 9 10; do [ -z "$(losetup -j img)" ] && break; sleep 0.2; done; losetup -j img | wc -l'
	mcmp "mount -o loop, write, umount frees the device (autoclear)" \
		"$MKIMG && \$M -o loop img d; echo \$?; echo hello >d/f; \$U d; echo \$?; $GONE; debugfs -R \"cat /f\" img 2>/dev/null"
	mcmp "mount -t ext2 -o loop,ro" \
		"$MKIMG && \$M -t ext2 -o loop,ro img d; echo \$?; touch d/x 2>/dev/null; echo \$?; \$U d; $GONE"
	mcmp "mount -o loop,offset=1048576" \
		"truncate -s 9M img && mkfs.ext2 -q -F -E offset=1048576 img 8M && mkdir d && \$M -o loop,offset=1048576 img d; echo \$?; ls d; \$U d; $GONE"
	mcmp "mount -o loop of a missing file fails" "mkdir d; \$M -o loop nofile_zz d 2>/dev/null; echo \$?"
elif [ $loop_ok = 1 ]; then
	_t_report 0 "mkfs.ext2 is missing: the mount -o loop checks did not run"
fi

# losetup
if [ $loop_ok = 1 ]; then
	SHOW='sed "s#$d#DEV#; s#$PWD#X#; s#\]:[0-9]*#]:INODE#"'
	mcmp "losetup -f --show FILE; losetup DEV; losetup -d DEV" \
		"truncate -s 4M img && d=\$(\$L -f --show img) && \$L \$d | $SHOW; \$L -d \$d; echo \$?; \$L \$d 2>/dev/null; echo \$?"
	mcmp "losetup -r -o 512" \
		"truncate -s 4M img && d=\$(\$L -r -o 512 -f --show img) && \$L \$d | $SHOW; cat /sys/block/\${d#/dev/}/ro; blockdev --getsize64 \$d; \$L -d \$d"
	# Kernels before 5.8 lack LOOP_CONFIGURE (EINVAL): strace makes this one say so
	# (the 2nd ioctl), and losetup must fall back to LOOP_SET_FD + LOOP_SET_STATUS64.
	if command -v strace >/dev/null; then
		OLDKERNEL='strace -qq -e trace=none -e inject=ioctl:error=EINVAL:when=2'
		t_cmd "losetup -r -o 512 without LOOP_CONFIGURE" \
			"truncate -s 4M img && d=\$($OLDKERNEL \$BB losetup -r -o 512 -f --show img) && losetup \$d | $SHOW; cat /sys/block/\${d#/dev/}/ro; losetup -d \$d" \
			"truncate -s 4M img && d=\$(losetup -r -o 512 -f --show img) && losetup \$d | $SHOW; cat /sys/block/\${d#/dev/}/ro; losetup -d \$d"
		cleanup_loops
	else
		_t_report 0 "strace is missing: the LOOP_SET_FD fallback of losetup was not tested"
	fi
	mcmp "losetup DEV FILE and -a" \
		"truncate -s 4M img && d=\$(losetup -f) && \$L \$d img; echo \$?; \$L -a | grep -F \"(\$PWD/img)\" | $SHOW; \$L -d \$d"
	mcmp "losetup -f --show of a missing file fails" "\$L -f --show nofile_zz 2>/dev/null; echo \$?"
	mcmp "losetup -d of a missing device fails" "\$L -d /dev/no_such_loop_zz 2>/dev/null; echo \$?"
	t_match --head '^/dev/loop[0-9]+$' -- losetup -f
	t_expect --status 1 --err "invalid offset" -- losetup -o abc -f file
	t_expect --status 1 --err "Usage" -- losetup -Q
fi
cleanup_loops

# sync
t_diff -- sync
t_diff -- sync file
t_diff -- sync -d file
t_diff -- sync -f file
t_diff -- sync nofile
t_diff -- sync -d
t_diff -- sync -Q

# poweroff and reboot: help and refusals only, inside a new PID namespace
for cmd in poweroff reboot; do
	t_expect --out "Usage: $cmd [-f] [-n]

sync and $( [ $cmd = poweroff ] && echo "power the machine off" || echo "restart the machine")" -- $cmd --help
	t_script "$cmd -Q fails before doing anything" "1 Usage: $cmd [-f] [-n]" \
		"unshare -pfm --mount-proc \$BB $cmd -Q 2>err; echo \$? \$(grep Usage err)"
	t_script "$cmd with an operand fails before doing anything" "1 $cmd: extra operand 'now'" \
		"unshare -pfm --mount-proc \$BB $cmd -f now 2>err; echo \$? \$(cat err)"
	t_script "$cmd --bogus fails" 1 "unshare -pfm --mount-proc \$BB $cmd --bogus 2>/dev/null; echo \$?"
done

t_done
