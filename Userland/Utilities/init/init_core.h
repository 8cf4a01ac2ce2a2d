/*
 * init's pure core: decisions that need no system calls, so the host unit test
 * (Tests/Host/GuestOnHost/init_core_test.c) can check them under ASan/UBSan.
 */
#pragma once

#include <stddef.h>

/* Whether `word` appears in the kernel command line as a whole
 * whitespace-separated word, or as the key of a "word=value" word. */
int init_cmdline_has_word(const char *cmdline, const char *word);

/* The hostname from /etc/hostname's text: the first line, without surrounding
 * blanks. Returns 0 with out filled, or -1 when it is empty, longer than 64 bytes
 * or holds characters a hostname cannot (anything but letters, digits, '-', '.'). */
int init_parse_hostname(const char *text, char *out, size_t size);

/* How init leaves when it gets `sig` (BusyBox's poweroff/reboot/halt send
 * SIGUSR2/SIGTERM/SIGUSR1 to PID 1). */
enum init_shutdown {
	INIT_STAY = 0,     /* not a shutdown signal */
	INIT_POWER_OFF,
	INIT_REBOOT,
	INIT_HALT,
};
enum init_shutdown init_shutdown_for_signal(int sig);
/* "power off", "reboot", "halt" (for messages); "" for INIT_STAY. */
const char *init_shutdown_name(enum init_shutdown how);
/* The reboot(2) command for `how` (LINUX_REBOOT_CMD_POWER_OFF, _RESTART, _HALT). */
unsigned init_reboot_command(enum init_shutdown how);

/* What init mounts at boot, in order (ARCHITECTURE.md section 5). No mount
 * options are passed; `mode` is applied with chmod to the mounted root (and to the
 * mount point if init has to create it), so the kernel need not parse "mode=". */
struct init_mount {
	const char *source, *target, *type;
	unsigned mode;
};
extern const struct init_mount init_mounts[];
extern const size_t init_mount_count;
