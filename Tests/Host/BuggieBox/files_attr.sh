# BuggieBox mkdir, rmdir, touch, chmod, chown, chgrp and stat against coreutils,
# comparing output, status and the tree each leaves behind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/files_common.inc"

# mkdir / rmdir
t_effect -- mkdir new
t_effect -- mkdir -p x/y/z dir/sub
t_effect -- mkdir -m 700 private
t_effect -- mkdir -m u=rwx,g=rx,o= -p p/q
t_effect -- mkdir dir
t_effect -- mkdir nope/x
t_effect -- mkdir
t_effect --ref mkdir -- mkdir -v v1 v2
t_effect -- rmdir empty
t_effect -- rmdir dir
t_effect -- rmdir nope
t_effect -- rmdir -p dir/sub/deep
t_effect -- rmdir a.txt
t_effect --ref rmdir -- rmdir -v empty
# touch
t_effect -- touch new.txt
t_effect -- touch -d '2022-03-04 05:06:07' a.txt dir
t_effect -- touch -d 2019-12-31T23:59:00Z a.txt
t_effect -- touch -d @1600000000 b.txt
t_effect -- touch -t 202203040506.07 a.txt
t_effect -- touch -r dir a.txt
t_effect -- touch -c nope
t_effect -- touch -d 'not a date' a.txt
t_effect -- touch nope/x
t_effect -- touch -h -d 2001-02-03 link.txt
t_effect -- touch
# chmod
t_effect -- chmod 700 a.txt b.txt
t_effect -- chmod u+x,go-r a.txt
t_effect -- chmod a=rX dir
t_effect -- chmod -R go-rx dir
t_effect -- chmod -R u=rwX,g=rX,o= dir big.bin
t_effect -- chmod +x a.txt
t_effect -- chmod -w a.txt
t_effect -- chmod g=u b.txt
t_effect -- chmod 4755 run.sh
t_effect -- chmod u+s,g+s,+t run.sh
t_effect -- chmod 644 link.txt
t_effect -- chmod -R 700 dirlink
t_effect -- chmod bogus a.txt
t_effect -- chmod 644 nope
t_effect -- chmod 644
# chown / chgrp
t_effect -- chown 1234 a.txt
t_effect -- chown 1234:5678 a.txt b.txt
t_effect -- chown nobody:nogroup a.txt
t_effect -- chown daemon: a.txt
t_effect -- chown :bin a.txt
t_effect -- chown -R bin:daemon dir
t_effect -- chown -R 42 dirlink
t_effect -- chown 42 link.txt
t_effect -- chown -h 42 link.txt
t_effect -- chown no-such-user a.txt
t_effect -- chown 1 nope
t_effect -- chgrp users a.txt
t_effect -- chgrp -R 7 dir
t_effect -- chgrp no-such-group a.txt
# stat
t_diff -- stat -c '%n %s %a %A %F %h %u %g %U %G %Y %X' a.txt b.txt dir link.txt pipe run.sh
t_diff -- stat -L -c '%n %F %s' link.txt dirlink
t_diff -- stat -c '%N' link.txt a.txt
t_diff -- stat --printf '%n\t%s\n%%\n' a.txt big.bin
t_diff -- stat -c '[%-8n|%8s|%08a|%x]' a.txt
t_diff -- stat -c '%b %B %o' big.bin
t_diff -- stat -c '%d %D %h' a.txt
t_diff -- stat /usr/bin/env
t_diff -- stat /dev/null
t_diff -- stat nope /usr/bin/env
t_expect --status 1 --err "stat: .*nope.*No such file or directory" -- stat nope
t_done
