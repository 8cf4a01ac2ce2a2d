/*
 * User and group names: uid/gid to name for ls -l, stat, tar; name to id for chown.
 * Names come from /etc/passwd and /etc/group (through libc's getpwuid, getgrgid and friends).
 */
#pragma once

#include <sys/types.h>

/* The user name of UID, or NULL if /etc/passwd has none. The string stays valid
 * until the next call. Results are cached, so listing many files is cheap. */
const char *id_user_name(uid_t uid);
const char *id_group_name(gid_t gid);

/* The user name of UID, or its number as text: what ls -l shows. */
const char *id_user_label(uid_t uid);
const char *id_group_label(gid_t gid);

/* Looks NAME up as a user name, else reads it as a number.
 * Returns 0 and *OUT, or -1 if it is neither. */
int id_parse_user(const char *name, uid_t *out);
int id_parse_group(const char *name, gid_t *out);

/*
 * Parses chown's OWNER[:GROUP] (also OWNER., :GROUP, OWNER:). *UID and *GID are
 * set to -1 for the parts not given; with "OWNER:" the group is the owner's login
 * group. Returns 0, or -1 after printing "invalid user/group: 'SPEC'".
 */
int id_parse_owner(const char *spec, uid_t *uid, gid_t *gid);
