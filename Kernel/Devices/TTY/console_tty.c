/*
 * The console terminal and /dev/tty.
 *
 * The console tty is the serial line plus VGA: /dev/console (5:1) and /dev/ttyS0
 * (4:64). Its input comes from the serial interrupt; its output is the screen and
 * serial line, where the serial driver turns "\n" into "\r\n" itself. /dev/tty (5:0)
 * opens whatever terminal controls the caller (the console or a pty slave).
 *
 * Under the kernel option `notty` the console is no terminal at all: no echo, no
 * editing, and terminal ioctls fail with ENOTTY, so programs see what they would see
 * reading a pipe.
 */
#include "Devices/TTY/tty.h"

#include "API/linux.h"
#include "Devices/Console/console.h"
#include "Devices/Serial/serial.h"
#include "FileSystem/DevFS/devfs.h"
#include "FileSystem/VFS/vfs.h"
#include "Kernel.h"
#include "Lib/panic.h"
#include "Tasks/process.h"

struct tty console_tty;

static void console_tty_output(struct tty *t, const char *s, size_t n)
{
	(void)t;
	console_output(s, n);
}

static const struct tty_driver console_driver = { .output = console_tty_output };

static void serial_input(char c)
{
	tty_receive(&console_tty, c);
}

static int console_open(struct inode *i, struct file *f)
{
	(void)i;
	return tty_file_attach(f, &console_tty);
}

static const struct file_ops console_ops = TTY_FILE_OPS(console_open);

/* /dev/tty: the caller's controlling terminal, or ENXIO. */
static int dev_tty_open(struct inode *i, struct file *f)
{
	(void)i;
	if (!curproc->ctty)
		return -ENXIO;
	return tty_file_attach(f, curproc->ctty);
}

static const struct file_ops dev_tty_ops = TTY_FILE_OPS(dev_tty_open);

void tty_init(void)
{
	struct tty *t = &console_tty;

	tty_setup(t, &console_driver, NULL, MKDEV(5, 1));
	t->signal_echo_newline = 1;
	t->is_terminal = cmdline_get(&kernel_cmdline, "notty") == NULL;
	serial_set_crlf(t->is_terminal);
	if (chrdev_register(5, 1, &console_ops) < 0 || chrdev_register(4, 64, &console_ops) < 0 ||
	    chrdev_register(5, 0, &dev_tty_ops) < 0 || devfs_add("console", S_IFCHR | 0600, MKDEV(5, 1)) < 0 ||
	    devfs_add("ttyS0", S_IFCHR | 0660, MKDEV(4, 64)) < 0 || devfs_add("tty", S_IFCHR | 0666, MKDEV(5, 0)) < 0)
		panic("tty: cannot register the console");
	serial_set_input_sink(serial_input);
}
