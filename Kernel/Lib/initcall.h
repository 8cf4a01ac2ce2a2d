/*
 * Init calls: a subsystem that must start at boot registers a function with
 * INITCALL(level, fn) instead of being called from kmain by name. kmain runs them
 * level by level after the core (memory, clock) is up and before userland:
 *   1  buses and drivers that others build on (PCI, the block layer)
 *   2  devices (virtio-blk, the RAM disk, loop devices, ttys and ptys)
 *   3  filesystem types and whatever needs devices to exist
 * Within a level the order is the link order; a failing call logs and the boot goes
 * on (a missing disk must not stop the system).
 */
#pragma once

typedef int (*initcall_t)(void);

#define INITCALL(level, fn)                                                          \
	static const initcall_t __initcall_##fn                                      \
		__attribute__((used, section("initcall" #level), aligned(8))) = fn

/* Runs every registered init call, in level order. */
void initcalls_run(void);
