/*
 * The misc test program: misc.c (system-information syscalls, ids, clocks),
 * misc_files.c (the devfs nodes and procfs files ordinary programs read) and
 * misc_sys.c (the /proc/sys files).
 */
#pragma once

#include "gtest.h"

void misc_devfs_nodes(void);
void misc_procfs_self(void);
void misc_procfs_system_files(void);

#define MISC_FILE_CASES \
	GT_CASE(misc_devfs_nodes), GT_CASE(misc_procfs_self), GT_CASE(misc_procfs_system_files)

void misc_sys_kernel_names(void);
void misc_sys_modes(void);
void misc_sys_listing(void);
void misc_sys_random_uuids(void);
void misc_sys_limits(void);
void misc_sys_hostname_write(void);

#define MISC_SYS_CASES \
	GT_CASE(misc_sys_kernel_names), GT_CASE(misc_sys_modes), GT_CASE(misc_sys_listing), \
	GT_CASE(misc_sys_random_uuids), GT_CASE(misc_sys_limits), GT_CASE(misc_sys_hostname_write)
