/* Declarations of every sys_<name> in syscalls.def (defined in the family files). */
#pragma once

#include <stdint.h>

#define SYSCALL(nr, name) long sys_##name();
#define NOSYS(nr, name)
#include "Syscalls/syscalls.def"
#undef SYSCALL
#undef NOSYS

/* Atoll's own (Kernel/API/atoll.h). */
long sys_atoll_container_create(uint64_t spec);
long sys_atoll_container_join(uint64_t id);

/* Copies a user path (PATH_MAX buffer); its length or -EFAULT/-ENAMETOOLONG. */
long user_path(uint64_t upath, char *buf);

/* utimensat with the times already in kernel memory (NULL: now). */
struct linux_timespec;
long utimensat_kernel(int dirfd, uint64_t upath, const struct linux_timespec *ts, int flags);
