/*
 * The self-test runner. Output is one line per test and a summary, the lines the
 * ctest boot tests (Tests/Boot) read:
 *     selftest: PASS pmm.exhaustion (12 ms)
 *     selftest: FAIL heap.sizes (0 ms)
 *     selftest: summary: 14 passed, 0 failed
 * then QEMU exits through isa-debug-exit with POWER_EXIT_SELFTEST_PASS or _FAIL.
 * A pattern that selects no test is a failure: a typo must not look like success.
 */
#include "Tests/selftest.h"

#include "Arch/x86_64/power.h"
#include "Devices/Console/console.h"
#include "Devices/Timer/clock.h"
#include "Lib/string.h"

extern const struct kernel_test __start_ktests[], __stop_ktests[];

static int current_failures;

void selftest_fail(const char *file, int line, const char *expr)
{
	current_failures++;
	kprintf("selftest:   %s:%d: expected %s\n", file, line, expr);
}

void selftest_fail_eq(const char *file, int line, const char *expr, uint64_t a, uint64_t b)
{
	current_failures++;
	kprintf("selftest:   %s:%d: expected %s (0x%lx vs 0x%lx)\n", file, line, expr, a, b);
}

static int selected(const struct kernel_test *t, const char *pattern)
{
	if (t->flags & SELFTEST_EXPLICIT)
		return strcmp(pattern, t->name) == 0;
	return str_glob_match(pattern, t->name);
}

void selftest_run(const char *pattern)
{
	int passed = 0, failed = 0;

	if (!pattern || !*pattern)
		pattern = "*";
	kprintf("selftest: running tests matching '%s'\n", pattern);
	for (const struct kernel_test *t = __start_ktests; t < __stop_ktests; t++) {
		uint64_t start;
		if (!selected(t, pattern))
			continue;
		current_failures = 0;
		start = clock_ns();
		t->fn();
		kprintf("selftest: %s %s (%lu ms)\n", current_failures ? "FAIL" : "PASS", t->name,
			(clock_ns() - start) / 1000000);
		if (current_failures)
			failed++;
		else
			passed++;
	}
	if (passed + failed == 0) {
		kprintf("selftest: no test matches '%s'\n", pattern);
		failed = 1;
	}
	kprintf("selftest: summary: %d passed, %d failed\n", passed, failed);
	power_exit(failed ? POWER_EXIT_SELFTEST_FAIL : POWER_EXIT_SELFTEST_PASS);
}
