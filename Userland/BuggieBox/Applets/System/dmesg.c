/*
 * dmesg: print the kernel log.
 *
 * The log is read with syslog(2) (klogctl: SYSLOG_ACTION_SIZE_BUFFER then
 * READ_ALL), whose text is "<PRIORITY>[seconds.micros] message" a line; dmesg drops
 * the "<PRIORITY>" unless -r. When syslog(2) is unavailable (ENOSYS) the records of
 * /dev/kmsg ("PRIORITY,SEQ,MICROSECONDS,FLAGS;message", continuation lines starting
 * with a space) are read without blocking and printed in the same layout.
 * -c prints then clears, -C only clears, -n LEVEL sets the console log level; all
 * three change the system and need CAP_SYSLOG.
 */
#define _GNU_SOURCE /* strchrnul */
#include "Lib/bb.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <unistd.h>

#define KLOG_READ_ALL 3
#define KLOG_READ_CLEAR 4
#define KLOG_CLEAR 5
#define KLOG_CONSOLE_LEVEL 8
#define KLOG_SIZE_BUFFER 10

/* Prints the syslog(2) text, dropping the "<N>" at each line start unless RAW. */
static void print_klog(const char *buf, int len, int raw)
{
	int at_line_start = 1;

	for (int i = 0; i < len; i++) {
		if (at_line_start && !raw && buf[i] == '<') {
			const char *close = memchr(buf + i, '>', (size_t)(len - i));
			if (close && close - (buf + i) <= 4)
				i = (int)(close - buf) + 1;
			if (i >= len)
				break;
		}
		putchar(buf[i]);
		at_line_start = buf[i] == '\n';
	}
	if (len > 0 && buf[len - 1] != '\n')
		putchar('\n');
}

/* One /dev/kmsg record to the syslog(2) layout. */
static void print_kmsg_record(char *rec, int raw)
{
	unsigned prio;
	unsigned long long usec;
	char *msg = strchr(rec, ';');

	if (!msg || sscanf(rec, "%u,%*u,%llu", &prio, &usec) != 2)
		return;
	*strchrnul(++msg, '\n') = '\0';
	if (raw)
		printf("<%u>", prio);
	printf("[%5llu.%06llu] %s\n", usec / 1000000, usec % 1000000, msg);
}

static int read_kmsg(int raw)
{
	char rec[8192];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		bb_warn_errno("/dev/kmsg");
		return 1;
	}
	while ((n = read(fd, rec, sizeof(rec) - 1)) != 0) {
		if (n < 0 && errno == EPIPE)
			continue; /* records were overwritten while we read */
		if (n < 0)
			break;
		rec[n] = '\0';
		print_kmsg_record(rec, raw);
	}
	if (n < 0 && errno != EAGAIN) {
		bb_warn_errno("/dev/kmsg");
		close(fd);
		return 1;
	}
	close(fd);
	return 0;
}

static int read_log(int raw, int clear)
{
	int size = klogctl(KLOG_SIZE_BUFFER, NULL, 0);
	char *buf;
	int len;

	if (size < 0 && errno == ENOSYS && !clear)
		return read_kmsg(raw);
	if (size < 0) {
		bb_warn_errno("syslog(2)");
		return 1;
	}
	buf = malloc((size_t)size + 1);
	if (!buf) {
		bb_warn_errno("kernel log");
		return 1;
	}
	len = klogctl(clear ? KLOG_READ_CLEAR : KLOG_READ_ALL, buf, size);
	if (len < 0) {
		bb_warn_errno("read kernel buffer failed");
		free(buf);
		return 1;
	}
	print_klog(buf, len, raw);
	free(buf);
	return 0;
}

static int control(int action, int level, const char *what)
{
	if (klogctl(action, NULL, level) < 0) {
		bb_warn_errno("%s", what);
		return 1;
	}
	return 0;
}

int dmesg_main(int argc, char **argv)
{
	int opt, raw = 0, clear = 0, clear_only = 0, level = -1;
	char *end;

	while ((opt = getopt(argc, argv, "rcCn:")) != -1) {
		if (opt == 'r')
			raw = 1;
		else if (opt == 'c')
			clear = 1;
		else if (opt == 'C')
			clear_only = 1;
		else if (opt == 'n') {
			level = (int)strtol(optarg, &end, 10);
			if (*end || level < 1 || level > 8) {
				bb_warn("invalid level '%s' (1-8)", optarg);
				return 1;
			}
		} else
			return bb_usage(), 1;
	}
	if (optind < argc) {
		bb_warn("extra operand '%s'", argv[optind]);
		return bb_usage(), 1;
	}
	if (level > 0)
		return control(KLOG_CONSOLE_LEVEL, level, "cannot set the console level");
	if (clear_only)
		return control(KLOG_CLEAR, 0, "cannot clear the kernel buffer");
	return read_log(raw, clear);
}
