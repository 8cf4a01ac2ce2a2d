/* The Multiboot modules, kept for drivers that start after kmain (the RAM disk). */
#pragma once

#include "Boot/boot_info.h"

/* Copies the module list out of `bi` (kmain calls it once, after boot_info_parse). */
void boot_modules_save(const struct boot_info *bi);
int boot_module_count(void);
/* Module i, or NULL. Its memory stays reserved by the page allocator for ever. */
const struct boot_module *boot_module_get(int i);
