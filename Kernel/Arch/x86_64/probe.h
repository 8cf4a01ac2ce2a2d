/* Memory accesses that may fault on purpose and report it instead of panicking. */
#pragma once

#include <stdint.h>

/* *p = v; returns 0, or -EFAULT (14) if the store faulted (cpu_fixup.fault_addr
 * then holds the address). */
int arch_probe_write64(uint64_t *p, uint64_t v);
