/*
 * What must hold between the keys of a container configuration, checked once the
 * whole file is read (sections may come in any order): required sections and
 * keys, defaults, keys that do not apply to the chosen type, contradictions
 * between [isolation] and the rest, mount targets used twice, and sources that
 * must exist on the host.
 *
 * Where a message has no line of its own it points at the header of the section
 * concerned; a section that is missing altogether is reported at the last line of
 * the file (its end), 0 for an empty file.
 */
#include "config_internal.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static const char *const root_names[] = { "erofs", "tar", "dir" };
static const char *const root_with_article[] = { "an erofs root", "a tar root", "a dir root" };
static const char *const mount_names[] = { "tmpfs", "proc", "dev", "bind" };

const char *container_root_type_name(enum container_root_type type)
{
	return root_names[type];
}

const char *container_mount_type_name(enum container_mount_type type)
{
	return mount_names[type];
}

/* Reports a missing required key of section `sec` (or the section itself). */
static void need(struct config_parser *p, enum config_section sec, const char *section, const char *key)
{
	if (p->section_line[sec])
		config_error(p, p->section_line[sec], "[%s] needs '%s'", section, key);
	else
		config_error(p, p->nlines, "missing section [%s] (it needs '%s')", section, key);
}

/* A host path that must exist, with the kind `want` (S_IFREG, S_IFDIR, 0: any;
 * S_IFREG also accepts a block device). */
static void check_source(struct config_parser *p, int line, const char *path, mode_t want, const char *what)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			config_error(p, line, "source '%s' does not exist", path);
		else
			config_error(p, line, "source '%s': %s", path, strerror(errno));
		return;
	}
	if (want == S_IFDIR && !S_ISDIR(st.st_mode))
		config_error(p, line, "source '%s' is not a directory (%s)", path, what);
	if (want == S_IFREG && !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		config_error(p, line, "source '%s' is not a regular file (%s)", path, what);
}

static void check_container(struct config_parser *p)
{
	struct container_config *c = p->cfg;
	int *lines = p->key_line[SEC_CONTAINER];

	if (!lines[K_NAME])
		need(p, SEC_CONTAINER, "container", "name");
	if (lines[K_HOSTNAME] && !c->ns_uts)
		config_error(p, lines[K_HOSTNAME], "'hostname' needs its own UTS namespace, but line %d says 'uts = no'",
			p->key_line[SEC_ISOLATION][K_UTS]);
	if (!c->hostname && c->name && c->ns_uts)
		c->hostname = config_strdup(c->name);
	if (!c->argv && !lines[K_COMMAND]) {
		c->argv = container_split_command("/bin/sh", &c->argc, &(const char *){ NULL });
	}
	if (!c->workdir && !lines[K_WORKDIR])
		c->workdir = config_strdup("/");
}

static void check_root(struct config_parser *p)
{
	struct container_config *c = p->cfg;
	int *lines = p->key_line[SEC_ROOT];
	static const char *const what[] = { "an erofs root is an image file", "a tar root is an archive file",
		"a dir root is one" };

	if (!lines[K_ROOT_SOURCE])
		need(p, SEC_ROOT, "root", "source");
	else if (c->root_source)
		check_source(p, lines[K_ROOT_SOURCE], c->root_source,
			c->root_type == CONTAINER_ROOT_DIR ? S_IFDIR : S_IFREG, what[c->root_type]);
	if (lines[K_ROOT_SIZE] && c->root_type != CONTAINER_ROOT_TAR)
		config_error(p, lines[K_ROOT_SIZE], "'size' only applies to a tar root (this one is %s)",
			root_names[c->root_type]);
	if (c->root_type == CONTAINER_ROOT_TAR && !c->root_size)
		c->root_size = CONTAINER_DEFAULT_TAR_SIZE;
	if (c->root_type == CONTAINER_ROOT_EROFS) {
		if (lines[K_ROOT_READONLY] && !c->root_readonly)
			config_error(p, lines[K_ROOT_READONLY], "'readonly = no' contradicts an erofs root (EROFS images are read-only)");
		c->root_readonly = true;
	}
}

/* 'mount = no' shares the host's mount table: nothing can be mounted, so only a
 * dir root (entered with chroot) with no /proc, /dev or [mount] fits it. */
static void check_no_mountns(struct config_parser *p)
{
	struct container_config *c = p->cfg;
	int line = p->key_line[SEC_ISOLATION][K_MOUNTNS];

	if (c->ns_mount)
		return;
	if (c->root_type != CONTAINER_ROOT_DIR) {
		config_error(p, line, "%s needs its own mount namespace: 'mount = no' contradicts it",
			root_with_article[c->root_type]);
		return;
	}
	if (c->proc)
		config_error(p, line, "'mount = no' contradicts 'proc = yes' in [root] (a fresh /proc needs a mount namespace; set proc = no)");
	if (c->dev)
		config_error(p, line, "'mount = no' contradicts 'dev = yes' in [root] (a minimal /dev needs a mount namespace; set dev = no)");
	for (size_t i = 0; i < c->nmounts; i++)
		config_error(p, line, "'mount = no' contradicts the [mount] on line %d", c->mounts[i].line);
}

/* Returns whether the mount has what the rest of the checks need. */
static bool check_mount_keys(struct config_parser *p, struct container_mount *m, const int *lines)
{
	if (!lines[K_MOUNT_TYPE])
		config_error(p, m->line, "[mount] needs 'type'");
	if (!lines[K_MOUNT_TARGET])
		config_error(p, m->line, "[mount] needs 'target'");
	if ((int)m->type < 0 || !m->target)
		return false;
	if (m->type == CONTAINER_MOUNT_BIND && !lines[K_MOUNT_SOURCE])
		config_error(p, m->line, "a bind [mount] needs 'source'");
	if (m->type != CONTAINER_MOUNT_BIND && lines[K_MOUNT_SOURCE])
		config_error(p, lines[K_MOUNT_SOURCE], "'source' only applies to a bind mount (this one is %s)",
			mount_names[m->type]);
	if (m->type != CONTAINER_MOUNT_TMPFS && lines[K_MOUNT_SIZE])
		config_error(p, lines[K_MOUNT_SIZE], "'size' only applies to a tmpfs mount (this one is %s)",
			mount_names[m->type]);
	if (m->type == CONTAINER_MOUNT_TMPFS && !m->size)
		m->size = CONTAINER_DEFAULT_TMPFS_SIZE;
	if (m->type == CONTAINER_MOUNT_BIND && m->source)
		check_source(p, lines[K_MOUNT_SOURCE], m->source, 0, NULL);
	return true;
}

static void check_mount_target(struct config_parser *p, size_t index, int target_line)
{
	struct container_config *c = p->cfg;
	struct container_mount *m = &c->mounts[index];

	if (strcmp(m->target, "/") == 0) {
		config_error(p, target_line, "target '/' would cover the whole root");
		return;
	}
	if (c->proc && strcmp(m->target, "/proc") == 0)
		config_error(p, target_line, "target '/proc' is already mounted by 'proc = yes' in [root] (set proc = no there)");
	if (c->dev && strcmp(m->target, "/dev") == 0)
		config_error(p, target_line, "target '/dev' is already mounted by 'dev = yes' in [root] (set dev = no there)");
	for (size_t j = 0; j < index; j++) {
		if (c->mounts[j].target && strcmp(c->mounts[j].target, m->target) == 0) {
			config_error(p, target_line, "target '%s' is already mounted by the [mount] on line %d",
				m->target, c->mounts[j].line);
			break;
		}
	}
}

void config_check_all(struct config_parser *p)
{
	struct container_config *c = p->cfg;

	check_container(p);
	check_root(p);
	check_no_mountns(p);
	for (size_t i = 0; i < c->nmounts; i++)
		if (check_mount_keys(p, &c->mounts[i], p->mount_lines[i]))
			check_mount_target(p, i, p->mount_lines[i][K_MOUNT_TARGET]);
}
