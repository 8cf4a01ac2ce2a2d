#!/usr/bin/env python3
"""init-boot.py INIT: boots /sbin/init as PID 1 on the host, in new PID, mount and
UTS namespaces, chrooted into a scratch root whose /bin/sh is Debian's static
busybox and whose /dev/console is a pseudo-terminal this script drives.

Checks, per boot: the boot mounts (Linux has no "devfs", so that one must fail
with a logged reason while the others still mount), the hostname from
/etc/hostname, /etc/rc, the shell as a session leader with the console as its
controlling terminal, a restart after `exit`, no zombies left by an orphan, and
the shutdown signals BusyBox sends (poweroff = SIGUSR2, reboot = SIGTERM,
halt = SIGUSR1) ending in reboot(2), which in a PID namespace kills its init with
SIGINT (power off, halt) or SIGHUP (restart).

Prints "SKIP init boot: REASON" and exits 0 when the host cannot do this (not root,
no busybox, namespaces refused). Exits 1 on any failure.
"""
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def fail(msg, log=""):
    print(f"FAIL: {msg}")
    if log:
        print("---- console ----\n" + log + "\n-----------------")
    sys.exit(1)


def skip(reason):
    print(f"SKIP init boot: {reason}")
    sys.exit(0)


def make_root(init, busybox):
    root = tempfile.mkdtemp(prefix="atoll-init-")
    for d in ("sbin", "bin", "etc", "dev", "root"):
        os.makedirs(os.path.join(root, d))
    shutil.copy(init, os.path.join(root, "sbin/init"))
    shutil.copy(busybox, os.path.join(root, "bin/busybox"))
    for applet in ("sh", "echo", "cat", "grep", "hostname", "poweroff", "reboot", "halt", "sleep"):
        os.symlink("busybox", os.path.join(root, "bin", applet))
    with open(os.path.join(root, "etc/hostname"), "w") as f:
        f.write("atoll-test\n")
    with open(os.path.join(root, "etc/rc"), "w") as f:
        f.write('echo "rc: ran with hostname $(hostname) and HOME=$HOME"\n')
    open(os.path.join(root, "dev/console"), "w").close()  # bind-mount target
    return root


class Console:
    def __init__(self, root):
        self.master, slave = pty.openpty()
        script = f"mount --bind {os.ttyname(slave)} {root}/dev/console && exec chroot {root} /sbin/init"
        self.proc = subprocess.Popen(
            ["unshare", "--pid", "--fork", "--mount", "--uts", "sh", "-c", script],
            stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
        os.close(slave)
        self.log = ""

    def expect(self, text, timeout=15):
        deadline = time.time() + timeout
        while text not in self.log:
            left = deadline - time.time()
            if left <= 0:
                fail(f"no {text!r} on the console within {timeout} s", self.log)
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    data = os.read(self.master, 4096)
                except OSError:
                    data = b""
                if not data:
                    if text not in self.log:
                        fail(f"console closed before {text!r}", self.log)
                    break
                self.log += data.decode(errors="replace").replace("\r", "")
        return self.log

    def send(self, line):
        os.write(self.master, (line + "\n").encode())

    def finish(self, timeout=15):
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("init did not leave after the shutdown signal", self.log)
        try:
            while True:
                ready, _, _ = select.select([self.master], [], [], 0.2)
                if not ready:
                    break
                data = os.read(self.master, 4096)
                if not data:
                    break
                self.log += data.decode(errors="replace").replace("\r", "")
        except OSError:
            pass
        os.close(self.master)
        return self.proc.returncode


def died_of(code, sig):
    # unshare re-raises its child's fatal signal; a shell in between would say 128+sig.
    return code in (-sig, 128 + sig)


def full_boot(root):
    con = Console(root)
    con.expect("init: mount devfs on /dev: No such device")
    con.expect("rc: ran with hostname atoll-test and HOME=/root")
    con.send("echo shell-$((6*7))")
    con.expect("shell-42")
    # Session leader with a controlling terminal: /proc/$$/stat fields 6 (session)
    # and 7 (tty_nr).
    con.send('set -- $(cat /proc/$$/stat); echo "leader$((1+1))=$([ $6 = $$ ] && echo yes) tty=$7."')
    log = con.expect("leader2=")
    line = log[log.rindex("leader2="):].split("\n")[0]
    if not line.startswith("leader2=yes tty=") or "tty=0." in line:
        fail(f"shell is not a session leader with a controlling terminal: {line}", log)
    con.send("cat /proc/mounts; echo mounts-$((1+1))")
    log = con.expect("mounts-2")
    for point in ("/proc proc", "/tmp tmpfs", "/run tmpfs", "/home tmpfs", "/dev/shm tmpfs"):
        if f" {point} " not in log:
            fail(f"/proc/mounts lacks {point}", log)
    con.send("echo env: $PATH $TERM $HOME $(pwd)")
    con.expect("env: /bin:/sbin linux /root /root")
    # An orphan: its parent subshell exits at once; init must reap it.
    con.send("(sleep 0.2 &); sleep 1; echo zombies=$(cat /proc/[0-9]*/stat | grep -c ') Z ')")
    con.expect("zombies=0")
    con.send("exit")
    con.send("echo second-shell-$((2*3))")
    con.expect("second-shell-6")
    con.send("poweroff")
    con.expect("init: power off: stopping all processes")
    code = con.finish()
    if not died_of(code, signal.SIGINT):
        fail(f"after poweroff unshare ended with {code}, expected death by SIGINT", con.log)
    if "init: power off\n" not in con.log:
        fail("init did not announce the power off", con.log)
    print("ok: boot, mounts, hostname, rc, controlling terminal, restart, reaping, poweroff")


def short_boot(root, command, announce, sig):
    con = Console(root)
    con.expect("rc: ran with hostname")
    con.send("echo up-$((5*5))")
    con.expect("up-25")
    con.send(command)
    con.expect(f"init: {announce}: stopping all processes")
    code = con.finish()
    if not died_of(code, sig):
        fail(f"after {command} unshare ended with {code}, expected death by {sig!r}", con.log)
    print(f"ok: {command} -> reboot(2) {announce}")


def main():
    init = sys.argv[1]
    if os.geteuid() != 0:
        skip("needs root for namespaces, chroot and mount")
    busybox = shutil.which("busybox")
    if not busybox or not shutil.which("unshare"):
        skip("busybox (static) or unshare is missing")
    probe = subprocess.run(["unshare", "--pid", "--fork", "--mount", "--uts", "true"],
                           capture_output=True)
    if probe.returncode != 0:
        skip("unshare refused: " + probe.stderr.decode().strip())
    root = make_root(init, busybox)
    try:
        full_boot(root)
        short_boot(root, "reboot", "reboot", signal.SIGHUP)
        short_boot(root, "halt", "halt", signal.SIGINT)
    finally:
        shutil.rmtree(root, ignore_errors=True)


main()
