/*
 * Virtio over PCI, the legacy ("transitional") interface: the device's registers in
 * its I/O BAR 0, and split virtqueues laid out as the legacy specification requires
 * (descriptor table and available ring, then the used ring at the next page).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "Lib/error.h"

#define VIRTIO_VENDOR 0x1af4

/* Legacy register offsets in BAR 0. */
#define VIRTIO_REG_DEVICE_FEATURES 0x00
#define VIRTIO_REG_GUEST_FEATURES 0x04
#define VIRTIO_REG_QUEUE_PFN 0x08
#define VIRTIO_REG_QUEUE_SIZE 0x0c
#define VIRTIO_REG_QUEUE_SELECT 0x0e
#define VIRTIO_REG_QUEUE_NOTIFY 0x10
#define VIRTIO_REG_STATUS 0x12
#define VIRTIO_REG_ISR 0x13
#define VIRTIO_REG_CONFIG 0x14	/* device-specific, without MSI-X */

#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FAILED 128

#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
_Static_assert(sizeof(struct virtq_desc) == 16, "virtq_desc is 16 bytes");

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtqueue {
	uint16_t iobase;
	uint16_t index;
	uint16_t size;			/* entries, fixed by the device */
	uint16_t last_used;
	volatile struct virtq_desc *desc;
	volatile uint16_t *avail;	/* flags, idx, ring[size], used_event */
	volatile uint16_t *used;	/* flags, idx, then used_elem ring[size] */
	uint64_t phys;
	size_t pages;
};

/* A descriptor to chain: physical buffer, length, device-writable or not. */
struct virtq_buf {
	uint64_t phys;
	uint32_t len;
	int device_writes;
};

/* Resets the device and acknowledges it; returns the device's feature bits. */
uint32_t virtio_legacy_begin(uint16_t iobase);
/* Accepts `features`, sets up queue `index`: 0 or -ENODEV / -ENOMEM. */
int virtio_legacy_setup_queue(uint16_t iobase, uint32_t features, uint16_t index, struct virtqueue *vq) WARN_UNUSED;
void virtio_legacy_driver_ok(uint16_t iobase);

/* Asks the device for interrupts on vq's completions (off: VIRTQ_AVAIL_F_NO_INTERRUPT). */
void virtq_set_interrupts(struct virtqueue *vq, int on);
/* Posts one chain of n buffers (1 <= n <= 8, else -EINVAL) at descriptor 0 and rings
 * the doorbell. Only one chain may be in flight: the caller serialises. */
int virtq_post(struct virtqueue *vq, const struct virtq_buf *bufs, int n) WARN_UNUSED;
/* Has the device used the chain in flight? (Safe from interrupt handlers.) */
int virtq_done(const struct virtqueue *vq);
/* Consumes the used chain after virtq_done(). */
void virtq_complete(struct virtqueue *vq);
/* Spins until virtq_done(): 0, or -EIO after timeout_ms. */
int virtq_poll(struct virtqueue *vq, unsigned timeout_ms) WARN_UNUSED;
