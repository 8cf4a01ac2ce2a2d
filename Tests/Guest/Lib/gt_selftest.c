/*
 * gt-selftest: the runner's own test. Each case below ends one specific way (pass,
 * failed check, wrong errno, crash, hang, ignored alarm, skip, failing grandchild,
 * observation) and Tests/Host/GuestOnHost/runner-selftest.sh checks that the
 * runner reports each exactly as documented in gtest.h, with the right summary and
 * exit status. Not installed into the image: it fails on purpose.
 */
#define _GNU_SOURCE
#include "gtest.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

static void passes(void)
{
	CHECK_EQ(1 + 1, 2);
	EXPECT_ERRNO(open("/nonexistent/gt", O_RDONLY), ENOENT);
	CHECK_EQ(EXPECT_OK(dup(0)) >= 0, 1);
}

static void fails_check(void)
{
	int two = 2;
	CHECK_EQ(two, 3);
}

static void fails_unexpected_success(void)
{
	EXPECT_ERRNO(open("/", O_RDONLY | O_DIRECTORY), ENOENT);
}

static void fails_wrong_errno(void)
{
	EXPECT_ERRNO(open("/nonexistent/gt", O_RDONLY), EACCES);
}

static void fails_expect_ok(void)
{
	EXPECT_OK(close(-1));
}

static void crashes(void)
{
	volatile int *volatile bad = (volatile int *)8;
	*bad = 1;
}

static void hangs(void)
{
	for (;;)
		pause();
}

static void hangs_ignoring_alarm(void)
{
	signal(SIGALRM, SIG_IGN);
	for (;;)
		pause();
}

static void skips(void)
{
	gt_skip("not here: %s", "on purpose");
}

static void grandchild_fails(void *arg)
{
	(void)arg;
	CHECK(!"grandchild check");
}

static void child_fails_unchecked(void)
{
	gt_run_child(grandchild_fails, NULL); /* status ignored: the reason still arrives */
}

static void observes(void)
{
	gt_scratch();
	gt_write_file("left-behind", "x", 0644);
	gt_observe("value=%d", 42);
	gt_observe("two\nlines");
}

static const struct gt_case cases[] = {
	GT_CASE(passes),
	GT_CASE(fails_check),
	GT_CASE(fails_unexpected_success),
	GT_CASE(fails_wrong_errno),
	GT_CASE(fails_expect_ok),
	GT_CASE(crashes),
	GT_CASE_T(hangs, 1),
	GT_CASE_T(hangs_ignoring_alarm, 1),
	GT_CASE(skips),
	GT_CASE(child_fails_unchecked),
	GT_CASE(observes),
	GT_END
};

GT_MAIN(cases)
