/* The storage suite's shared helpers (Tests/Guest/Storage). */
#pragma once

#include <stdint.h>

#include "Devices/Loop/loop.h"
#include "storage_disk.h"
#include "gtest.h"

/* Block ioctls (Linux numbers). */
#define BLKROSET 0x125d
#define BLKROGET 0x125e
#define BLKSSZGET 0x1268
#define BLKGETSIZE64 0x80081272

/* A scratch file of `size` bytes whose byte i is (i * 13 + i / 4096) & 0xff. */
void st_make_file(const char *name, size_t size);
uint8_t st_file_byte(uint64_t off);
/* A free loop device: its number, the device opened with dev_flags in *fd. */
int st_loop_open_free(int dev_flags, int *fd);
/* Opens file with file_flags and binds it to a free loop device opened with
 * dev_flags (LOOP_CONFIGURE with *cfg, or LOOP_SET_FD when cfg is NULL); returns the
 * device number, the device's fd in *devfd. The file's own fd is closed again. */
int st_loop_attach(const char *file, int file_flags, int dev_flags, const struct loop_config *cfg, int *devfd);
/* The path /dev/loopN (static buffer). */
const char *st_loop_path(int n);
/* BLKGETSIZE64 of fd. */
uint64_t st_size(int fd);
/* Waits up to 2 s for /dev/loopN to become unbound (Linux detaches on last close). */
int st_wait_unbound(int n);

/* The case tables of storage_loop.c and storage_devices.c. */
extern const struct gt_case st_loop_cases[];
extern const struct gt_case st_device_cases[];
