/*
 * uid/gid <-> name. libc's getpwuid() reads /etc/passwd from the top on every call,
 * which makes `ls -l` of a large directory quadratic; a small direct-mapped cache
 * keeps the last answers (including "no such id") for the life of the process.
 */
#include "id_names.h"
#include "bb.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_CACHE 32

struct id_slot {
	int used;
	unsigned id;
	char name[64];
	int found;
};

static struct id_slot user_cache[ID_CACHE], group_cache[ID_CACHE];
static char label_buf[2][24];

static const char *cached(struct id_slot *cache, unsigned id, int is_group)
{
	struct id_slot *s = &cache[id % ID_CACHE];
	const char *name = NULL;

	if (s->used && s->id == id)
		return s->found ? s->name : NULL;
	if (is_group) {
		struct group *gr = getgrgid((gid_t)id);
		name = gr ? gr->gr_name : NULL;
	} else {
		struct passwd *pw = getpwuid((uid_t)id);
		name = pw ? pw->pw_name : NULL;
	}
	s->used = 1;
	s->id = id;
	s->found = name != NULL;
	if (name)
		snprintf(s->name, sizeof(s->name), "%s", name);
	return s->found ? s->name : NULL;
}

const char *id_user_name(uid_t uid)
{
	return cached(user_cache, uid, 0);
}

const char *id_group_name(gid_t gid)
{
	return cached(group_cache, gid, 1);
}

const char *id_user_label(uid_t uid)
{
	const char *n = id_user_name(uid);

	if (n)
		return n;
	snprintf(label_buf[0], sizeof(label_buf[0]), "%u", (unsigned)uid);
	return label_buf[0];
}

const char *id_group_label(gid_t gid)
{
	const char *n = id_group_name(gid);

	if (n)
		return n;
	snprintf(label_buf[1], sizeof(label_buf[1]), "%u", (unsigned)gid);
	return label_buf[1];
}

static int parse_number(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || v > 0xfffffffeUL)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int id_parse_user(const char *name, uid_t *out)
{
	struct passwd *pw = getpwnam(name);
	unsigned v;

	if (pw) {
		*out = pw->pw_uid;
		return 0;
	}
	if (parse_number(name, &v) != 0)
		return -1;
	*out = v;
	return 0;
}

int id_parse_group(const char *name, gid_t *out)
{
	struct group *gr = getgrnam(name);
	unsigned v;

	if (gr) {
		*out = gr->gr_gid;
		return 0;
	}
	if (parse_number(name, &v) != 0)
		return -1;
	*out = v;
	return 0;
}

/* Splits SPEC at ':' (or '.' when there is no ':' and the whole is not a user). */
static char *owner_split(char *spec)
{
	char *sep = strchr(spec, ':');

	if (!sep && !getpwnam(spec))
		sep = strchr(spec, '.');
	if (sep)
		*sep++ = 0;
	return sep;
}

int id_parse_owner(const char *spec, uid_t *uid, gid_t *gid)
{
	char *copy = strdup(spec), *group;
	int rc = 0;

	if (!copy)
		bb_die(1, "out of memory");
	*uid = (uid_t)-1;
	*gid = (gid_t)-1;
	group = owner_split(copy);
	if (*copy && id_parse_user(copy, uid) != 0) {
		bb_warn("invalid user: '%s'", spec);
		rc = -1;
	} else if (group && *group && id_parse_group(group, gid) != 0) {
		bb_warn("invalid group: '%s'", spec);
		rc = -1;
	} else if (group && !*group && *copy) {
		struct passwd *pw = getpwuid(*uid);
		if (pw)
			*gid = pw->pw_gid;
	}
	free(copy);
	return rc;
}
