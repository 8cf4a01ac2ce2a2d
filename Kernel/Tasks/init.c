/*
 * The first process. The boot context becomes the idle thread; PID 1 is built by
 * hand in the initial namespaces with the console on fds 0-2 (opened from the console
 * device itself, so no /dev is needed yet), and its thread starts in the kernel, execs
 * /sbin/init into its own register frame, and leaves for user mode.
 */
#include "API/atoll.h"
#include "Arch/x86_64/percpu.h"
#include "Lib/panic.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Memory/vm.h"
#include "Tasks/exec.h"
#include "Tasks/namespaces.h"
#include "Tasks/process.h"

extern char boot_stack_top[];

static const char *init_path;
static char *const *init_argv, *const *init_envp;

static void default_rlimits(struct linux_rlimit *r)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		r[i].rlim_cur = r[i].rlim_max = RLIM_INFINITY;
	r[RLIMIT_STACK].rlim_cur = VM_STACK_SIZE;
	r[RLIMIT_NOFILE].rlim_cur = r[RLIMIT_NOFILE].rlim_max = MAX_FDS;
	r[RLIMIT_NPROC].rlim_cur = r[RLIMIT_NPROC].rlim_max = MAX_PROCESSES;
	r[RLIMIT_CORE].rlim_cur = 0;
}

static struct file *open_console(void)
{
	static struct super_block console_sb = { .s_type = "devfs", .s_refs = 1 };
	struct inode *i = inode_alloc(&console_sb, 1, S_IFCHR | 0600);
	struct path p = { NULL, i };
	struct file *f;

	if (!i)
		panic("init: no memory for the console");
	i->i_rdev = MKDEV(5, 1);
	if (vfs_open(&p, O_RDWR, &f) < 0)
		panic("init: cannot open the console");
	inode_put(i);
	return f;
}

static void init_thread_main(void *arg)
{
	struct interrupt_frame *f = thread_user_frame(current);
	long err;

	current->frame = f;
	err = exec_kernel(init_path, init_argv, init_envp, f);
	if (err < 0)
		panic("cannot run %s: error %ld", init_path, -err);
	arch_enter_user(f);
}

static struct thread *make_idle(void)
{
	struct thread *idle = kzalloc(sizeof(*idle));

	if (!idle)
		panic("tasks: no memory for the idle thread");
	idle->kstack = (void *)((uintptr_t)boot_stack_top - KSTACK_SIZE);
	idle->state = THREAD_RUNNABLE;
	list_init(&idle->run_link);
	list_init(&idle->wait.link);
	list_init(&idle->sleep_link);
	return idle;
}

void tasks_start_init(struct mnt_namespace *ns, const char *path, char *const argv[], char *const envp[])
{
	struct process *p = process_alloc();
	struct thread *t;
	struct file *console;
	int err;

	sched_init(make_idle());
	if (!p || !(p->pid = pid_alloc(&pidns_initial, &err)))
		panic("tasks: cannot create PID 1");
	pidns_initial.reaper = p;
	p->root = p->cwd = (struct path){ ns->root, ns->root->mnt_root };
	path_get(&p->root);
	path_get(&p->cwd);
	p->mntns = ns;
	p->utsns = &utsns_initial;
	utsns_get(p->utsns);
	p->pidns_children = &pidns_initial;
	pidns_get(p->pidns_children);
	p->sighand = kzalloc(sizeof(*p->sighand));
	p->fdt = fdtable_create();
	p->vm = vm_create();
	if (!p->sighand || !p->fdt || !p->vm)
		panic("tasks: no memory for PID 1");
	p->sighand->refs = 1;
	p->umask = 022;
	p->pgid = p->sid = 1;
	p->exit_signal = SIGCHLD;
	default_rlimits(p->rlimits);
	strlcpy(p->comm, "init", sizeof(p->comm));
	process_register(p);
	current->proc = p;	/* the idle thread borrows PID 1 to install its console */
	console = open_console();
	console->f_name = kstrdup("/dev/console");
	fd_install(console, 0, 0);
	fd_install(file_get(console), 1, 0);
	fd_install(file_get(console), 2, 0);
	current->proc = NULL;
	t = thread_create(p);
	if (!t)
		panic("tasks: no memory for the init thread");
	t->pid = p->pid;
	list_append(&p->threads, &t->proc_link);
	p->nthreads = 1;
	init_path = path;
	init_argv = argv;
	init_envp = envp;
	thread_setup_kernel(t, init_thread_main, NULL);
	sched_wake(t);
	sched_idle_loop();
}
