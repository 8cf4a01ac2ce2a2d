/*
 * The legacy virtio PCI transport and a polled split virtqueue.
 *
 * Setting a device up follows the legacy sequence: reset (status 0), ACKNOWLEDGE,
 * DRIVER, write the accepted features, give each queue's page frame number, then
 * DRIVER_OK. A legacy queue's size is fixed by the device; its memory is one
 * physically contiguous, zeroed run of pages: descriptors (16 bytes each) and the
 * available ring, then at the next 4 KiB boundary the used ring.
 *
 * The queue carries one descriptor chain at a time (descriptors 0..n-1); the driver
 * serialises its requests. Completion is seen by the used ring's index moving past
 * last_used: either the driver sleeps until its interrupt handler sees it
 * (virtq_done), or it spins on it (virtq_poll) where it cannot sleep, with the
 * device's interrupts turned off (VIRTQ_AVAIL_F_NO_INTERRUPT) when it has no line.
 */
#include "Arch/x86_64/cpu.h"
#include "Devices/Console/console.h"
#include "Devices/Timer/clock.h"
#include "Devices/Virtio/virtio.h"
#include "Lib/string.h"
#include "Memory/pmm.h"

static void barrier(void)
{
	__asm__ volatile("mfence" ::: "memory");
}

uint32_t virtio_legacy_begin(uint16_t iobase)
{
	outb(iobase + VIRTIO_REG_STATUS, 0);
	outb(iobase + VIRTIO_REG_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	outb(iobase + VIRTIO_REG_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	return inl(iobase + VIRTIO_REG_DEVICE_FEATURES);
}

static size_t queue_bytes(uint16_t size, size_t *used_off)
{
	size_t first = ALIGN_UP((size_t)16 * size + 6 + 2 * (size_t)size, 4096);

	*used_off = first;
	return first + ALIGN_UP(6 + 8 * (size_t)size, 4096);
}

int virtio_legacy_setup_queue(uint16_t iobase, uint32_t features, uint16_t index, struct virtqueue *vq)
{
	size_t used_off, bytes;
	uint64_t phys;

	outl(iobase + VIRTIO_REG_GUEST_FEATURES, features);
	outw(iobase + VIRTIO_REG_QUEUE_SELECT, index);
	memset(vq, 0, sizeof(*vq));
	vq->size = inw(iobase + VIRTIO_REG_QUEUE_SIZE);
	if (vq->size == 0) {
		kprintf("virtio: device at port 0x%x has no queue %u\n", iobase, index);
		outb(iobase + VIRTIO_REG_STATUS, VIRTIO_STATUS_FAILED);
		return -ENODEV;
	}
	bytes = queue_bytes(vq->size, &used_off);
	phys = pmm_alloc_contiguous(bytes / 4096);
	if (!phys) {
		outb(iobase + VIRTIO_REG_STATUS, VIRTIO_STATUS_FAILED);
		return -ENOMEM;
	}
	memset(phys_to_virt(phys), 0, bytes);
	vq->iobase = iobase;
	vq->index = index;
	vq->phys = phys;
	vq->pages = bytes / 4096;
	vq->desc = phys_to_virt(phys);
	vq->avail = (volatile uint16_t *)((char *)phys_to_virt(phys) + 16 * (size_t)vq->size);
	vq->used = (volatile uint16_t *)((char *)phys_to_virt(phys) + used_off);
	vq->avail[0] = VIRTQ_AVAIL_F_NO_INTERRUPT;
	outl(iobase + VIRTIO_REG_QUEUE_PFN, (uint32_t)(phys >> 12));
	return 0;
}

void virtio_legacy_driver_ok(uint16_t iobase)
{
	outb(iobase + VIRTIO_REG_STATUS,
	     VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK);
}

void virtq_set_interrupts(struct virtqueue *vq, int on)
{
	vq->avail[0] = on ? 0 : VIRTQ_AVAIL_F_NO_INTERRUPT;
	barrier();
}

int virtq_post(struct virtqueue *vq, const struct virtq_buf *bufs, int n)
{
	if (n < 1 || n > 8 || n > vq->size)
		return -EINVAL;
	for (int i = 0; i < n; i++) {
		vq->desc[i].addr = bufs[i].phys;
		vq->desc[i].len = bufs[i].len;
		vq->desc[i].flags = (uint16_t)((i + 1 < n ? VIRTQ_DESC_F_NEXT : 0) |
					       (bufs[i].device_writes ? VIRTQ_DESC_F_WRITE : 0));
		vq->desc[i].next = (uint16_t)(i + 1 < n ? i + 1 : 0);
	}
	uint16_t idx = vq->avail[1];
	vq->avail[2 + idx % vq->size] = 0;
	barrier();
	vq->avail[1] = (uint16_t)(idx + 1);
	barrier();
	outw(vq->iobase + VIRTIO_REG_QUEUE_NOTIFY, vq->index);
	return 0;
}

int virtq_done(const struct virtqueue *vq)
{
	return vq->used[1] != vq->last_used;
}

void virtq_complete(struct virtqueue *vq)
{
	barrier();
	vq->last_used++;
}

int virtq_poll(struct virtqueue *vq, unsigned timeout_ms)
{
	uint64_t deadline = clock_ns() + (uint64_t)timeout_ms * 1000000;

	while (!virtq_done(vq)) {
		if (clock_ns() > deadline) {
			kprintf("virtio: port 0x%x queue %u: no completion in %u ms\n", vq->iobase, vq->index, timeout_ms);
			return -EIO;
		}
		__asm__ volatile("pause");
	}
	(void)inb(vq->iobase + VIRTIO_REG_ISR);	/* acknowledges an interrupt raised anyway */
	return 0;
}
