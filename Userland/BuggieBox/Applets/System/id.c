/*
 * id and whoami: the process's (or a named user's) ids, with names from
 * /etc/passwd and /etc/group (Lib/id_names.c).
 *
 * Output follows coreutils: "uid=0(root) gid=0(root) groups=0(root)"; an id with
 * no name prints as a bare number, and with -n is an error (status 1, the number
 * still printed). The group list starts with the effective (or the user's login)
 * group, then the supplementary groups in order, each once.
 */
#include "Lib/bb.h"
#include "Lib/id_names.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_GROUPS 256

struct id_who {
	uid_t ruid, euid;
	gid_t rgid, egid;
	gid_t groups[MAX_GROUPS];
	int n_groups;
};

/* Appends G to W's list unless it is there already. */
static void add_group(struct id_who *w, gid_t g)
{
	for (int i = 0; i < w->n_groups; i++)
		if (w->groups[i] == g)
			return;
	if (w->n_groups < MAX_GROUPS)
		w->groups[w->n_groups++] = g;
}

static void who_self(struct id_who *w)
{
	gid_t sup[MAX_GROUPS];
	int n = getgroups(MAX_GROUPS, sup);

	w->ruid = getuid(), w->euid = geteuid();
	w->rgid = getgid(), w->egid = getegid();
	w->n_groups = 0;
	add_group(w, w->egid);
	for (int i = 0; i < n; i++)
		add_group(w, sup[i]);
}

/* Fills W for user NAME (a name or a number). Returns 0, or 1 after a message. */
static int who_user(const char *name, struct id_who *w)
{
	struct passwd *pw = getpwnam(name);
	char *end;

	if (!pw) {
		unsigned long v = strtoul(name, &end, 10);
		if (*name && !*end)
			pw = getpwuid((uid_t)v);
	}
	if (!pw) {
		bb_warn("'%s': no such user", name);
		return 1;
	}
	w->ruid = w->euid = pw->pw_uid;
	w->rgid = w->egid = pw->pw_gid;
	w->n_groups = 0;
	add_group(w, pw->pw_gid);
	/* The groups listing NAME as a member, read from the group file: musl's
	 * getgrouplist() asks nscd first and fails outright where there are no
	 * sockets (Atoll). */
	setgrent();
	for (struct group *gr; (gr = getgrent());)
		for (char **m = gr->gr_mem; *m; m++)
			if (!strcmp(*m, pw->pw_name))
				add_group(w, gr->gr_gid);
	endgrent();
	return 0;
}

/* Prints one id, as a name if NAMES; returns 1 if a name was wanted but missing. */
static int print_one(unsigned id, int is_group, int names)
{
	const char *name = is_group ? id_group_name(id) : id_user_name(id);

	if (names && name) {
		fputs(name, stdout);
		return 0;
	}
	printf("%u", id);
	if (names)
		bb_warn("cannot find name for %s ID %u", is_group ? "group" : "user", id);
	return names ? 1 : 0;
}

static void print_labelled(const char *label, unsigned id, int is_group)
{
	const char *name = is_group ? id_group_name(id) : id_user_name(id);

	printf(name ? "%s%u(%s)" : "%s%u", label, id, name);
}

static int print_full(const struct id_who *w)
{
	print_labelled("uid=", w->ruid, 0);
	print_labelled(" gid=", w->rgid, 1);
	if (w->euid != w->ruid)
		print_labelled(" euid=", w->euid, 0);
	if (w->egid != w->rgid)
		print_labelled(" egid=", w->egid, 1);
	for (int i = 0; i < w->n_groups; i++)
		print_labelled(i ? "," : " groups=", w->groups[i], 1);
	putchar('\n');
	return 0;
}

static int print_selected(const struct id_who *w, int what, int names, int real)
{
	int rc = 0;

	if (what == 'u')
		rc = print_one(real ? w->ruid : w->euid, 0, names);
	else if (what == 'g')
		rc = print_one(real ? w->rgid : w->egid, 1, names);
	else
		for (int i = 0; i < w->n_groups; i++) {
			if (i)
				putchar(' ');
			rc |= print_one(w->groups[i], 1, names);
		}
	putchar('\n');
	return rc;
}

int id_main(int argc, char **argv)
{
	struct id_who w;
	int opt, what = 0, names = 0, real = 0;

	while ((opt = getopt(argc, argv, "ugGnr")) != -1) {
		if (opt == 'n')
			names = 1;
		else if (opt == 'r')
			real = 1;
		else if (opt == 'u' || opt == 'g' || opt == 'G') {
			if (what && what != opt) {
				bb_warn("cannot print \"only\" of more than one choice");
				return 1;
			}
			what = opt;
		} else
			return bb_usage(), 1;
	}
	if (!what && (names || real)) {
		bb_warn("printing only names or real IDs requires -u, -g, or -G");
		return 1;
	}
	if (argc - optind > 1) {
		bb_warn("extra operand '%s'", argv[optind + 1]);
		return 1;
	}
	if (optind < argc) {
		if (who_user(argv[optind], &w))
			return 1;
	} else
		who_self(&w);
	return what ? print_selected(&w, what, names, real) : print_full(&w);
}

int whoami_main(int argc, char **argv)
{
	uid_t uid = geteuid();
	const char *name;

	if (argc > 1) {
		if (argv[1][0] == '-' && argv[1][1])
			return bb_usage(), 1;
		bb_warn("extra operand '%s'", argv[1]);
		return 1;
	}
	name = id_user_name(uid);
	if (!name) {
		bb_warn("cannot find name for user ID %u", (unsigned)uid);
		return 1;
	}
	printf("%s\n", name);
	return 0;
}
