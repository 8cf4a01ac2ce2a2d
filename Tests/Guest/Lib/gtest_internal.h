/*
 * State shared by the runner (gtest.c) and the case helpers (gtest_util.c).
 * Set by the runner before each case is forked; read-only in the case.
 */
#pragma once

#include "gtest.h"

#include <limits.h>

#define GT_EXIT_SKIP 77 /* a case's exit status meaning "skipped" */

extern int gt_observe_mode;        /* --observe given */
extern const char *gt_current;     /* name of the running case */
extern int gt_reason_fd;           /* write end of the case's reason pipe, or -1 */
extern char gt_scratch_path[PATH_MAX]; /* this case's scratch directory */
extern char gt_dir[PATH_MAX];      /* directory of the running executable */
