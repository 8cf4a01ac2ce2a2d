/*
 * The PIT (8253/8254) and the TSC.
 *
 * Calibration: PIT channel 2 counts down a fixed interval with its gate opened
 * through port 0x61 while we read the TSC at both ends; that gives the TSC's rate.
 * clock_ns() then scales TSC deltas by a 32.32 fixed-point multiplier with a 128-bit
 * product, and never returns less than it returned before (monotonic even if the TSC
 * were to step back).
 * Channel 0 runs in rate-generator mode at CLOCK_HZ and drives IRQ 0.
 */
#include "Devices/Timer/clock.h"

#include "Arch/x86_64/cpu.h"
#include "Arch/x86_64/interrupts.h"

#define PIT_HZ 1193182
#define CALIBRATE_MS 10

static uint64_t tsc_boot, tsc_hz, ns_mult, last_ns;
static volatile uint64_t ticks;
static void (*tick_hook)(void);

void clock_early_init(void)
{
	tsc_boot = rdtsc();
}

static uint64_t calibrate_tsc(void)
{
	uint16_t count = PIT_HZ * CALIBRATE_MS / 1000;
	uint64_t start, end;

	outb(0x61, (inb(0x61) & ~0x02) | 0x01);	/* gate on, speaker off */
	outb(0x43, 0xb0);			/* channel 2, lo/hi, mode 0 */
	outb(0x42, count & 0xff);
	outb(0x42, count >> 8);
	outb(0x61, inb(0x61) & ~0x01);		/* restart the count */
	outb(0x61, inb(0x61) | 0x01);
	start = rdtsc();
	while (!(inb(0x61) & 0x20))
		;
	end = rdtsc();
	return (end - start) * 1000 / CALIBRATE_MS;
}

static void tick(struct interrupt_frame *frame)
{
	(void)frame;
	ticks++;
	if (tick_hook)
		tick_hook();
}

void clock_init(void)
{
	uint16_t divisor = PIT_HZ / CLOCK_HZ;

	tsc_hz = calibrate_tsc();
	if (tsc_hz == 0)
		tsc_hz = 1000000000;
	ns_mult = (1000000000ULL << 32) / tsc_hz;
	outb(0x43, 0x34);	/* channel 0, lo/hi, rate generator */
	outb(0x40, divisor & 0xff);
	outb(0x40, divisor >> 8);
	irq_register(0, tick);
}

uint64_t clock_ns(void)
{
	uint64_t delta = rdtsc() - tsc_boot, ns;
	int irq;

	if (!ns_mult)
		return 0;
	ns = (uint64_t)(((unsigned __int128)delta * ns_mult) >> 32);
	irq = irq_save();
	if (ns < last_ns)
		ns = last_ns;
	last_ns = ns;
	irq_restore(irq);
	return ns;
}

uint64_t clock_ticks(void) { return ticks; }
uint64_t clock_tsc_hz(void) { return tsc_hz; }
void clock_set_tick_hook(void (*hook)(void)) { tick_hook = hook; }
