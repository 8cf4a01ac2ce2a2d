/*
 * VGA text mode, 80x25 at physical 0xb8000 (reached through the direct map). Handles
 * newline, carriage return, backspace and tab, and scrolls; no escape sequences.
 * The hardware cursor follows the text.
 */
#include "Devices/Console/vga.h"

#include <stdint.h>

#include "Arch/x86_64/cpu.h"
#include "Lib/string.h"
#include "Memory/layout.h"

#define COLS 80
#define ROWS 25
#define ATTR 0x0700

static volatile uint16_t *const screen = (uint16_t *)(DIRECT_MAP_BASE + 0xb8000);
static int row, col;

static void move_cursor(void)
{
	uint16_t pos = (uint16_t)(row * COLS + col);

	outb(0x3d4, 0x0f);
	outb(0x3d5, pos & 0xff);
	outb(0x3d4, 0x0e);
	outb(0x3d5, pos >> 8);
}

static void scroll(void)
{
	for (int i = 0; i < (ROWS - 1) * COLS; i++)
		screen[i] = screen[i + COLS];
	for (int i = (ROWS - 1) * COLS; i < ROWS * COLS; i++)
		screen[i] = ATTR | ' ';
	row = ROWS - 1;
}

void vga_init(void)
{
	for (int i = 0; i < ROWS * COLS; i++)
		screen[i] = ATTR | ' ';
	row = col = 0;
	move_cursor();
}

static void put(char c)
{
	switch (c) {
	case '\n':
		col = 0;
		row++;
		break;
	case '\r':
		col = 0;
		break;
	case '\b':
		if (col > 0)
			col--;
		break;
	case '\t':
		col = (col + 8) & ~7;
		break;
	default:
		if ((unsigned char)c < ' ')
			return;
		screen[row * COLS + col++] = ATTR | (unsigned char)c;
		break;
	}
	if (col >= COLS) {
		col = 0;
		row++;
	}
	if (row >= ROWS)
		scroll();
}

void vga_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put(s[i]);
	move_cursor();
}
