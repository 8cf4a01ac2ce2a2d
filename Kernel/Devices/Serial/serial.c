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
/* Bytes that arrived before the FIFO was switched on (which empties it). */
static char early[16];
static int early_count;

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
	 * Input may already be waiting (Meta/os run pipes commands in from the start).
	 * If the firmware left the FIFOs on, keep them without the reset that would drop
	 * what they hold; if not, switching them on empties the one-byte holding register,
	 * so that byte is saved first.
	 */
	if ((inb(COM1 + 2) & 0xC0) == 0xC0) {
		outb(COM1 + 2, 0xC5);	/* FIFO stays on, TX cleared, 14-byte threshold */
	} else {
		while ((inb(COM1 + 5) & 1) && early_count < (int)sizeof(early))
			early[early_count++] = (char)inb(COM1);
		outb(COM1 + 2, 0xC7);	/* FIFO on, cleared, 14-byte threshold */
	}
	outb(COM1 + 4, 0x0B);	/* DTR, RTS, OUT2 (IRQ line enabled) */
}

void serial_set_input_sink(void (*sink)(char c))
{
	int irq = irq_save();

	input_sink = sink;
	for (int i = 0; i < early_count; i++)
		sink(early[i]);
	early_count = 0;
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
