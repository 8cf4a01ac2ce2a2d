/*
 * Pseudo-terminals, Linux's Unix98 interface: opening /dev/ptmx (5:2) makes a new
 * pair and returns its master; the slave is /dev/pts/N (136:N), shown by devpts
 * (FileSystem/DevPTS). Indexes are per pty namespace: every devpts mount without
 * `newinstance` (and /dev/ptmx in devfs) uses the initial one; each `newinstance`
 * mount has its own, so a container's /dev/pts shows only its own ptys.
 */
#pragma once

#include <stdint.h>

#include "Devices/TTY/tty.h"

#define PTY_MAX 64
#define PTY_SLAVE_MAJOR 136
#define PTMX_MAJOR 5
#define PTMX_MINOR 2

struct pty_ns;

/* The initial namespace (a reference is taken), or a new empty one (NULL: no memory). */
struct pty_ns *pty_ns_initial(void);
struct pty_ns *pty_ns_create(void);
/* Drops a reference; the namespace goes with its last mount and pty. */
void pty_ns_put(struct pty_ns *ns);

/* What devpts shows of pty N; 0, or -ENOENT when no pty has that index. */
struct pty_info {
	uint32_t uid, gid;	/* the opener of the master */
	int locked;		/* TIOCSPTLCK: the slave cannot be opened yet */
};
int pty_info(struct pty_ns *ns, int index, struct pty_info *out);
/* The index after `index` that is in use, or -1; for readdir (start with -1). */
int pty_next(struct pty_ns *ns, int index);

