/*
 * execve: static ELF64 executables (ET_EXEC, and ET_DYN static-PIE loaded at a fixed
 * base) and `#!` scripts, with Linux's initial stack:
 *
 *   rsp -> argc, argv[0..argc-1], NULL, envp[...], NULL, auxv pairs ..., AT_NULL
 *          ... then the strings, the 16 AT_RANDOM bytes and the platform name.
 *
 * The new image is built in a fresh address space; only when it is complete does the
 * process switch to it (so a failing exec leaves the caller intact). Segments become
 * private file mappings, read page by page at first touch.
 */
#include "API/atoll.h"
#include "Devices/Random/random.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/layout.h"
#include "Memory/usercopy.h"
#include "Memory/vm.h"
#include "Tasks/exec.h"
#include "Tasks/process.h"
#include "Tasks/signal.h"

#define ET_EXEC 2
#define ET_DYN 3
#define EM_X86_64 62
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define PT_GNU_STACK 0x6474e551
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define PIE_BASE 0x0000555555554000ULL
#define MAX_PHDRS 64
#define MAX_SCRIPT_DEPTH 4
#define MAX_ARG_BYTES (256 * 1024)

struct elf64_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

/* Arguments and environment, copied into the kernel before the old image goes. */
struct exec_args {
	char *buf;		/* argv strings then envp strings, NUL-separated */
	size_t len;
	int argc, envc;
};

static void args_free(struct exec_args *a)
{
	kfree(a->buf);
	a->buf = NULL;
}

static int args_append(struct exec_args *a, const char *s, size_t n)
{
	if (a->len + n + 1 > MAX_ARG_BYTES)
		return -E2BIG;
	memcpy(a->buf + a->len, s, n);
	a->buf[a->len + n] = 0;
	a->len += n + 1;
	return 0;
}

/* Copies a user NULL-terminated vector of strings; returns the count. */
static long copy_vector(struct exec_args *a, uint64_t uvec, int from_user, char *const *kvec)
{
	long count = 0;
	/* Strings are copied straight into the argument buffer: no big stack arrays. */
	char *tmp;

	for (;; count++) {
		uint64_t p;
		if (!from_user) {
			if (!kvec || !kvec[count])
				return count;
			TRY(args_append(a, kvec[count], strlen(kvec[count])));
			continue;
		}
		if (!uvec)
			return 0;
		TRY(copy_from_user(&p, uvec + count * 8, 8));
		if (!p)
			return count;
		tmp = a->buf + a->len;
		long n = strncpy_from_user(tmp, p, MAX_ARG_BYTES - a->len);
		if (n == -ENAMETOOLONG)
			return -E2BIG;
		TRY(n);
		a->len += (size_t)n + 1;
	}
}

static int args_collect(struct exec_args *a, uint64_t uargv, uint64_t uenvp, char *const *kargv, char *const *kenvp)
{
	long n;

	a->buf = kmalloc(MAX_ARG_BYTES);
	if (!a->buf)
		return -ENOMEM;
	a->len = 0;
	n = copy_vector(a, uargv, kargv == NULL, kargv);
	if (n < 0)
		return (int)n;
	a->argc = (int)n;
	n = copy_vector(a, uenvp, kenvp == NULL, kenvp);
	if (n < 0)
		return (int)n;
	a->envc = (int)n;
	return 0;
}

/* Replaces argv[0] by `interp [arg] path` for a #! script. */
static int args_prepend_interp(struct exec_args *a, const char *interp, const char *arg, const char *path)
{
	char *old = a->buf;
	size_t skip = strlen(old) + 1, rest = a->len - (a->argc ? skip : 0);
	struct exec_args n = { kmalloc(MAX_ARG_BYTES), 0, 0, a->envc };

	if (!n.buf)
		return -ENOMEM;
	int err = args_append(&n, interp, strlen(interp));
	if (!err && arg && *arg)
		err = args_append(&n, arg, strlen(arg)), n.argc++;
	if (!err)
		err = args_append(&n, path, strlen(path));
	if (!err && n.len + rest > MAX_ARG_BYTES)
		err = -E2BIG;
	if (err) {
		kfree(n.buf);
		return err;
	}
	memcpy(n.buf + n.len, old + (a->argc ? skip : 0), rest);
	n.len += rest;
	n.argc += 2 + (a->argc ? a->argc - 1 : 0);
	kfree(old);
	*a = n;
	return 0;
}

static int check_ehdr(const struct elf64_ehdr *eh)
{
	if (memcmp(eh->e_ident, "\177ELF", 4) != 0 || eh->e_ident[4] != 2 || eh->e_ident[5] != 1)
		return -ENOEXEC;
	if ((eh->e_type != ET_EXEC && eh->e_type != ET_DYN) || eh->e_machine != EM_X86_64)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 || eh->e_phnum > MAX_PHDRS)
		return -ENOEXEC;
	return 0;
}

struct image {
	uint64_t entry, phdr, phnum, brk;
};

static int map_segment(struct vm_space *vm, struct file *f, const struct elf64_phdr *ph, uint64_t base)
{
	uint64_t start = ALIGN_DOWN(base + ph->p_vaddr, PAGE_SIZE);
	uint64_t end = ALIGN_UP(base + ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
	uint64_t off = ph->p_offset - (base + ph->p_vaddr - start);
	int prot = ((ph->p_flags & PF_R) ? PROT_READ : 0) | ((ph->p_flags & PF_W) ? PROT_WRITE : 0) |
		   ((ph->p_flags & PF_X) ? PROT_EXEC : 0);

	if (ph->p_filesz > ph->p_memsz || (ph->p_offset & (PAGE_SIZE - 1)) != ((base + ph->p_vaddr) & (PAGE_SIZE - 1)))
		return -ENOEXEC;
	if (end > USER_TOP || end <= start || ph->p_offset > ph->p_offset + ph->p_filesz)
		return -ENOEXEC;
	long r = vm_map(vm, start, end - start, prot, 0, 1, f, off,
			ph->p_filesz + (base + ph->p_vaddr - start), NULL);
	return r < 0 ? (int)r : 0;
}

static int load_segments(struct vm_space *vm, struct file *f, const struct elf64_ehdr *eh, struct image *img,
			 const struct elf64_phdr *ph);

/* The program headers live in the heap: exec nests through #! scripts, and the kernel
 * stack is only 16 KiB. */
static int load_elf(struct vm_space *vm, struct file *f, const struct elf64_ehdr *eh, struct image *img)
{
	size_t size = eh->e_phnum * sizeof(struct elf64_phdr);
	struct elf64_phdr *ph = kmalloc(size);
	int err;

	if (!ph)
		return -ENOMEM;
	err = kernel_read(f, ph, size, eh->e_phoff) == (long)size ? load_segments(vm, f, eh, img, ph) : -ENOEXEC;
	kfree(ph);
	return err;
}

static int load_segments(struct vm_space *vm, struct file *f, const struct elf64_ehdr *eh, struct image *img,
			 const struct elf64_phdr *ph)
{
	uint64_t base = eh->e_type == ET_DYN ? PIE_BASE : 0, top = 0;

	img->phdr = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP)
			return -ENOEXEC;	/* dynamic executables need a loader Atoll lacks */
		if (ph[i].p_type == PT_PHDR)
			img->phdr = base + ph[i].p_vaddr;
		if (ph[i].p_type != PT_LOAD)
			continue;
		TRY(map_segment(vm, f, &ph[i], base));
		if (!img->phdr && eh->e_phoff >= ph[i].p_offset && eh->e_phoff < ph[i].p_offset + ph[i].p_filesz)
			img->phdr = base + ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset);
		top = MAX(top, base + ph[i].p_vaddr + ph[i].p_memsz);
	}
	if (!top)
		return -ENOEXEC;
	img->entry = base + eh->e_entry;
	if (img->entry >= USER_TOP)
		return -ENOEXEC;
	img->phnum = eh->e_phnum;
	img->brk = ALIGN_UP(top, PAGE_SIZE);
	return 0;
}

struct stack_builder {
	struct vm_space *vm;
	uint64_t sp;
};

static int push_bytes(struct stack_builder *sb, const void *p, size_t n, uint64_t *at)
{
	sb->sp -= n;
	*at = sb->sp;
	return copy_to_user(sb->sp, p, n);
}

/* Lays out strings, argv/envp pointers and auxv; returns the initial rsp. `cred` are
 * the ids the new image runs with: AT_SECURE is Linux's secureexec, set when the
 * effective ids differ from the real ones. */
static long build_stack(struct vm_space *vm, const struct exec_args *a, const struct image *img, const char *path,
			const struct credentials *cred)
{
	struct stack_builder sb = { vm, VM_STACK_TOP };
	uint64_t strings, random_at, platform_at, execfn_at, *vec;
	int nvec = 1 + a->argc + 1 + a->envc + 1 + 2 * 20;
	uint8_t rnd[16];
	long sp;

	random_get_bytes(rnd, sizeof(rnd));
	TRY(push_bytes(&sb, path, strlen(path) + 1, &execfn_at));
	TRY(push_bytes(&sb, "x86_64", 7, &platform_at));
	TRY(push_bytes(&sb, rnd, sizeof(rnd), &random_at));
	TRY(push_bytes(&sb, a->buf, a->len, &strings));
	vec = kzalloc(nvec * sizeof(uint64_t));
	if (!vec)
		return -ENOMEM;
	int i = 0;
	uint64_t s = strings;
	vec[i++] = a->argc;
	for (int k = 0; k < a->argc + a->envc; k++) {
		vec[i++] = s;
		s += strlen(a->buf + (s - strings)) + 1;
		if (k == a->argc - 1)
			vec[i++] = 0;	/* end of argv */
	}
	if (a->argc == 0)
		vec[i++] = 0;
	vec[i++] = 0;	/* end of envp */
	uint64_t cpuid_edx;
	__asm__ volatile("cpuid" : "=d"(cpuid_edx) : "a"(1) : "rbx", "rcx");
	const uint64_t aux[][2] = {
		{ AT_PHDR, img->phdr }, { AT_PHENT, sizeof(struct elf64_phdr) }, { AT_PHNUM, img->phnum },
		{ AT_PAGESZ, PAGE_SIZE }, { AT_BASE, 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, img->entry },
		{ AT_UID, cred->uid }, { AT_EUID, cred->euid }, { AT_GID, cred->gid }, { AT_EGID, cred->egid },
		{ AT_SECURE, cred->euid != cred->uid || cred->egid != cred->gid }, { AT_RANDOM, random_at },
		{ AT_HWCAP, cpuid_edx & 0xffffffff }, { AT_CLKTCK, 100 }, { AT_PLATFORM, platform_at },
		{ AT_EXECFN, execfn_at }, { AT_NULL, 0 },
	};
	for (size_t k = 0; k < sizeof(aux) / sizeof(aux[0]); k++) {
		vec[i++] = aux[k][0];
		vec[i++] = aux[k][1];
	}
	sb.sp = ALIGN_DOWN(sb.sp - i * 8, 16);
	sp = copy_to_user(sb.sp, vec, i * 8) < 0 ? -EFAULT : (long)sb.sp;
	kfree(vec);
	return sp;
}

/* Parses "#!interp [arg]\n" from the first bytes of a file. */
static int parse_shebang(char *head, long n, char **interp, char **arg)
{
	char *p, *end;

	if (n < 3 || head[0] != '#' || head[1] != '!')
		return -ENOEXEC;
	end = memchr(head, '\n', n);
	if (!end)
		return -ENOEXEC;
	*end = 0;
	for (p = head + 2; *p == ' ' || *p == '\t'; p++)
		;
	*interp = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	if (*p) {
		*p++ = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		char *e = p + strlen(p);
		while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = 0;
	}
	*arg = p;
	return **interp ? 0 : -ENOEXEC;
}

static void set_comm_and_cmdline(struct process *p, const struct exec_args *a, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len = 0;

	strlcpy(p->comm, base ? base + 1 : path, sizeof(p->comm));
	for (int i = 0, off = 0; i < a->argc; i++) {
		size_t n = strlen(a->buf + off) + 1;
		len += n;
		off += n;
	}
	kfree(p->cmdline);
	p->cmdline = kmalloc(len ? len : 1);
	p->cmdline_len = p->cmdline ? len : 0;
	if (p->cmdline)
		memcpy(p->cmdline, a->buf, len);
}

/* The ids the new image runs with (Linux's bprm creds), computed before the stack is
 * built so the auxv shows them. setuid/setgid executables give the file's owner/group
 * as effective ids, except on nosuid mounts and for jailed or no_new_privs processes,
 * which never gain privileges; the saved and filesystem ids follow the effective ones. */
static void exec_credentials(const struct process *p, const struct file *f, struct credentials *out)
{
	const struct inode *i = f->f_inode;

	*out = p->cred;
	if (!p->jail && !p->no_new_privs && !(f->f_path.mnt && (f->f_path.mnt->mnt_flags & MNT_NOSUID))) {
		if (i->i_mode & S_ISUID)
			out->euid = i->i_uid;
		if ((i->i_mode & S_ISGID) && (i->i_mode & 0010))
			out->egid = i->i_gid;
	}
	out->suid = out->fsuid = out->euid;
	out->sgid = out->fsgid = out->egid;
}

/* Switches the process to the new image. Fails only before changing anything, when
 * another thread of the process is already exec'ing (this one is to exit); from
 * process_de_thread on, exec cannot fail. */
static int commit(struct vm_space *vm, const struct image *img, long sp, struct file *f,
		   const struct exec_args *a, const char *path, const struct credentials *cred,
		   struct interrupt_frame *frame)
{
	struct process *p = curproc;
	struct vm_space *old;

	TRY(process_de_thread());
	old = p->vm;
	p->vm = vm;
	vm->brk_start = vm->brk_end = img->brk;
	vm_activate(vm);
	vm_put(old);
	if (p->exe.inode)
		path_put(&p->exe);
	p->exe = f->f_path;
	path_get(&p->exe);
	kfree(p->exe_name);
	p->exe_name = f->f_name;
	f->f_name = NULL;
	set_comm_and_cmdline(p, a, path);
	p->did_exec = 1;
	p->cred = *cred;
	fdtable_close_on_exec(p->fdt);
	signal_reset_on_exec(p);
	if (p->jail == ATOLL_JAIL_UNTIL_EXEC)
		p->jail = ATOLL_JAIL_NONE;
	current->fs_base = 0;
	current->altstack_size = 0;
	memset(frame, 0, sizeof(*frame));
	frame->rip = img->entry;
	frame->rsp = (uint64_t)sp;
	frame->cs = 0x23;
	frame->ss = 0x1b;
	frame->rflags = 0x202;
	if (p->vfork_parent) {
		p->vfork_parent->vfork_done = 1;
		waitq_wake_all(&p->vfork_parent->vfork_wait);
		p->vfork_parent = NULL;
	}
	return 0;
}

static int open_executable(const char *path, struct file **out)
{
	struct path p;
	int err;

	TRY(vfs_lookup(AT_FDCWD, path, LOOKUP_FOLLOW, &p, NULL));
	err = -EACCES;
	if (!p.mnt || !S_ISREG(p.inode->i_mode) || (p.mnt->mnt_flags & MNT_NOEXEC))
		goto out;
	if ((err = inode_permission(p.inode, X_OK)) < 0)
		goto out;
	err = vfs_open(&p, O_RDONLY, out);
	if (err == 0)
		(*out)->f_name = vfs_resolved_name_of(AT_FDCWD, path);
out:
	path_put(&p);
	return err;
}

static int exec_file(const char *path, struct exec_args *a, struct interrupt_frame *frame, int depth)
{
	struct elf64_ehdr eh;
	char head[256];
	struct file *f;
	struct vm_space *vm;
	struct image img;
	struct credentials cred;
	long n, sp;
	int err;

	TRY(open_executable(path, &f));
	n = kernel_read(f, head, sizeof(head) - 1, 0);
	if (n >= 2 && head[0] == '#' && head[1] == '!') {
		char *interp, *arg;
		file_put(f);
		if (depth >= MAX_SCRIPT_DEPTH)
			return -ELOOP;
		head[n] = 0;
		TRY(parse_shebang(head, n, &interp, &arg));
		TRY(args_prepend_interp(a, interp, arg, path));
		return exec_file(interp, a, frame, depth + 1);
	}
	err = -ENOEXEC;
	if (n < (long)sizeof(eh))
		goto out_file;
	memcpy(&eh, head, sizeof(eh));
	if ((err = check_ehdr(&eh)) < 0)
		goto out_file;
	err = -ENOMEM;
	if (!(vm = vm_create()))
		goto out_file;
	if ((err = load_elf(vm, f, &eh, &img)) < 0)
		goto out_vm;
	long mapped = vm_map(vm, VM_STACK_TOP - VM_STACK_SIZE, VM_STACK_SIZE, PROT_READ | PROT_WRITE, VMA_STACK, 1,
			     NULL, 0, 0, NULL);
	if (mapped < 0) {
		err = (int)mapped;
		goto out_vm;
	}
	/* Build the stack in the new space: switch to it for the copies. */
	exec_credentials(curproc, f, &cred);
	vm_activate(vm);
	sp = build_stack(vm, a, &img, path, &cred);
	vm_activate(curproc->vm);
	if ((err = (int)(sp < 0 ? sp : 0)) < 0)
		goto out_vm;
	if ((err = commit(vm, &img, sp, f, a, path, &cred, frame)) < 0)
		goto out_vm;
	file_put(f);
	return 0;
out_vm:
	vm_put(vm);
out_file:
	file_put(f);
	return err;
}

long exec_user(uint64_t upath, uint64_t uargv, uint64_t uenvp, struct interrupt_frame *frame)
{
	char *path = kmalloc(PATH_MAX);
	struct exec_args a = { 0 };
	long err = path ? strncpy_from_user(path, upath, PATH_MAX) : -ENOMEM;

	if (err >= 0)
		err = args_collect(&a, uargv, uenvp, NULL, NULL);
	if (!err)
		err = exec_file(path, &a, frame, 0);
	args_free(&a);
	kfree(path);
	return err;
}

long exec_kernel(const char *path, char *const argv[], char *const envp[], struct interrupt_frame *frame)
{
	static char *const empty[] = { NULL };
	struct exec_args a = { 0 };
	long err = args_collect(&a, 0, 0, argv ? argv : empty, envp ? envp : empty);

	if (!err)
		err = exec_file(path, &a, frame, 0);
	args_free(&a);
	return err;
}
