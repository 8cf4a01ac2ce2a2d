/*
 * Reading command lines (term.c): from the terminal through the line editor,
 * or plainly from a pipe or file.
 */
#pragma once

/* Reads one line including its newline; NULL at end of input. On a terminal
 * shows the prompt (PS1, or PS2 when continuation) and edits the line. */
char *term_read_line(int continuation);
/* Reads one line a byte at a time, without prompt or echo; NULL at the end. */
char *term_read_plain(void);
