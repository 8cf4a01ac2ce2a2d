/*
 * The Multiboot module list outlives kmain's boot_info: drivers that start from init
 * calls (the RAM disk over the root module) find the modules here. The list is copied
 * once at boot and never changes; the modules' pages are reserved by pmm_init.
 */
#include <stddef.h>

#include "Boot/boot_modules.h"

static struct boot_module modules[BOOT_MAX_MODULES];
static int module_count;

void boot_modules_save(const struct boot_info *bi)
{
	module_count = bi->module_count;
	for (int i = 0; i < module_count; i++)
		modules[i] = bi->modules[i];
}

int boot_module_count(void)
{
	return module_count;
}

const struct boot_module *boot_module_get(int i)
{
	return i >= 0 && i < module_count ? &modules[i] : NULL;
}
