/*
 * System-call dispatch. syscall.S saves the user registers as a struct
 * interrupt_frame and calls syscall_dispatch, which looks the number up in the table
 * generated from syscalls.def, calls sys_<name>(rdi, rsi, rdx, r10, r8, r9) with
 * interrupts enabled, stores the result in rax, and runs the return-to-user work
 * (signals, rescheduling). Numbers without a handler return -ENOSYS and are logged
 * once each, by name.
 */
#include "API/atoll.h"
#include "Arch/x86_64/cpu.h"
#include "Devices/Console/console.h"
#include "Syscalls/syscalls.h"
#include "Tasks/process.h"
#include "Tasks/signal.h"

#define NSYSCALLS 451

typedef long (*syscall_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

static const syscall_fn table[NSYSCALLS] = {
#define SYSCALL(nr, name) [nr] = (syscall_fn)sys_##name,
#define NOSYS(nr, name)
#include "Syscalls/syscalls.def"
#undef SYSCALL
#undef NOSYS
};

static const char *const names[NSYSCALLS] = {
#define SYSCALL(nr, name) [nr] = #name,
#define NOSYS(nr, name) [nr] = #name,
#include "Syscalls/syscalls.def"
#undef SYSCALL
#undef NOSYS
};

static uint8_t logged[NSYSCALLS + 1];

static long atoll_syscall(uint64_t nr, struct interrupt_frame *f)
{
	switch (nr) {
	case ATOLL_SYS_container_create:
		return sys_atoll_container_create(f->rdi);
	case ATOLL_SYS_container_join:
		return sys_atoll_container_join(f->rdi);
	}
	return -ENOSYS;
}

static long not_implemented(uint64_t nr)
{
	size_t slot = nr < NSYSCALLS ? nr : NSYSCALLS;

	if (!logged[slot]) {
		logged[slot] = 1;
		if (nr < NSYSCALLS && names[nr])
			kprintf("syscall: %s (%lu) is not implemented: ENOSYS (%s, pid %d)\n", names[nr], nr,
				curproc->comm, process_vpid(curproc));
		else
			kprintf("syscall: unknown number %lu: ENOSYS (%s)\n", nr, curproc->comm);
	}
	return -ENOSYS;
}

void syscall_dispatch(struct interrupt_frame *f)
{
	uint64_t nr = f->rax;
	long r;

	current->frame = f;
	current->orig_rax = nr;
	cpu_enable_interrupts();
	if (nr < NSYSCALLS && table[nr])
		r = table[nr](f->rdi, f->rsi, f->rdx, f->r10, f->r8, f->r9);
	else if (nr >= 1000 && nr < 1100)
		r = atoll_syscall(nr, f);
	else
		r = not_implemented(nr);
	/* rt_sigreturn returns the restored rax, execve 0: both fit the rule. */
	f->rax = (uint64_t)r;
	return_to_user(f);
}

void return_to_user(struct interrupt_frame *f)
{
	cpu_disable_interrupts();
	for (;;) {
		if (cpu0.need_resched) {
			schedule();
			continue;
		}
		signal_deliver(f);
		if (!cpu0.need_resched)
			break;
	}
}
