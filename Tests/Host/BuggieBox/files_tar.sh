# BuggieBox tar against GNU tar: listing archives GNU tar wrote (ustar and its
# default GNU format), extracting them, and archives BuggieBox writes read back by
# GNU tar (t_with runs a script once with tar being BuggieBox, once the host's).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/files_common.inc"

# The fixture plus two archives of it made by the host's GNU tar, and a path
# longer than ustar's 100-byte name field.
t_setup() {
	files_fixture
	mkdir -p arch long/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
	echo long >long/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/cccccccccccccccccccccccccccccc.txt
	touch -d '2020-01-02 03:04:05' long/*/*/* long/*/* long/* long
	/usr/bin/tar cf arch/ustar.tar --format=ustar a.txt b.txt big.bin hard.bin run.sh link.txt dangling dir pipe ro
	/usr/bin/tar cf arch/gnu.tar dir long a.txt
	touch -d '2020-01-02 03:04:05' arch/*.tar arch
}

# Listing
t_diff -- tar tf arch/ustar.tar
t_diff -- tar tvf arch/ustar.tar
t_diff -- tar -tvf arch/gnu.tar
t_diff -- tar -t -f arch/ustar.tar dir/sub a.txt
t_diff --in '' -- tar tf -
t_diff -- tar tf arch/ustar.tar nope
t_diff -- tar tf nope.tar
t_diff -- tar tf a.txt
t_diff -- tar f arch/ustar.tar
# Extracting
t_effect -- tar xf arch/ustar.tar -C empty
t_effect -- tar -xvf arch/gnu.tar -C empty
t_effect -- tar xf arch/ustar.tar -C empty dir/sub b.txt
t_effect -- tar xOf arch/ustar.tar a.txt dir/one
t_effect -- tar xf arch/ustar.tar
t_effect -- tar xf arch/ustar.tar -C nope
# Creating: GNU tar reads what BuggieBox writes, and BuggieBox what GNU tar writes
t_with tar 'tar cf empty/x.tar dir a.txt link.txt dangling big.bin hard.bin pipe ro run.sh && /usr/bin/tar tvf empty/x.tar && rm empty/x.tar'
t_with tar 'tar cf - dir long | /usr/bin/tar tvf -'
t_with tar 'tar cvf x.tar -C dir . && cd empty && /usr/bin/tar xf ../x.tar && rm ../x.tar'
t_with tar 'tar -c -f x.tar long a.txt -C dir sub && /usr/bin/tar -x -f x.tar -C empty && rm x.tar'
t_with tar '/usr/bin/tar cf x.tar dir long link.txt big.bin hard.bin && tar xvf x.tar -C empty && rm x.tar'
t_with tar 'tar cf empty/x.tar /nope a.txt; echo "status $?"; /usr/bin/tar tf empty/x.tar; rm empty/x.tar'
t_with tar 'tar cf x.tar . && /usr/bin/tar tf x.tar | sort && rm x.tar'
t_diff -- tar cf x.tar
t_diff -- tar
t_expect --status 2 --err "tar: option -z .*not supported" -- tar czf x.tar.gz dir
t_done
