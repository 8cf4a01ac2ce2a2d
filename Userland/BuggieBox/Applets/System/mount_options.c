/*
 * mount's -o words. The table maps each flag word to the MS_* bits it sets and
 * clears; "loop" and "offset=N" configure the loop device; any other word is the
 * file system's business and is passed on in the data string, in order. The
 * request also remembers which flags the words turned off, so a remount can keep
 * the others from the mount's current /proc/mounts line.
 */
#include "mount_options.h"
#include "Lib/bb.h"
#include "Lib/procfs.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	unsigned long set, clear;
} mount_flags[] = {
	{ "ro", MS_RDONLY, 0 },         { "rw", 0, MS_RDONLY },
	{ "nosuid", MS_NOSUID, 0 },     { "suid", 0, MS_NOSUID },
	{ "nodev", MS_NODEV, 0 },       { "dev", 0, MS_NODEV },
	{ "noexec", MS_NOEXEC, 0 },     { "exec", 0, MS_NOEXEC },
	{ "sync", MS_SYNCHRONOUS, 0 },  { "async", 0, MS_SYNCHRONOUS },
	{ "dirsync", MS_DIRSYNC, 0 },   { "remount", MS_REMOUNT, 0 },
	{ "bind", MS_BIND, 0 },         { "rbind", MS_BIND | MS_REC, 0 },
	{ "move", MS_MOVE, 0 },         { "noatime", MS_NOATIME, 0 },
	{ "atime", 0, MS_NOATIME },     { "nodiratime", MS_NODIRATIME, 0 },
	{ "diratime", 0, MS_NODIRATIME }, { "relatime", MS_RELATIME, 0 },
	{ "norelatime", 0, MS_RELATIME }, { "strictatime", MS_STRICTATIME, 0 },
	{ "lazytime", MS_LAZYTIME, 0 }, { "silent", MS_SILENT, 0 },
	{ "private", MS_PRIVATE, 0 },   { "rprivate", MS_PRIVATE | MS_REC, 0 },
	{ "shared", MS_SHARED, 0 },     { "rshared", MS_SHARED | MS_REC, 0 },
	{ "slave", MS_SLAVE, 0 },       { "rslave", MS_SLAVE | MS_REC, 0 },
	{ "unbindable", MS_UNBINDABLE, 0 }, { "runbindable", MS_UNBINDABLE | MS_REC, 0 },
	{ "defaults", 0, 0 },           { "auto", 0, 0 },
	{ "noauto", 0, 0 },             { "user", 0, 0 },
	{ "nouser", 0, 0 },             { "_netdev", 0, 0 },
};

/* Undoes /proc/mounts' octal escapes (\040 space, \011 tab, \012, \134) in place. */
char *mount_unescape(char *s)
{
	char *o = s;

	for (char *i = s; *i; i++) {
		if (i[0] == '\\' && i[1] >= '0' && i[1] <= '3' && i[2] >= '0' && i[2] <= '7' &&
		    i[3] >= '0' && i[3] <= '7') {
			*o++ = (char)((i[1] - '0') * 64 + (i[2] - '0') * 8 + (i[3] - '0'));
			i += 3;
		} else
			*o++ = *i;
	}
	*o = '\0';
	return s;
}

static void add_data(struct mount_request *r, const char *word)
{
	size_t used = strlen(r->data);

	snprintf(r->data + used, sizeof(r->data) - used, "%s%s", used ? "," : "", word);
}

int mount_parse_options(struct mount_request *r, char *list)
{
	char *save = NULL;

	for (char *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		size_t i, n = sizeof(mount_flags) / sizeof(mount_flags[0]);
		for (i = 0; i < n && strcmp(w, mount_flags[i].name) != 0; i++)
			;
		if (i < n) {
			r->flags = (r->flags | mount_flags[i].set) & ~mount_flags[i].clear;
			r->cleared = (r->cleared | mount_flags[i].clear) & ~mount_flags[i].set;
		} else if (strcmp(w, "loop") == 0) {
			r->loop = 1;
		} else if (strncmp(w, "offset=", 7) == 0) {
			char *end;
			r->offset = strtoull(w + 7, &end, 0);
			if (*end || !w[7]) {
				bb_warn("invalid offset '%s'", w + 7);
				return MOUNT_USAGE;
			}
		} else
			add_data(r, w);
	}
	return 0;
}

unsigned long mount_current_flags(const char *dir)
{
	char *text = procfs_slurp("/proc/mounts", NULL), *save = NULL, want[4096];
	struct mount_request now = { 0 };
	char opts[1024] = "";

	if (!text || !realpath(dir, want)) {
		free(text);
		return 0;
	}
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char mnt[4096], o[1024];
		if (sscanf(line, "%*s %4095s %*s %1023s", mnt, o) == 2 && strcmp(mount_unescape(mnt), want) == 0)
			snprintf(opts, sizeof(opts), "%s", o);
	}
	free(text);
	mount_parse_options(&now, opts);
	return now.flags & MOUNT_PER_MOUNT_FLAGS;
}
