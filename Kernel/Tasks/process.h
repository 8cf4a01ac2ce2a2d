/*
 * Processes and threads.
 *
 * A process (thread group) owns what its threads share: the address space, the file
 * descriptor table, root/cwd/umask, signal handlers, credentials, namespaces, the
 * jail, limits, and its place in the tree (parent, children, process group, session).
 * A thread owns what runs: registers, kernel stack, FPU state, signal mask, TLS base.
 *
 * PIDs: every process has a struct pid holding one number per PID-namespace level,
 * from the initial namespace (level 0) down to the one it was born in. Syscalls see
 * numbers as the caller's namespace gives them (pidns.c). Thread IDs are numbers from
 * the same allocator; a process's PID is its first thread's TID, and a thread that
 * execs takes it over (the other threads, the first included, are gone by then).
 *
 * Locking: one CPU, no kernel preemption. These structures change only in process
 * context; the only interrupt-time accesses are the scheduler's run queue and
 * wait-queue wake-ups, done with interrupts disabled. Tags: [I] immutable after
 * creation, [t] the owning thread only, [p] any thread of the process.
 */
#pragma once

#include <stdint.h>

#include "API/linux.h"
#include "Arch/x86_64/interrupts.h"
#include "Arch/x86_64/percpu.h"
#include "FileSystem/VFS/vfs.h"
#include "Lib/list.h"
#include "Tasks/waitq.h"

#define MAX_FDS 1024
#define KSTACK_SIZE 16384
#define MAX_PID_LEVELS 8
#define TASK_COMM_LEN 16

struct vm_space;
struct pid_namespace;
struct uts_namespace;
struct container;

enum thread_state { THREAD_RUNNABLE, THREAD_SLEEPING, THREAD_STOPPED, THREAD_DEAD };

struct thread {
	struct pid *pid;		/* [t] its TID at every namespace level (execve: the PID) */
	struct process *proc;		/* [I] */
	enum thread_state state;
	uint64_t ctx_rsp;		/* [t] saved kernel rsp while switched out */
	void *kstack;			/* [I] KSTACK_SIZE bytes */
	struct interrupt_frame *frame;	/* [t] user registers of the current syscall/trap */
	uint64_t fs_base;		/* [t] TLS (arch_prctl ARCH_SET_FS) */
	uint8_t fpu[512] __attribute__((aligned(16)));	/* [t] fxsave area */
	uint64_t sig_blocked;		/* [t] mask, bit (sig - 1) */
	uint64_t sig_pending;		/* thread-directed pending signals */
	struct linux_siginfo sig_info[NSIG];	/* info for thread-directed pending signals */
	uint64_t saved_mask;		/* rt_sigsuspend restores it after the handler */
	uint64_t sigwait_set;		/* rt_sigtimedwait: blocked signals that wake it */
	int saved_mask_valid;
	uint64_t altstack_sp, altstack_size;
	int altstack_flags;
	uint64_t orig_rax;		/* syscall number, for restarts */
	uint64_t clear_child_tid;	/* user address: zeroed and futex-woken at exit */
	uint64_t set_child_tid;		/* user address: gets the TID at first run */
	uint64_t robust_list;
	struct wait_entry wait;		/* its entry on the queue it sleeps on */
	int poll_triggered;		/* a watched queue was woken (poll/select) */
	uint64_t wake_deadline;		/* clock_ns deadline of the sleep, 0 none */
	struct list_node sleep_link;	/* in the timed-sleepers list while it has a deadline */
	int sleep_interruptible;	/* a signal may end the sleep */
	int woken_by_timeout;
	int slice_ticks;		/* ticks run since last scheduled */
	struct list_node run_link;	/* run queue */
	struct list_node proc_link;	/* in proc->threads */
	struct list_node all_link;	/* in the global thread list */
	int vfork_done;
	struct waitq vfork_wait;	/* the vfork parent sleeps here */
	uint64_t cpu_ns;		/* time spent running */
	struct fault_fixup fixup;	/* cpu_fixup while switched out (a user copy may sleep) */
	const struct credentials *cred_override;	/* [t] checks use these, not proc->cred */
};

struct fdtable {
	struct file *fds[MAX_FDS];
	uint8_t cloexec[MAX_FDS];
	int refs;
};

struct credentials {
	uint32_t uid, euid, suid, fsuid;
	uint32_t gid, egid, sgid, fsgid;
	uint32_t groups[32];
	int ngroups;
};

struct sighand {
	struct linux_sigaction action[NSIG];
	int refs;
};

/* One PID number per namespace level, shared by its process and the pid tables. */
struct pid {
	int level;					/* [I] deepest level */
	int nr[MAX_PID_LEVELS];				/* [I] number at each level */
	struct pid_namespace *ns[MAX_PID_LEVELS];	/* [I] */
};

enum process_state { PROC_ALIVE, PROC_ZOMBIE, PROC_REAPED };

struct process {
	struct pid *pid;			/* [I] */
	struct process *parent;
	struct list_node children;
	struct list_node sibling_link;		/* in parent->children */
	struct list_node threads;
	int nthreads;
	struct list_node all_link;		/* in the global process list */
	enum process_state state;
	int exit_code;				/* wait status (Linux encoding) */
	int exit_signal;			/* sent to the parent at exit (clone CSIGNAL) */
	int exiting;				/* exit_group started */
	struct thread *exec_survivor;		/* execve: every other thread must exit */
	struct waitq threads_gone;		/* the survivor waits here */
	int stopped;				/* stopped by a signal (job control) */
	int stop_report;			/* for wait: 1 stopped, 2 continued, 0 reported */
	int stop_signal;			/* the signal that stopped it */
	int pgid, sid;				/* in the initial namespace */
	struct vm_space *vm;			/* [p] */
	struct fdtable *fdt;			/* [p] */
	struct path root, cwd;			/* [p] */
	uint32_t umask;
	struct credentials cred;
	struct sighand *sighand;
	uint64_t sig_pending;			/* process-directed pending signals */
	struct linux_siginfo sig_info[NSIG];
	struct pid_namespace *pidns_children;	/* namespace for new children */
	struct mnt_namespace *mntns;
	struct uts_namespace *utsns;
	struct container *container;		/* NULL: not in a container */
	int jail;				/* ATOLL_JAIL_* */
	struct linux_rlimit rlimits[RLIM_NLIMITS];
	char comm[TASK_COMM_LEN];
	char *cmdline;				/* argv joined by NULs (/proc/PID/cmdline) */
	size_t cmdline_len;
	struct path exe;
	char *exe_name;				/* /proc/PID/exe's text */
	struct waitq child_wait;		/* wait4 sleeps here */
	uint64_t real_timer_deadline, real_timer_interval;	/* ITIMER_REAL, ns */
	struct list_node timer_link;
	uint64_t start_ns;
	uint64_t children_cpu_ns;		/* reaped children's, theirs included */
	uint64_t exited_cpu_ns;			/* this process's threads that have exited */
	int pdeath_signal;
	int child_subreaper;			/* PR_SET_CHILD_SUBREAPER */
	int did_exec;
	int no_new_privs;			/* PR_SET_NO_NEW_PRIVS: setuid files do nothing */				/* setpgid on it from the parent: EACCES */
	struct thread *vfork_parent;		/* woken at exec or exit */
	int tty_session_leader;
	struct tty *ctty;			/* controlling terminal */
};

/* The running thread and its process. */
#define current (cpu0.cur_thread)
#define curproc (current->proc)

/* The credentials permission checks use: the thread's override while it has one
 * (faccessat checks with the real ids), else its process's. */
static inline const struct credentials *current_cred(void)
{
	return current->cred_override ? current->cred_override : &curproc->cred;
}

/* Creates PID 1 running `path` in mount namespace `ns`; the caller becomes the idle
 * thread. Never returns. */
_Noreturn void tasks_start_init(struct mnt_namespace *ns, const char *path, char *const argv[], char *const envp[]);

/* Scheduler (scheduler.c). */
void sched_init(struct thread *idle);
void sched_wake(struct thread *t);
void schedule(void);
void sched_tick(void);
/* Adds the running thread's time since it was switched to, to its cpu_ns. */
void sched_charge_current(void);
_Noreturn void sched_idle_loop(void);
extern struct list_node all_threads;

/* Threads (thread.c). */
struct thread *thread_create(struct process *p);
void thread_free(struct thread *t);
/* Prepares t to start in user mode with registers `frame`. */
void thread_setup_user(struct thread *t, const struct interrupt_frame *frame);
/* Prepares t to start in the kernel at fn(arg). */
void thread_setup_kernel(struct thread *t, void (*fn)(void *), void *arg);
/* The user register frame at the top of t's kernel stack. */
struct interrupt_frame *thread_user_frame(struct thread *t);
/* Work done before every return to user mode: signals, rescheduling. */
void return_to_user(struct interrupt_frame *frame);
_Noreturn void arch_enter_user(struct interrupt_frame *frame);
void threads_reap(void);

/* PID numbers as `ns` sees them (0 if not visible). */
int pid_nr_in(const struct pid *pid, const struct pid_namespace *ns);
int process_pid_in(const struct process *p, const struct pid_namespace *ns);
/* The calling process's view. */
int process_vpid(const struct process *p);
/* CPU time P has used: its threads, living and exited (ns). */
uint64_t process_cpu_ns(const struct process *p);
struct pid_namespace *current_pidns(void);
/* A process group or session number the caller gave, in initial-namespace numbers
 * (where groups are kept); -1 if it cannot name one. Works after the leader is gone
 * when the caller is in the initial namespace. */
int pgid_to_global(int vpgid);
/* Finds a live or zombie process by the number `ns` gives it; NULL if none. */
struct process *process_find(struct pid_namespace *ns, int nr);
int processes_count(void);
extern struct list_node all_processes;

#define MAX_PROCESSES 512

/* An empty process (lists and wait queue ready), and its entry on the process list. */
struct process *process_alloc(void);
void process_register(struct process *p);

/* fork/vfork/clone: returns the child's PID as the caller sees it, or -E. */
long process_clone(uint64_t flags, uint64_t newsp, uint64_t parent_tid, uint64_t child_tid, uint64_t tls);
/* wait4: pid selects as in waitpid(2); the status goes to *status. */
long process_wait(int pid, int *status, int options, struct linux_siginfo *info, int idtype);
/* execve (Linux's de_thread): makes the caller the process's only thread, with the
 * thread-group leader's identity (its TID becomes the PID; its own TID is freed), and
 * drops its exit-time duties in the old image (clear_child_tid, the robust list, as
 * Linux's exec_mm_release). Sleeps uninterruptibly until the other threads are gone;
 * must run before the old address space goes. */
int process_de_thread(void);
/* Frees a reaped zombie. */
void process_free(struct process *p);
/* The pid namespace the process lives in (the deepest level of its PID). */
struct pid_namespace *process_pidns(const struct process *p);

/* Exits the calling process (exit_group) with a wait status. */
_Noreturn void process_exit(int wait_status);
/* Ends the calling thread (exit); the last thread's exit ends the process. */
_Noreturn void thread_exit(int code);

/* fd table (fdtable.c) */
struct fdtable *fdtable_create(void);
struct fdtable *fdtable_copy(struct fdtable *t);
void fdtable_put(struct fdtable *t);
/* The file at fd with a reference taken, or NULL (caller then returns -EBADF). */
struct file *fd_get(int fd);
/* Installs f at the lowest free fd >= min; returns the fd or -EMFILE. Takes over the
 * caller's reference. */
int fd_install(struct file *f, int min, int cloexec);
int fd_close(int fd);
void fdtable_close_on_exec(struct fdtable *t);
