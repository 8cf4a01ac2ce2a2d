/*
 * The history file (history.c): loading it into the line editor's history and
 * appending each entered line.
 */
#pragma once

#include <stddef.h>

#include "edit.h"

/* $HISTSIZE, the most lines the in-memory history keeps (500 by default). */
size_t history_size(void);
/* Adds $HISTFILE's lines (default ~/.sh_history) to e's history. A missing
 * file is silent; other errors are reported once per shell. */
void history_load(struct ledit *e);
/* Adds an entered line to e's history and, if it was added (not empty, not a
 * repeat), appends it to the history file. */
void history_add(struct ledit *e, const char *line);
