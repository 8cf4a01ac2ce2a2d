/*
 * true and false: the two commands whose only output is their exit status.
 *
 * Both ignore their arguments, --help included (BB_NOHELP), as POSIX asks, so
 * `true --help` still succeeds. The shell runs them in-process as builtins, so
 * they touch no state at all.
 */
#include "Lib/bb.h"

int true_main(int argc, char **argv)
{
	return 0;
}

int false_main(int argc, char **argv)
{
	return 1;
}
