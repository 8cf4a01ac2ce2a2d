/*
 * The files test program is two files: files.c (descriptors, stat, flags) and
 * files_paths.c (path walking: directories, links, rename, cwd, chroot, access
 * and permission checks). This header joins their case tables.
 */
#pragma once

#include "gtest.h"

void files_getdents_listing(void);
void files_mkdir_rmdir_errors(void);
void files_rename_rules(void);
void files_link_symlink_readlink(void);
void files_symlink_loop(void);
void files_access_faccessat(void);
void files_cwd_fchdir_getcwd(void);
void files_chroot_confines(void);
void files_eacces_as_nobody(void);
void files_exdev_across_mounts(void);

#define FILES_PATH_CASES \
	GT_CASE(files_getdents_listing), GT_CASE(files_mkdir_rmdir_errors), \
	GT_CASE(files_rename_rules), GT_CASE(files_link_symlink_readlink), \
	GT_CASE(files_symlink_loop), GT_CASE(files_access_faccessat), \
	GT_CASE(files_cwd_fchdir_getcwd), GT_CASE(files_chroot_confines), \
	GT_CASE(files_eacces_as_nobody), GT_CASE(files_exdev_across_mounts)
