/*
 * The Linux loop device ABI (linux/loop.h), which musl does not ship: the
 * ioctls and structures the launcher uses to put an EROFS image behind a block
 * device. The sizes are the kernel's and are checked at compile time.
 */
#pragma once

#include <stdint.h>

#define LOOP_SET_FD 0x4C00
#define LOOP_CLR_FD 0x4C01
#define LOOP_SET_STATUS64 0x4C04
#define LOOP_CONFIGURE 0x4C0A
#define LOOP_CTL_GET_FREE 0x4C82

#define LO_FLAGS_READ_ONLY 1
#define LO_FLAGS_AUTOCLEAR 4
#define LO_NAME_SIZE 64
#define LO_KEY_SIZE 32

struct loop_info64 {
	uint64_t lo_device;
	uint64_t lo_inode;
	uint64_t lo_rdevice;
	uint64_t lo_offset;
	uint64_t lo_sizelimit; /* bytes, 0 == max available */
	uint32_t lo_number;
	uint32_t lo_encrypt_type;
	uint32_t lo_encrypt_key_size;
	uint32_t lo_flags; /* LO_FLAGS_* */
	uint8_t lo_file_name[LO_NAME_SIZE];
	uint8_t lo_crypt_name[LO_NAME_SIZE];
	uint8_t lo_encrypt_key[LO_KEY_SIZE];
	uint64_t lo_init[2];
};

struct loop_config {
	uint32_t fd;         /* the backing file */
	uint32_t block_size; /* 0: the default (512) */
	struct loop_info64 info;
	uint64_t reserved[8];
};

_Static_assert(sizeof(struct loop_info64) == 232, "struct loop_info64 is the kernel's");
_Static_assert(sizeof(struct loop_config) == 304, "struct loop_config is the kernel's");
