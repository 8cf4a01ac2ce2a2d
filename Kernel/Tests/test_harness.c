/*
 * The harness's own check: a test that always fails, run only when selected by its
 * exact name (selftest=harness.must_fail). Tests/Boot expects the failure code and a
 * "1 failed" summary from it, proving that failures are reported, not swallowed.
 */
#include "Tests/selftest.h"

KERNEL_TEST_FLAGS(test_harness_must_fail, "harness.must_fail", SELFTEST_EXPLICIT)
{
	EXPECT(1 + 1 == 3);
}
