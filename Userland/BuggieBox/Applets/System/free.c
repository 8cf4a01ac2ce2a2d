/*
 * free: memory use from /proc/meminfo, laid out as procps-ng 4 prints it.
 *
 *   total      MemTotal            used     MemTotal - MemAvailable
 *   free       MemFree             shared   Shmem
 *   buffers    Buffers             cache    Cached + SReclaimable
 *   available  MemAvailable (without it: MemFree + buff/cache, and used is
 *              total - free - buff/cache)
 *   Swap: SwapTotal, SwapTotal - SwapFree, SwapFree.
 *
 * Rows are a label padded to 8 columns then 12-column values. Units: KiB by
 * default, -b bytes, -m MiB, -g GiB (truncated, as procps does); -h picks a unit per
 * value the way procps's scale_size() does: the shortest of "N.NXi"/"NXi" that fits
 * in 5 characters, "NB" for less than 1 KiB.
 */
#include "Lib/bb.h"
#include "Lib/procfs.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct free_options {
	int shift; /* -b: -10, -k: 0, -m: 10, -g: 20 (bits to drop from KiB) */
	int human, wide, total;
};

struct free_mem {
	int64_t total, used, free, shared, buffers, cache, available;
	int64_t swap_total, swap_used, swap_free;
};

static int64_t value(const char *text, const char *key)
{
	int64_t v = procfs_meminfo_value(text, key);
	return v < 0 ? 0 : v;
}

static int read_memory(struct free_mem *m)
{
	char *text = procfs_slurp("/proc/meminfo", NULL);

	if (!text) {
		bb_warn_errno("/proc/meminfo");
		return -1;
	}
	m->total = value(text, "MemTotal");
	m->free = value(text, "MemFree");
	m->shared = value(text, "Shmem");
	m->buffers = value(text, "Buffers");
	m->cache = value(text, "Cached") + value(text, "SReclaimable");
	m->available = procfs_meminfo_value(text, "MemAvailable");
	m->used = m->total - m->available;
	if (m->available < 0) {
		m->available = m->free + m->buffers + m->cache;
		m->used = m->total - m->free - m->buffers - m->cache;
	}
	if (m->used < 0)
		m->used = m->total - m->free;
	m->swap_total = value(text, "SwapTotal");
	m->swap_free = value(text, "SwapFree");
	m->swap_used = m->swap_total - m->swap_free;
	free(text);
	return 0;
}

/* procps's human-readable form of KB kibibytes. */
static void human(int64_t kb, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	double bytes = (double)kb * 1024;

	if (snprintf(buf, len, "%lldB", (long long)kb * 1024) <= 4)
		return;
	for (int i = 0; units[i]; i++) {
		bytes /= 1024;
		if (snprintf(buf, len, "%.1f%ci", bytes, units[i]) <= 5)
			return;
		if (snprintf(buf, len, "%lld%ci", (long long)bytes, units[i]) <= 5)
			return;
	}
}

static void cell(const struct free_options *o, int64_t kb)
{
	char buf[32];

	if (o->human)
		human(kb, buf, sizeof(buf));
	else if (o->shift < 0)
		snprintf(buf, sizeof(buf), "%lld", (long long)kb * 1024);
	else
		snprintf(buf, sizeof(buf), "%lld", (long long)(kb >> o->shift));
	printf("%12s", buf);
}

static void row(const struct free_options *o, const char *label, const int64_t *v, int n)
{
	printf("%-8s", label);
	for (int i = 0; i < n; i++)
		cell(o, v[i]);
	putchar('\n');
}

static void print_memory(const struct free_options *o, const struct free_mem *m)
{
	int64_t mem[7] = { m->total, m->used, m->free, m->shared, m->buffers + m->cache, m->available };
	int64_t swap[3] = { m->swap_total, m->swap_used, m->swap_free };
	int64_t all[3] = { m->total + m->swap_total, m->used + m->swap_used, m->free + m->swap_free };

	if (o->wide) {
		printf("%-8s%12s%12s%12s%12s%12s%12s%12s\n", "", "total", "used", "free", "shared",
		       "buffers", "cache", "available");
		int64_t wide[7] = { m->total, m->used, m->free, m->shared, m->buffers, m->cache, m->available };
		row(o, "Mem:", wide, 7);
	} else {
		printf("%-8s%12s%12s%12s%12s%12s%12s\n", "", "total", "used", "free", "shared",
		       "buff/cache", "available");
		row(o, "Mem:", mem, 6);
	}
	row(o, "Swap:", swap, 3);
	if (o->total)
		row(o, "Total:", all, 3);
}

int free_main(int argc, char **argv)
{
	struct free_options o = { 0 };
	struct free_mem m;
	int opt;

	while ((opt = getopt(argc, argv, "bkmghwt")) != -1) {
		switch (opt) {
		case 'b': o.shift = -10; break;
		case 'k': o.shift = 0; break;
		case 'm': o.shift = 10; break;
		case 'g': o.shift = 20; break;
		case 'h': o.human = 1; break;
		case 'w': o.wide = 1; break;
		case 't': o.total = 1; break;
		default: return bb_usage(), 1;
		}
	}
	if (optind < argc) {
		bb_warn("extra operand '%s'", argv[optind]);
		return bb_usage(), 1;
	}
	if (read_memory(&m) < 0)
		return 1;
	print_memory(&o, &m);
	return 0;
}
