/*
 * misc: the small system-information and identity syscalls, checked against Linux.
 *
 * Values that differ between machines (kernel release, memory sizes, times) are
 * checked for sanity and never observed; values Linux fixes (machine "x86_64",
 * page size, RLIMIT numbers, capability version, errno choices) are asserted.
 * Clocks are read both through libc (which may use a vDSO) and the raw syscall.
 */
#define _GNU_SOURCE
#include "misc.h"

#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static long long ns_of(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

static long long monotonic_ns(void)
{
	struct timespec ts;
	EXPECT_OK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts));
	return ns_of(&ts);
}

static void uname_fields(void)
{
	struct utsname u;
	EXPECT_OK(uname(&u));
	CHECK(u.sysname[0] && u.nodename[0] && u.release[0] && u.version[0]);
	CHECK_STR(u.machine, "x86_64");
	CHECK(memchr(u.release, 0, sizeof u.release) != NULL);
	gt_observe("machine=%s", u.machine);
	char host[65];
	EXPECT_OK(gethostname(host, sizeof host));
	CHECK_STR(host, u.nodename);
}

static void clocks_advance_and_are_sane(void)
{
	struct timespec a, b, real, res;
	EXPECT_OK(clock_gettime(CLOCK_MONOTONIC, &a));
	long long raw = monotonic_ns();
	EXPECT_OK(clock_gettime(CLOCK_MONOTONIC, &b));
	CHECK(ns_of(&b) >= ns_of(&a) && raw >= ns_of(&a) && ns_of(&b) >= raw);
	CHECK(b.tv_nsec >= 0 && b.tv_nsec < 1000000000L);
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	EXPECT_OK(nanosleep(&pause, NULL));
	CHECK(monotonic_ns() - raw >= 20 * 1000 * 1000);
	EXPECT_OK(syscall(SYS_clock_gettime, CLOCK_REALTIME, &real));
	CHECK(real.tv_sec > 1577836800); /* after 2020-01-01 */
	CHECK(real.tv_sec < 4102444800LL); /* before 2100-01-01 */
	CHECK(labs(time(NULL) - real.tv_sec) <= 2);
	EXPECT_OK(clock_getres(CLOCK_MONOTONIC, &res));
	CHECK(res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 10 * 1000 * 1000);
	EXPECT_OK(syscall(SYS_clock_gettime, CLOCK_BOOTTIME, &a));
	EXPECT_ERRNO(syscall(SYS_clock_gettime, 12345, &a), EINVAL);
}

static void nanosleep_lower_bound(void)
{
	long long start = monotonic_ns();
	struct timespec req = { 0, 30 * 1000 * 1000 }, rem = { 9, 9 };
	EXPECT_OK(syscall(SYS_nanosleep, &req, &rem));
	long long slept = monotonic_ns() - start;
	CHECK(slept >= 30 * 1000 * 1000);
	CHECK(slept < 2000LL * 1000 * 1000);
	struct timespec zero = { 0, 0 };
	EXPECT_OK(nanosleep(&zero, NULL));
	EXPECT_OK(clock_nanosleep(CLOCK_MONOTONIC, 0, &zero, NULL));
}

static void getrandom_bytes(void)
{
	unsigned char a[64], b[64];
	CHECK_EQ(EXPECT_OK(getrandom(a, sizeof a, 0)), 64);
	CHECK_EQ(EXPECT_OK(getrandom(b, sizeof b, GRND_NONBLOCK)), 64);
	CHECK(memcmp(a, b, sizeof a) != 0);
	EXPECT_ERRNO(getrandom(a, sizeof a, 0x100), EINVAL);
	CHECK_EQ(EXPECT_OK(getrandom(a, 0, 0)), 0);
}

static void rlimits_get_set_prlimit(void)
{
	struct rlimit rl;
	EXPECT_OK(getrlimit(RLIMIT_NOFILE, &rl));
	CHECK(rl.rlim_cur <= rl.rlim_max && rl.rlim_cur >= 3);
	struct rlimit low = { 8, rl.rlim_max };
	EXPECT_OK(setrlimit(RLIMIT_NOFILE, &low));
	int fds = 0;
	while (open("/dev/null", O_RDONLY) >= 0)
		fds++;
	CHECK_EQ(errno, EMFILE);
	CHECK(fds <= 5);
	struct rlimit old;
	EXPECT_OK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &old));
	CHECK_EQ(old.rlim_cur, 8);
	EXPECT_OK(syscall(SYS_prlimit64, getpid(), RLIMIT_STACK, NULL, &old));
	CHECK(old.rlim_cur > 0);
	EXPECT_ERRNO(syscall(SYS_prlimit64, 0x3fffffff, RLIMIT_STACK, NULL, &old), ESRCH);
	EXPECT_ERRNO(getrlimit(99, &rl), EINVAL);
	struct rlimit inverted = { 10, 5 };
	EXPECT_ERRNO(setrlimit(RLIMIT_NOFILE, &inverted), EINVAL);
	gt_drop_privileges();
	struct rlimit higher = { 8, old.rlim_max == RLIM_INFINITY ? RLIM_INFINITY : old.rlim_max };
	EXPECT_OK(getrlimit(RLIMIT_NOFILE, &rl));
	higher.rlim_max = rl.rlim_max + 1;
	EXPECT_ERRNO(setrlimit(RLIMIT_NOFILE, &higher), EPERM);
}

static void sysinfo_sane(void)
{
	struct sysinfo si;
	EXPECT_OK(sysinfo(&si));
	CHECK(si.mem_unit >= 1);
	CHECK(si.totalram > 0 && si.freeram <= si.totalram);
	CHECK(si.uptime < 100L * 365 * 86400);
	CHECK(si.procs >= 1);
}

static void statfs_on_tmp(void)
{
	struct statfs sf;
	EXPECT_OK(statfs("/tmp", &sf));
	CHECK(sf.f_bsize > 0);
	CHECK(sf.f_blocks >= sf.f_bfree && sf.f_bfree >= sf.f_bavail);
	CHECK_EQ(sf.f_namelen, 255);
	int fd = EXPECT_OK(open("/tmp", O_RDONLY | O_DIRECTORY));
	struct statfs ff;
	EXPECT_OK(fstatfs(fd, &ff));
	CHECK(ff.f_type == sf.f_type && ff.f_bsize == sf.f_bsize);
	EXPECT_ERRNO(statfs("/nonexistent-dir", &sf), ENOENT);
	EXPECT_ERRNO(fstatfs(-1, &sf), EBADF);
}

static void scheduling_calls(void)
{
	EXPECT_OK(sched_yield());
	cpu_set_t set;
	CPU_ZERO(&set);
	EXPECT_OK(sched_getaffinity(0, sizeof set, &set));
	CHECK(CPU_COUNT(&set) >= 1);
	long bytes = EXPECT_OK(syscall(SYS_sched_getaffinity, 0, sizeof set, &set));
	CHECK(bytes >= 8 && bytes % 8 == 0 && bytes <= (long)sizeof set);
	EXPECT_ERRNO(syscall(SYS_sched_getaffinity, 0, 1, &set), EINVAL);
	EXPECT_ERRNO(sched_getaffinity(0x3fffffff, sizeof set, &set), ESRCH);
}

/* Linux's capability ABI (linux/capability.h), version 3: two 32-bit words. */
struct cap_header { uint32_t version; int pid; };
struct cap_data { uint32_t effective, permitted, inheritable; };
#define CAP_VERSION_3 0x20080522
#define CAP_SETUID_BIT 7

static void capget_versions_and_sets(void)
{
	struct cap_header h = { 0, 0 };
	struct cap_data d[2];
	EXPECT_ERRNO(syscall(SYS_capget, &h, d), EINVAL);
	CHECK_EQ(h.version, CAP_VERSION_3); /* the kernel names its preferred version */
	h.version = CAP_VERSION_3;
	EXPECT_OK(syscall(SYS_capget, &h, d));
	if (geteuid() == 0)
		CHECK(d[0].effective & (1U << CAP_SETUID_BIT));
	gt_drop_privileges();
	EXPECT_OK(syscall(SYS_capget, &h, d));
	CHECK(d[0].effective == 0 && d[1].effective == 0 && d[0].permitted == 0);
	gt_observe("preferred capability version: %#x; as uid %d: no capabilities", CAP_VERSION_3, GT_NOBODY);
}

static void ids_and_dropping_them(void)
{
	CHECK_EQ(getuid(), syscall(SYS_getuid));
	if (geteuid() != 0)
		gt_skip("needs root to change ids");
	CHECK_EQ(getgid(), 0);
	EXPECT_OK(setgid(GT_NOBODY));
	CHECK(getgid() == GT_NOBODY && getegid() == GT_NOBODY);
	EXPECT_OK(setuid(GT_NOBODY));
	uid_t r, e, s;
	EXPECT_OK(getresuid(&r, &e, &s));
	CHECK(r == GT_NOBODY && e == GT_NOBODY && s == GT_NOBODY); /* root: all three */
	EXPECT_ERRNO(setuid(0), EPERM);
	EXPECT_ERRNO(setgid(0), EPERM);
	EXPECT_OK(setuid(GT_NOBODY)); /* to one's own id is allowed */
	gt_observe("after setuid: uid=%u euid=%u", (unsigned)getuid(), (unsigned)geteuid());
}

static void unassigned_syscall_is_enosys(void)
{
	EXPECT_ERRNO(syscall(999), ENOSYS);
	EXPECT_ERRNO(syscall(-1L), ENOSYS);
	gt_observe("syscall 999: ENOSYS");
}

static const struct gt_case cases[] = {
	GT_CASE(uname_fields),
	GT_CASE(clocks_advance_and_are_sane),
	GT_CASE(nanosleep_lower_bound),
	GT_CASE(getrandom_bytes),
	GT_CASE(rlimits_get_set_prlimit),
	GT_CASE(sysinfo_sane),
	GT_CASE(statfs_on_tmp),
	GT_CASE(scheduling_calls),
	GT_CASE(capget_versions_and_sets),
	GT_CASE(ids_and_dropping_them),
	GT_CASE(unassigned_syscall_is_enosys),
	MISC_FILE_CASES,
	MISC_SYS_CASES,
	GT_END
};

GT_MAIN(cases)
