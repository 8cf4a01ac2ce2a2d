/*
 * mount's options: the -o words and what they mean (MS_* flags, loop settings,
 * or file-system data), and the per-mount flags a mount has now, which a remount
 * keeps. Shared by mount.c's option parsing and its remount path.
 */
#pragma once

#include <stdint.h>
#include <sys/mount.h>

#define MOUNT_USAGE 1 /* util-linux's status for bad usage */
#define MOUNT_FAIL 32 /* ... and for a failed mount */

struct mount_request {
	unsigned long flags;
	unsigned long cleared; /* flags the options turned off (rw, suid...) */
	char data[1024];
	int loop;
	uint64_t offset;
	const char *type;
};

/* The flags that belong to one mount (as opposed to the file system). */
#define MOUNT_PER_MOUNT_FLAGS (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | \
			       MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME)

/* Folds the comma-separated -o LIST into R (LIST is cut up). Returns 0, or
 * MOUNT_USAGE after a message. */
int mount_parse_options(struct mount_request *r, char *list);

/* Undoes /proc/mounts' octal escapes in place; returns S. */
char *mount_unescape(char *s);

/*
 * The per-mount flags DIR has now, from its /proc/mounts line (the last one, the
 * top of the stack), so that `-o remount,ro` keeps nosuid and the like, as
 * util-linux does. 0 when DIR is not found.
 */
unsigned long mount_current_flags(const char *dir);
