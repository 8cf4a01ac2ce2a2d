/*
 * vfs_selftest.c - boot self-tests of the EROFS glue (`selftest=erofs/...`), over the
 * boot module when it is an EROFS image (Meta/qemu-run passes Build/root.erofs):
 * the memory-backed mount (the path rootfs.c takes when no /dev/ram0 exists),
 * lookup of ".", ".." and nested names, reads into kernel buffers at odd offsets,
 * readdir one entry per call and resumption from every d_off (position + 1),
 * statfs, and damaged copies of the superblock failing with an error.
 * Self-tests run before any process exists, so only the inode and file
 * operations are called, never the syscalls.
 */
#include "Boot/boot_modules.h"
#include "Devices/Console/console.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/layout.h"
#include "Memory/pmm.h"
#include "Tests/selftest.h"
#include "erofs_vfs.h"

/* The boot module if it is EROFS, else NULL (the test then says why and passes). */
static const void *root_image(size_t *size)
{
	const struct boot_module *m = boot_module_get(0);

	if (m && erofs_vfs_probe_memory(phys_to_virt(m->start), m->end - m->start)) {
		*size = m->end - m->start;
		return phys_to_virt(m->start);
	}
	kprintf("selftest: erofs: no EROFS boot module; nothing to check\n");
	return NULL;
}

static void unmount(struct super_block *sb)
{
	inode_put(sb->s_root);
	sb->s_op->put_super(sb);
	kfree(sb);
}

/* dir/name (one component), or NULL. */
static struct inode *lookup(struct inode *dir, const char *name)
{
	struct inode *out = NULL;

	return dir->i_op->lookup(dir, name, strlen(name), &out) == 0 ? out : NULL;
}

KERNEL_TEST(erofs_lookup_read, "erofs/lookup-read")
{
	struct super_block *sb;
	struct linux_statfs st;
	size_t size;
	const void *image = root_image(&size);

	if (!image)
		return;
	EXPECT(erofs_vfs_mount_memory(image, size, "selftest", &sb) == 0);
	struct inode *root = sb->s_root, *sbin = lookup(root, "sbin"), *init = NULL, *up, *dot;
	EXPECT(sbin && S_ISDIR(sbin->i_mode));
	if (sbin)
		init = lookup(sbin, "init");
	EXPECT(init && S_ISREG(init->i_mode) && init->i_size > 64);
	EXPECT(lookup(root, "no-such-name") == NULL);
	up = sbin ? lookup(sbin, "..") : NULL;
	EXPECT(up && inode_same(up, root));
	dot = lookup(root, ".");
	EXPECT(dot == root);
	if (init) {
		struct file f = { .f_inode = init, .f_flags = O_RDONLY };
		char head[4], tail[3];
		struct iobuf b = { head, 0 }, t = { tail, 0 };
		uint64_t pos = 0, end = init->i_size - 2;
		EXPECT(init->i_fop->open(init, &f) == 0);
		EXPECT_EQ(init->i_fop->read(&f, &b, 4, &pos), 4);
		EXPECT(memcmp(head, "\177ELF", 4) == 0);
		EXPECT_EQ(pos, 4);
		EXPECT_EQ(init->i_fop->read(&f, &t, 3, &end), 2);	/* short at the end */
		EXPECT_EQ(init->i_fop->read(&f, &t, 3, &end), 0);
		f.f_flags = O_RDWR;
		EXPECT(init->i_fop->open(init, &f) == -EROFS);
	}
	struct inode *made = NULL;
	EXPECT(root->i_op->create(root, "x", 1, S_IFREG | 0644, 0, 0, 0, &made) == -EROFS && !made);
	EXPECT(sb->s_op->statfs(sb, &st) == 0 && st.f_type == EROFS_VFS_MAGIC && st.f_blocks > 0);
	inode_put(up);
	inode_put(dot);
	inode_put(init);
	inode_put(sbin);
	unmount(sb);
}

/* A dir_context that takes `room` entries per readdir call and records them. */
struct collect {
	struct dir_context ctx;
	int room;
	int count;
	char names[64][32];
	uint64_t d_off[64];
};

static int collect_emit(struct dir_context *ctx, const char *name, size_t len, uint64_t ino, unsigned type)
{
	struct collect *c = (struct collect *)ctx;

	if (c->room-- <= 0 || c->count >= 64)
		return 1;
	strlcpy(c->names[c->count], name, MIN(len + 1, sizeof(c->names[0])));
	c->d_off[c->count++] = ctx->pos + 1;	/* what getdents64 reports */
	return 0;
}

KERNEL_TEST(erofs_readdir_resume, "erofs/readdir-resume")
{
	struct super_block *sb;
	size_t size;
	const void *image = root_image(&size);
	struct collect *all = kzalloc(sizeof(*all)), *one = kzalloc(sizeof(*one));

	if (!image || !all || !one)
		goto out;
	EXPECT(erofs_vfs_mount_memory(image, size, "selftest", &sb) == 0);
	struct file f = { .f_inode = sb->s_root, .f_flags = O_RDONLY };
	/* One pass, then one entry per call: the same names in the same order. */
	all->ctx.emit = one->ctx.emit = collect_emit;
	all->room = 64;
	EXPECT(sb->s_root->i_fop->readdir(&f, &all->ctx) == 0);
	EXPECT(all->count > 5);
	for (int calls = 0; calls < 100; calls++) {
		int before = one->count;
		one->room = 1;
		EXPECT(sb->s_root->i_fop->readdir(&f, &one->ctx) == 0);
		if (one->count == before)
			break;
	}
	EXPECT_EQ(one->count, all->count);
	for (int i = 0; i < all->count && i < one->count; i++)
		EXPECT(strcmp(all->names[i], one->names[i]) == 0);
	/* Resuming at any entry's d_off gives the next entry. */
	for (int i = 0; i + 1 < all->count; i++) {
		struct collect *r = one;
		memset(r, 0, sizeof(*r));
		r->ctx.emit = collect_emit;
		r->ctx.pos = all->d_off[i];
		r->room = 1;
		EXPECT(sb->s_root->i_fop->readdir(&f, &r->ctx) == 0);
		EXPECT(r->count == 1 && strcmp(r->names[0], all->names[i + 1]) == 0);
	}
	/* Past the end: nothing, no error. */
	one->ctx.pos = ~0ULL;
	one->count = 0;
	one->room = 1;
	EXPECT(sb->s_root->i_fop->readdir(&f, &one->ctx) == 0 && one->count == 0);
	unmount(sb);
out:
	kfree(all);
	kfree(one);
}

/* Damaged copies of the first 8 KiB: each mount fails with the core's error. */
KERNEL_TEST(erofs_damaged, "erofs/damaged-superblock")
{
	struct super_block *sb = NULL;
	size_t size;
	const void *image = root_image(&size);
	uint8_t *copy = kmalloc(8192);
	uint32_t compat;

	if (!image || !copy || size < 8192) {
		EXPECT(!image || copy);
		kfree(copy);
		return;
	}
	memcpy(copy, image, 8192);
	memcpy(&compat, copy + 1024 + 8, sizeof(compat));
	copy[1024] ^= 1;	/* magic */
	EXPECT(erofs_vfs_mount_memory(copy, 8192, "selftest-magic", &sb) == -EINVAL);
	EXPECT(!erofs_vfs_probe_memory(copy, 8192));
	copy[1024] ^= 1;
	if (compat & 1) {	/* SB_CHKSUM: a changed volume name no longer matches */
		copy[1024 + 64] ^= 0x55;
		EXPECT(erofs_vfs_mount_memory(copy, 8192, "selftest-crc", &sb) == -EUCLEAN);
		copy[1024 + 64] ^= 0x55;
	}
	EXPECT(erofs_vfs_mount_memory(copy, 2000, "selftest-short", &sb) < 0);
	/* Intact but cut to 8 KiB: shorter than the superblock says. */
	EXPECT(size == 8192 || erofs_vfs_mount_memory(copy, 8192, "selftest-cut", &sb) == -EUCLEAN);
	kfree(copy);
}
