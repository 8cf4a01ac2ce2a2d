/*
 * devfs: the /dev directory. Drivers add their nodes with devfs_add(); every devfs
 * mount shows the same nodes (a container's /dev is a separate, smaller mount made by
 * its launcher, not a filtered view of this one).
 */
#pragma once

#include <stdint.h>

#include "Lib/error.h"

void devfs_init(void);
int devfs_add(const char *name, uint32_t mode, uint64_t rdev) WARN_UNUSED;
void devfs_remove(const char *name);
