# BuggieBox du and df against coreutils. du walks the fixture, whose block counts
# are the same on both sides; df reports live file systems, so its numbers are
# compared only in shape (t_shape), its header and columns exactly.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/files_common.inc"

t_diff -- du
t_diff -- du -a
t_diff -- du -s
t_diff -- du -sh . dir
t_diff -- du -ab dir
t_diff -- du -c dir a.txt big.bin
t_diff -- du -k big.bin hard.bin
t_diff -- du -d 1
t_diff -- du -m dir
t_diff -- du -L dirlink
t_diff -- du nope dir
t_diff -- du -s nope
t_shape -- df
t_shape -- df -h
t_shape -- df -T /
t_shape -- df -k .
t_shape -- df -P /
t_shape -- df -hT / /proc
t_shape -- df nope
t_expect --status 1 --err "df: nope: No such file or directory" -- df nope
t_done
