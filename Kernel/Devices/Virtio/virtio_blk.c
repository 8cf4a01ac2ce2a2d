/*
 * virtio-blk over the legacy PCI interface (vendor 0x1af4, device 0x1001): each
 * disk QEMU is given becomes /dev/vda, /dev/vdb, ... (block major 254, minors 0,
 * 16, 32, ... as in Linux), in PCI order.
 *
 * A request is a chain of three buffers: the 16-byte header (type, sector), the
 * data, and a status byte the device writes. The data goes through a per-disk
 * physically contiguous bounce buffer of BOUNCE_PAGES pages, so callers may pass
 * any kernel memory; larger requests are split. One request is in flight per disk:
 * `busy` (changed only in process context) hands the disk and its buffers to one
 * thread at a time, the others sleeping on the disk's wait queue.
 *
 * Completion: a thread sleeps on the wait queue until the interrupt handler sees the
 * used ring move (the handler acknowledges every disk on its legacy INTx line, which
 * QEMU routes through the PIC). Where sleeping is impossible (the boot context, the
 * idle thread) or the device has no IRQ line, the driver spins on the used ring.
 * A request that times out (10 s) marks the disk failed: the queue's state is
 * unknown, so later I/O is -EIO.
 */
#include "Arch/x86_64/cpu.h"
#include "Arch/x86_64/interrupts.h"
#include "Arch/x86_64/percpu.h"
#include "Devices/Block/block.h"
#include "Devices/Console/console.h"
#include "Devices/PCI/pci.h"
#include "Devices/Timer/clock.h"
#include "Devices/Virtio/virtio.h"
#include "FileSystem/VFS/vfs.h"
#include "Lib/format.h"
#include "Lib/initcall.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/pmm.h"
#include "Tasks/waitq.h"

#define VIRTIO_BLK_DEVICE_LEGACY 0x1001
#define VIRTIO_BLK_MAJOR 254
#define VIRTIO_BLK_F_RO (1u << 5)
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_S_OK 0
#define BOUNCE_PAGES 16
#define REQUEST_TIMEOUT_MS 10000
#define VIRTIO_BLK_MAX 16

struct virtio_blk_header {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

struct virtio_blk {
	struct block_device bd;
	struct virtqueue vq;
	uint16_t iobase;
	int failed;
	int irq;			/* legacy IRQ line, or -1: polled */
	int busy;			/* a request is in flight (the bounce buffer is taken) */
	struct waitq wq;		/* its completion, and the disk becoming free */
	/* One DMA page: the header at 0, the status byte at 64. */
	uint64_t req_phys;
	uint64_t bounce_phys;
};

static struct virtio_blk *disks[VIRTIO_BLK_MAX];
static int disk_count;
static uint16_t irq_lines_taken;	/* bit per legacy IRQ our handler owns */

/* Every disk on the interrupted line: acknowledge (reading ISR lowers the level-
 * triggered line) and wake the sleeper once its request is done. */
static void vblk_interrupt(struct interrupt_frame *frame)
{
	int irq = (int)frame->vector - IRQ_BASE;

	for (int i = 0; i < disk_count; i++) {
		struct virtio_blk *vb = disks[i];
		if (vb->irq != irq)
			continue;
		(void)inb(vb->iobase + VIRTIO_REG_ISR);
		if (virtq_done(&vb->vq))
			waitq_wake_all(&vb->wq);
	}
}

/* A thread that may sleep (not the boot context or the idle thread). */
static int can_sleep(const struct virtio_blk *vb)
{
	return vb->irq >= 0 && cpu0.cur_thread && cpu0.cur_thread != cpu0.idle;
}

/* Posts the request and waits for it: asleep until the interrupt when possible,
 * else spinning. 0, or -EIO on a timeout. Called with the disk owned (vb->busy). */
static int post_and_wait(struct virtio_blk *vb, const struct virtq_buf *bufs, int sleep)
{
	uint64_t deadline = clock_ns() + (uint64_t)REQUEST_TIMEOUT_MS * 1000000;
	int err = virtq_post(&vb->vq, bufs, 3);

	if (err == 0 && sleep)
		err = WAIT_EVENT(&vb->wq, virtq_done(&vb->vq), 0, deadline) ? -EIO : 0;
	else if (err == 0)
		err = virtq_poll(&vb->vq, REQUEST_TIMEOUT_MS);
	if (err == 0)
		virtq_complete(&vb->vq);
	return err;
}

static int do_request(struct virtio_blk *vb, int type, uint64_t sector, size_t len)
{
	struct virtio_blk_header *h = phys_to_virt(vb->req_phys);
	volatile uint8_t *status = (uint8_t *)phys_to_virt(vb->req_phys) + 64;
	struct virtq_buf bufs[3] = {
		{ vb->req_phys, sizeof(*h), 0 },
		{ vb->bounce_phys, (uint32_t)len, type == VIRTIO_BLK_T_IN },
		{ vb->req_phys + 64, 1, 1 },
	};
	int sleep = can_sleep(vb), err;

	if (sleep)
		(void)WAIT_EVENT(&vb->wq, !vb->busy, 0, 0);
	if (vb->failed)
		return -EIO;
	vb->busy = 1;
	h->type = (uint32_t)type;
	h->reserved = 0;
	h->sector = sector;
	*status = 0xff;
	err = post_and_wait(vb, bufs, sleep);
	vb->busy = 0;
	waitq_wake_all(&vb->wq);
	if (err < 0) {
		vb->failed = 1;
		kprintf("virtio-blk: %s: request timed out, disk marked failed\n", vb->bd.name);
		return -EIO;
	}
	if (*status != VIRTIO_BLK_S_OK) {
		kprintf("virtio-blk: %s: %s of sector %lu failed with status %u\n", vb->bd.name,
			type == VIRTIO_BLK_T_IN ? "read" : "write", sector, *status);
		return -EIO;
	}
	return 0;
}

static int check_request(struct block_device *bd, uint64_t off, size_t count)
{
	if ((off | count) % 512 || off > bd->size || count > bd->size - off)
		return -EIO;
	return 0;
}

static int vblk_read(struct block_device *bd, uint64_t off, void *buf, size_t count)
{
	struct virtio_blk *vb = bd->private;

	TRY(check_request(bd, off, count));
	for (size_t done = 0; done < count;) {
		size_t c = MIN(count - done, (size_t)BOUNCE_PAGES * 4096);
		TRY(do_request(vb, VIRTIO_BLK_T_IN, (off + done) / 512, c));
		memcpy((char *)buf + done, phys_to_virt(vb->bounce_phys), c);
		done += c;
	}
	return 0;
}

static int vblk_write(struct block_device *bd, uint64_t off, const void *buf, size_t count)
{
	struct virtio_blk *vb = bd->private;

	TRY(check_request(bd, off, count));
	if (bd->read_only)
		return -EIO;
	for (size_t done = 0; done < count;) {
		size_t c = MIN(count - done, (size_t)BOUNCE_PAGES * 4096);
		memcpy(phys_to_virt(vb->bounce_phys), (const char *)buf + done, c);
		TRY(do_request(vb, VIRTIO_BLK_T_OUT, (off + done) / 512, c));
		done += c;
	}
	return 0;
}

static const struct block_ops vblk_ops = { .read = vblk_read, .write = vblk_write };

static uint64_t read_capacity(uint16_t iobase)
{
	uint64_t lo = inl(iobase + VIRTIO_REG_CONFIG), hi = inl(iobase + VIRTIO_REG_CONFIG + 4);

	return lo | hi << 32;
}

static int vblk_setup(struct virtio_blk *vb, uint16_t iobase)
{
	uint32_t features = virtio_legacy_begin(iobase);

	vb->iobase = iobase;
	TRY(virtio_legacy_setup_queue(iobase, features & VIRTIO_BLK_F_RO, 0, &vb->vq));
	vb->req_phys = pmm_alloc_zeroed();
	vb->bounce_phys = pmm_alloc_contiguous(BOUNCE_PAGES);
	if (!vb->req_phys || !vb->bounce_phys)
		return -ENOMEM;
	waitq_init(&vb->wq);
	ksnprintf(vb->bd.name, sizeof(vb->bd.name), "vd%c", 'a' + disk_count);
	vb->bd.rdev = MKDEV(VIRTIO_BLK_MAJOR, disk_count * 16);
	vb->bd.logical_block_size = 512;
	vb->bd.size = read_capacity(iobase) * 512;
	vb->bd.read_only = (features & VIRTIO_BLK_F_RO) != 0;
	vb->bd.ops = &vblk_ops;
	vb->bd.private = vb;
	virtio_legacy_driver_ok(iobase);
	return 0;
}

/* Takes the device's legacy IRQ line (shared by the disks on it), or leaves the disk
 * polled when it has none. */
static void setup_interrupt(struct virtio_blk *vb, const struct pci_device *dev)
{
	vb->irq = -1;
	if (dev->irq_pin == 0 || dev->irq_line == 0 || dev->irq_line >= IRQ_COUNT)
		return;
	vb->irq = dev->irq_line;
	if (!(irq_lines_taken & (1u << vb->irq))) {
		irq_lines_taken |= (uint16_t)(1u << vb->irq);
		irq_register(vb->irq, vblk_interrupt);
	}
	virtq_set_interrupts(&vb->vq, 1);
}

static int vblk_probe(struct pci_device *dev)
{
	struct virtio_blk *vb;
	int err;

	if (!dev->bars[0].is_io || !dev->bars[0].base) {
		kprintf("virtio-blk: %02x:%02x.%x has no I/O BAR 0\n", dev->bus, dev->slot, dev->func);
		return -ENODEV;
	}
	if (disk_count == VIRTIO_BLK_MAX)
		return -ENOSPC;
	vb = kzalloc(sizeof(*vb));
	if (!vb)
		return -ENOMEM;
	pci_enable(dev);
	err = vblk_setup(vb, (uint16_t)dev->bars[0].base);
	if (err == 0)
		err = blockdev_register(&vb->bd);
	if (err < 0) {
		/* The queue and DMA pages stay with the (reset-on-next-boot) device. */
		kfree(vb);
		return err;
	}
	disks[disk_count++] = vb;
	setup_interrupt(vb, dev);
	kprintf("virtio-blk: /dev/%s, %lu KiB%s, ", vb->bd.name, vb->bd.size / 1024,
		vb->bd.read_only ? ", read-only" : "");
	if (vb->irq >= 0)
		kprintf("irq %d\n", vb->irq);
	else
		kprintf("polled\n");
	return 0;
}

static const struct pci_driver vblk_driver = {
	.name = "virtio-blk",
	.vendor = VIRTIO_VENDOR,
	.device = VIRTIO_BLK_DEVICE_LEGACY,
	.probe = vblk_probe,
};

static int virtio_blk_init(void)
{
	pci_register_driver(&vblk_driver);
	return 0;
}
INITCALL(2, virtio_blk_init);
