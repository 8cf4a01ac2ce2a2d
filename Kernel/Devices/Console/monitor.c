/*
 * The kernel monitor: the console before there are processes. It reads lines from
 * the serial port (IRQ 4 fills a ring, this loop sleeps with hlt until input comes),
 * echoes what is typed unless the command line says `notty` (stdin of Meta/os run is
 * not a terminal), and knows a few commands: help, uptime, mem, poweroff.
 * When init and the shell exist they take the console over; this stays as the place
 * a kernel without a root filesystem lands.
 */
#include "Arch/x86_64/cpu.h"
#include "Arch/x86_64/power.h"
#include "Devices/Console/console.h"
#include "Devices/Serial/serial.h"
#include "Devices/Timer/clock.h"
#include "Kernel.h"
#include "Memory/pmm.h"

#define RING 256
#define LINE 128

static char ring[RING];
static volatile unsigned head, tail;

static void input(char c)
{
	if (head - tail < RING)
		ring[head++ % RING] = c;
}

static char getc_blocking(void)
{
	for (;;) {
		cpu_disable_interrupts();
		if (head != tail) {
			char c = ring[tail++ % RING];
			cpu_enable_interrupts();
			return c;
		}
		/* sti; hlt is atomic: an IRQ between them still wakes the hlt. */
		__asm__ volatile("sti; hlt" ::: "memory");
	}
}

static void run_command(const char *line)
{
	if (strcmp(line, "") == 0)
		return;
	if (strcmp(line, "poweroff") == 0) {
		kprintf("Powering off.\n");
		power_exit(POWER_EXIT_POWEROFF);
	}
	if (strcmp(line, "uptime") == 0) {
		uint64_t ms = clock_ns() / 1000000;
		kprintf("up %lu.%03lu s\n", ms / 1000, ms % 1000);
	} else if (strcmp(line, "mem") == 0) {
		kprintf("%lu KiB free of %lu KiB\n", pmm_free_pages() * 4, pmm_total_pages() * 4);
	} else if (strcmp(line, "help") == 0) {
		kprintf("kernel monitor commands: help, uptime, mem, poweroff\n");
	} else {
		kprintf("monitor: %s: unknown command (try help)\n", line);
	}
}

void console_run(void)
{
	int echo = cmdline_get(&kernel_cmdline, "notty") == NULL;
	char line[LINE];
	size_t len = 0;

	serial_set_input_sink(input);
	if (echo)
		kprintf("atoll> ");
	for (;;) {
		char c = getc_blocking();
		if (c == '\r' || c == '\n') {
			if (echo)
				kprintf("\n");
			line[len] = 0;
			run_command(line);
			len = 0;
			if (echo)
				kprintf("atoll> ");
		} else if (c == 0x7f || c == '\b') {
			if (len > 0) {
				len--;
				if (echo)
					kprintf("\b \b");
			}
		} else if (len < LINE - 1 && c >= ' ') {
			line[len++] = c;
			if (echo)
				console_write(&c, 1);
		}
	}
}
