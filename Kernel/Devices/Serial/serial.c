/*
 * COM1, the 16550 UART at 0x3f8: 115200 8N1, output by polling the transmit-holding
 * register, input by the receive interrupt (IRQ 4), which hands each byte to the
 * console's input sink. Output is polled so that panic() can always print, with
 * interrupts off and whatever state the kernel is in.
 */
#include "Devices/Serial/serial.h"

#include "Arch/x86_64/cpu.h"
#include "Arch/x86_64/interrupts.h"

#define COM1 0x3f8

static void (*input_sink)(char c);

static void serial_irq(struct interrupt_frame *frame)
{
	(void)frame;
	while (inb(COM1 + 5) & 1) {
		char c = (char)inb(COM1);
		if (input_sink)
			input_sink(c);
	}
}

void serial_init(void)
{
	outb(COM1 + 1, 0x00);	/* no interrupts while programming */
	outb(COM1 + 3, 0x80);	/* DLAB */
	outb(COM1 + 0, 0x01);	/* divisor 1: 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);	/* 8N1 */
	/*
	 * The FIFO mode is left as the firmware set it: switching the FIFOs on or off
	 * empties them (and the holding register), which drops input that Meta/os run
	 * pipes in from the very start. Input waiting now stays in the UART until the
	 * console takes it (serial_set_input_sink).
	 */
	outb(COM1 + 4, 0x0B);	/* DTR, RTS, OUT2 (IRQ line enabled) */
}

void serial_set_input_sink(void (*sink)(char c))
{
	int irq = irq_save();

	input_sink = sink;
	irq_register(4, serial_irq);
	outb(COM1 + 1, 0x01);	/* interrupt on received data */
	serial_irq(NULL);	/* what is already waiting raises no new interrupt */
	irq_restore(irq);
}

static void put(char c)
{
	for (int spin = 0; spin < 100000 && !(inb(COM1 + 5) & 0x20); spin++)
		;
	outb(COM1, (unsigned char)c);
}

static int crlf = 1;

void serial_set_crlf(int on)
{
	crlf = on;
}

void serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' && crlf)
			put('\r');
		put(s[i]);
	}
}
