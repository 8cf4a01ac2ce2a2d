# BuggieBox basename, dirname, readlink and realpath against coreutils.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/files_common.inc"

t_diff -- basename /usr/lib/libc.so
t_diff -- basename /usr/lib/libc.so .so
t_diff -- basename dir/
t_diff -- basename /
t_diff -- basename -a a/b c/d/ e
t_diff -- basename -s .txt x/a.txt b.txt c
t_diff -- basename .txt .txt
t_diff -- basename
t_diff -- basename a b c
t_diff -- dirname /usr/lib/libc.so
t_diff -- dirname a
t_diff -- dirname / // a/ a//b/ /a
t_diff -- dirname
t_diff -- readlink link.txt
t_diff -- readlink dangling dirlink
t_diff -- readlink a.txt
t_diff -- readlink nope
t_diff -- readlink -n link.txt
# Resolved paths inside the scratch directory differ between the two sides'
# directories, so those are checked against the path they must give.
here=$(cd "$t_top" && pwd -P)/bb
t_expect --out "$here/dir/one" -- readlink -f dirlink/sub/../one
t_expect --out "$here/nope" -- readlink -f nope
t_diff -- readlink -f nope/x
t_diff -- readlink -e dangling
t_expect --out "$here/nope/y" -- readlink -m nope/x/../y
t_diff -- readlink -f /usr/bin/../lib/.
t_diff -- readlink -f / /usr//bin/ /usr/./bin/..
t_expect --out "$here/a.txt
$here/dir
$here/dir" -- realpath link.txt dirlink dir/sub/deep/../..
t_diff -- realpath -e nope
t_expect --out "$here/a/c" -- realpath -m a/b/../c
t_expect --status 1 --out "$here/nope" --err "realpath: nope/x: No such file or directory" -- realpath nope nope/x
t_expect --out "$here/nowhere" -- realpath dangling
t_diff -- realpath /usr/bin/.. /usr/lib/../bin /
t_diff -- realpath -e / /nope
t_diff -- realpath
t_done
