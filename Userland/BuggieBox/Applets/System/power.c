/*
 * sync, poweroff and reboot: getting data to disk and the machine down.
 *
 * sync with no operands is sync(2); with files it fsyncs each (-d fdatasync,
 * -f syncfs of the file system holding it), as coreutils does.
 *
 * poweroff and reboot parse every option before they touch anything, so a bad
 * option or --help can never stop the machine. Then, unless -n, they sync. Without
 * -f they ask init (PID 1) for an orderly shutdown with the signals BusyBox's init
 * and Atoll's init understand (SIGUSR2 power off, SIGTERM reboot) and return; if
 * there is no init to ask (ESRCH) or we are PID 1, or with -f, they call reboot(2)
 * with LINUX_REBOOT_CMD_POWER_OFF or LINUX_REBOOT_CMD_RESTART themselves. reboot(2)
 * needs CAP_SYS_BOOT; EPERM is reported and the status is 1.
 */
#define _GNU_SOURCE /* syncfs */
#include "Lib/bb.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

#define LINUX_REBOOT_CMD_RESTART 0x01234567
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321FEDC

static int sync_file(const char *file, int mode)
{
	int fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC), rc;

	if (fd < 0 && errno == EACCES)
		fd = open(file, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		bb_warn_errno("error opening '%s'", file);
		return 1;
	}
	rc = mode == 'd' ? fdatasync(fd) : mode == 'f' ? syncfs(fd) : fsync(fd);
	if (rc < 0)
		bb_warn_errno("error syncing '%s'", file);
	close(fd);
	return rc < 0;
}

int sync_main(int argc, char **argv)
{
	int opt, mode = 0, rc = 0;

	while ((opt = getopt(argc, argv, "df")) != -1) {
		if (opt == 'd' || opt == 'f')
			mode = opt;
		else
			return bb_usage(), 1;
	}
	if (optind == argc) {
		if (mode) {
			bb_warn("-%c needs files to sync", mode);
			return 1;
		}
		sync();
		return 0;
	}
	for (int i = optind; i < argc; i++)
		rc |= sync_file(argv[i], mode);
	return rc;
}

/* The shared body of poweroff and reboot. */
static int shut_down(int argc, char **argv, int init_signal, int cmd)
{
	int opt, force = 0, no_sync = 0;

	while ((opt = getopt(argc, argv, "fn")) != -1) {
		if (opt == 'f')
			force = 1;
		else if (opt == 'n')
			no_sync = 1;
		else
			return bb_usage(), 1;
	}
	if (optind < argc) {
		bb_warn("extra operand '%s'", argv[optind]);
		return 1;
	}
	if (!no_sync)
		sync();
	if (!force && getpid() != 1) {
		if (kill(1, init_signal) == 0)
			return 0;
		if (errno != ESRCH) {
			bb_warn_errno("cannot signal init (PID 1)");
			return 1;
		}
	}
	reboot(cmd);
	bb_warn_errno("reboot(2)");
	return 1;
}

int poweroff_main(int argc, char **argv)
{
	return shut_down(argc, argv, SIGUSR2, LINUX_REBOOT_CMD_POWER_OFF);
}

int reboot_main(int argc, char **argv)
{
	return shut_down(argc, argv, SIGTERM, LINUX_REBOOT_CMD_RESTART);
}
