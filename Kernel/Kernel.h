/* Kernel-wide facts: the version and the parsed command line. */
#pragma once

#include "Lib/cmdline.h"
#include "Lib/string.h"

#define ATOLL_VERSION "0.1"

extern struct cmdline kernel_cmdline;
/* The command line as the loader gave it (/proc/cmdline). */
extern char kernel_cmdline_text[];

/* The console loop, until processes exist: echoes what is typed on the serial line,
 * `poweroff` ends the machine. Never returns. */
_Noreturn void console_run(void);
