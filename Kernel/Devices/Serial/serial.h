/* The 16550 UART on COM1: the kernel's console output and the console's input. */
#pragma once

#include <stddef.h>

void serial_init(void);
void serial_write(const char *s, size_t n);
/* Called from the IRQ 4 handler: feeds every received byte to `sink`. */
void serial_set_input_sink(void (*sink)(char c));
