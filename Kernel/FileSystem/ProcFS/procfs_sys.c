/*
 * /proc/sys: the sysctl files programs read, with Atoll's true values.
 *
 *   kernel/ostype, osrelease, version   the caller's uname(2) sysname, release, version
 *   kernel/hostname, domainname         the caller's UTS namespace's names; writable
 *   kernel/pid_max                      one past the largest PID (Linux's meaning)
 *   kernel/ngroups_max                  the supplementary groups setgroups(2) takes
 *   kernel/threads-max                  the system-wide process limit (fork: EAGAIN)
 *   kernel/random/boot_id, uuid         a UUID fixed for the boot; a fresh one per open
 *   fs/nr_open                          the fd table's size, RLIMIT_NOFILE's ceiling
 *   fs/file-max                         no system-wide limit: LONG_MAX, Linux's "none"
 *
 * The table below is the whole tree (procfs.c walks it): a directory is an entry of
 * type P_SYS_DIR, and every entry names the directory holding it by index, so the
 * order of the entries in a directory is their order here.
 *
 * Writing hostname or domainname is sethostname(2)/setdomainname(2) by file: root
 * only, and a jailed process only in a UTS namespace of its own (EPERM otherwise,
 * checked at each write, so an fd opened before jailing gains nothing). Like Linux's
 * proc_dostring, a write at offset 0 replaces the name with the bytes up to the first
 * newline or NUL, silently cut at 64; a write at offset k <= the name's length
 * continues it there; one past the end is ignored. Every write consumes its count.
 */
#include "Devices/Random/random.h"
#include "FileSystem/ProcFS/procfs.h"
#include "Lib/string.h"
#include "Tasks/namespaces.h"
#include "Tasks/process.h"

#define SYS_FILE_MAX 9223372036854775807L	/* LONG_MAX */
#define UTS_NAME_MAX 64				/* a linux_utsname field less its NUL */

static void show_ostype(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	seq_printf(s, "%s\n", p->utsns->name.sysname);
}

static void show_osrelease(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	seq_printf(s, "%s\n", p->utsns->name.release);
}

static void show_version(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	seq_printf(s, "%s\n", p->utsns->name.version);
}

static void show_hostname(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	seq_printf(s, "%s\n", p->utsns->name.nodename);
}

static void show_domainname(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	seq_printf(s, "%s\n", p->utsns->name.domainname);
}

static void show_pid_max(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	seq_printf(s, "%d\n", PID_MAX);
}

static void show_ngroups_max(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	seq_printf(s, "%zu\n", ARRAY_SIZE(p->cred.groups));
}

static void show_threads_max(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	seq_printf(s, "%d\n", MAX_PROCESSES);
}

static void show_nr_open(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	seq_printf(s, "%d\n", MAX_FDS);
}

static void show_file_max(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	seq_printf(s, "%ld\n", SYS_FILE_MAX);
}

/* Prints a version 4 (random) UUID from 16 random bytes, as Linux's %pU does. */
static void put_uuid(struct seq *s, const uint8_t u[16])
{
	for (int i = 0; i < 16; i++) {
		uint8_t b = i == 6 ? (uint8_t)((u[i] & 0x0f) | 0x40) : i == 8 ? (uint8_t)((u[i] & 0x3f) | 0x80) : u[i];
		seq_printf(s, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "", b);
	}
	seq_write(s, "\n", 1);
}

static void show_boot_id(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	static uint8_t id[16];
	static int made;

	if (!made) {
		random_get_bytes(id, sizeof(id));
		made = 1;
	}
	put_uuid(s, id);
}

static void show_uuid(struct seq *s, struct process *p, struct pid_namespace *ns)
{
	uint8_t id[16];

	random_get_bytes(id, sizeof(id));
	put_uuid(s, id);
}

/* The write rules of sethostname(2) (Syscalls/system.c), then proc_dostring's. */
static long store_uts_field(char *field, const struct iobuf *b, size_t n, uint64_t *pos)
{
	char buf[UTS_NAME_MAX];
	size_t len = strnlen(field, UTS_NAME_MAX), take, k = 0;

	if (curproc->cred.euid != 0 || (curproc->jail && curproc->utsns == &utsns_initial))
		return -EPERM;
	if (*pos > len)
		return (long)n;
	take = MIN(n, UTS_NAME_MAX - (size_t)*pos);
	TRY(iobuf_get(b, 0, buf, take));
	while (k < take && buf[k] && buf[k] != '\n')
		k++;
	memcpy(field + *pos, buf, k);
	field[*pos + k] = 0;
	*pos += n;
	return (long)n;
}

static long store_hostname(const struct iobuf *b, size_t n, uint64_t *pos)
{
	return store_uts_field(curproc->utsns->name.nodename, b, n, pos);
}

static long store_domainname(const struct iobuf *b, size_t n, uint64_t *pos)
{
	return store_uts_field(curproc->utsns->name.domainname, b, n, pos);
}

enum { SYS_KERNEL, SYS_RANDOM, SYS_FS };

#define SYS_DIR(name, in) { name, P_SYS_DIR, S_IFDIR | 0555, NULL, in, NULL }
#define SYS_RO(name, in, show) { name, P_SYS_FILE, S_IFREG | 0444, show, in, NULL }
#define SYS_RW(name, in, show, store) { name, P_SYS_FILE, S_IFREG | 0644, show, in, store }

const struct proc_entry procfs_sys_entries[] = {
	[SYS_KERNEL] = SYS_DIR("kernel", PROCFS_SYS_TOP),
	[SYS_RANDOM] = SYS_DIR("random", SYS_KERNEL),
	[SYS_FS] = SYS_DIR("fs", PROCFS_SYS_TOP),
	SYS_RW("domainname", SYS_KERNEL, show_domainname, store_domainname),
	SYS_RW("hostname", SYS_KERNEL, show_hostname, store_hostname),
	SYS_RO("ngroups_max", SYS_KERNEL, show_ngroups_max),
	SYS_RO("osrelease", SYS_KERNEL, show_osrelease),
	SYS_RO("ostype", SYS_KERNEL, show_ostype),
	SYS_RO("pid_max", SYS_KERNEL, show_pid_max),
	SYS_RO("threads-max", SYS_KERNEL, show_threads_max),
	SYS_RO("version", SYS_KERNEL, show_version),
	SYS_RO("boot_id", SYS_RANDOM, show_boot_id),
	SYS_RO("uuid", SYS_RANDOM, show_uuid),
	SYS_RO("file-max", SYS_FS, show_file_max),
	SYS_RO("nr_open", SYS_FS, show_nr_open),
};

const size_t procfs_sys_count = ARRAY_SIZE(procfs_sys_entries);
