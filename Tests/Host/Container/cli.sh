# The launcher's command line and the refusals that happen before anything is
# created: usage errors, configuration errors (exit 2, FILE:LINE: messages), the
# jail and limits on a kernel that is not Atoll. Needs no privileges.
. "$(dirname "$0")/lib.sh"
[ -x "$CONTAINER" ] || { echo "FAIL: $CONTAINER was not built"; exit 1; }
FIX="$ATOLL_SOURCE_DIR/Tests/Host/ContainerConfig"

c_expect --out '^Usage: container run' -- --help
c_expect --out 'container stop \[-t SECONDS\] NAME' -- help
c_expect --status 2 --err '^Usage: container run'
c_expect --status 2 --err "^container: unknown command 'start'" -- start x
c_expect --status 2 --err "^container: run: which CONFIG\?" -- run
c_expect --status 2 --err "^container: run: unknown option '-x'" -- run -x a.ini
c_expect --status 2 --err "^container: run: 'sh' after CONFIG: put the command after --" -- run a.ini sh
c_expect --status 2 --err "^container: run: nothing after --" -- run a.ini --
c_expect --status 2 --err "^container: check: expected one CONFIG" -- check
c_expect --status 2 --err "^container: list takes no arguments" -- list x
c_expect --status 2 --err "^container: stop: bad timeout 'soon'" -- stop -t soon x
c_expect --status 2 --err "^container: stop: expected one NAME" -- stop
c_expect --status 2 --err "^container: exec: expected NAME COMMAND" -- exec x
c_expect --status 1 --err "^container: no container named 'ghost'" -- stop ghost
c_expect --status 125 --err "^container: no running container named 'ghost'" -- exec ghost /bin/sh
c_expect --out '^NAME +PID +STATE +ROOT +UPTIME +STATUS$' --no-err -- list

# check: the resolved configuration, and every error of a bad file with exit 2.
c_expect --no-err --out '^source = /.*/data/image.erofs$' -- check "$FIX/good/minimal.ini"
c_expect --no-err --out '^proc = yes$' -- check "$FIX/good/minimal.ini"
c_expect --status 2 --err "^$FIX/bad/keys.ini:13: unknown key 'hostnme' in \[container\] \(did you mean 'hostname'\?\)$" \
	-- check "$FIX/bad/keys.ini"
[ "$(grep -c '' "$C_DIR/err")" = "$(grep -c '^# expect:' "$FIX/bad/keys.ini")" ]
c_check $((! $?)) "check prints every error of bad/keys.ini, one a line"
c_expect --status 2 --err "^/nonexistent.ini:0: cannot read: No such file or directory$" -- check /nonexistent.ini
# A relative config: its relative sources are taken from its own folder.
out=$(cd "$FIX" && "$CONTAINER" check good/minimal.ini)
echo "$out" | grep -qx "source = $FIX/good/../data/image.erofs"
c_check $((! $?)) "relative sources resolve against the config's folder"

# run refuses a bad file, and a jail or limits on a kernel that is not Atoll,
# with exit 2 and nothing created.
c_expect --status 2 --err "^$FIX/bad/values.ini:25: bad name 'a/b'" -- run "$FIX/bad/values.ini"
[ ! -e "$CONTAINER_RUN_DIR" ]
c_check $((! $?)) "a bad config creates nothing"
if [ "$(uname -s)" = Linux ] && ! grep -q Atoll /proc/version 2>/dev/null; then
	c_expect --status 2 --err "^container: jail and limits need the Atoll kernel; this kernel refused \(prctl\(ATOLL_PR_GET_JAIL\): Invalid argument\)$" \
		-- run "$FIX/good/full.ini"
	c_expect --status 2 --err "full.ini: to run without them, set 'jail = no' in \[isolation\] and remove \[limits\]" \
		-- run "$FIX/good/full.ini"
	jailless=$C_DIR/limits.ini
	sed 's/^jail = yes/jail = no/' "$FIX/good/full.ini" | sed "s|^source = .*|source = $FIX/data/image.erofs|" >"$jailless"
	c_expect --status 2 --err "jail and limits need the Atoll kernel" -- run "$jailless"
	[ ! -e "$CONTAINER_RUN_DIR" ]
	c_check $((! $?)) "a refused jail creates nothing"
fi
c_done
