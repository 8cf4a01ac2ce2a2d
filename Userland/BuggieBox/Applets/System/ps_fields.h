/*
 * ps's output fields: the table of names, default headers, widths and the
 * formatters that turn one process (Lib/procfs.h) into a cell's text. ps.c picks
 * the columns and prints them; this split keeps each file to one concern.
 */
#pragma once

#include "Lib/procfs.h"

#include <stddef.h>
#include <stdint.h>

/* A field whose width is that of the largest pid (pid_max's digits), as procps. */
#define PS_PID_WIDTH 0

/* What every formatter may need besides the process. */
struct ps_env {
	long hz;
	long page_size;
	double now;     /* seconds since the epoch */
	double uptime;  /* seconds since boot */
	int64_t mem_kb; /* MemTotal */
	int pid_width;  /* digits of /proc/sys/kernel/pid_max, at least 5 */
};

typedef void (*ps_format_fn)(const struct procfs_proc *p, const struct ps_env *e, char *buf, size_t len);

struct ps_field {
	const char *name;
	const char *header;
	int width;
	int left; /* left-aligned text */
	ps_format_fn format;
};

/* The field called NAME (LEN bytes, not NUL-terminated), or NULL. */
const struct ps_field *ps_find_field(const char *name, size_t len);
