/*
 * User address spaces: a page table plus a sorted list of areas (what mmap, brk, exec
 * and the stack created), filled in lazily by the page-fault handler.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "Lib/error.h"
#include "Lib/list.h"

struct file;
struct vm_object;

#define VMA_SHARED 1	/* MAP_SHARED: pages come from `obj` and stay shared */
#define VMA_STACK 2
#define VMA_EOF_SIGBUS 4	/* mmap of a file: pages wholly past its end fault (SIGBUS) */
#define VMA_NO_WRITE 8		/* shared file mapping opened read-only: mprotect may not add write */

struct vm_area {
	uint64_t start, end;		/* page aligned, end exclusive */
	int prot;			/* PROT_* */
	int flags;			/* VMA_* */
	struct file *file;		/* private file mapping: contents read at fault */
	uint64_t file_off;		/* file offset of `start` */
	uint64_t file_end;		/* file bytes past this offset read as zeros */
	struct vm_object *obj;		/* shared mappings */
	uint64_t obj_off;		/* page index in obj of `start` */
	struct list_node link;
};

struct vm_space {
	uint64_t root;			/* PML4 physical address */
	struct list_node areas;		/* sorted by start */
	uint64_t brk_start, brk_end;
	uint64_t committed;		/* bytes of writable private memory mapped */
	int refs;
};

#define VM_MIN_ADDR 0x10000ULL
#define VM_MMAP_TOP 0x00007f0000000000ULL
#define VM_STACK_TOP 0x00007ffffffff000ULL
#define VM_STACK_SIZE (8ULL << 20)

struct vm_space *vm_create(void);
/* A copy-on-write copy for fork. NULL on -ENOMEM. */
struct vm_space *vm_clone(struct vm_space *vm);
void vm_get(struct vm_space *vm);
void vm_put(struct vm_space *vm);
void vm_activate(struct vm_space *vm);
/* The address space the CPU is using now (what kernel accesses to user memory hit). */
struct vm_space *vm_active(void);

/* Maps [addr, addr+len). Without `fixed` addr is a hint. Returns the address or -E. */
long vm_map(struct vm_space *vm, uint64_t addr, uint64_t len, int prot, int flags, int fixed,
	    struct file *file, uint64_t off, uint64_t file_len, struct vm_object *obj);
int vm_unmap(struct vm_space *vm, uint64_t addr, uint64_t len);
int vm_protect(struct vm_space *vm, uint64_t addr, uint64_t len, int prot);

/* An mremap(2) request (Linux's arguments as given, MREMAP_* flags). `may_commit`
 * (NULL: no limit) is asked before the space's committed memory grows by `more`
 * bytes; returning 0 refuses the call with -ENOMEM. */
struct vm_remap_req {
	uint64_t addr, old_len, new_len, new_addr;
	int flags;
	int (*may_commit)(struct vm_space *vm, uint64_t more);
};
/* Shrinks, grows or moves (with its pages) part of one mapping, as Linux's mremap
 * does (Memory/vm_remap.c). Returns the mapping's new address or -E. */
long vm_remap(struct vm_space *vm, const struct vm_remap_req *r);
/* MADV_DONTNEED: private pages go back to zero (anonymous) or file contents. */
int vm_discard(struct vm_space *vm, uint64_t addr, uint64_t len);
long vm_brk(struct vm_space *vm, uint64_t new_end);
/* Resolves a fault at addr; 0, -EFAULT (nothing mapped there), -EACCES (mapped,
 * but not for this access), -EIO (past the end of a mapped file), -ENOMEM. */
int vm_fault(struct vm_space *vm, uint64_t addr, int write, int exec);
struct vm_area *vm_find(struct vm_space *vm, uint64_t addr);
/* How many of the n bytes at addr lie in consecutive areas allowing the access
 * (read and write syscalls do what fits, as Linux does, and fail only when nothing
 * does). */
uint64_t vm_accessible(struct vm_space *vm, uint64_t addr, uint64_t n, int write);
/* Resident pages in areas (for /proc). */
size_t vm_resident_pages(struct vm_space *vm);
uint64_t vm_total_size(struct vm_space *vm);
