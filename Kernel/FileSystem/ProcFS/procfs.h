/* procfs internals shared by its files (FileSystem/ProcFS). */
#pragma once

#include <stddef.h>

#include "FileSystem/VFS/vfs.h"

struct pid_namespace;
struct process;

/* A growable text buffer the /proc generators print into. */
struct seq {
	char *buf;
	size_t len, cap;
	int overflow;
};
void seq_write(struct seq *s, const void *data, size_t n);
void seq_printf(struct seq *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* What an entry is. The value is part of its inode number (procfs.c), so new types go
 * at the end. */
enum proc_type {
	P_ROOT, P_SELF, P_GLOBAL_FILE, P_PID_DIR, P_PID_FILE, P_PID_LINK, P_FD_DIR, P_FD_LINK, P_NS_DIR, P_NS_LINK,
	P_SYS_ROOT, P_SYS_DIR, P_SYS_FILE,
};

/* Fills `s` for process p (the opener for the global files), as seen from namespace ns. */
typedef void (*generator_t)(struct seq *s, struct process *p, struct pid_namespace *ns);
/* A write(2) to a writable file at *pos: returns the bytes consumed (advancing *pos)
 * or -E. */
typedef long (*store_t)(const struct iobuf *b, size_t n, uint64_t *pos);

/* One name in a table of entries. [I] all of it: the tables are const. */
struct proc_entry {
	const char *name;
	enum proc_type type;
	uint32_t mode;
	generator_t show;	/* files */
	int which;		/* links: which path; ns links: NS_*; /proc/sys: its directory */
	store_t store;		/* writable /proc/sys files; NULL elsewhere */
};

/* /proc/sys (procfs_sys.c): one flat table of everything below it, directories
 * included. An entry's `which` is the index of the directory holding it, or
 * PROCFS_SYS_TOP for /proc/sys itself; its index in the table is its inode's. */
#define PROCFS_SYS_TOP (-1)
extern const struct proc_entry procfs_sys_entries[];
extern const size_t procfs_sys_count;

/* The generators (procfs_files.c, and procfs_show_bcache in Devices/Block). */
void procfs_show_stat(struct seq *s, struct process *p, struct pid_namespace *ns);
void procfs_show_status(struct seq *s, struct process *p, struct pid_namespace *ns);
void procfs_show_mounts(struct seq *s, struct process *p, struct pid_namespace *ns);
void procfs_show_meminfo(struct seq *s, struct process *p, struct pid_namespace *ns);
void procfs_show_uptime(struct seq *s, struct process *p, struct pid_namespace *ns);
void procfs_show_loadavg(struct seq *s, struct process *p, struct pid_namespace *ns);
void procfs_show_filesystems(struct seq *s, struct process *p, struct pid_namespace *ns);
void procfs_show_cmdline_kernel(struct seq *s, struct process *p, struct pid_namespace *ns);
void procfs_show_version(struct seq *s, struct process *p, struct pid_namespace *ns);
void procfs_show_stat_global(struct seq *s, struct process *p, struct pid_namespace *ns);
void procfs_show_bcache(struct seq *s, struct process *p, struct pid_namespace *ns);	/* Devices/Block */
