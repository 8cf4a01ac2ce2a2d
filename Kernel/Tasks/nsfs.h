/*
 * Namespace files: what /proc/PID/ns/{mnt,pid,uts} resolve to. Opening one gives a
 * file whose inode pins the namespace; setns(2) takes such a file.
 */
#pragma once

#include <stddef.h>

#include "FileSystem/VFS/vfs.h"

struct process;

enum { NS_MNT, NS_PID, NS_UTS };

/* The namespace file of p's namespace `type`, as a path with a reference. */
int nsfs_path(struct process *p, int type, struct path *out);
/* "mnt:[4026531840]" */
long nsfs_name(struct process *p, int type, char *buf, size_t size);
/* If f is a namespace file: its type (NS_*) and namespace pointer; else -EINVAL. */
int nsfs_identify(struct file *f, int *type, void **ns);
