/*
 * Boot-time self-tests. A test is a function registered with KERNEL_TEST; the
 * registration lands in the `ktests` linker section, so adding a test is adding a
 * function, nothing else. Booting with `selftest` runs them all, `selftest=PATTERN`
 * the ones whose name matches the glob. Tests flagged SELFTEST_EXPLICIT (the harness's
 * own must-fail check) run only when the pattern is exactly their name.
 */
#pragma once

#include <stdint.h>

struct kernel_test {
	const char *name;
	void (*fn)(void);
	int flags;
};

#define SELFTEST_EXPLICIT 1

#define KERNEL_TEST_FLAGS(ident, tname, tflags)                                        \
	static void ident(void);                                                       \
	static const struct kernel_test ktest_##ident                                   \
		__attribute__((used, section("ktests"), aligned(8))) = { tname, ident, tflags }; \
	static void ident(void)
#define KERNEL_TEST(ident, tname) KERNEL_TEST_FLAGS(ident, tname, 0)

/* Records a failure (file, line, expression) without stopping the test. */
void selftest_fail(const char *file, int line, const char *expr);

#define EXPECT(cond)                                                  \
	do {                                                          \
		if (!(cond))                                          \
			selftest_fail(__FILE__, __LINE__, #cond);     \
	} while (0)
#define EXPECT_EQ(a, b)                                               \
	do {                                                          \
		uint64_t _a = (uint64_t)(a), _b = (uint64_t)(b);      \
		if (_a != _b)                                         \
			selftest_fail_eq(__FILE__, __LINE__, #a " == " #b, _a, _b); \
	} while (0)
void selftest_fail_eq(const char *file, int line, const char *expr, uint64_t a, uint64_t b);

/* Runs the tests `pattern` selects and ends the machine with the pass/fail code. */
_Noreturn void selftest_run(const char *pattern);
