/*
 * Futexes (FUTEX_WAIT, FUTEX_WAKE and their _PRIVATE forms, plus WAIT_BITSET and
 * WAKE_BITSET with a full bitset). A futex is named by the physical address of its
 * word, so the same word in a MAP_SHARED mapping is one futex across processes.
 */
#pragma once

#include <stdint.h>

struct vm_space;
struct linux_timespec;

long futex_wait(struct vm_space *vm, uint64_t uaddr, uint32_t expected, uint64_t deadline_ns);
long futex_wake(struct vm_space *vm, uint64_t uaddr, int count);
/* Wakes waiters of uaddr if it is mapped; used at thread exit (clear_child_tid). */
void futex_wake_address(struct vm_space *vm, uint64_t uaddr, int count);
