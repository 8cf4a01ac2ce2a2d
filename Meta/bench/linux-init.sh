#!/bin/busybox sh
# /init of the Linux peer's initramfs (Meta/os-bench builds it): Debian's busybox-static
# as the only userland. Its first command prints the line `Meta/os bench boot` waits for;
# then it mounts the pseudo file systems, loads the modules listed in /modules/order (in
# dependency order) and, when the kernel command line has bench=WHAT (passed to init as
# an environment variable), runs /bench/guest.sh linux WHAT. It always powers off.
/bin/busybox echo linux-init-ready
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /tmp /mnt
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
if [ -f /modules/order ]; then
	for m in $(cat /modules/order); do
		insmod /modules/$m.ko || echo "BENCH-NA linux insmod $m failed"
	done
fi
if [ -n "$bench" ] && [ -f /bench/guest.sh ]; then
	sh /bench/guest.sh linux "$bench"
fi
poweroff -f
