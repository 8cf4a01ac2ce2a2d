/* The root filesystem at boot (FileSystem/rootfs.c). */
#pragma once

#include "Boot/boot_info.h"
#include "FileSystem/VFS/vfs.h"

/* The initial mount namespace: its root is the EROFS image in `module` mounted
 * read-only, or a tmpfs filled from `module` when it is a tar archive. */
struct mnt_namespace *rootfs_mount(const struct boot_module *module);
