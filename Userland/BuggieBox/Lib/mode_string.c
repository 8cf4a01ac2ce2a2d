/*
 * Mode strings and chmod's mode language.
 *
 * mode_apply() interprets POSIX chmod's grammar:
 *   mode    := octal | clause[,clause]...
 *   clause  := who* action+        who := u|g|o|a
 *   action  := op (perm* | u | g | o)    op := + | - | =
 *   perm    := r|w|x|X|s|t
 * Each action works on the result of the previous one, so "u=rw,g=u" copies the
 * user bits just set. X means x if the file is a directory or already has an x bit.
 * A clause with no who acts on all of ugo but leaves the bits in the umask alone.
 */
#include "mode_string.h"

#include <sys/stat.h>

char mode_type_char(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return 'd';
	case S_IFLNK: return 'l';
	case S_IFCHR: return 'c';
	case S_IFBLK: return 'b';
	case S_IFIFO: return 'p';
	case S_IFSOCK: return 's';
	default: return '-';
	}
}

const char *mode_type_name(mode_t mode, int empty)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return "directory";
	case S_IFLNK: return "symbolic link";
	case S_IFCHR: return "character special file";
	case S_IFBLK: return "block special file";
	case S_IFIFO: return "fifo";
	case S_IFSOCK: return "socket";
	case S_IFREG: return empty ? "regular empty file" : "regular file";
	default: return "weird file";
	}
}

/* The execute-position character for one of u/g/o given its x and special bits. */
static char exec_char(int x, int special, char on, char off)
{
	if (special)
		return x ? on : off;
	return x ? 'x' : '-';
}

void mode_string(mode_t m, char out[11])
{
	out[0] = mode_type_char(m);
	out[1] = m & S_IRUSR ? 'r' : '-';
	out[2] = m & S_IWUSR ? 'w' : '-';
	out[3] = exec_char(m & S_IXUSR, m & S_ISUID, 's', 'S');
	out[4] = m & S_IRGRP ? 'r' : '-';
	out[5] = m & S_IWGRP ? 'w' : '-';
	out[6] = exec_char(m & S_IXGRP, m & S_ISGID, 's', 'S');
	out[7] = m & S_IROTH ? 'r' : '-';
	out[8] = m & S_IWOTH ? 'w' : '-';
	out[9] = exec_char(m & S_IXOTH, m & S_ISVTX, 't', 'T');
	out[10] = 0;
}

/* Parses a whole-string octal mode; returns -1 if SPEC is not one. */
static int parse_octal(const char *spec, mode_t *out)
{
	mode_t m = 0;

	if (!*spec)
		return -1;
	for (const char *p = spec; *p; p++) {
		if (*p < '0' || *p > '7')
			return -1;
		m = m * 8 + (mode_t)(*p - '0');
		if (m > 07777)
			return -1;
	}
	*out = m;
	return 0;
}

/* The permission bits of the who-class letter C (u, g or o) in MODE, spread to all three classes. */
static mode_t copy_class(mode_t mode, char c)
{
	mode_t bits = c == 'u' ? (mode >> 6) & 7 : c == 'g' ? (mode >> 3) & 7 : mode & 7;

	return bits << 6 | bits << 3 | bits;
}

/* The bits named by perm letters at *P (advancing it), before masking by who. */
static mode_t parse_perms(const char **p, mode_t cur, int is_dir)
{
	mode_t bits = 0;

	if (**p == 'u' || **p == 'g' || **p == 'o')
		return copy_class(cur, *(*p)++);
	for (;; (*p)++) {
		switch (**p) {
		case 'r': bits |= 0444; break;
		case 'w': bits |= 0222; break;
		case 'x': bits |= 0111; break;
		case 'X': if (is_dir || (cur & 0111)) bits |= 0111; break;
		case 's': bits |= S_ISUID | S_ISGID; break;
		case 't': bits |= S_ISVTX; break;
		default: return bits;
		}
	}
}

/* Applies one clause at *P (advancing it to the ',' or the end). */
static int apply_clause(const char **p, mode_t *cur, mode_t umask, int is_dir)
{
	mode_t who = 0;
	int masked = 0;

	for (;; (*p)++) {
		if (**p == 'u') who |= S_ISUID | 0700;
		else if (**p == 'g') who |= S_ISGID | 0070;
		else if (**p == 'o') who |= 0007;
		else if (**p == 'a') who |= S_ISUID | S_ISGID | 0777;
		else break;
	}
	if (!who) {
		who = S_ISUID | S_ISGID | S_ISVTX | 0777;
		masked = 1;
	}
	if (who & 0007 || masked)
		who |= S_ISVTX;
	if (**p != '+' && **p != '-' && **p != '=')
		return -1;
	while (**p == '+' || **p == '-' || **p == '=') {
		char op = *(*p)++;
		mode_t bits = parse_perms(p, *cur, is_dir) & who;
		if (masked)
			bits &= ~umask;
		if (op == '+')
			*cur |= bits;
		else if (op == '-')
			*cur &= ~bits;
		else
			*cur = (*cur & ~(who & (masked ? ~umask : ~(mode_t)0) & ~(is_dir ? (S_ISUID | S_ISGID) & ~bits : 0))) | bits;
	}
	return **p == ',' || **p == 0 ? 0 : -1;
}

int mode_apply(const char *spec, mode_t old, mode_t umask, mode_t *out)
{
	mode_t cur = old & 07777;
	int is_dir = S_ISDIR(old);

	if (*spec >= '0' && *spec <= '7')
		return parse_octal(spec, out);
	for (const char *p = spec;;) {
		if (apply_clause(&p, &cur, umask, is_dir) != 0)
			return -1;
		if (!*p)
			break;
		p++;
	}
	*out = cur;
	return 0;
}
