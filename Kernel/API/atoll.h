/*
 * Atoll's additions beside the Linux ABI: the one header userland includes for them.
 *
 * Everything else Atoll speaks is Linux's (numbers, structs, errno). These extensions
 * never change the meaning of a Linux call; on Linux they fail (prctl: EINVAL,
 * syscalls: ENOSYS), and programs that use them say so clearly there.
 */
#pragma once

#include <stdint.h>

/*
 * The jail: prctl(ATOLL_PR_SET_JAIL, mode, 0, 0, 0).
 *   ATOLL_JAIL_UNTIL_EXIT  kept across fork and exec, never cleared (containers).
 *   ATOLL_JAIL_UNTIL_EXEC  cleared by the next successful execve (a launcher's last
 *                          trusted step); upgrading it to UNTIL_EXIT is allowed.
 * A jail can only be tightened: any attempt to clear or loosen it is EPERM.
 * prctl(ATOLL_PR_GET_JAIL, 0, 0, 0, 0) returns the current mode (0: not jailed).
 */
#define ATOLL_PR_SET_JAIL 0x41540001
#define ATOLL_PR_GET_JAIL 0x41540002
#define ATOLL_JAIL_NONE 0
#define ATOLL_JAIL_UNTIL_EXIT 1
#define ATOLL_JAIL_UNTIL_EXEC 2

/*
 * Containers as kernel objects (syscall numbers from 1000 up).
 *
 * atoll_container_create(const struct atoll_container_spec *spec) -> id >= 1
 *     Makes a container that owns the caller's current PID, mount and UTS namespaces
 *     and the given limits, and moves the caller into it. Every process forked from a
 *     member is a member. Jailed callers get EPERM.
 * atoll_container_join(int id) -> 0
 *     Moves the caller into container `id` (for `container exec`); from then on the
 *     container's limits bind it. Jailed callers get EPERM.
 */
#define ATOLL_SYS_container_create 1010
#define ATOLL_SYS_container_join 1011

#define ATOLL_CONTAINER_NAME_MAX 64

struct atoll_container_spec {
	char name[ATOLL_CONTAINER_NAME_MAX]; /* NUL-terminated */
	uint64_t max_pids;                   /* 0: no limit */
	uint64_t max_memory;                 /* bytes of committed writable memory; 0: no limit */
};
