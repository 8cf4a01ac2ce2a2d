/*
 * The memory character devices (major 1, Linux's numbers): null, zero, full, random,
 * urandom, and kmsg (the kernel log; each open reads from the oldest line held, one
 * record per read, and writes become log lines).
 */
#include "API/linux.h"
#include "Devices/Console/console.h"
#include "Devices/Random/random.h"
#include "FileSystem/DevFS/devfs.h"
#include "FileSystem/VFS/vfs.h"
#include "Lib/format.h"
#include "Lib/panic.h"
#include "Lib/string.h"
#include "Memory/heap.h"

static long null_read(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos) { return 0; }
static long sink_write(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos) { return (long)n; }
static long full_write(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos) { return n ? -ENOSPC : 0; }

static unsigned always_ready(struct file *f, struct poll_table *pt)
{
	return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM;
}

static long fill_read(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos, int random)
{
	char chunk[256];
	size_t done = 0;

	while (done < n) {
		size_t c = MIN(sizeof(chunk), n - done);
		if (random)
			random_get_bytes(chunk, c);
		else
			memset(chunk, 0, c);
		if (iobuf_put(b, done, chunk, c) < 0)
			return done ? (long)done : -EFAULT;
		done += c;
	}
	return (long)done;
}

static long zero_read(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos)
{
	return fill_read(f, b, n, pos, 0);
}

static long random_read(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos)
{
	return fill_read(f, b, n, pos, 1);
}

static const struct file_ops null_ops = { .read = null_read, .write = sink_write, .poll = always_ready };
static const struct file_ops zero_ops = { .read = zero_read, .write = sink_write, .poll = always_ready };
static const struct file_ops full_ops = { .read = zero_read, .write = full_write, .poll = always_ready };
static const struct file_ops random_ops = { .read = random_read, .write = sink_write, .poll = always_ready };

/* kmsg: f_pos is the byte offset into the log ring of the next record. The ring's
 * lines start "<6>[    1.234567] " (console.c); a record is "6,SEQ,USEC,-;TEXT". */
static long kmsg_read(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos)
{
	char line[512], rec[560];
	size_t got = console_log_read(*pos, line, sizeof(line) - 1), len = 0, text = 0;
	uint64_t sec = 0, usec = 0;

	if (got == 0)
		return (f->f_flags & O_NONBLOCK) ? -EAGAIN : 0;
	while (len < got && line[len] != '\n')
		len++;
	line[len] = 0;
	if (len > 4 && line[0] == '<' && line[2] == '>' && line[3] == '[') {
		size_t i = 4;
		while (line[i] == ' ')
			i++;
		for (; line[i] >= '0' && line[i] <= '9'; i++)
			sec = sec * 10 + (uint64_t)(line[i] - '0');
		if (line[i] == '.')
			for (i++; line[i] >= '0' && line[i] <= '9'; i++)
				usec = usec * 10 + (uint64_t)(line[i] - '0');
		if (line[i] == ']' && line[i + 1] == ' ')
			text = i + 2;
	}
	int r = ksnprintf(rec, sizeof(rec), "6,%lu,%lu,-;%s\n", *pos, sec * 1000000 + usec, line + text);
	if ((size_t)r > n)
		return -EINVAL;
	TRY(iobuf_put(b, 0, rec, (size_t)r));
	*pos += len + (len < got ? 1 : 0);
	return r;
}

static long kmsg_write(struct file *f, const struct iobuf *b, size_t n, uint64_t *pos)
{
	char buf[256];
	size_t c = MIN(n, sizeof(buf) - 1);

	TRY(iobuf_get(b, 0, buf, c));
	buf[c] = 0;
	kprintf("%s%s", buf, (c && buf[c - 1] == '\n') ? "" : "\n");
	return (long)n;
}

static const struct file_ops kmsg_ops = { .read = kmsg_read, .write = kmsg_write };

static const struct {
	const char *name;
	unsigned minor;
	uint32_t mode;
	const struct file_ops *ops;
} mem_devices[] = {
	{ "null", 3, 0666, &null_ops },     { "zero", 5, 0666, &zero_ops },
	{ "full", 7, 0666, &full_ops },     { "random", 8, 0666, &random_ops },
	{ "urandom", 9, 0666, &random_ops }, { "kmsg", 11, 0644, &kmsg_ops },
};

void mem_devices_init(void)
{
	for (size_t i = 0; i < sizeof(mem_devices) / sizeof(mem_devices[0]); i++) {
		if (chrdev_register(1, mem_devices[i].minor, mem_devices[i].ops) < 0 ||
		    devfs_add(mem_devices[i].name, S_IFCHR | mem_devices[i].mode, MKDEV(1, mem_devices[i].minor)) < 0)
			panic("devices: cannot register /dev/%s", mem_devices[i].name);
	}
}
