/* Self-tests of time: the clock is monotonic, advances, and the tick interrupt runs. */
#include "Arch/x86_64/cpu.h"
#include "Devices/Timer/clock.h"
#include "Tests/selftest.h"

KERNEL_TEST(test_timer_monotonic, "timer.monotonic")
{
	uint64_t prev = clock_ns();

	for (int i = 0; i < 100000; i++) {
		uint64_t now = clock_ns();
		if (now < prev) {
			EXPECT(!"clock went backwards");
			break;
		}
		prev = now;
	}
}

KERNEL_TEST(test_timer_advances, "timer.advances")
{
	uint64_t t0 = clock_ns(), k0 = clock_ticks();

	/* Wait for five ticks with interrupts on; each hlt sleeps until the next IRQ. */
	cpu_enable_interrupts();
	while (clock_ticks() < k0 + 5)
		cpu_halt();
	uint64_t elapsed = clock_ns() - t0;
	/* 5 ticks at CLOCK_HZ is 20 ms; the TSC calibration must agree within reason. */
	EXPECT(elapsed >= 4 * (1000000000ULL / CLOCK_HZ));
	EXPECT(elapsed < 2000000000ULL);
	EXPECT(clock_tsc_hz() > 0);
}
