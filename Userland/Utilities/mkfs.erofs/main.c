/*
 * mkfs.erofs: builds an uncompressed EROFS image from a directory or a tar archive.
 *
 *   mkfs.erofs [options] IMAGE SOURCE
 *   mkfs.erofs --tar=f [options] IMAGE [TARFILE|-]
 *
 * Option names follow erofs-utils where they overlap. The program runs in three
 * phases: read the source into an in-memory tree (tree_dir.c / tree_tar.c), decide
 * the layout (layout.c), write the image (image.c). Everything is sorted, and nothing
 * depends on the clock or on chance unless asked (-U random, or no -U at all: a
 * random UUID, as erofs-utils does), so the same source with -T and -U gives a
 * byte-identical image.
 *
 * Exit status: 0 on success, 1 when the image could not be made, 2 for usage errors
 * (unknown or unsupported options, bad values).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mkfs.h"

struct mkfs_options mkfs_opt = { .xattrs = 1, .force_uid = -1, .force_gid = -1 };

static const char usage_text[] =
	"Usage: mkfs.erofs [options] IMAGE SOURCE\n"
	"       mkfs.erofs --tar=f [options] IMAGE [TARFILE|-]\n"
	"Build an uncompressed EROFS image (block size 4096) from directory SOURCE.\n"
	"\n"
	"  -T EPOCH            set every inode's mtime and the build time to EPOCH\n"
	"  -U UUID             filesystem UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx,\n"
	"                      \"clear\" or \"random\"; default random)\n"
	"  -L LABEL            volume label (at most 16 bytes)\n"
	"  -x N                N < 0: store no xattrs; otherwise store user., trusted.\n"
	"                      and security. xattrs inline (the default)\n"
	"  -E OPT[,OPT...]     noinline_data, nosbcrc, force-inode-extended,\n"
	"                      force-chunk-indexes\n"
	"  --chunksize=N       store regular files CHUNK_BASED with N-byte chunks\n"
	"                      (a power of two, at least 4096); all-zero chunks are holes\n"
	"  --all-root          make every file owned by 0:0\n"
	"  --force-uid=UID     make every file owned by UID\n"
	"  --force-gid=GID     make every file's group GID\n"
	"  --tar=f             SOURCE is a tar archive (ustar, GNU or pax; \"-\" or none:\n"
	"                      standard input)\n"
	"  --quiet             print nothing on success\n"
	"  --help              show this help\n";

static _Noreturn void usage_error(const char *fmt, const char *arg)
{
	fputs("mkfs.erofs: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'mkfs.erofs --help'.\n", stderr);
	exit(2);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* getrandom(), or /dev/urandom where the kernel lacks it. */
static void random_bytes(uint8_t *p, size_t n)
{
	if (getrandom(p, n, 0) == (ssize_t)n)
		return;
	int fd = open("/dev/urandom", O_RDONLY);
	if (fd < 0 || read(fd, p, n) != (ssize_t)n)
		mkfs_die_errno("cannot get random bytes for the UUID (use -U)");
	close(fd);
}

static void random_uuid(uint8_t *uuid)
{
	random_bytes(uuid, 16);
	uuid[6] = (uuid[6] & 0x0f) | 0x40; /* version 4 */
	uuid[8] = (uuid[8] & 0x3f) | 0x80; /* RFC 4122 variant */
}

static void parse_uuid(const char *s)
{
	mkfs_opt.uuid_given = 1;
	if (strcmp(s, "clear") == 0) {
		memset(mkfs_opt.uuid, 0, 16);
		return;
	}
	if (strcmp(s, "random") == 0) {
		random_uuid(mkfs_opt.uuid);
		return;
	}
	size_t n = 0;
	for (size_t i = 0; s[i]; i++) {
		if ((i == 8 || i == 13 || i == 18 || i == 23) && s[i] == '-')
			continue;
		int hi = hexval(s[i]), lo = s[i + 1] ? hexval(s[i + 1]) : -1;
		if (hi < 0 || lo < 0 || n == 16)
			usage_error("invalid UUID '%s'", s);
		mkfs_opt.uuid[n++] = (uint8_t)(hi << 4 | lo);
		i++;
	}
	if (n != 16 || strlen(s) != 36)
		usage_error("invalid UUID '%s'", s);
}

static uint64_t parse_number(const char *s, const char *what)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || !*s || *end || *s == '-')
		usage_error(what, s);
	return v;
}

static void parse_extended(char *list)
{
	for (char *opt = strtok(list, ","); opt; opt = strtok(NULL, ",")) {
		if (strcmp(opt, "noinline_data") == 0)
			mkfs_opt.noinline_data = 1;
		else if (strcmp(opt, "nosbcrc") == 0)
			mkfs_opt.nosbcrc = 1;
		else if (strcmp(opt, "force-inode-extended") == 0)
			mkfs_opt.force_extended = 1;
		else if (strcmp(opt, "force-chunk-indexes") == 0)
			mkfs_opt.chunk_indexes = 1;
		else
			usage_error("extended option '%s' not supported", opt);
	}
}

static void parse_chunksize(const char *s)
{
	uint64_t v = parse_number(s, "invalid chunk size '%s'");
	unsigned bits = 0;
	while (bits < 63 && ((uint64_t)1 << bits) < v)
		bits++;
	if (((uint64_t)1 << bits) != v || bits < MKFS_BLKSZBITS ||
	    bits - MKFS_BLKSZBITS > EROFS_CHUNK_FORMAT_BLKBITS_MASK)
		usage_error("chunk size '%s' must be a power of two from 4096 to 2^43", s);
	mkfs_opt.chunkbits = bits;
}

enum { OPT_ALL_ROOT = 256, OPT_CHUNKSIZE, OPT_QUIET, OPT_TAR, OPT_HELP, OPT_FORCE_UID, OPT_FORCE_GID };

static const struct option long_options[] = {
	{ "all-root", no_argument, NULL, OPT_ALL_ROOT },
	{ "chunksize", required_argument, NULL, OPT_CHUNKSIZE },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "tar", optional_argument, NULL, OPT_TAR },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "force-uid", required_argument, NULL, OPT_FORCE_UID },
	{ "force-gid", required_argument, NULL, OPT_FORCE_GID },
	{ 0 },
};

static void parse_option(int c, char *arg)
{
	switch (c) {
	case 'T':
		mkfs_opt.fixed_time = 1;
		mkfs_opt.epoch = parse_number(arg, "invalid timestamp '%s'");
		break;
	case 'U': parse_uuid(arg); break;
	case 'L':
		if (strlen(arg) > 16)
			usage_error("volume label '%s' is longer than 16 bytes", arg);
		strcpy(mkfs_opt.label, arg);
		break;
	case 'x': {
		char *end;
		long v = strtol(arg, &end, 10);
		if (!*arg || *end)
			usage_error("invalid xattr tolerance '%s'", arg);
		mkfs_opt.xattrs = v >= 0;
		break;
	}
	case 'E': parse_extended(arg); break;
	case OPT_ALL_ROOT: mkfs_opt.all_root = 1; break;
	case OPT_CHUNKSIZE: parse_chunksize(arg); break;
	case OPT_QUIET: mkfs_opt.quiet = 1; break;
	case OPT_FORCE_UID:
		mkfs_opt.force_uid = (int64_t)parse_number(arg, "invalid uid '%s'");
		break;
	case OPT_FORCE_GID:
		mkfs_opt.force_gid = (int64_t)parse_number(arg, "invalid gid '%s'");
		break;
	case OPT_TAR:
		if (arg && strcmp(arg, "f") != 0)
			usage_error("--tar=%s not supported (only --tar=f, full data)", arg);
		mkfs_opt.from_tar = 1;
		break;
	case OPT_HELP:
		fputs(usage_text, stdout);
		exit(0);
	case 'z': case 'C':
		usage_error("compression (-%s) not supported: Atoll's mkfs.erofs writes uncompressed images",
			    c == 'z' ? "z" : "C");
	default:
		usage_error("%s", "bad option");
	}
}

static void parse_args(int argc, char **argv)
{
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":T:U:L:x:E:z:C:", long_options, NULL)) != -1) {
		if (c == '?')
			usage_error("unknown option '%s'", argv[optind - 1]);
		if (c == ':')
			usage_error("option '%s' needs a value", argv[optind - 1]);
		parse_option(c, optarg);
	}
	int left = argc - optind;
	if (left < 1 || left > 2 || (left == 1 && !mkfs_opt.from_tar))
		usage_error("%s", left < 2 ? "missing IMAGE or SOURCE" : "too many arguments");
	mkfs_opt.image = argv[optind];
	mkfs_opt.source = left == 2 ? argv[optind + 1] : "-";
	if (!mkfs_opt.uuid_given)
		random_uuid(mkfs_opt.uuid);
}

static int open_image(void)
{
	struct stat st;
	int exists = stat(mkfs_opt.image, &st) == 0;
	int flags = O_WRONLY | O_CREAT | (exists && S_ISBLK(st.st_mode) ? 0 : O_TRUNC);
	int fd = open(mkfs_opt.image, flags, 0644);
	if (fd < 0)
		mkfs_die_errno("%s: cannot create the image", mkfs_opt.image);
	if (!exists || S_ISREG(st.st_mode))
		mkfs_set_cleanup(mkfs_opt.image);
	return fd;
}

int main(int argc, char **argv)
{
	parse_args(argc, argv);
	struct mkfs_tree tree = { 0 };
	int tar_fd = -1;
	struct stat src;
	if (!mkfs_opt.from_tar && stat(mkfs_opt.source, &src) != 0)
		mkfs_die_errno("%s", mkfs_opt.source);
	if (!mkfs_opt.from_tar && !S_ISDIR(src.st_mode))
		mkfs_die(1, "%s: not a directory (use --tar=f for a tar archive)", mkfs_opt.source);
	int fd = open_image();
	if (mkfs_opt.from_tar) {
		tar_fd = mkfs_tree_from_tar(&tree, mkfs_opt.source);
	} else {
		struct stat st;
		if (fstat(fd, &st) != 0)
			mkfs_die_errno("%s", mkfs_opt.image);
		mkfs_tree_from_dir(&tree, mkfs_opt.source, st.st_dev, st.st_ino);
	}
	mkfs_tree_finish(&tree);
	mkfs_layout(&tree);
	uint32_t blocks = mkfs_write_image(&tree, fd, tar_fd);
	if (close(fd) != 0)
		mkfs_die_errno("%s: cannot write", mkfs_opt.image);
	mkfs_clear_cleanup();
	if (!mkfs_opt.quiet)
		printf("%s: %zu inodes, %u blocks (%llu bytes)\n", mkfs_opt.image, tree.ninodes,
		       blocks, (unsigned long long)blocks * MKFS_BLKSZ);
	return 0;
}
