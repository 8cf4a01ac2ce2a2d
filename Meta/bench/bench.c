/*
 * bench: the timing helper of `Meta/os bench`. One static musl binary that runs unchanged
 * inside Atoll, inside the Linux peer (Debian's kernel in the same QEMU) and on the host
 * (where Meta/os-bench also uses it to prepare the images), so both systems are timed by
 * the same code.
 *
 * Every figure is CLOCK_MONOTONIC around the operation itself, taken inside the guest;
 * nothing is estimated from the host. Each measurement is repeated and printed as one
 * line that the host script turns into a table:
 *
 *   BENCH <key> <median> <unit> <min> <max>
 *   BENCH-NA <key> <reason>          the operation failed: the reason, never a number
 *
 * Subcommands (see usage()):
 *   now                     prints "bench-now <ns>" as its very first action: a command's
 *                           "first instruction" as seen by a launcher that noted the time
 *   fill SIZE FILE          writes SIZE bytes of deterministic pseudo-random data (image prep)
 *   entries DIR N           creates N empty files DIR/f00000.. (image prep)
 *   mount KEY RUNS IMG DIR  loop-attach + mount + umount an EROFS image RUNS times
 *   read KEY RUNS IMG DIR FILE   cold (first after a fresh mount) and warm sequential read
 *   lookup KEY RUNS IMG DIR SUB N  stat of N names in IMG's SUB directory, cold/warm/missing
 *   first KEY RUNS -- CMD...     time from just before fork+exec of CMD to CMD's bench-now
 *   output KEY RUNS -- CMD...    time from just before fork+exec of CMD (a shell) to its
 *                                first output of "echo bench-ready" piped into its stdin
 *   prompt KEY RUNS -- CMD...    the same on a pseudo-terminal, to the shell's first prompt
 *
 * Loop devices are driven directly (LOOP_CTL_GET_FREE, LOOP_CONFIGURE with AUTOCLEAR and
 * READ_ONLY, so the umount detaches them), the numbers being Linux's ABI, defined here
 * because musl ships no <linux/loop.h>.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/param.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LOOP_CONFIGURE 0x4C0A
#define LOOP_CTL_GET_FREE 0x4C82
#define LO_FLAGS_READ_ONLY 1
#define LO_FLAGS_AUTOCLEAR 4

struct loop_info64 {
	uint64_t lo_device, lo_inode, lo_rdevice, lo_offset, lo_sizelimit;
	uint32_t lo_number, lo_encrypt_type, lo_encrypt_key_size, lo_flags;
	uint8_t lo_file_name[64], lo_crypt_name[64], lo_encrypt_key[32];
	uint64_t lo_init[2];
};

struct loop_config {
	uint32_t fd, block_size;
	struct loop_info64 info;
	uint64_t reserved[8];
};

#define MAX_RUNS 64
#define CHILD_TIMEOUT_MS 60000
#define READ_CHUNK (128 * 1024)

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Prints the BENCH line for n samples (sorted in place). */
static void report(const char *key, const char *unit, double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	printf("BENCH %s %.3f %s %.3f %.3f\n", key, v[n / 2], unit, v[0], v[n - 1]);
	fflush(stdout);
}

/* report() under the key KEY.SUFFIX. */
static void report_sub(const char *key, const char *suffix, const char *unit, double *v, int n)
{
	char k[128];

	snprintf(k, sizeof(k), "%s.%s", key, suffix);
	report(k, unit, v, n);
}

static void report_na(const char *key, const char *what, int err)
{
	printf("BENCH-NA %s %s: %s (errno %d)\n", key, what, strerror(err), err);
	fflush(stdout);
}

/* ---- loop devices and mounts ---- */

/* Binds img to a free loop device; returns its open descriptor (which the caller keeps
 * open until the mount holds the device: AUTOCLEAR detaches at the last close) or -errno. */
static int loop_attach(const char *img, char *dev, size_t devlen, const char **what)
{
	int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return *what = "open /dev/loop-control", -errno;
	int n = ioctl(ctl, LOOP_CTL_GET_FREE);
	int err = n < 0 ? -errno : 0;
	close(ctl);
	if (err)
		return *what = "LOOP_CTL_GET_FREE", err;
	snprintf(dev, devlen, "/dev/loop%d", n);
	int lfd = open(dev, O_RDONLY | O_CLOEXEC);
	if (lfd < 0)
		return *what = "open the loop device", -errno;
	int ffd = open(img, O_RDONLY | O_CLOEXEC);
	if (ffd < 0) {
		close(lfd);
		return *what = "open the image", -errno;
	}
	struct loop_config cfg = { .fd = (uint32_t)ffd };
	cfg.info.lo_flags = LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR;
	err = ioctl(lfd, LOOP_CONFIGURE, &cfg) < 0 ? -errno : 0;
	close(ffd);
	if (err) {
		*what = "LOOP_CONFIGURE";
		close(lfd);
		return err;
	}
	return lfd;
}

/* Attaches img to a free loop device and mounts it read-only on dir. */
static int erofs_mount(const char *img, const char *dir, const char **what)
{
	char dev[64];
	int err = 0, lfd = loop_attach(img, dev, sizeof(dev), what);
	if (lfd < 0)
		return lfd;
	if (mount(dev, dir, "erofs", MS_RDONLY, NULL) < 0) {
		err = -errno;
		*what = "mount -t erofs";
	}
	close(lfd);
	return err;
}

static int erofs_umount(const char *dir, const char **what)
{
	if (umount(dir) < 0)
		return *what = "umount", -errno;
	return 0;
}

/* Best effort: empties the page cache where the kernel has the knob (Linux). */
static void drop_caches(void)
{
	sync();
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, "3\n", 2) < 0)
			perror("bench: /proc/sys/vm/drop_caches");
		close(fd);
	}
}

static int cmd_mount(const char *key, int runs, const char *img, const char *dir)
{
	double mnt[MAX_RUNS], umnt[MAX_RUNS], total[MAX_RUNS];
	const char *what = "";

	for (int i = 0; i < runs; i++) {
		uint64_t t0 = now_ns();
		int err = erofs_mount(img, dir, &what);
		uint64_t t1 = now_ns();
		if (!err)
			err = erofs_umount(dir, &what);
		uint64_t t2 = now_ns();
		if (err)
			return report_na(key, what, -err), 1;
		mnt[i] = (t1 - t0) / 1e6;
		umnt[i] = (t2 - t1) / 1e6;
		total[i] = (t2 - t0) / 1e6;
	}
	report(key, "ms", total, runs);
	report_sub(key, "mount", "ms", mnt, runs);
	report_sub(key, "umount", "ms", umnt, runs);
	return 0;
}

/* ---- sequential reads ---- */

/* Reads fd from its start to EOF; returns MiB/s, or -errno. */
static double read_all(int fd, char *buf)
{
	uint64_t bytes = 0, t0 = now_ns();
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -errno;
	while ((n = read(fd, buf, READ_CHUNK)) > 0)
		bytes += (uint64_t)n;
	if (n < 0)
		return -errno;
	double secs = (now_ns() - t0) / 1e9;
	return secs > 0 ? bytes / 1048576.0 / secs : 0;
}

static int cmd_read(const char *key, int runs, const char *img, const char *dir, const char *file)
{
	double cold[MAX_RUNS], warm[MAX_RUNS];
	char path[512];
	const char *what = "";
	static char buf[READ_CHUNK];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	for (int i = 0; i < runs; i++) {
		drop_caches();
		int err = erofs_mount(img, dir, &what);
		if (err)
			return report_na(key, what, -err), 1;
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			report_na(key, path, errno);
			erofs_umount(dir, &what);
			return 1;
		}
		cold[i] = read_all(fd, buf);
		warm[i] = read_all(fd, buf);
		close(fd);
		erofs_umount(dir, &what);
		if (cold[i] < 0 || warm[i] < 0)
			return report_na(key, "read", (int)-(cold[i] < 0 ? cold[i] : warm[i])), 1;
	}
	report_sub(key, "cold", "MiB/s", cold, runs);
	report_sub(key, "warm", "MiB/s", warm, runs);
	return 0;
}

/* ---- path lookup ---- */

/* stat()s n names "DIR/SUB/<prefix>NNNNN" in a scattered order; returns µs per lookup,
 * or -1 with *bad set when one that must exist does not (or one that must not does). */
static double stat_pass(const char *dir, const char *sub, char prefix, int n, int expect_found, int *bad)
{
	char path[512];
	struct stat st;
	uint64_t t0 = now_ns();

	for (int i = 0; i < n; i++) {
		int j = (int)(((long)i * 7919) % n);
		snprintf(path, sizeof(path), "%s/%s/%c%05d", dir, sub, prefix, j);
		int found = stat(path, &st) == 0;
		if (found != expect_found) {
			*bad = found ? EEXIST : errno;
			return -1;
		}
	}
	return (now_ns() - t0) / 1e3 / n;
}

static int cmd_lookup(const char *key, int runs, const char *img, const char *dir, const char *sub, int n)
{
	double cold[MAX_RUNS], warm[MAX_RUNS], miss[MAX_RUNS];
	const char *what = "";
	int bad = 0;

	for (int i = 0; i < runs; i++) {
		drop_caches();
		int err = erofs_mount(img, dir, &what);
		if (err)
			return report_na(key, what, -err), 1;
		cold[i] = stat_pass(dir, sub, 'f', n, 1, &bad);
		warm[i] = bad ? -1 : stat_pass(dir, sub, 'f', n, 1, &bad);
		miss[i] = bad ? -1 : stat_pass(dir, sub, 'g', n, 0, &bad);
		erofs_umount(dir, &what);
		if (bad)
			return report_na(key, "stat in the directory", bad), 1;
	}
	report_sub(key, "cold", "us", cold, runs);
	report_sub(key, "warm", "us", warm, runs);
	report_sub(key, "miss", "us", miss, runs);
	return 0;
}

/* ---- launching commands ---- */

/* Finds a complete line starting with prefix in buf; returns a pointer past the prefix. */
static const char *find_line(const char *buf, const char *prefix)
{
	size_t plen = strlen(prefix);

	for (const char *p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		const char *eol = strchr(p, '\n');
		if (eol && strncmp(p, prefix, plen) == 0)
			return p + plen;
	}
	return NULL;
}

struct launch {
	uint64_t t0;		/* just before fork */
	uint64_t t_seen;	/* when the awaited line was read */
	char out[8192];		/* the command's output (stdout and stderr), truncated */
	int status;		/* wait status, or -1 on timeout */
};

static pid_t spawn(char **argv, int *in_w, int *out_r)
{
	int in[2], out[2];

	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		execvp(argv[0], argv);
		dprintf(2, "bench: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	*in_w = in[1];
	*out_r = out[0];
	return pid;
}

/* Starts argv in a new session on a fresh pseudo-terminal (its controlling terminal,
 * fds 0-2); *master is the other side, for both input and output. */
static pid_t spawn_pty(char **argv, int *master)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0 || !ptsname(m))
		return -1;
	const char *slave = ptsname(m);
	pid_t pid = fork();
	if (pid == 0) {
		setsid();
		int s = open(slave, O_RDWR);
		if (s < 0 || ioctl(s, TIOCSCTTY, 0) < 0)
			dprintf(2, "bench: %s as controlling terminal: %s\n", slave, strerror(errno));
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		execvp(argv[0], argv);
		dprintf(2, "bench: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	*master = m;
	return pid;
}

/* Runs argv with `input` on its stdin, until it exits; notes when a line starting with
 * `await` first arrived. Gives up (SIGKILL) after CHILD_TIMEOUT_MS. */
static void launch(char **argv, const char *input, const char *await, int pty, struct launch *l)
{
	int in_w, out_r;
	size_t used = 0;

	memset(l, 0, sizeof(*l));
	l->t0 = now_ns();
	pid_t pid = pty ? spawn_pty(argv, &out_r) : spawn(argv, &in_w, &out_r);
	if (pid < 0) {
		l->status = -2;
		return;
	}
	/* A pipe gets the input at once; a terminal once the prompt is there. */
	if (!pty) {
		if (input[0] && write(in_w, input, strlen(input)) < 0)
			perror("bench: writing the command's input");
		close(in_w);
	}
	for (;;) {
		struct pollfd p = { .fd = out_r, .events = POLLIN };
		int left = CHILD_TIMEOUT_MS - (int)((now_ns() - l->t0) / 1000000);
		if (left <= 0 || poll(&p, 1, left) == 0) {
			kill(pid, SIGKILL);
			l->status = -1;
			break;
		}
		char tmp[1024];
		ssize_t n = read(out_r, tmp, sizeof(tmp));
		if (n <= 0) /* a pty's master reads EIO once the last slave is closed */
			break;
		size_t take = MIN((size_t)n, sizeof(l->out) - 1 - used);
		memcpy(l->out + used, tmp, take);
		used += take;
		l->out[used] = 0;
		if (!l->t_seen && (pty ? strstr(l->out, await) != NULL : find_line(l->out, await) != NULL)) {
			l->t_seen = now_ns();
			if (pty && write(out_r, input, strlen(input)) < 0)
				perror("bench: writing the command's input");
		}
	}
	close(out_r);
	int st;
	waitpid(pid, &st, 0);
	if (l->status != -1)
		l->status = st;
}

/* The last non-empty line of the output, for error messages. */
static const char *last_line(char *out)
{
	size_t n = strlen(out);

	while (n && out[n - 1] == '\n')
		out[--n] = 0;
	char *nl = strrchr(out, '\n');
	return n == 0 ? "(no output)" : nl ? nl + 1 : out;
}

static int launch_failed(const char *key, struct launch *l, int seen)
{
	if (l->status == -1)
		printf("BENCH-NA %s timed out after %d s\n", key, CHILD_TIMEOUT_MS / 1000);
	else if (l->status == -2)
		printf("BENCH-NA %s pipe, pseudo-terminal or fork: %s\n", key, strerror(errno));
	else if (WIFSIGNALED(l->status))
		printf("BENCH-NA %s killed by signal %d (%s): %s\n", key, WTERMSIG(l->status),
		       strsignal(WTERMSIG(l->status)), last_line(l->out));
	else if (!seen || WEXITSTATUS(l->status) != 0)
		printf("BENCH-NA %s exit status %d: %s\n", key, WEXITSTATUS(l->status), last_line(l->out));
	else
		return 0;
	fflush(stdout);
	return 1;
}

/* Launches argv `runs` times. mode 'f': the figure is the time the command printed in its
 * "bench-now" line, minus the launch time; 'o': a shell gets "echo bench-ready" on a pipe
 * as stdin and the figure is when that output arrived; 'p': a shell runs on a fresh
 * pseudo-terminal and the figure is when its prompt (PS1 set to "bench-prompt>", here and
 * by the container configs) appeared. */
static int cmd_launch(const char *key, int runs, char mode, char **argv)
{
	double v[MAX_RUNS];
	static struct launch l;
	const char *input = mode == 'f' ? "" : mode == 'o' ? "echo bench-ready\nexit 0\n" : "exit 0\n";
	const char *await = mode == 'f' ? "bench-now " : mode == 'o' ? "bench-ready" : "bench-prompt>";

	setenv("PS1", "bench-prompt> ", 1);
	for (int i = 0; i < runs; i++) {
		launch(argv, input, await, mode == 'p', &l);
		if (launch_failed(key, &l, l.t_seen != 0))
			return 1;
		uint64_t t = mode == 'f' ? strtoull(find_line(l.out, await), NULL, 10) : l.t_seen;
		v[i] = ((double)t - (double)l.t0) / 1e6;
	}
	report(key, "ms", v, runs);
	return 0;
}

/* ---- image preparation (on the host) ---- */

static int cmd_fill(const char *size_arg, const char *file)
{
	uint64_t size = strtoull(size_arg, NULL, 10), x = 0x9E3779B97F4A7C15u;
	static uint64_t buf[8192];
	FILE *f = fopen(file, "wb");

	if (!f)
		return fprintf(stderr, "bench: %s: %s\n", file, strerror(errno)), 1;
	while (size) {
		for (size_t i = 0; i < 8192; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			buf[i] = x;
		}
		size_t n = size < sizeof(buf) ? size : sizeof(buf);
		if (fwrite(buf, 1, n, f) != n)
			break;
		size -= n;
	}
	if (fclose(f) != 0 || size)
		return fprintf(stderr, "bench: %s: write failed\n", file), 1;
	return 0;
}

static int cmd_entries(const char *dir, int n)
{
	char path[512];

	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/f%05d", dir, i);
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
			return fprintf(stderr, "bench: %s: %s\n", path, strerror(errno)), 1;
		close(fd);
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: bench now | fill SIZE FILE | entries DIR N\n"
			"       bench mount KEY RUNS IMG DIR | read KEY RUNS IMG DIR FILE\n"
			"       bench lookup KEY RUNS IMG DIR SUBDIR N\n"
			"       bench first|output|prompt KEY RUNS -- COMMAND [ARGS...]\n");
	return 2;
}

static int runs_arg(const char *s)
{
	int n = atoi(s);

	return n >= 1 && n <= MAX_RUNS ? n : -1;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "now") == 0) {
		char line[64];
		int len = snprintf(line, sizeof(line), "bench-now %llu\n", (unsigned long long)now_ns());
		return write(1, line, (size_t)len) == len ? 0 : 1;
	}
	if (argc < 3)
		return usage();
	const char *cmd = argv[1];
	if (strcmp(cmd, "fill") == 0 && argc == 4)
		return cmd_fill(argv[2], argv[3]);
	if (strcmp(cmd, "entries") == 0 && argc == 4)
		return cmd_entries(argv[2], atoi(argv[3]));
	if (argc < 4 || runs_arg(argv[3]) < 0)
		return usage();
	int runs = runs_arg(argv[3]);
	if (strcmp(cmd, "mount") == 0 && argc == 6)
		return cmd_mount(argv[2], runs, argv[4], argv[5]);
	if (strcmp(cmd, "read") == 0 && argc == 7)
		return cmd_read(argv[2], runs, argv[4], argv[5], argv[6]);
	if (strcmp(cmd, "lookup") == 0 && argc == 8)
		return cmd_lookup(argv[2], runs, argv[4], argv[5], argv[6], atoi(argv[7]));
	if ((strcmp(cmd, "first") == 0 || strcmp(cmd, "output") == 0 || strcmp(cmd, "prompt") == 0) &&
	    argc >= 6 && strcmp(argv[4], "--") == 0)
		return cmd_launch(argv[2], runs, cmd[0], argv + 5);
	return usage();
}
