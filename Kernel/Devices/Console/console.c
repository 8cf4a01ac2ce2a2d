/*
 * The kernel console. kprintf formats into a stack buffer and hands the text to
 * console_write, which sends it to the serial line and the VGA screen and appends it
 * to a fixed ring of the most recent log text (what dmesg shows).
 *
 * Locking: interrupts are disabled around each write so lines from an interrupt
 * handler do not tear the ring; one CPU for now.
 */
#include "Devices/Console/console.h"

#include "Arch/x86_64/cpu.h"
#include "Devices/Console/vga.h"
#include "Devices/Serial/serial.h"
#include "Lib/format.h"

#define LOG_SIZE 65536

static char log_ring[LOG_SIZE];
static size_t log_total;	/* bytes ever written; the ring holds the last LOG_SIZE */

void console_init(void)
{
	serial_init();
	vga_init();
}

void console_write(const char *s, size_t n)
{
	int irq = irq_save();

	serial_write(s, n);
	vga_write(s, n);
	for (size_t i = 0; i < n; i++)
		log_ring[(log_total + i) % LOG_SIZE] = s[i];
	log_total += n;
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
