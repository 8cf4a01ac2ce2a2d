/*
 * init's pure core: the command-line word match, /etc/hostname parsing, the
 * signal-to-shutdown mapping and the boot mount table. Nothing here makes a
 * system call, so it compiles unchanged into the host unit test.
 */
#include "init_core.h"

#include <signal.h>
#include <string.h>

#define INIT_HOSTNAME_MAX 64
#define INIT_CMD_RESTART 0x01234567U
#define INIT_CMD_HALT 0xcdef0123U
#define INIT_CMD_POWER_OFF 0x4321fedcU

const struct init_mount init_mounts[] = {
	{ "devfs", "/dev", "devfs", 0755 },
	{ "proc", "/proc", "proc", 0555 },
	{ "tmpfs", "/tmp", "tmpfs", 01777 },
	{ "tmpfs", "/run", "tmpfs", 0755 },
	{ "tmpfs", "/home", "tmpfs", 0755 },
	{ "tmpfs", "/dev/shm", "tmpfs", 01777 }, /* inside devfs: after /dev */
};
const size_t init_mount_count = sizeof init_mounts / sizeof init_mounts[0];

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int init_cmdline_has_word(const char *cmdline, const char *word)
{
	size_t len = strlen(word);
	if (!cmdline || len == 0)
		return 0;
	for (const char *p = cmdline; *p;) {
		while (is_blank(*p))
			p++;
		const char *start = p;
		while (*p && !is_blank(*p))
			p++;
		size_t n = (size_t)(p - start);
		if (n >= len && strncmp(start, word, len) == 0 && (n == len || start[len] == '='))
			return 1;
	}
	return 0;
}

static int hostname_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.';
}

int init_parse_hostname(const char *text, char *out, size_t size)
{
	while (*text == ' ' || *text == '\t')
		text++;
	size_t n = strcspn(text, "\n");
	while (n > 0 && is_blank(text[n - 1]))
		n--;
	if (n == 0 || n > INIT_HOSTNAME_MAX || n >= size)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!hostname_char(text[i]))
			return -1;
	memcpy(out, text, n);
	out[n] = 0;
	return 0;
}

enum init_shutdown init_shutdown_for_signal(int sig)
{
	switch (sig) {
	case SIGUSR2:
		return INIT_POWER_OFF;
	case SIGTERM:
		return INIT_REBOOT;
	case SIGUSR1:
		return INIT_HALT;
	}
	return INIT_STAY;
}

const char *init_shutdown_name(enum init_shutdown how)
{
	switch (how) {
	case INIT_POWER_OFF:
		return "power off";
	case INIT_REBOOT:
		return "reboot";
	case INIT_HALT:
		return "halt";
	case INIT_STAY:
		break;
	}
	return "";
}

unsigned init_reboot_command(enum init_shutdown how)
{
	switch (how) {
	case INIT_REBOOT:
		return INIT_CMD_RESTART;
	case INIT_HALT:
		return INIT_CMD_HALT;
	case INIT_POWER_OFF:
	case INIT_STAY:
		break;
	}
	return INIT_CMD_POWER_OFF;
}
