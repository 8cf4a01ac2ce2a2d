/*
 * erofs_fuzz.c - libFuzzer target for the EROFS parser core.
 *
 * Each input is an image: it is mounted through the same in-memory device as
 * the host tests (whose read callback aborts if the core ever asks for bytes
 * outside the image or across a block), then walked completely and boundedly
 * (walk.c): readdir, lookup of every name, iget, data reads, readlink and
 * every xattr. Only crashes, sanitizer reports, hangs and contract aborts
 * count; error returns are the expected outcome for most inputs.
 *
 * The superblock CRC is recomputed before mounting (when the image asks for
 * one), or the fuzzer would almost never get past the checksum. A checksum
 * failure path is still reached through inputs too short to fix.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "erofs_fs.h"
#include "image.h"
#include "walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem_image img;
	struct erofs_sb_info sbi;
	struct walk_stats st;

	memset(&img, 0, sizeof(img));
	img.quiet = 1;
	img.size = size;
	img.data = malloc(size ? size : 1);
	if (!img.data)
		return 0;
	memcpy(img.data, data, size);
	/* Fix the CRC for inputs whose first byte of the superblock's block says so. */
	if (size >= 4096 && (data[0] & 1))
		mem_image_fix_crc(&img);
	if (mem_image_mount(&img, &sbi) == 0)
		erofs_walk_image(&sbi, &st);
	free(img.data);
	return 0;
}
