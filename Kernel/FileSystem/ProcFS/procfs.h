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

/* The generators: each fills `s` for process p (NULL for the global files),
 * as seen from namespace ns. */
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
