# buggiebox-snapshot.sh: sourced by the BuggieBox recorder on the host (GNU tools)
# and, as /tests/buggiebox/snapshot.sh, by the runner in the guest (BuggieBox), so
# that both list a directory tree the same way.

# snapshot DIR: the tree below DIR, one line per name (path, type, mode, link count,
# owner and group ids (names depend on the user database), link target,
# modification time, or "new" when it is later than 2025), then the checksums of
# its regular files.
snapshot() {
	(cd "$1" && find . -printf '%p %y %m %n %U %G %l %TY-%Tm-%Td_%TH:%TM\n' |
		sed -E 's/ 20(2[5-9]|[3-9][0-9])-[0-9-]+_[0-9:]+$/ new/' | sort &&
		find . -type f -exec md5sum {} + | sort)
}
