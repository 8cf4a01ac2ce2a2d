/*
 * The kernel console. kprintf formats into a stack buffer and hands the text to
 * console_write, which sends it to the serial line and the VGA screen and appends it
 * to a fixed ring of the most recent log text (what dmesg shows). In the ring each
 * line starts as syslog(2) gives it on Linux: "<6>[    1.234567] " (level, seconds
 * since boot); the console itself shows the bare text.
 *
 * Locking: interrupts are disabled around each write so lines from an interrupt
 * handler do not tear the ring; one CPU for now.
 */
#include "Devices/Console/console.h"

#include "Arch/x86_64/cpu.h"
#include "Devices/Console/vga.h"
#include "Devices/Serial/serial.h"
#include "Devices/Timer/clock.h"
#include "Lib/format.h"

#define LOG_SIZE 65536

static char log_ring[LOG_SIZE];
static size_t log_total;	/* bytes ever written; the ring holds the last LOG_SIZE */
static int log_mid_line;	/* the last byte logged was not a newline */

void console_init(void)
{
	serial_init();
	vga_init();
}

static void log_bytes(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_ring[(log_total + i) % LOG_SIZE] = s[i];
	log_total += n;
}

void console_write(const char *s, size_t n)
{
	int irq = irq_save();

	serial_write(s, n);
	vga_write(s, n);
	for (size_t i = 0; i < n; i++) {
		if (!log_mid_line) {
			char stamp[32];
			uint64_t us = clock_ns() / 1000;
			int len = ksnprintf(stamp, sizeof(stamp), "<6>[%5lu.%06lu] ", us / 1000000, us % 1000000);
			log_bytes(stamp, (size_t)len);
		}
		log_bytes(&s[i], 1);
		log_mid_line = s[i] != '\n';
	}
	irq_restore(irq);
}

void console_output(const char *s, size_t n)
{
	int irq = irq_save();

	serial_write(s, n);
	vga_write(s, n);
	irq_restore(irq);
}

void kvprintf(const char *fmt, va_list ap)
{
	char buf[512];
	int n = kvsnprintf(buf, sizeof(buf), fmt, ap);

	console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}

size_t console_log_size(void)
{
	return log_total < LOG_SIZE ? log_total : LOG_SIZE;
}

size_t console_log_read(size_t offset, char *buf, size_t size)
{
	size_t held = console_log_size(), start = log_total - held, n = 0;

	for (; offset + n < held && n < size; n++)
		buf[n] = log_ring[(start + offset + n) % LOG_SIZE];
	return n;
}
