/*
 * storage-disk IMAGE BYTES: writes the storage test disk (layout in
 * Tests/Guest/Storage/storage_disk.h) that the storage boot test attaches as
 * /dev/vda and the guest suite checks byte by byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage_disk.h"

int main(int argc, char **argv)
{
	static unsigned char buf[65536];
	unsigned long long size, off = 0;
	FILE *f;

	if (argc != 3 || (size = strtoull(argv[2], NULL, 0)) < STORAGE_DISK_MAGIC_LEN || size % 512) {
		fprintf(stderr, "usage: storage-disk IMAGE BYTES (a multiple of 512)\n");
		return 2;
	}
	f = fopen(argv[1], "wb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	while (off < size) {
		size_t n = size - off < sizeof(buf) ? (size_t)(size - off) : sizeof(buf);
		for (size_t i = 0; i < n; i++)
			buf[i] = storage_disk_byte(off + i);
		if (off == 0)
			memcpy(buf, STORAGE_DISK_MAGIC, STORAGE_DISK_MAGIC_LEN);
		if (fwrite(buf, 1, n, f) != n) {
			perror(argv[1]);
			return 1;
		}
		off += n;
	}
	if (fclose(f) != 0) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}
