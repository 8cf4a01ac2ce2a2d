/* The 16550 UART on COM1: the kernel's console output and the console's input. */
#pragma once

#include <stddef.h>

void serial_init(void);
/* Writes n bytes; each \n becomes \r\n unless serial_set_crlf(0) (the console is then
 * not a terminal, see `notty`, and bytes pass unchanged). */
void serial_write(const char *s, size_t n);
void serial_set_crlf(int on);
/* Called from the IRQ 4 handler: feeds every received byte to `sink`. */
void serial_set_input_sink(void (*sink)(char c));
