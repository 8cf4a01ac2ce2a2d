/* Self-tests of the command-line parser as the kernel sees it (also host-tested). */
#include "Lib/cmdline.h"
#include "Lib/string.h"
#include "Tests/selftest.h"

KERNEL_TEST(test_cmdline_parse, "cmdline.parse")
{
	static struct cmdline cl;

	cmdline_parse(&cl, "  selftest=heap.*  notty root=/dev/ram0 msg=\"a b\" root=x");
	EXPECT_EQ(cl.count, 5);
	EXPECT(strcmp(cmdline_get(&cl, "selftest"), "heap.*") == 0);
	EXPECT(strcmp(cmdline_get(&cl, "notty"), "") == 0);
	EXPECT(strcmp(cmdline_get(&cl, "msg"), "a b") == 0);
	EXPECT(strcmp(cmdline_get(&cl, "root"), "x") == 0);
	EXPECT(cmdline_get(&cl, "absent") == NULL);
	EXPECT(!cl.truncated);
	cmdline_parse(&cl, "");
	EXPECT_EQ(cl.count, 0);
}
