/*
 * Time and system information: clock_gettime and friends, nanosleep, uname and the
 * host/domain names, sysinfo, times, rlimits, getrusage, getrandom, sched_*,
 * priorities, syslog, reboot, futex.
 */
#include "API/atoll.h"
#include "Arch/x86_64/power.h"
#include "Devices/Console/console.h"
#include "Devices/Random/random.h"
#include "Devices/Timer/clock.h"
#include "Devices/Timer/rtc.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/layout.h"
#include "Memory/pmm.h"
#include "Memory/usercopy.h"
#include "Syscalls/syscalls.h"
#include "Tasks/futex.h"
#include "Tasks/namespaces.h"
#include "Tasks/process.h"
#include "Tasks/signal.h"

static void ns_to_ts(uint64_t ns, struct linux_timespec *ts)
{
	ts->tv_sec = (int64_t)(ns / 1000000000ULL);
	ts->tv_nsec = (int64_t)(ns % 1000000000ULL);
}

static int clock_read(int id, uint64_t *ns)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = realtime_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = clock_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
		*ns = process_cpu_ns(curproc);
		return 0;
	case CLOCK_THREAD_CPUTIME_ID:
		sched_charge_current();
		*ns = current->cpu_ns;
		return 0;
	}
	return -EINVAL;
}

long sys_clock_gettime(int id, uint64_t uts)
{
	struct linux_timespec ts;
	uint64_t ns;

	TRY(clock_read(id, &ns));
	ns_to_ts(ns, &ts);
	return copy_to_user(uts, &ts, sizeof(ts));
}

long sys_clock_getres(int id, uint64_t uts)
{
	struct linux_timespec ts = { 0, 1 };
	uint64_t ns;

	TRY(clock_read(id, &ns));
	return uts ? copy_to_user(uts, &ts, sizeof(ts)) : 0;
}

long sys_gettimeofday(uint64_t utv, uint64_t utz)
{
	uint64_t ns = realtime_ns();
	struct linux_timeval tv = { (int64_t)(ns / 1000000000ULL), (int64_t)(ns % 1000000000ULL / 1000) };

	if (utv)
		TRY(copy_to_user(utv, &tv, sizeof(tv)));
	if (utz)
		TRY(clear_user(utz, 8));
	return 0;
}

long sys_time(uint64_t ut)
{
	int64_t t = (int64_t)(realtime_ns() / 1000000000ULL);

	if (ut)
		TRY(copy_to_user(ut, &t, sizeof(t)));
	return t;
}

/* Sleeps until the clock `id` reaches `deadline`; remaining time into urem on EINTR. */
static long sleep_until(int id, uint64_t deadline, uint64_t urem)
{
	uint64_t now;
	int err;

	TRY(clock_read(id, &now));
	if (deadline <= now)
		return 0;
	/* The scheduler's deadlines are monotonic: convert. */
	err = WAIT_EVENT(NULL, 0, 1, clock_ns() + (deadline - now));
	if (err == -ETIMEDOUT)
		return 0;
	if (urem) {
		struct linux_timespec rem;
		TRY(clock_read(id, &now));
		ns_to_ts(deadline > now ? deadline - now : 0, &rem);
		TRY(copy_to_user(urem, &rem, sizeof(rem)));
	}
	return -EINTR;
}

static long read_timespec(uint64_t u, uint64_t *ns)
{
	struct linux_timespec ts;

	TRY(copy_from_user(&ts, u, sizeof(ts)));
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	*ns = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	return 0;
}

long sys_clock_nanosleep(int id, int flags, uint64_t ureq, uint64_t urem)
{
	uint64_t req, now;

	if (id == CLOCK_THREAD_CPUTIME_ID || id == CLOCK_PROCESS_CPUTIME_ID)
		return -EINVAL;
	TRY(read_timespec(ureq, &req));
	TRY(clock_read(id, &now));
	if (flags & TIMER_ABSTIME)
		return sleep_until(id, req, 0);
	return sleep_until(id, now + req, urem);
}

long sys_nanosleep(uint64_t ureq, uint64_t urem)
{
	return sys_clock_nanosleep(CLOCK_MONOTONIC, 0, ureq, urem);
}

long sys_uname(uint64_t ubuf)
{
	return copy_to_user(ubuf, &curproc->utsns->name, sizeof(struct linux_utsname));
}

/* The host name may be set by root; a jailed process only in its own UTS namespace
 * (a container's hostname is its own business, the host's is not). */
static long set_uts_field(char *field, uint64_t uname, int len)
{
	char buf[65];

	if (curproc->cred.euid != 0 || (curproc->jail && curproc->utsns == &utsns_initial))
		return -EPERM;
	if (len < 0 || len > 64)
		return -EINVAL;
	TRY(copy_from_user(buf, uname, (size_t)len));
	buf[len] = 0;
	memcpy(field, buf, (size_t)len + 1);
	return 0;
}

long sys_sethostname(uint64_t name, int len)
{
	return set_uts_field(curproc->utsns->name.nodename, name, len);
}

long sys_setdomainname(uint64_t name, int len)
{
	return set_uts_field(curproc->utsns->name.domainname, name, len);
}

long sys_sysinfo(uint64_t uinfo)
{
	struct linux_sysinfo si;

	memset(&si, 0, sizeof(si));
	si.uptime = (int64_t)(clock_ns() / 1000000000ULL);
	si.totalram = pmm_total_pages() * PAGE_SIZE;
	si.freeram = pmm_free_pages() * PAGE_SIZE;
	si.procs = (uint16_t)processes_count();
	si.mem_unit = 1;
	return copy_to_user(uinfo, &si, sizeof(si));
}

long sys_times(uint64_t ubuf)
{
	uint64_t ticks = clock_ns() / 10000000ULL;
	struct linux_tms t = { 0 };

	t.utime = (int64_t)(process_cpu_ns(curproc) / 10000000ULL);
	t.cutime = (int64_t)(curproc->children_cpu_ns / 10000000ULL);
	if (ubuf)
		TRY(copy_to_user(ubuf, &t, sizeof(t)));
	return (long)ticks;
}

long sys_getrusage(int who, uint64_t uru)
{
	struct linux_rusage ru;

	if (who != 0 && who != -1 && who != 1)
		return -EINVAL;
	memset(&ru, 0, sizeof(ru));
	/* RUSAGE_SELF: the process; RUSAGE_THREAD: the calling thread; RUSAGE_CHILDREN: the reaped children. */
	sched_charge_current();
	uint64_t ns = who == -1 ? curproc->children_cpu_ns :
		      who == 1 ? current->cpu_ns : process_cpu_ns(curproc);
	ru.ru_utime.tv_sec = (int64_t)(ns / 1000000000ULL);
	ru.ru_utime.tv_usec = (int64_t)(ns % 1000000000ULL / 1000);
	return copy_to_user(uru, &ru, sizeof(ru));
}

long sys_prlimit64(int pid, int resource, uint64_t unew, uint64_t uold)
{
	struct process *p = pid ? process_find(current_pidns(), pid) : curproc;
	struct linux_rlimit lim;

	if (!p)
		return -ESRCH;
	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (p != curproc && curproc->cred.euid != 0 &&
	    (curproc->cred.uid != p->cred.uid || curproc->cred.uid != p->cred.euid))
		return -EPERM;
	if (uold)
		TRY(copy_to_user(uold, &p->rlimits[resource], sizeof(lim)));
	if (unew) {
		TRY(copy_from_user(&lim, unew, sizeof(lim)));
		if (lim.rlim_cur > lim.rlim_max)
			return -EINVAL;
		if (lim.rlim_max > p->rlimits[resource].rlim_max && curproc->cred.euid != 0)
			return -EPERM;
		/* Linux refuses open files beyond nr_open even to root; ours is the table's size. */
		if (resource == RLIMIT_NOFILE && lim.rlim_max > MAX_FDS)
			return -EPERM;
		p->rlimits[resource] = lim;
	}
	return 0;
}

long sys_getrlimit(int resource, uint64_t u) { return sys_prlimit64(0, resource, 0, u); }
long sys_setrlimit(int resource, uint64_t u) { return sys_prlimit64(0, resource, u, 0); }

long sys_getrandom(uint64_t ubuf, size_t len, unsigned flags)
{
	char chunk[256];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | 4))
		return -EINVAL;
	len = MIN(len, 33554431UL);
	while (done < len) {
		size_t c = MIN(sizeof(chunk), len - done);
		random_get_bytes(chunk, c);
		if (copy_to_user(ubuf + done, chunk, c) < 0)
			return done ? (long)done : -EFAULT;
		done += c;
	}
	return (long)done;
}

long sys_sched_yield(void)
{
	schedule();
	return 0;
}

long sys_sched_getaffinity(int pid, size_t size, uint64_t umask)
{
	uint64_t mask = 1;

	if (pid && !process_find(current_pidns(), pid))
		return -ESRCH;
	if (size < sizeof(mask) || (size & 7))
		return -EINVAL;
	TRY(clear_user(umask, size));
	TRY(copy_to_user(umask, &mask, sizeof(mask)));
	return sizeof(mask);
}

long sys_sched_setaffinity(int pid, size_t size, uint64_t umask)
{
	uint64_t mask;

	if (pid && !process_find(current_pidns(), pid))
		return -ESRCH;
	if (size < sizeof(mask))
		return -EINVAL;
	TRY(copy_from_user(&mask, umask, sizeof(mask)));
	return (mask & 1) ? 0 : -EINVAL;	/* CPU 0 is the only one */
}

long sys_getpriority(int which, int who)
{
	if (which < 0 || which > 2)
		return -EINVAL;
	return 20;	/* nice 0, in the kernel's 40 - nice encoding */
}

long sys_setpriority(int which, int who, int prio)
{
	if (which < 0 || which > 2)
		return -EINVAL;
	/* Lowering priority is allowed; raising it needs root. There is one level. */
	if (prio < 0 && curproc->cred.euid != 0)
		return -EACCES;
	return 0;
}

#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_SIZE_BUFFER 10

long sys_syslog(int type, uint64_t ubuf, int len)
{
	char *buf;
	long n;

	if (type == SYSLOG_ACTION_SIZE_BUFFER)
		return 65536;
	if (type != SYSLOG_ACTION_READ_ALL)
		return -EINVAL;
	if (len < 0)
		return -EINVAL;
	buf = kmalloc((size_t)len + 1);
	if (!buf)
		return -ENOMEM;
	size_t size = console_log_size(), skip = size > (size_t)len ? size - (size_t)len : 0;
	n = (long)console_log_read(skip, buf, (size_t)len);
	if (copy_to_user(ubuf, buf, (size_t)n) < 0)
		n = -EFAULT;
	kfree(buf);
	return n;
}

long sys_reboot(unsigned magic1, unsigned magic2, unsigned cmd, uint64_t arg)
{
	if (curproc->cred.euid != 0 || curproc->jail)
		return -EPERM;
	if (magic1 != LINUX_REBOOT_MAGIC1 || (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != 85072278 &&
					      magic2 != 369367448 && magic2 != 537993216))
		return -EINVAL;
	/* reboot(2) inside a PID namespace ends that namespace's init (Linux). */
	if (current_pidns() != &pidns_initial) {
		struct process *init = current_pidns()->reaper;
		if (cmd == LINUX_REBOOT_CMD_RESTART || cmd == LINUX_REBOOT_CMD_POWER_OFF || cmd == LINUX_REBOOT_CMD_HALT) {
			if (init)
				signal_send(init, SIGKILL, NULL);
			return 0;
		}
		return -EINVAL;
	}
	switch (cmd) {
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
		kprintf("Powering off.\n");
		power_exit(POWER_EXIT_POWEROFF);
	case LINUX_REBOOT_CMD_RESTART:
		kprintf("Restarting.\n");
		power_reset();
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	}
	return -EINVAL;
}

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256

long sys_futex(uint64_t uaddr, int op, uint32_t val, uint64_t utimeout, uint64_t uaddr2, uint32_t val3)
{
	int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	uint64_t deadline = 0, t;

	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		if (cmd == FUTEX_WAIT_BITSET && val3 != 0xffffffff)
			return -EINVAL;	/* only the full bitset */
		if (utimeout) {
			TRY(read_timespec(utimeout, &t));
			if (cmd == FUTEX_WAIT)
				deadline = clock_ns() + t;
			else if (op & FUTEX_CLOCK_REALTIME)
				deadline = clock_ns() + (t > realtime_ns() ? t - realtime_ns() : 0);
			else
				deadline = t ? t : 1;
		}
		return futex_wait(curproc->vm, uaddr, val, deadline);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		return futex_wake(curproc->vm, uaddr, (int)val);
	}
	return -ENOSYS;
}

static long may_set_clock(void)
{
	if (curproc->jail || curproc->cred.euid != 0)
		return -EPERM;
	return 0;
}

long sys_clock_settime(int id, uint64_t uts)
{
	uint64_t ns;

	TRY(may_set_clock());
	if (id != CLOCK_REALTIME)
		return -EINVAL;
	TRY(read_timespec(uts, &ns));
	realtime_set(ns);
	return 0;
}

long sys_settimeofday(uint64_t utv, uint64_t utz)
{
	struct linux_timeval tv;

	TRY(may_set_clock());
	if (!utv)
		return 0;
	TRY(copy_from_user(&tv, utv, sizeof(tv)));
	if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return -EINVAL;
	realtime_set((uint64_t)tv.tv_sec * 1000000000ULL + (uint64_t)tv.tv_usec * 1000);
	return 0;
}
