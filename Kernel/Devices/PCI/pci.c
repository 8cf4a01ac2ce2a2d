/*
 * PCI enumeration through configuration mechanism #1: the address of a 32-bit
 * configuration register goes to port 0xCF8 (enable bit, bus, device, function,
 * register), its value comes and goes through port 0xCFC.
 *
 * At boot (init level 1) every bus, slot and function is scanned: a vendor id of
 * 0xffff means nothing is there, and functions 1..7 are looked at only on
 * multi-function devices (header type bit 7). PCI-to-PCI bridges are not followed
 * specially: the scan simply covers all 256 buses, which is quick under QEMU. Each
 * general device (header type 0) has its six BARs decoded: the size of a BAR is found
 * by writing all ones and reading back the mask, with decoding turned off meanwhile,
 * then the old value is restored.
 *
 * Drivers register at level 2 with a vendor/device pair; each unclaimed matching
 * device is offered to the driver's probe(). Port I/O only happens at boot, in
 * process context, so there is no locking.
 */
#include "Arch/x86_64/cpu.h"
#include "Devices/Console/console.h"
#include "Devices/PCI/pci.h"
#include "Lib/initcall.h"
#include "Lib/string.h"

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA 0xcfc
#define PCI_MAX_DEVICES 64

#define PCI_COMMAND 0x04
#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_BAR0 0x10

static struct pci_device devices[PCI_MAX_DEVICES];
static int device_count;

static uint32_t config_address(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
	return 0x80000000u | ((uint32_t)bus << 16) | ((uint32_t)slot << 11) | ((uint32_t)func << 8) | (off & 0xfc);
}

static uint32_t config_read(uint8_t bus, uint8_t slot, uint8_t func, uint8_t off)
{
	outl(PCI_CONFIG_ADDRESS, config_address(bus, slot, func, off));
	return inl(PCI_CONFIG_DATA);
}

uint32_t pci_read32(const struct pci_device *dev, uint8_t off)
{
	return config_read(dev->bus, dev->slot, dev->func, off);
}

uint16_t pci_read16(const struct pci_device *dev, uint8_t off)
{
	return (uint16_t)(pci_read32(dev, off) >> ((off & 2) * 8));
}

uint8_t pci_read8(const struct pci_device *dev, uint8_t off)
{
	return (uint8_t)(pci_read32(dev, off) >> ((off & 3) * 8));
}

void pci_write32(const struct pci_device *dev, uint8_t off, uint32_t v)
{
	outl(PCI_CONFIG_ADDRESS, config_address(dev->bus, dev->slot, dev->func, off));
	outl(PCI_CONFIG_DATA, v);
}

void pci_write16(const struct pci_device *dev, uint8_t off, uint16_t v)
{
	uint32_t old = pci_read32(dev, off);
	int shift = (off & 2) * 8;

	pci_write32(dev, off, (old & ~(0xffffu << shift)) | ((uint32_t)v << shift));
}

void pci_enable(struct pci_device *dev)
{
	uint16_t cmd = pci_read16(dev, PCI_COMMAND);

	pci_write16(dev, PCI_COMMAND, cmd | PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

/* Writes all ones to the BAR at `off`, returns what reads back, restores `old`. */
static uint32_t bar_mask(struct pci_device *dev, uint8_t off, uint32_t old)
{
	pci_write32(dev, off, 0xffffffffu);
	uint32_t mask = pci_read32(dev, off);
	pci_write32(dev, off, old);
	return mask;
}

/* Decodes BAR i; returns how many slots it used (2 for a 64-bit memory BAR). */
static int decode_bar(struct pci_device *dev, int i)
{
	uint8_t off = (uint8_t)(PCI_BAR0 + 4 * i);
	uint32_t lo = pci_read32(dev, off);
	struct pci_bar *bar = &dev->bars[i];

	if (lo & 1) {
		bar->is_io = 1;
		bar->base = lo & ~3u;
		bar->size = (uint16_t)(~(bar_mask(dev, off, lo) & ~3u) + 1);
		return 1;
	}
	bar->prefetchable = (lo >> 3) & 1;
	bar->base = lo & ~0xfu;
	uint64_t mask = bar_mask(dev, off, lo) & ~0xfu;
	if (((lo >> 1) & 3) == 2 && i < 5) {
		uint32_t hi = pci_read32(dev, off + 4);
		bar->is_64 = 1;
		bar->base |= (uint64_t)hi << 32;
		mask |= (uint64_t)bar_mask(dev, off + 4, hi) << 32;
	} else {
		mask |= 0xffffffff00000000ull;
	}
	bar->size = mask ? ~mask + 1 : 0;
	return bar->is_64 ? 2 : 1;
}

static void decode_bars(struct pci_device *dev)
{
	uint16_t cmd = pci_read16(dev, PCI_COMMAND);

	pci_write16(dev, PCI_COMMAND, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (int i = 0; i < 6;)
		i += decode_bar(dev, i);
	pci_write16(dev, PCI_COMMAND, cmd);
	for (int i = 0; i < 6; i++)
		if (dev->bars[i].base == 0)
			dev->bars[i].size = 0;
}

static void add_function(uint8_t bus, uint8_t slot, uint8_t func, uint32_t id)
{
	struct pci_device *dev;

	if (device_count == PCI_MAX_DEVICES) {
		kprintf("pci: more than %d functions, %02x:%02x.%x ignored\n", PCI_MAX_DEVICES, bus, slot, func);
		return;
	}
	dev = &devices[device_count++];
	memset(dev, 0, sizeof(*dev));
	dev->bus = bus;
	dev->slot = slot;
	dev->func = func;
	dev->vendor = (uint16_t)id;
	dev->device = (uint16_t)(id >> 16);
	uint32_t class = pci_read32(dev, 0x08);
	dev->revision = (uint8_t)class;
	dev->prog_if = (uint8_t)(class >> 8);
	dev->subclass = (uint8_t)(class >> 16);
	dev->class_code = (uint8_t)(class >> 24);
	dev->header_type = pci_read8(dev, 0x0e) & 0x7f;
	if (dev->header_type == 0) {
		uint32_t sub = pci_read32(dev, 0x2c);
		dev->subsys_vendor = (uint16_t)sub;
		dev->subsys_id = (uint16_t)(sub >> 16);
		decode_bars(dev);
	}
	dev->irq_line = pci_read8(dev, 0x3c);
	dev->irq_pin = pci_read8(dev, 0x3d);
	kprintf("pci: %02x:%02x.%x %04x:%04x class %02x.%02x irq %u\n", bus, slot, func, dev->vendor,
		dev->device, dev->class_code, dev->subclass, dev->irq_line);
}

static void scan_slot(uint8_t bus, uint8_t slot)
{
	uint32_t id = config_read(bus, slot, 0, 0);

	if ((id & 0xffff) == 0xffff)
		return;
	add_function(bus, slot, 0, id);
	if (!(config_read(bus, slot, 0, 0x0c) & 0x00800000))
		return;
	for (uint8_t func = 1; func < 8; func++) {
		id = config_read(bus, slot, func, 0);
		if ((id & 0xffff) != 0xffff)
			add_function(bus, slot, func, id);
	}
}

static int pci_init(void)
{
	for (unsigned bus = 0; bus < 256; bus++)
		for (uint8_t slot = 0; slot < 32; slot++)
			scan_slot((uint8_t)bus, slot);
	kprintf("pci: %d functions\n", device_count);
	return 0;
}
INITCALL(1, pci_init);

static int matches(const struct pci_driver *drv, const struct pci_device *dev)
{
	return (drv->vendor == PCI_ANY_ID || drv->vendor == dev->vendor) &&
	       (drv->device == PCI_ANY_ID || drv->device == dev->device);
}

int pci_register_driver(const struct pci_driver *drv)
{
	int claimed = 0;

	for (int i = 0; i < device_count; i++) {
		struct pci_device *dev = &devices[i];
		if (dev->driver || !matches(drv, dev))
			continue;
		int err = drv->probe(dev);
		if (err < 0) {
			kprintf("pci: %s: probe of %02x:%02x.%x failed: error %d\n", drv->name, dev->bus, dev->slot,
				dev->func, err);
			continue;
		}
		dev->driver = drv;
		claimed++;
	}
	return claimed;
}

int pci_device_count(void)
{
	return device_count;
}

struct pci_device *pci_device_get(int i)
{
	return i >= 0 && i < device_count ? &devices[i] : NULL;
}
