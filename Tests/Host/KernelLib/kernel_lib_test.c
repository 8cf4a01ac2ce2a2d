/*
 * Host unit tests of Kernel/Lib: the command-line parser, the formatter (checked
 * against the C library's snprintf), and the string helpers. The kernel's string
 * functions keep their C names, so they are renamed here before inclusion to live
 * beside the C library's.
 */
#define memcpy k_memcpy
#define memmove k_memmove
#define memset k_memset
#define memcmp k_memcmp
#define strlen k_strlen
#define strnlen k_strnlen
#define strcmp k_strcmp
#define strncmp k_strncmp
#define strchr k_strchr
#define strlcpy k_strlcpy
#include "Lib/string.c"
#include "Lib/cmdline.c"
#include "Lib/format.c"
#undef memcpy
#undef memmove
#undef memset
#undef memcmp
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strlcpy

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int failures, checks;

#define CHECK(cond)                                                              \
	do {                                                                     \
		checks++;                                                        \
		if (!(cond)) {                                                   \
			failures++;                                              \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
		}                                                                \
	} while (0)

static void test_cmdline(void)
{
	static struct cmdline cl;
	char long_line[4000];

	cmdline_parse(&cl, "a=1 b c=x=y \"quoted=two words\" a=2");
	CHECK(cl.count == 5);
	CHECK(strcmp(cmdline_get(&cl, "a"), "2") == 0);
	CHECK(strcmp(cmdline_get(&cl, "b"), "") == 0);
	CHECK(strcmp(cmdline_get(&cl, "c"), "x=y") == 0);
	CHECK(strcmp(cmdline_get(&cl, "quoted"), "two words") == 0);
	CHECK(cmdline_get(&cl, "d") == NULL);
	cmdline_parse(&cl, NULL);
	CHECK(cl.count == 0);
	cmdline_parse(&cl, "   \t ");
	CHECK(cl.count == 0 && !cl.truncated);
	/* Too many options: the first CMDLINE_MAX_OPTIONS are kept, and it says so. */
	long_line[0] = 0;
	for (int i = 0; i < 40; i++)
		sprintf(long_line + strlen(long_line), "k%d=%d ", i, i);
	cmdline_parse(&cl, long_line);
	CHECK(cl.count == CMDLINE_MAX_OPTIONS && cl.truncated);
	CHECK(strcmp(cmdline_get(&cl, "k31"), "31") == 0);
	/* Too long a line: truncated, never overflowing. */
	memset(long_line, 'x', sizeof(long_line) - 1);
	long_line[sizeof(long_line) - 1] = 0;
	cmdline_parse(&cl, long_line);
	CHECK(cl.truncated);
	CHECK(cl.count == 1 && strlen(cl.options[0].key) < CMDLINE_MAX);
	/* An unterminated quote runs to the end of the line. */
	cmdline_parse(&cl, "x=\"open ended");
	CHECK(cl.count == 1 && strcmp(cmdline_get(&cl, "x"), "open ended") == 0);
}

#define FMT_SAME(...)                                                   \
	do {                                                            \
		char a[128], b[128];                                    \
		int na = ksnprintf(a, sizeof(a), __VA_ARGS__);          \
		int nb = snprintf(b, sizeof(b), __VA_ARGS__);           \
		CHECK(na == nb && strcmp(a, b) == 0);                   \
		if (strcmp(a, b))                                       \
			fprintf(stderr, "  kernel '%s' libc '%s'\n", a, b); \
	} while (0)

static void test_format(void)
{
	char small[5];

	FMT_SAME("%d %i %u", -42, 7, 3000000000u);
	FMT_SAME("%x %X %o", 0xbeefu, 0xbeefu, 8u);
	FMT_SAME("%ld %lu %lx", (long)INT64_MIN, (unsigned long)UINT64_MAX, 0x123456789abcUL);
	FMT_SAME("%zu %zx", (size_t)12345, (size_t)0xfff);
	FMT_SAME("[%5d] [%-5d] [%05d]", 42, 42, 42);
	FMT_SAME("[%016lx]", 0xabcUL);
	FMT_SAME("[%s] [%10s] [%-10s] [%.3s] [%.*s]", "abc", "abc", "abc", "abcdef", 2, "xyz");
	FMT_SAME("%c%c %%", 'o', 'k');
	FMT_SAME("[%*d]", 6, -3);
	FMT_SAME("%p", (void *)0x1234);
	FMT_SAME("%d", 0);
	CHECK(ksnprintf(small, sizeof(small), "%s", "truncated") == 9);
	CHECK(strcmp(small, "trun") == 0);
	CHECK(ksnprintf(NULL, 0, "%d", 12345) == 5);
}

static void test_string(void)
{
	char buf[16];
	char overlap[] = "abcdefgh";

	CHECK(k_strlcpy(buf, "hello world, long", sizeof(buf)) == 17);
	CHECK(strcmp(buf, "hello world, lo") == 0);
	k_memmove(overlap + 2, overlap, 5);
	CHECK(memcmp(overlap, "ababcdeh", 8) == 0);
	k_memmove(overlap, overlap + 2, 5);
	CHECK(memcmp(overlap, "abcdedeh", 8) == 0);
	CHECK(k_strcmp("abc", "abd") < 0 && k_strcmp("b", "a") > 0 && k_strcmp("x", "x") == 0);
	CHECK(k_strncmp("abcX", "abcY", 3) == 0);
	CHECK(k_memcmp("\x01", "\xff", 1) < 0);
	CHECK(k_strchr("abc", 'c') != NULL && k_strchr("abc", 'z') == NULL);
	CHECK(k_strnlen("abcdef", 3) == 3);
	CHECK(str_glob_match("heap.*", "heap.sizes"));
	CHECK(!str_glob_match("heap.*", "pmm.exhaustion"));
	CHECK(str_glob_match("*", ""));
	CHECK(str_glob_match("*.ex*ion", "pmm.exhaustion"));
	CHECK(str_glob_match("p?m.*", "pmm.free"));
	CHECK(!str_glob_match("pmm", "pmm.free"));
	CHECK(!str_glob_match("", "x"));
}

int main(void)
{
	test_cmdline();
	test_format();
	test_string();
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures != 0;
}
