# BuggieBox cp, mv, rm, ln against coreutils, comparing output, status and the
# tree each leaves behind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/files_common.inc"

# cp
t_effect -- cp a.txt new.txt
t_effect -- cp a.txt b.txt dir
t_effect -- cp -r dir copy
t_effect -- cp -r dir empty
t_effect -- cp -p b.txt kept.txt
t_effect -- cp -a dir big.bin hard.bin link.txt dirlink dangling empty
t_effect -- cp link.txt deref.txt
t_effect -- cp -r dirlink copied-link
t_effect -- cp -f a.txt ro/x
t_effect -- cp dir nodir
t_effect -- cp nope x
t_effect -- cp a.txt
t_effect -- cp a.txt b.txt c.txt
t_diff -- cp -r dir dir/sub
t_effect -- cp a.txt a.txt
t_effect --in 'n
' -- cp -i a.txt b.txt
t_effect -- cp -n a.txt b.txt
t_effect -- cp -v a.txt dir/new
t_with cp 'mkdir -p out/dir && chmod 700 out/dir && cp -r dir out && cp -rp dir out/p'
t_with cp 'cp -a dir ro/copy && cp -R ro ro2'
# mv
t_effect -- mv a.txt moved.txt
t_effect -- mv a.txt b.txt dir
t_effect -- mv dir empty
t_effect -- mv dir dir/sub
t_effect -- mv nope x
t_effect -- mv a.txt
t_effect -- mv big.bin hard.bin
t_effect -- mv -n a.txt b.txt
t_effect -- mv link.txt dirlink/
t_effect -- mv -v dir renamed
# Across file systems (copy and remove) when /dev/shm is a tmpfs of its own.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	t_with mv 'd=$(mktemp -d /dev/shm/bbmv.XXXXXX) && mv dir big.bin hard.bin link.txt "$d" && mv "$d"/* . && rmdir "$d"'
fi
# rm
t_effect -- rm a.txt b.txt
t_effect -- rm dir
t_effect -- rm -r dir
t_effect -- rm -rf dir nope
t_effect -- rm nope
t_effect -- rm -f nope
t_effect -- rm
t_effect -- rm -f
t_effect -- rm -r .
t_effect -- rm -d empty dir
t_effect -- rm -r dirlink link.txt dangling
t_effect --in 'y
n
y
' -- rm -ri dir/sub
t_effect -- rm -v a.txt
# ln
t_effect -- ln -s a.txt newlink
t_effect -- ln a.txt hardlink
t_effect -- ln -s a.txt link.txt
t_effect -- ln -sf b.txt link.txt
t_effect -- ln -s ../a.txt b.txt dir
t_effect -- ln -sfn dir dirlink
t_effect -- ln -sf dir dirlink
t_effect -- ln nope x
t_effect -- ln dir dirhard
t_effect -- ln a.txt b.txt c.txt
t_effect -- ln -s x
t_effect -- ln -f a.txt a.txt
t_done
