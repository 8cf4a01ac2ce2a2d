/*
 * Memory system calls: brk, mmap, mremap, munmap, mprotect, msync, madvise. mmap checks the
 * Linux rules (flags, alignment, file access mode against PROT and MAP_SHARED) and
 * hands the area to the VM; MAP_SHARED of a file shares the file's pages (tmpfs),
 * MAP_SHARED|MAP_ANONYMOUS gets a fresh shared object so it stays shared across fork.
 * Committed memory (writable private mappings) is checked here, before the VM maps
 * it: against Linux's overcommit heuristic and the container's limit (ENOMEM).
 */
#include "Lib/string.h"
#include "Memory/layout.h"
#include "Memory/pmm.h"
#include "Memory/vm.h"
#include "Memory/vm_object.h"
#include "Syscalls/syscalls.h"
#include "Tasks/container.h"
#include "Tasks/process.h"

/* Linux's heuristic overcommit: one writable private mapping larger than all of
 * memory can never be backed and is refused at once. */
static int overcommit_refuses(uint64_t len)
{
	return len > pmm_total_pages() * (uint64_t)PAGE_SIZE;
}

/* 1 if vm may commit `more` bytes of writable private memory. */
static int may_commit(struct vm_space *vm, uint64_t more)
{
	return !overcommit_refuses(more) && !container_would_exceed_memory(curproc->container, vm, more);
}

long sys_brk(uint64_t addr)
{
	struct vm_space *vm = curproc->vm;

	if (addr > vm->brk_end && container_would_exceed_memory(curproc->container, vm, addr - vm->brk_end))
		return (long)vm->brk_end;
	return vm_brk(vm, addr);
}

static long mmap_file(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off)
{
	struct file *f = fd_get(fd);
	struct vm_object *obj = NULL;
	long r;

	if (!f)
		return -EBADF;
	r = -EACCES;
	if (!file_readable(f) || (f->f_flags & O_PATH))
		goto out;
	if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) && !file_writable(f))
		goto out;
	if ((prot & PROT_EXEC) && f->f_path.mnt && (f->f_path.mnt->mnt_flags & MNT_NOEXEC))
		goto out;
	r = -ENODEV;
	if (!S_ISREG(f->f_inode->i_mode) && !(f->f_op && f->f_op->mmap_object))
		goto out;
	if ((flags & MAP_TYPE) == MAP_SHARED && f->f_op->mmap_object) {
		if ((r = f->f_op->mmap_object(f, &obj)) < 0)
			goto out;
		int no_write = !file_writable(f) || (f->f_path.mnt && (f->f_path.mnt->mnt_flags & MNT_RDONLY));
		r = vm_map(curproc->vm, addr, len, prot, VMA_SHARED | VMA_EOF_SIGBUS | (no_write ? VMA_NO_WRITE : 0),
			   flags & MAP_FIXED, f, off, 0, obj);
		if (r >= 0) {
			struct vm_area *a = vm_find(curproc->vm, (uint64_t)r);
			a->obj_off = off / PAGE_SIZE;
		}
	} else if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE)) {
		r = -ENODEV;	/* a writable shared mapping needs the file's own pages */
	} else {
		/* Private (or read-only shared) file mapping: a copy of the file, page by page. */
		uint64_t size = f->f_inode->i_size;
		uint64_t file_len = off < size ? size - off : 0;
		int ro_shared = (flags & MAP_TYPE) == MAP_SHARED;
		r = vm_map(curproc->vm, addr, len, prot, VMA_EOF_SIGBUS | (ro_shared ? VMA_NO_WRITE : 0),
			   flags & MAP_FIXED, f, off, file_len, NULL);
	}
out:
	file_put(f);
	return r;
}

long sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off)
{
	int type = flags & MAP_TYPE;

	if (len == 0 || (off & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (len > USER_TOP)
		return -ENOMEM;
	if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED)) {
		struct vm_area *a = vm_find(curproc->vm, addr);
		if (a || (addr & (PAGE_SIZE - 1)))
			return a ? -EEXIST : -EINVAL;
		flags |= MAP_FIXED;
	}
	if (type == MAP_PRIVATE && (prot & PROT_WRITE) && !(flags & MAP_NORESERVE) &&
	    !may_commit(curproc->vm, ALIGN_UP(len, PAGE_SIZE)))
		return -ENOMEM;
	if (flags & MAP_ANONYMOUS) {
		if (type == MAP_PRIVATE)
			return vm_map(curproc->vm, addr, len, prot, 0, flags & MAP_FIXED, NULL, 0, 0, NULL);
		struct vm_object *obj = vmo_create();
		if (!obj)
			return -ENOMEM;
		long r = vm_map(curproc->vm, addr, len, prot, VMA_SHARED, flags & MAP_FIXED, NULL, 0, 0, obj);
		vmo_put(obj);
		return r;
	}
	return mmap_file(addr, len, prot, flags, fd, off);
}

long sys_mremap(uint64_t addr, uint64_t old_len, uint64_t new_len, uint64_t flags, uint64_t new_addr)
{
	struct vm_remap_req r = { addr, old_len, new_len, new_addr, (int)flags, may_commit };

	if (flags >> 31)
		return -EINVAL;	/* unknown flags, which the int would lose */
	return vm_remap(curproc->vm, &r);
}

long sys_munmap(uint64_t addr, uint64_t len)
{
	return vm_unmap(curproc->vm, addr, len);
}

long sys_mprotect(uint64_t addr, uint64_t len, int prot)
{
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | 0x01000000 | 0x02000000))
		return -EINVAL;
	return vm_protect(curproc->vm, addr, len, prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
}

long sys_msync(uint64_t addr, uint64_t len, int flags)
{
	uint64_t end = ALIGN_UP(addr + len, PAGE_SIZE);

	if ((addr & (PAGE_SIZE - 1)) || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	/* Shared mappings are the file's pages themselves: nothing to write back. The
	 * range must be mapped, as Linux requires. */
	for (uint64_t va = addr; va < end; va += PAGE_SIZE)
		if (!vm_find(curproc->vm, va))
			return -ENOMEM;
	return 0;
}

long sys_madvise(uint64_t addr, uint64_t len, int advice)
{
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	switch (advice) {
	case MADV_DONTNEED:
	case MADV_FREE:
		return vm_discard(curproc->vm, addr, len);
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
		return 0;	/* hints only */
	}
	return -EINVAL;
}
