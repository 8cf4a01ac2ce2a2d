/*
 * Loop devices: a regular file seen as a block device. Linux's ABI (loop(4)):
 * /dev/loop-control answers LOOP_CTL_GET_FREE with a free device number, and
 * /dev/loopN takes LOOP_CONFIGURE (Linux 5.8+) or the older LOOP_SET_FD followed
 * by LOOP_SET_STATUS64. musl ships no <linux/loop.h>, so the ABI is spelled here.
 * Used by losetup and mount -o loop; mkfs and container roots may use it too.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define LOOPDEV_SET_FD 0x4C00
#define LOOPDEV_CLR_FD 0x4C01
#define LOOPDEV_SET_STATUS64 0x4C04
#define LOOPDEV_GET_STATUS64 0x4C05
#define LOOPDEV_CONFIGURE 0x4C0A
#define LOOPDEV_CTL_GET_FREE 0x4C82

#define LOOPDEV_FLAG_READ_ONLY 1
#define LOOPDEV_FLAG_AUTOCLEAR 4

#define LOOPDEV_NAME_SIZE 64

/* struct loop_info64 of <linux/loop.h>. */
struct loopdev_info {
	uint64_t lo_device;   /* st_dev of the backing file */
	uint64_t lo_inode;    /* st_ino of the backing file */
	uint64_t lo_rdevice;
	uint64_t lo_offset;
	uint64_t lo_sizelimit; /* 0: to the end of the file */
	uint32_t lo_number;
	uint32_t lo_encrypt_type;
	uint32_t lo_encrypt_key_size;
	uint32_t lo_flags;     /* LOOPDEV_FLAG_* */
	uint8_t lo_file_name[LOOPDEV_NAME_SIZE];
	uint8_t lo_crypt_name[LOOPDEV_NAME_SIZE];
	uint8_t lo_encrypt_key[32];
	uint64_t lo_init[2];
};
_Static_assert(sizeof(struct loopdev_info) == 232, "struct loop_info64 is 232 bytes");

/* struct loop_config of <linux/loop.h>. */
struct loopdev_config {
	uint32_t fd;
	uint32_t block_size;
	struct loopdev_info info;
	uint64_t reserved[8];
};
_Static_assert(sizeof(struct loopdev_config) == 304, "struct loop_config is 304 bytes");

/*
 * Attaches FILE to a loop device: DEV if it is not NULL, else the first free one.
 * OFFSET is where the device starts in the file; FLAGS are LOOPDEV_FLAG_*. With
 * READ_ONLY the file is opened read-only; without it a file that cannot be opened
 * for writing is attached read-only (as util-linux does). The device's path is
 * written to OUT (OUT_LEN >= 32). Returns the device open (read-write, or read-only
 * with READ_ONLY), which the caller closes: with AUTOCLEAR the device detaches at
 * that close unless something (a mount) holds it, so mount closes it only after
 * mount(2). Returns -1 with errno set on failure; *WHAT then names the object that
 * failed (FILE, the device, or "/dev/loop-control").
 */
int loopdev_attach(const char *file, const char *dev, uint64_t offset, uint32_t flags, char *out,
		   size_t out_len, const char **what);

/* Writes the first free device's path into OUT. Returns 0 or -1 with errno set. */
int loopdev_find_free(char *out, size_t out_len);

/* Detaches DEV (LOOP_CLR_FD). Returns 0 or -1 with errno set. */
int loopdev_detach(const char *dev);

/* Reads DEV's status. Returns 0; -1 with errno ENXIO when DEV is not attached,
 * or another errno when DEV cannot be opened. */
int loopdev_status(const char *dev, struct loopdev_info *info);
