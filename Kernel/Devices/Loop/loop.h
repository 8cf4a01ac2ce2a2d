/*
 * Loop devices: Linux's ioctl interface (numbers and structures from linux/loop.h).
 * /dev/loop-control is character 10:237; /dev/loopN is block 7:N.
 */
#pragma once

#include <stdint.h>

#define LOOP_MAJOR 7
#define LOOP_CTL_MAJOR 10
#define LOOP_CTL_MINOR 237
#define LOOP_MAX 32

#define LOOP_SET_FD 0x4C00
#define LOOP_CLR_FD 0x4C01
#define LOOP_SET_STATUS 0x4C02
#define LOOP_GET_STATUS 0x4C03
#define LOOP_SET_STATUS64 0x4C04
#define LOOP_GET_STATUS64 0x4C05
#define LOOP_CHANGE_FD 0x4C06
#define LOOP_SET_CAPACITY 0x4C07
#define LOOP_SET_DIRECT_IO 0x4C08
#define LOOP_SET_BLOCK_SIZE 0x4C09
#define LOOP_CONFIGURE 0x4C0A
#define LOOP_CTL_ADD 0x4C80
#define LOOP_CTL_REMOVE 0x4C81
#define LOOP_CTL_GET_FREE 0x4C82

#define LO_FLAGS_READ_ONLY 1
#define LO_FLAGS_AUTOCLEAR 4
#define LO_FLAGS_PARTSCAN 8
#define LO_FLAGS_DIRECT_IO 16
#define LO_NAME_SIZE 64
#define LO_KEY_SIZE 32

struct loop_info64 {
	uint64_t lo_device;		/* st_dev of the backing file */
	uint64_t lo_inode;		/* its inode number */
	uint64_t lo_rdevice;		/* its rdev (a block device backing) */
	uint64_t lo_offset;
	uint64_t lo_sizelimit;		/* bytes; 0: up to the end of the file */
	uint32_t lo_number;		/* minor */
	uint32_t lo_encrypt_type;	/* obsolete */
	uint32_t lo_encrypt_key_size;
	uint32_t lo_flags;		/* LO_FLAGS_* */
	uint8_t lo_file_name[LO_NAME_SIZE];
	uint8_t lo_crypt_name[LO_NAME_SIZE];
	uint8_t lo_encrypt_key[LO_KEY_SIZE];
	uint64_t lo_init[2];
};
_Static_assert(sizeof(struct loop_info64) == 232, "struct loop_info64 is Linux's 232 bytes");

struct loop_config {
	uint32_t fd;
	uint32_t block_size;		/* 0: keep 512 */
	struct loop_info64 info;
	uint64_t reserved[8];
};
_Static_assert(sizeof(struct loop_config) == 304, "struct loop_config is Linux's 304 bytes");
