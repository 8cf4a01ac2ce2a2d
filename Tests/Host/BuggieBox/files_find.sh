# BuggieBox find against GNU findutils. Both walk the same fixture in directory
# order, so output is compared as printed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/files_common.inc"

t_diff -- find
t_diff -- find . dir
t_diff -- find dir/
t_diff -- find -name '*.txt'
t_diff -- find . -iname 'ONE' -o -iname '*.TXT'
t_diff -- find . -type d
t_diff -- find . -type l
t_diff -- find . -type f,p
t_diff -- find -L . -type l
t_diff -- find -L dirlink
t_diff -- find . -maxdepth 1
t_diff -- find . -maxdepth 2 -type f
t_diff -- find . -mindepth 2
t_diff -- find . -mindepth 1 -maxdepth 1 -name '*.bin'
t_diff -- find . ! -name '*.txt' -type f
t_diff -- find . -not -type d -not -type l
t_diff -- find . '(' -name one -o -name four ')' -print
t_diff -- find . -name dir -prune -o -print
t_diff -- find . -path './dir/*' -name '*.txt'
t_diff -- find . -size +4k
t_diff -- find . -size -2 -type f
t_diff -- find . -size 6c
t_diff -- find . -newer dir/one
t_diff -- find . -newer a.txt -type d
t_diff -- find . -empty
t_diff -- find . -perm 755 -type f
t_diff -- find . -perm -444 -type f -name '*.sh'
t_diff -- find . -perm /111 -type f
t_diff -- find . -mtime +100 -type f -name '*.txt'
t_diff -- find . -user root -name a.txt
t_diff -- find . -links 2 -type f
t_diff -- find dir -depth
t_diff -- find dir -print0
t_diff -- find dir -name '*.txt' -exec cat '{}' ';'
t_diff -- find dir -type f -exec echo 'file:{}' ';'
t_diff -- find dir -type f -exec echo '{}' +
t_diff -- find dir -type f -exec false '{}' +
t_diff -- find dir -exec test -d '{}' ';' -print
t_diff -- find . -name '*.txt' -quit
t_diff -- find . -printf '%p|%f|%h|%P|%s|%m|%M|%u|%g|%U|%G|%y|%l|%d|%n|%%\n'
t_diff -- find dir/ -printf '%-10f|%5s|%T@|%t\t%h\0'
t_diff -- find dir -type f -printf '%k %b %p\n' -o -printf 'dir %p\n'
t_diff -- find . -name '*.txt' -printf '%p %TY-%Tm-%Td_%TH:%TM:%TS %T+ %Tk|%Tl %Ta %Tb %Tj\n'
t_effect -- find dir -name '*.txt' -delete
t_effect -- find dir -delete
t_diff -- find nope
t_diff -- find . nope dir/one
t_diff -- find . -bogus
t_diff -- find . -name
t_diff -- find . -type q
t_diff -- find . -newer nope
t_diff -- find . '(' -name x
t_done
