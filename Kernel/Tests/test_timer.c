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

	/* The tick interrupt runs: wait for five ticks, each hlt sleeping until an IRQ.
	 * (Under emulation ticks can arrive in bursts, so no rate is asserted.) */
	cpu_enable_interrupts();
	while (clock_ticks() < k0 + 5)
		cpu_halt();
	EXPECT(clock_ns() > t0);
	/* And the clock moves while time passes: 20 ms of clock see at least one tick. */
	uint64_t k1 = clock_ticks(), t1 = clock_ns();
	while (clock_ns() < t1 + 20000000ULL)
		cpu_halt();
	EXPECT(clock_ticks() > k1);
	EXPECT(clock_tsc_hz() > 0);
}
