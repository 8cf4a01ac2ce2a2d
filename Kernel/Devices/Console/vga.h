/* The VGA text console at 0xb8000: mirrors what the kernel writes to the serial line. */
#pragma once

#include <stddef.h>

void vga_init(void);
void vga_write(const char *s, size_t n);
