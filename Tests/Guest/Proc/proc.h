/*
 * The proc test program: proc.c (creating processes and execve), proc_ids.c (the ids
 * a new image and access() see) and proc_wait.c (waiting, zombies, orphans, process
 * groups and sessions).
 */
#pragma once

#include "gtest.h"

#include <stddef.h>

/* Runs argv (argv[0] is a path) with envp in a child, stdout captured into out
 * (NUL-terminated). Returns the wait status. */
int proc_capture(char *const argv[], char *const envp[], char *out, size_t size);
/* The same, with prepare() (if not NULL) run in the child before the execve. */
int proc_capture_as(void (*prepare)(void), char *const argv[], char *const envp[], char *out, size_t size);

void proc_auxv_after_setid_exec(void);
void proc_access_checks_real_ids(void);

#define PROC_IDS_CASES GT_CASE(proc_auxv_after_setid_exec), GT_CASE(proc_access_checks_real_ids)

void proc_wait_nohang_untraced(void);
void proc_waitid_variants(void);
void proc_zombie_until_reaped(void);
void proc_echild(void);
void proc_orphan_reparented_to_init(void);
void proc_orphan_reparented_to_subreaper(void);
void proc_groups_and_sessions(void);
void proc_setpgid_after_exec(void);

#define PROC_WAIT_CASES \
	GT_CASE(proc_wait_nohang_untraced), GT_CASE(proc_waitid_variants), \
	GT_CASE(proc_zombie_until_reaped), GT_CASE(proc_echild), \
	GT_CASE(proc_orphan_reparented_to_init), GT_CASE(proc_orphan_reparented_to_subreaper), \
	GT_CASE(proc_groups_and_sessions), GT_CASE(proc_setpgid_after_exec)
