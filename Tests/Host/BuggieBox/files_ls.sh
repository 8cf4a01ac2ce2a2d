# BuggieBox ls against GNU coreutils ls on the fixture tree (every time stamp in it
# is fixed, so long listings compare exactly).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/files_common.inc"

t_diff -- ls
t_diff -- ls -1
t_diff -- ls -a
t_diff -- ls -A
t_diff -- ls -l
t_diff -- ls -la dir
t_diff -- ls -lh
t_diff -- ls -lid / /usr
t_diff -- ls -i1 /
t_diff -- ls -R
t_diff -- ls -lR dir
t_diff -- ls -d dir empty
t_diff -- ls -ld dir dirlink .
t_diff -- ls dirlink
t_diff -- ls -l dirlink
t_diff -- ls -l dirlink/
t_diff -- ls -F
t_diff -- ls -lF
t_diff -- ls -p
t_diff -- ls -t
t_diff -- ls -ltr
t_diff -- ls -S
t_diff -- ls -lSr
t_diff -- ls -r dir
t_diff -- ls -n
t_diff -- ls -C
t_diff -- ls -C -F /usr/bin
t_diff -- ls a.txt dir b.txt empty
t_diff -- ls -l a.txt dir
t_diff -- ls -s
t_diff -- ls -sh dir big.bin
t_diff -- ls -lsR dir
t_diff -- ls -L
t_diff -- ls -lL
t_diff -- ls -LR
t_diff -- ls -Lt
t_diff -- ls -L dangling a.txt
t_diff -- ls nope
t_diff -- ls nope a.txt
t_diff -- ls -z
t_expect --status 2 --err "ls: cannot access 'nope': No such file or directory" -- ls nope
t_done
