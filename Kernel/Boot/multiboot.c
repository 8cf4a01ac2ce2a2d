/*
 * Multiboot1 (QEMU -kernel) and Multiboot2 (GRUB) information, read through the
 * direct map and copied into a struct boot_info. Both protocols give the command
 * line, the memory map and the modules; we keep nothing else.
 */
#include "Boot/boot_info.h"

#include "API/errno.h"
#include "Lib/string.h"
#include "Memory/layout.h"

#define MB1_BOOT_MAGIC 0x2BADB002
#define MB2_BOOT_MAGIC 0x36d76289

static void *phys(uint64_t p)
{
	return (void *)(DIRECT_MAP_BASE + p);
}

static void add_region(struct boot_info *bi, uint64_t base, uint64_t len, uint32_t type)
{
	if (bi->region_count == BOOT_MAX_REGIONS)
		return;
	bi->regions[bi->region_count].base = base;
	bi->regions[bi->region_count].length = len;
	bi->regions[bi->region_count].usable = type == 1;
	bi->region_count++;
}

static void add_module(struct boot_info *bi, uint64_t start, uint64_t end, const char *name)
{
	if (bi->module_count == BOOT_MAX_MODULES)
		return;
	bi->modules[bi->module_count].start = start;
	bi->modules[bi->module_count].end = end;
	strlcpy(bi->modules[bi->module_count].name, name ? name : "", 64);
	bi->module_count++;
}

struct mb1_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr, config_table, boot_loader_name;
} __attribute__((packed));

struct mb1_module {
	uint32_t start, end, string, reserved;
};

struct mb1_mmap {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
} __attribute__((packed));

static void parse_mb1(struct boot_info *bi, const struct mb1_info *mi)
{
	if (mi->flags & (1 << 2))
		strlcpy(bi->cmdline, phys(mi->cmdline), sizeof(bi->cmdline));
	if (mi->flags & (1 << 9))
		strlcpy(bi->loader, phys(mi->boot_loader_name), sizeof(bi->loader));
	if (mi->flags & (1 << 3)) {
		const struct mb1_module *m = phys(mi->mods_addr);
		for (uint32_t i = 0; i < mi->mods_count; i++)
			add_module(bi, m[i].start, m[i].end, m[i].string ? phys(m[i].string) : "");
	}
	if (mi->flags & (1 << 6)) {
		uint64_t p = mi->mmap_addr, end = p + mi->mmap_length;
		while (p < end) {
			const struct mb1_mmap *e = phys(p);
			add_region(bi, e->addr, e->len, e->type);
			p += e->size + 4;
		}
	}
}

struct mb2_tag {
	uint32_t type, size;
};

static void parse_mb2_tag(struct boot_info *bi, const struct mb2_tag *t)
{
	const uint8_t *body = (const uint8_t *)(t + 1);

	switch (t->type) {
	case 1:
		strlcpy(bi->cmdline, (const char *)body, sizeof(bi->cmdline));
		break;
	case 2:
		strlcpy(bi->loader, (const char *)body, sizeof(bi->loader));
		break;
	case 3: {
		const uint32_t *m = (const uint32_t *)body;
		add_module(bi, m[0], m[1], (const char *)(m + 2));
		break;
	}
	case 6: {
		uint32_t entry_size = ((const uint32_t *)body)[0];
		const uint8_t *e = body + 8, *end = (const uint8_t *)t + t->size;
		for (; entry_size && e + entry_size <= end; e += entry_size) {
			const uint64_t *f = (const uint64_t *)e;
			add_region(bi, f[0], f[1], *(const uint32_t *)(e + 16));
		}
		break;
	}
	}
}

static void parse_mb2(struct boot_info *bi, const uint8_t *info)
{
	uint32_t total = *(const uint32_t *)info;
	const uint8_t *p = info + 8, *end = info + total;

	while (p + 8 <= end) {
		const struct mb2_tag *t = (const struct mb2_tag *)p;
		if (t->type == 0 || t->size < 8)
			break;
		parse_mb2_tag(bi, t);
		p += (t->size + 7) & ~7u;
	}
}

int boot_info_parse(struct boot_info *bi, uint32_t magic, uint64_t info_phys)
{
	memset(bi, 0, sizeof(*bi));
	if (magic == MB1_BOOT_MAGIC) {
		bi->protocol = 1;
		parse_mb1(bi, phys(info_phys));
	} else if (magic == MB2_BOOT_MAGIC) {
		bi->protocol = 2;
		parse_mb2(bi, phys(info_phys));
	} else {
		return -EINVAL;
	}
	return 0;
}
