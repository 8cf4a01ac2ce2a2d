#!/usr/bin/env bash
# ksyms.sh KERNEL OUT.S      writes the kernel's function symbols as a sorted table
# ksyms.sh --check A B       fails unless A and B have the same text symbols
set -euo pipefail
text_syms() { nm -n --defined-only "$1" | awk '$2 ~ /^[tTwW]$/ { print $1, $3 }'; }
if [ "$1" = --check ]; then
	if ! diff <(text_syms "$2") <(text_syms "$3") >/dev/null; then
		echo "ksyms: text moved between link passes; backtraces would be wrong" >&2
		exit 1
	fi
	exit 0
fi
{
	echo '.section .note.GNU-stack, "", @progbits'
	echo '.section .ksyms, "a"'
	echo '.balign 8'
	echo '.global ksyms, ksyms_count'
	text_syms "$1" | awk '
		{ addr[NR] = $1; name[NR] = $2 }
		END {
			printf "ksyms_count: .quad %d\nksyms:\n", NR
			for (i = 1; i <= NR; i++) printf "\t.quad 0x%s, .Ln%d\n", addr[i], i
			for (i = 1; i <= NR; i++) printf ".Ln%d: .asciz \"%s\"\n", i, name[i]
		}'
} >"$2"
