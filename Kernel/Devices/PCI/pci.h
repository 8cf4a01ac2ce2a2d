/*
 * PCI over configuration mechanism #1 (ports 0xCF8/0xCFC): the devices found at boot,
 * their decoded BARs, and drivers matched by vendor/device id.
 */
#pragma once

#include <stdint.h>

#include "Lib/error.h"

#define PCI_ANY_ID 0xffff

struct pci_bar {
	uint64_t base;		/* port number or physical address; 0: unused */
	uint64_t size;
	int is_io;
	int is_64;		/* a 64-bit memory BAR (takes the next slot too) */
	int prefetchable;
};

struct pci_device {
	uint8_t bus, slot, func;	/* [I] */
	uint16_t vendor, device;	/* [I] */
	uint16_t subsys_vendor, subsys_id;
	uint8_t class_code, subclass, prog_if, revision;
	uint8_t header_type;
	uint8_t irq_line, irq_pin;
	struct pci_bar bars[6];
	const struct pci_driver *driver;	/* the driver that claimed it, or NULL */
};

struct pci_driver {
	const char *name;
	uint16_t vendor, device;	/* PCI_ANY_ID matches any */
	/* Takes the device: 0, or an error (the device stays unclaimed). */
	int (*probe)(struct pci_device *dev);
};

/* Raw configuration space access (offset must be aligned to the width). */
uint32_t pci_read32(const struct pci_device *dev, uint8_t off);
uint16_t pci_read16(const struct pci_device *dev, uint8_t off);
uint8_t pci_read8(const struct pci_device *dev, uint8_t off);
void pci_write32(const struct pci_device *dev, uint8_t off, uint32_t v);
void pci_write16(const struct pci_device *dev, uint8_t off, uint16_t v);

/* Turns on I/O and memory decoding and bus mastering (DMA). */
void pci_enable(struct pci_device *dev);

/* Adds a driver and probes the devices found so far that it matches; returns how
 * many it claimed. */
int pci_register_driver(const struct pci_driver *drv);

/* The devices found at boot, in bus/slot/function order. */
int pci_device_count(void);
struct pci_device *pci_device_get(int i);
