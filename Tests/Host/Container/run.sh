# `container run` in the foreground on the host Linux: isolation (PID 1, hostname,
# mount table, environment, user, workdir, descriptors), the three root types,
# mounts, exit statuses, refusals during setup, and that nothing is left behind.
. "$(dirname "$0")/lib.sh"
c_need_root_features
c_image
# A setuid copy of BuggieBox named id: the root must be nosuid.
mkdir -p "$C_ROOT/sbin" && cp "$BB" "$C_ROOT/sbin/id" && chmod 4755 "$C_ROOT/sbin/id"
mkfs.erofs "$C_EROFS" "$C_ROOT" >/dev/null 2>&1
tar -C "$C_ROOT" -cf "$C_TAR" .

mounts_before=$(wc -l </proc/self/mountinfo)
host_name=$(hostname)

# ---- an erofs root ----
E=$(c_ini er erofs "$C_EROFS" 'container.env = HOME=/home' '[mount]' 'type = tmpfs' 'target = /tmp' 'size = 1M')
c_expect --out '^PID2=/bin/sh$' -- run "$E" -- /bin/sh -c 'echo PID$$=$0'
c_expect --out '^hostname=er-host$' -- run "$E" -- /bin/sh -c 'echo hostname=$(hostname)'
c_expect --out '^ +1 ' -- run "$E" -- /bin/ps
n=$(wc -l <"$C_DIR/out")
c_check $([ "$n" -ge 3 ] && [ "$n" -le 4 ] && echo 1 || echo 0) "ps inside sees only the container's processes ($n lines)"
c_expect --out '^/dev/loop[0-9]+ / erofs ro,nosuid,nodev' -- run "$E" -- /bin/cat /proc/mounts
c_expect --out '^tmpfs /tmp tmpfs rw,nosuid,nodev,relatime,size=1024k' -- run "$E" -- /bin/cat /proc/mounts
c_expect --out '^proc /proc proc rw,nosuid,nodev,noexec' -- run "$E" -- /bin/cat /proc/mounts
c_expect --out '^null$' -- run "$E" -- /bin/ls /dev
for d in null zero full random urandom tty ptmx pts; do
	grep -qx "$d" "$C_DIR/out"
	c_check $((! $?)) "/dev/$d is in the container's /dev"
done
n=$(grep -c '' "$C_DIR/out")
c_check $([ "$n" -ge 12 ] && [ "$n" -le 13 ] && echo 1 || echo 0) "the container's /dev holds only the allow-list and links ($n)"
c_expect --out '^devpts /dev/pts devpts rw,nosuid,noexec' -- run "$E" -- /bin/cat /proc/mounts
# The environment: only the config's, the default PATH and the caller's TERM.
TERM=vt220 timeout 20 "$CONTAINER" run "$E" -- /bin/env </dev/null >"$C_DIR/out" 2>&1
sort "$C_DIR/out" >"$C_DIR/env"
printf 'HOME=/home\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nTERM=vt220\n' >"$C_DIR/env.want"
cmp -s "$C_DIR/env" "$C_DIR/env.want"
ok=$?
c_check $((! ok)) "the environment is the config's plus TERM and a default PATH"
[ $ok = 0 ] || cat "$C_DIR/out"
# Host descriptors never reach the command.
exec 7</etc/hostname
c_expect --out '^fds=0 1 2 3 $' -- run "$E" -- /bin/sh -c 'printf "fds="; for f in $(ls /proc/self/fd); do printf "%s " $f; done; echo'
exec 7<&-
c_expect --out '^/$' -- run "$E" -- /bin/sh -c 'pwd'
c_expect --status 7 -- run "$E" -- /bin/sh -c 'exit 7'
c_expect --status 143 -- run "$E" -- /bin/sh -c 'kill -TERM $$; sleep 5'
c_expect --status 127 --err '^container: er: /nope: No such file or directory$' -- run "$E" -- /nope
c_expect --status 126 --err '^container: er: /etc/motd: Permission denied$' -- run "$E" -- /etc/motd
c_expect --out '^in the image$' -- run "$E" -- /bin/cat /etc/motd
c_expect --status 1 --err 'Read-only file system' -- run "$E" -- /bin/touch /etc/new
[ "$(hostname)" = "$host_name" ]
c_check $((! $?)) "the host's hostname is unchanged"

# ---- user, workdir, nosuid ----
U=$(c_ini user erofs "$C_EROFS" 'container.user = 1000:1000' 'container.workdir = /tmp' '[mount]' 'type = tmpfs' 'target = /tmp')
c_expect --out '^uid=1000 gid=1000' -- run "$U" -- /bin/id
c_expect --out '^/tmp$' -- run "$U" -- /bin/sh -c 'pwd'
if setpriv --reuid 1000 --regid 1000 --clear-groups "$C_ROOT/sbin/id" 2>/dev/null | grep -q 'euid=0'; then
	c_expect --out '^uid=1000 gid=1000 groups' -- run "$U" -- /sbin/id
	grep -q '^uid=1000' "$C_DIR/out" && ! grep -q 'euid=0' "$C_DIR/out"
	c_check $((! $?)) "a setuid file in the image gives no privilege (nosuid)"
else
	echo "NOTE: cannot show setuid working outside (no setpriv, or $C_DIR is nosuid): nosuid check not run"
fi
W=$(c_ini wd erofs "$C_EROFS" 'container.workdir = /nowhere')
c_expect --status 125 --err '^container: wd: workdir /nowhere: No such file or directory$' -- run "$W"

# ---- a tar root ----
T=$(c_ini tr tar "$C_TAR" 'root.size = 4M' '[mount]' 'type = tmpfs' 'target = /made/by/launcher')
c_expect --out '^tmpfs / tmpfs rw,nosuid,nodev,relatime,size=4096k' -- run "$T" -- /bin/cat /proc/mounts
c_expect --out '^tmpfs /made/by/launcher tmpfs' -- run "$T" -- /bin/cat /proc/mounts
c_expect --out '^written$' -- run "$T" -- /bin/sh -c 'echo written >/etc/new && cat /etc/new'
c_expect --out '^in the image$' -- run "$T" -- /bin/cat /etc/motd
printf 'not a tar archive at all, just text that is long enough to fill a block\n%.0s' $(seq 10) >"$C_DIR/bad.tar"
B=$(c_ini badtar tar "$C_DIR/bad.tar")
c_expect --status 125 --err "^container: badtar: $C_DIR/bad.tar: " -- run "$B"

# Hostile archives: a name with "..", and a file written through a symlink
# extracted just before it. Both must be refused, and nothing written outside.
if command -v python3 >/dev/null; then
	python3 - "$C_TAR" "$C_DIR" <<'PY'
import io, sys, tarfile
base, out = sys.argv[1], sys.argv[2]
def evil(name, extra):
    with tarfile.open(base) as src, tarfile.open(f"{out}/{name}.tar", "w", format=tarfile.USTAR_FORMAT) as t:
        for m in src.getmembers():
            t.addfile(m, src.extractfile(m) if m.isfile() else None)
        for info, data in extra:
            t.addfile(info, io.BytesIO(data) if data is not None else None)
def file(name, data):
    i = tarfile.TarInfo(name); i.size = len(data); return (i, data)
link = tarfile.TarInfo("escape"); link.type = tarfile.SYMTYPE; link.linkname = out
evil("dotdot", [file("../dotdot-escaped", b"x")])
evil("through", [(link, None), file("escape/through-escaped", b"x")])
PY
	X=$(c_ini dotdot tar "$C_DIR/dotdot.tar")
	c_expect --status 125 --err "entry '../dotdot-escaped' climbs out of the root with '..'" -- run "$X" -- /bin/true
	X=$(c_ini through tar "$C_DIR/through.tar")
	c_expect --status 125 --err "escape/through-escaped: (Not a directory|Too many levels of symbolic links)" -- run "$X" -- /bin/true
	[ ! -e "$C_DIR/through-escaped" ] && [ ! -e "$C_DIR/../dotdot-escaped" ]
	c_check $((! $?)) "nothing was written outside the tar root"
else
	echo "NOTE: no python3 to build hostile tar archives: those checks did not run"
fi

# ---- a dir root ----
mkdir -p "$C_DIR/share" && echo shared >"$C_DIR/share/f"
D=$(c_ini dr dir "$C_ROOT" 'root.readonly = yes' '[mount]' 'type = bind' "source = $C_DIR/share" 'target = /home' 'options = ro')
c_expect --out "^[^ ]+ / [a-z0-9]+ ro,nosuid,nodev" -- run "$D" -- /bin/cat /proc/mounts
c_expect --out '^shared$' -- run "$D" -- /bin/cat /home/f
c_expect --status 1 --err 'Read-only file system' -- run "$D" -- /bin/touch /home/g
# No mount namespace: chroot into the directory.
N=$(c_ini nomnt dir "$C_ROOT" 'isolation.mount = no' 'root.proc = no' 'root.dev = no')
c_expect --out '^in the image$' -- run "$N" -- /bin/cat /etc/motd

# ---- refusals during setup ----
mkdir -p "$C_DIR/evil/bin" "$C_DIR/evil/proc" "$C_DIR/evil/dev"
cp "$BB" "$C_DIR/evil/bin/sh"
ln -s /etc "$C_DIR/evil/tmp"
V=$(c_ini evil dir "$C_DIR/evil" '[mount]' 'type = tmpfs' 'target = /tmp/x')
c_expect --status 125 --err '^container: evil: mount point /tmp/x: /tmp is a symlink in the root \(refused: it could lead outside\)$' -- run "$V" -- /bin/sh -c 'echo ran'
M=$(c_ini missing erofs "$C_EROFS" '[mount]' 'type = tmpfs' 'target = /nonexistent')
c_expect --status 125 --err '^container: missing: mount point /nonexistent: No such file or directory in the root \(add it to the image\)$' -- run "$M"

# ---- nothing left behind ----
c_eventually '[ "$(c_loops)" = 0 ]'
c_check $((! $?)) "no loop device of this suite is left ($(c_loops))"
[ "$(wc -l </proc/self/mountinfo)" = "$mounts_before" ]
c_check $((! $?)) "the host's mount table is as it was"
[ -z "$(ls -A "$CONTAINER_RUN_DIR" 2>/dev/null)" ]
c_check $((! $?)) "no record is left under \$CONTAINER_RUN_DIR"
c_done
