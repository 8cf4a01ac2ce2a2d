/*
 * The root filesystem at boot, from the first Multiboot module.
 *
 * An EROFS image (Build/root.erofs; the magic 0xE0F5E1E2 at byte 1024) is mounted
 * read-only at / straight from the module: through /dev/ram0 (block 1:0, which the
 * RAM disk driver registered at init level 2) and the buffer cache, or from the
 * module's memory if that device is missing. Nothing is copied.
 *
 * Anything else is taken for a tar archive (what containers still use) and unpacked
 * into a tmpfs: entries are created in archive order with their modes, owners and
 * times; missing parent directories are created on the way; hard links point at
 * entries made earlier. A malformed archive stops the unpacking with a message
 * naming the entry; what was unpacked so far stays. An EROFS image that does not
 * mount leaves an empty tmpfs root (the log says why), as a damaged archive would.
 */
#include "FileSystem/rootfs.h"

#include "Devices/Block/block.h"
#include "Devices/Console/console.h"
#include "FileSystem/EROFS/erofs_vfs.h"
#include "Lib/panic.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/layout.h"
#include "Memory/pmm.h"
#include "libtar.h"

int tmpfs_mount(const char *source, int flags, const char *data, struct super_block **out);

struct module_reader {
	const uint8_t *base;
	size_t size, pos;
};

static long module_read(void *ctx, void *buf, size_t len)
{
	struct module_reader *m = ctx;
	size_t n = MIN(len, m->size - m->pos);

	memcpy(buf, m->base + m->pos, n);
	m->pos += n;
	return (long)n;
}

/* Walks to the directory holding the last component of `path`, creating missing
 * directories; *name points at that last component. Returns a reference. */
static int parent_dir(struct inode *root, char *path, char **name, struct inode **out)
{
	struct inode *dir = inode_get(root), *next;
	char *p = path;

	for (;;) {
		while (*p == '/')
			p++;
		char *slash = strchr(p, '/');
		while (slash && slash[1] == '/')
			slash++;
		if (!slash || !slash[1]) {
			if (slash)
				*slash = 0;
			*name = p;
			*out = dir;
			return 0;
		}
		*slash = 0;
		int err = dir->i_op->lookup(dir, p, strlen(p), &next);
		if (err == -ENOENT)
			err = dir->i_op->create(dir, p, strlen(p), S_IFDIR | 0755, 0, 0, 0, &next);
		inode_put(dir);
		if (err < 0)
			return err;
		dir = next;
		p = slash + 1;
	}
}

static int write_contents(struct inode *i, struct tar_reader *r, size_t size)
{
	struct file f = { 0 };
	char *buf = kmalloc(PAGE_SIZE);
	uint64_t pos = 0;
	long n;

	if (!buf)
		return -ENOMEM;
	f.f_inode = i;
	f.f_flags = O_WRONLY;
	while ((n = tar_reader_read(r, buf, PAGE_SIZE)) > 0) {
		struct iobuf b = { buf, 0 };
		if (i->i_fop->write(&f, &b, (size_t)n, &pos) != n) {
			kfree(buf);
			return -ENOSPC;
		}
	}
	kfree(buf);
	return n < 0 || pos != size ? -EIO : 0;
}

static uint32_t type_bits(char type)
{
	switch (type) {
	case TAR_DIRECTORY:
		return S_IFDIR;
	case TAR_CHARDEV:
		return S_IFCHR;
	case TAR_BLOCKDEV:
		return S_IFBLK;
	case TAR_FIFO:
		return S_IFIFO;
	default:
		return S_IFREG;
	}
}

static int make_entry(struct inode *root, struct tar_reader *r, const struct tar_entry *e, char *path)
{
	struct inode *dir, *i = NULL, *target;
	char *name;
	int err;

	TRY(parent_dir(root, path, &name, &dir));
	if (!*name || strcmp(name, ".") == 0) {
		/* The archive's "./": the root directory itself. */
		i = inode_get(root);
		err = 0;
	} else if (e->type == TAR_SYMLINK) {
		err = dir->i_op->symlink(dir, name, strlen(name), e->linkpath, e->uid, e->gid, &i);
	} else if (e->type == TAR_HARDLINK) {
		char *tpath = kmalloc(TAR_PATH_MAX + 1), *tname;
		struct inode *tdir;
		err = tpath ? 0 : -ENOMEM;
		if (!err) {
			strlcpy(tpath, e->linkpath, TAR_PATH_MAX + 1);
			err = parent_dir(root, tpath, &tname, &tdir);
		}
		if (!err) {
			err = tdir->i_op->lookup(tdir, tname, strlen(tname), &target);
			inode_put(tdir);
		}
		if (!err) {
			err = dir->i_op->link(dir, name, strlen(name), target);
			inode_put(target);
		}
		kfree(tpath);
		inode_put(dir);
		return err;
	} else if (dir->i_op->lookup(dir, name, strlen(name), &i) == 0 && S_ISDIR(i->i_mode) &&
		   e->type == TAR_DIRECTORY) {
		err = 0;	/* made earlier as someone's parent */
	} else {
		inode_put(i);
		i = NULL;
		err = dir->i_op->create(dir, name, strlen(name), type_bits(e->type) | (e->mode & 07777),
					((uint64_t)e->devmajor << 8) | e->devminor, e->uid, e->gid, &i);
		if (!err && S_ISREG(i->i_mode))
			err = write_contents(i, r, e->size);
	}
	inode_put(dir);
	if (err)
		return err;
	if (e->type != TAR_SYMLINK)
		i->i_mode = (i->i_mode & S_IFMT) | (e->mode & 07777);
	i->i_uid = e->uid;
	i->i_gid = e->gid;
	i->i_mtime.tv_sec = e->mtime;
	i->i_mtime.tv_nsec = 0;
	inode_put(i);
	return 0;
}

static int unpack(struct inode *root, const void *archive, size_t size)
{
	struct module_reader m = { archive, size, 0 };
	struct tar_reader r;
	struct tar_entry *e = kmalloc(sizeof(*e));
	char *path = kmalloc(TAR_PATH_MAX + 1);
	int err = -ENOMEM, count = 0;

	if (!e || !path)
		goto out;
	tar_reader_init(&r, module_read, &m);
	while ((err = tar_reader_next(&r, e)) > 0) {
		strlcpy(path, e->path, TAR_PATH_MAX + 1);
		if ((err = make_entry(root, &r, e, path)) < 0) {
			kprintf("rootfs: cannot unpack '%s': error %d\n", e->path, -err);
			goto out;
		}
		count++;
	}
	if (err < 0)
		kprintf("rootfs: the archive is damaged after %d entries (tar error %d)\n", count, err);
	else
		kprintf("rootfs: %d entries unpacked into tmpfs\n", count);
out:
	kfree(e);
	kfree(path);
	return err < 0 ? err : 0;
}

/* The EROFS root: /dev/ram0 when the RAM disk driver has it, else the module's memory. */
static int mount_erofs(const void *image, size_t size, struct super_block **out)
{
	struct block_device *ram0 = blockdev_find("ram0");
	int err;

	if (ram0 && ram0->size < size)
		ram0 = NULL;	/* not this module: read the memory itself */
	if (ram0)
		err = erofs_vfs_mount_bdev(ram0, out);
	else
		err = erofs_vfs_mount_memory(image, size, "boot module", out);
	if (err < 0)
		kprintf("rootfs: cannot mount the EROFS root image: error %d\n", -err);
	else
		kprintf("rootfs: EROFS image (%lu KiB) mounted read-only at / from %s\n", size / 1024,
			ram0 ? "/dev/ram0" : "the boot module");
	return err;
}

struct mnt_namespace *rootfs_mount(const struct boot_module *module)
{
	struct super_block *sb = NULL;
	struct mnt_namespace *ns;
	const void *image = module ? phys_to_virt(module->start) : NULL;
	size_t size = module ? module->end - module->start : 0;
	int erofs = module && erofs_vfs_probe_memory(image, size);

	if (erofs && mount_erofs(image, size, &sb) < 0)
		sb = NULL;
	if (!sb && tmpfs_mount("rootfs", 0, "mode=755", &sb) < 0)
		panic("rootfs: no memory for the root filesystem");
	if (!(ns = mntns_create_initial(sb)))
		panic("rootfs: no memory for the root filesystem");
	if (module && !erofs)
		unpack(sb->s_root, image, size);
	return ns;
}
