/*
 * Host unit test of /sbin/init's pure core (Userland/Utilities/init/core.c):
 * kernel command-line word matching, /etc/hostname parsing, the shutdown signal
 * mapping with its reboot(2) commands, and the boot mount table's order.
 * Built with ASan/UBSan by atoll_host_test.
 */
#include "init_core.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static int failures;

#define EXPECT(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond); \
			failures++; \
		} \
	} while (0)

static void test_cmdline_words(void)
{
	EXPECT(init_cmdline_has_word("notty", "notty"));
	EXPECT(init_cmdline_has_word("console=ttyS0 notty quiet\n", "notty"));
	EXPECT(init_cmdline_has_word("a\tnotty\n", "notty"));
	EXPECT(init_cmdline_has_word("notty=1 x", "notty")); /* key of key=value */
	EXPECT(!init_cmdline_has_word("nottyx", "notty"));
	EXPECT(!init_cmdline_has_word("xnotty", "notty"));
	EXPECT(!init_cmdline_has_word("console=notty", "notty")); /* a value, not a word */
	EXPECT(!init_cmdline_has_word("", "notty"));
	EXPECT(!init_cmdline_has_word(NULL, "notty"));
	EXPECT(!init_cmdline_has_word("notty", ""));
	EXPECT(!init_cmdline_has_word("  \n", "notty"));
	EXPECT(init_cmdline_has_word("   notty", "notty"));
	EXPECT(!init_cmdline_has_word("not", "notty")); /* shorter than the word */
}

static void test_hostname(void)
{
	char name[65];
	EXPECT(init_parse_hostname("atoll\n", name, sizeof name) == 0 && strcmp(name, "atoll") == 0);
	EXPECT(init_parse_hostname("  box-1.example  \nsecond line\n", name, sizeof name) == 0 &&
	       strcmp(name, "box-1.example") == 0);
	EXPECT(init_parse_hostname("atoll", name, sizeof name) == 0 && strcmp(name, "atoll") == 0);
	EXPECT(init_parse_hostname("", name, sizeof name) < 0);
	EXPECT(init_parse_hostname("\n", name, sizeof name) < 0);
	EXPECT(init_parse_hostname("bad name\n", name, sizeof name) < 0);
	EXPECT(init_parse_hostname("bad/name\n", name, sizeof name) < 0);
	char longest[66];
	memset(longest, 'a', 64);
	longest[64] = 0;
	EXPECT(init_parse_hostname(longest, name, sizeof name) == 0 && strlen(name) == 64);
	longest[64] = 'a';
	longest[65] = 0;
	EXPECT(init_parse_hostname(longest, name, sizeof name) < 0);
	char small[4];
	EXPECT(init_parse_hostname("atoll", small, sizeof small) < 0); /* never overflows */
}

static void test_shutdown_signals(void)
{
	EXPECT(init_shutdown_for_signal(SIGUSR2) == INIT_POWER_OFF);
	EXPECT(init_shutdown_for_signal(SIGTERM) == INIT_REBOOT);
	EXPECT(init_shutdown_for_signal(SIGUSR1) == INIT_HALT);
	EXPECT(init_shutdown_for_signal(SIGCHLD) == INIT_STAY);
	EXPECT(init_shutdown_for_signal(SIGINT) == INIT_STAY);
	EXPECT(init_reboot_command(INIT_POWER_OFF) == 0x4321fedcU);
	EXPECT(init_reboot_command(INIT_REBOOT) == 0x01234567U);
	EXPECT(init_reboot_command(INIT_HALT) == 0xcdef0123U);
	EXPECT(strcmp(init_shutdown_name(INIT_POWER_OFF), "power off") == 0);
	EXPECT(strcmp(init_shutdown_name(INIT_STAY), "") == 0);
}

static long mount_index(const char *target)
{
	for (size_t i = 0; i < init_mount_count; i++)
		if (strcmp(init_mounts[i].target, target) == 0)
			return (long)i;
	return -1;
}

static void test_mount_table(void)
{
	EXPECT(init_mount_count == 6);
	EXPECT(mount_index("/dev") == 0);
	EXPECT(mount_index("/proc") >= 0 && strcmp(init_mounts[mount_index("/proc")].type, "proc") == 0);
	EXPECT(strcmp(init_mounts[0].type, "devfs") == 0);
	EXPECT(mount_index("/dev/shm") > mount_index("/dev")); /* lives inside devfs */
	const char *tmpfs[] = { "/tmp", "/run", "/home", "/dev/shm" };
	for (size_t i = 0; i < 4; i++) {
		long at = mount_index(tmpfs[i]);
		EXPECT(at >= 0 && strcmp(init_mounts[at].type, "tmpfs") == 0);
	}
	EXPECT(init_mounts[mount_index("/tmp")].mode == 01777);
	EXPECT(init_mounts[mount_index("/dev/shm")].mode == 01777);
}

int main(void)
{
	test_cmdline_words();
	test_hostname();
	test_shutdown_signals();
	test_mount_table();
	if (failures) {
		fprintf(stderr, "init_core_test: %d failed\n", failures);
		return 1;
	}
	printf("init_core_test: all passed\n");
	return 0;
}
