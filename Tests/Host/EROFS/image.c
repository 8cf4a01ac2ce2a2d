/*
 * image.c - the in-memory block device behind the EROFS host tests and the
 * fuzzer. The read callback asserts the core's side of the contract (ranges
 * inside the image, never crossing a block boundary) so that a violation
 * shows up as a test failure rather than silently working on the host.
 */
#include "image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crc32c.h"
#include "erofs_fs.h"

static int mem_read(void *ctx, uint64_t offset, void *buf, size_t len)
{
	struct mem_image *img = ctx;

	if (offset > img->size || len > img->size - offset) {
		fprintf(stderr, "image: read of %zu at %llu beyond the image: the core must check ranges\n",
			len, (unsigned long long)offset);
		abort();
	}
	if (len && (offset >> 12) != ((offset + len - 1) >> 12)) {
		fprintf(stderr, "image: read of %zu at %llu crosses a block boundary\n",
			len, (unsigned long long)offset);
		abort();
	}
	memcpy(buf, img->data + offset, len);
	return 0;
}

static void mem_log(void *ctx, const char *msg)
{
	struct mem_image *img = ctx;

	snprintf(img->last_log, sizeof(img->last_log), "%s", msg);
	img->log_lines++;
	if (!img->quiet)
		fprintf(stderr, "  [log] %s\n", msg);
}

const struct erofs_ops mem_image_ops = { .read = mem_read, .log = mem_log };

void mem_image_load(struct mem_image *img, const char *path)
{
	FILE *f = fopen(path, "rb");
	long n;

	memset(img, 0, sizeof(*img));
	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "image: cannot open %s\n", path);
		exit(1);
	}
	img->size = (size_t)n;
	img->data = malloc(img->size ? img->size : 1);
	if (!img->data || fread(img->data, 1, img->size, f) != img->size) {
		fprintf(stderr, "image: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
}

void mem_image_free(struct mem_image *img)
{
	free(img->data);
	img->data = NULL;
}

int mem_image_mount(struct mem_image *img, struct erofs_sb_info *sbi)
{
	return erofs_mount(sbi, &mem_image_ops, img, img->size);
}

void mem_image_fix_crc(struct mem_image *img)
{
	struct erofs_super_block *sb = (void *)(img->data + EROFS_SUPER_OFFSET);
	size_t blksz = (size_t)1 << (sb->blkszbits > 16 ? 12 : sb->blkszbits);
	size_t len = blksz > EROFS_SUPER_OFFSET ? blksz - EROFS_SUPER_OFFSET : blksz;

	if (img->size < 4096)
		return;
	if (EROFS_SUPER_OFFSET + len > img->size)
		len = 4096 - EROFS_SUPER_OFFSET;
	sb->checksum = 0;
	sb->checksum = erofs_crc32c(~0u, img->data + EROFS_SUPER_OFFSET, len);
}
