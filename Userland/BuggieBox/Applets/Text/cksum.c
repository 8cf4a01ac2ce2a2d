/*
 * cksum: prints the POSIX CRC and the byte count of each file ("CRC SIZE NAME",
 * without NAME for standard input). The CRC itself is Lib/crc_posix.c.
 */
#include "Lib/bb.h"
#include "Lib/crc_posix.h"
#include "Lib/input.h"

#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

static int cksum_file(FILE *f, const char *path, void *ctx)
{
	const int *named = ctx;
	struct crc_posix crc;
	char buf[8192];
	size_t n;

	crc_posix_init(&crc);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		crc_posix_update(&crc, buf, n);
	if (ferror(f))
		return 0; /* input_close reports it */
	uint64_t len = crc.len;
	printf("%" PRIu32 " %" PRIu64, crc_posix_final(&crc), len);
	if (*named)
		printf(" %s", path);
	putchar('\n');
	return 0;
}

int cksum_main(int argc, char **argv)
{
	int c;

	optind = 0;
	while ((c = getopt(argc, argv, "")) != -1)
		return (bb_usage(), 1);
	int named = argc > optind;
	int status = input_each(argc - optind, argv + optind, cksum_file, &named);
	fflush(stdout);
	return status;
}
