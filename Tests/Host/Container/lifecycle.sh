# Detached containers and their lifecycle on the host Linux: run -d, list, exec,
# stop (SIGTERM, then SIGKILL after the timeout), a duplicate name, a launcher
# killed with SIGKILL, and start/stop cycles that must leave processes, mounts,
# loop devices and records as they were.
. "$(dirname "$0")/lib.sh"
c_need_root_features
c_image
CYCLES=${CONTAINER_CYCLES:-25}
mounts_before=$(wc -l </proc/self/mountinfo)

# Processes whose command line mentions this suite's scratch folder.
c_procs() {
	local n=0
	for p in /proc/[0-9]*; do
		{ tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null | grep -q -- "$C_DIR" && n=$((n + 1))
	done
	echo $n
}
state() { sed -n "s/^$2=//p" "$CONTAINER_RUN_DIR/$1/state" 2>/dev/null; }

E=$(c_ini bg erofs "$C_EROFS" 'container.env = GREETING=hello' 'container.user = 1000:1000' \
	'container.workdir = /tmp' '[mount]' 'type = tmpfs' 'target = /tmp')
c_expect --out '^bg$' -- run -d "$E" -- /bin/sleep 30
c_expect --out '^bg +[0-9]+ +running +erofs:.*root.erofs +[0-9]+s +-$' -- list
init=$(state bg pid)
c_check $([ -n "$init" ] && [ -d "/proc/$init" ] && echo 1 || echo 0) "the record names the live init ($init)"
c_expect --status 2 --err "^$E:2: a container named 'bg' is already running \(init PID $init\)$" -- run "$E"
# exec: inside the namespaces, as the container's user, with its environment.
c_expect --out '^hostname=bg-host$' -- exec bg /bin/sh -c 'echo hostname=$(hostname)'
c_expect --out '^uid=1000 gid=1000' -- exec bg /bin/id
c_expect --out '^GREETING=hello$' -- exec bg /bin/env
c_expect --out '^/tmp$' -- exec bg /bin/sh -c pwd
c_expect --out ' sleep$' -- exec bg /bin/ps
c_expect --out '^1 \(container\) S 0 ' -- exec bg /bin/cat /proc/1/stat
c_expect --status 5 -- exec bg /bin/sh -c 'exit 5'
# An interactive exec gets a pseudo-terminal of the container's own devpts.
if command -v script >/dev/null; then
	(sleep 0.5; printf 'readlink /proc/self/fd/0; echo typed $((6*7))\r'; sleep 0.3; printf 'exit 4\r'; sleep 1) |
		timeout 20 script -eqc "$CONTAINER exec bg /bin/sh" /dev/null >"$C_DIR/out" 2>&1
	st=${PIPESTATUS[1]}
	c_check $([ "$st" = 4 ] && echo 1 || echo 0) "an interactive exec returns the shell's status ($st)"
	tr -d '\r' <"$C_DIR/out" | grep -qx '/dev/pts/0' && tr -d '\r' <"$C_DIR/out" | grep -qx 'typed 42'
	c_check $((! $?)) "an interactive exec runs on /dev/pts/0 inside, input and output relayed"
else
	echo "NOTE: no script(1) to give exec a terminal: the pseudo-terminal checks did not run"
fi
c_expect --status 127 --err '^container: bg: /nope: No such file or directory$' -- exec bg /nope
# stop: sleep dies of SIGTERM at once; the record keeps the status.
start=$(date +%s%N)
c_expect --no-err -- stop bg
ms=$((($(date +%s%N) - start) / 1000000))
c_check $([ $ms -lt 3000 ] && echo 1 || echo 0) "stop of a command that dies on SIGTERM is quick (${ms} ms)"
c_eventually '[ "$(state bg state)" = exited ]'
c_check $((! $?)) "the record says exited"
c_expect --out '^bg +[0-9]+ +exited +erofs:.* +- +143$' -- list
c_expect --err '^container: bg had already exited with status 143; record removed$' -- stop bg
c_expect --no-err -- list
c_check $([ "$(grep -c '' "$C_DIR/out")" = 1 ] && echo 1 || echo 0) "stop of an exited container forgets it"

# Without a mount or PID namespace: a chroot into a dir root, entered again by exec.
P=$(c_ini plain dir "$C_ROOT" 'root.proc = no' 'root.dev = no' 'isolation.mount = no' 'isolation.pid = no' 'isolation.uts = no')
sed -i '/^hostname = /d' "$P"
c_expect --out '^plain$' -- run -d "$P" -- /bin/sleep 30
c_expect --out '^in the image$' -- exec plain /bin/cat /etc/motd
c_expect --no-err -- stop plain
c_eventually '[ "$(state plain status)" = 143 ]'
c_check $((! $?)) "a chroot container stops with SIGTERM's status ($(state plain status))"
"$CONTAINER" stop plain 2>/dev/null

# A command that ignores SIGTERM costs the timeout, then SIGKILL.
I=$(c_ini stubborn erofs "$C_EROFS")
c_expect --out '^stubborn$' -- run -d "$I" -- /bin/sh -c 'trap "" TERM; sleep 30; echo never'
start=$(date +%s%N)
c_expect --no-err -- stop -t 1 stubborn
ms=$((($(date +%s%N) - start) / 1000000))
c_check $([ $ms -ge 900 ] && [ $ms -lt 4000 ] && echo 1 || echo 0) "stop -t 1 waits about 1 s, then kills (${ms} ms)"
c_eventually '[ "$(state stubborn status)" = 137 ]'
c_check $((! $?)) "status 137 after SIGKILL ($(state stubborn status))"
"$CONTAINER" stop stubborn 2>/dev/null

# The detached log.
L=$(c_ini logger erofs "$C_EROFS")
c_expect -- run -d "$L" -- /bin/sh -c 'echo to the log; echo err >&2; exit 4'
c_eventually '[ "$(state logger status)" = 4 ]'
c_check $((! $?)) "a detached container's exit status is kept"
grep -qx 'to the log' "$CONTAINER_RUN_DIR/logger/log" && grep -qx err "$CONTAINER_RUN_DIR/logger/log"
c_check $((! $?)) "a detached container's output goes to its log"
"$CONTAINER" stop logger 2>/dev/null
c_expect --status 125 --err '^container: logger: /nope: No such file or directory$' -- run -d "$L" -- /nope
[ ! -e "$CONTAINER_RUN_DIR/logger" ]
c_check $((! $?)) "a detached container that fails to start leaves no record"

# A foreground launcher killed with SIGKILL takes its container with it.
K=$(c_ini killed erofs "$C_EROFS")
"$CONTAINER" run "$K" -- /bin/sleep 30 </dev/null >/dev/null 2>&1 &
launcher=$!
c_eventually '[ -n "$(state killed pid)" ]'
init=$(state killed pid)
kill -9 $launcher
wait $launcher 2>/dev/null
c_eventually '! [ -d /proc/$init ] || grep -q "^State:.*Z" /proc/$init/status'
c_check $((! $?)) "SIGKILL of the launcher kills the container's init ($init)"
c_expect --no-err -- list
c_check $([ "$(grep -c '' "$C_DIR/out")" = 1 ] && echo 1 || echo 0) "list drops the stale record"
[ ! -e "$CONTAINER_RUN_DIR/killed" ]
c_check $((! $?)) "the stale record is removed"

# Start/stop cycles leave nothing behind.
Y=$(c_ini cycle erofs "$C_EROFS" '[mount]' 'type = tmpfs' 'target = /tmp')
bad=0
for i in $(seq 1 "$CYCLES"); do
	out=$(timeout 20 "$CONTAINER" run -d "$Y" -- /bin/sleep 30 2>&1) || { bad=1; echo "  cycle $i: run: $out"; break; }
	timeout 20 "$CONTAINER" stop -t 2 cycle || { bad=1; echo "  cycle $i: stop failed"; break; }
	c_eventually '[ "$(state cycle state)" = exited ]' || { bad=1; echo "  cycle $i: never exited"; break; }
	timeout 20 "$CONTAINER" stop cycle 2>/dev/null
done
c_check $((! bad)) "$CYCLES detached start/stop cycles"
bad=0
for i in $(seq 1 "$CYCLES"); do
	timeout 20 "$CONTAINER" run "$Y" -- /bin/true </dev/null || { bad=1; echo "  cycle $i failed"; break; }
done
c_check $((! bad)) "$CYCLES foreground runs"
c_eventually '[ "$(c_loops)" = 0 ]'
c_check $((! $?)) "no loop device of this suite is left ($(c_loops))"
c_eventually '[ "$(wc -l </proc/self/mountinfo)" = "$mounts_before" ]'
c_check $((! $?)) "the host's mount table is as it was"
c_eventually '[ "$(c_procs)" = 0 ]'
c_check $((! $?)) "no process of this suite is left ($(c_procs))"
[ -z "$(ls -A "$CONTAINER_RUN_DIR")" ]
c_check $((! $?)) "no record is left"
c_done
