/*
 * Runs the INITCALL registrations (Lib/initcall.h). The linker script gathers the
 * sections initcall1..initcall3 in order between __start_initcalls and
 * __stop_initcalls.
 */
#include "Lib/initcall.h"

#include "Devices/Console/console.h"
#include "Lib/symbols.h"

extern const initcall_t __start_initcalls[], __stop_initcalls[];

void initcalls_run(void)
{
	for (const initcall_t *c = __start_initcalls; c < __stop_initcalls; c++) {
		int err = (*c)();
		if (err < 0) {
			uint64_t off;
			const char *name = symbol_lookup((uint64_t)*c, &off);
			kprintf("init: %s failed: error %d\n", name ? name : "an init call", -err);
		}
	}
}
