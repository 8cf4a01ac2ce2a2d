/*
 * The misc test program: misc.c (system-information syscalls, ids, clocks) and
 * misc_files.c (the devfs nodes and procfs files ordinary programs read).
 */
#pragma once

#include "gtest.h"

void misc_devfs_nodes(void);
void misc_procfs_self(void);
void misc_procfs_system_files(void);

#define MISC_FILE_CASES \
	GT_CASE(misc_devfs_nodes), GT_CASE(misc_procfs_self), GT_CASE(misc_procfs_system_files)
