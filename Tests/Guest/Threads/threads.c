/*
 * threads: what musl's pthreads need from the kernel, checked through pthreads.
 *
 * pthread_create is clone(CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|
 * CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID); joining
 * relies on the kernel clearing and futex-waking the tid word at thread exit;
 * mutexes and condition variables are futex WAIT/WAKE; __thread variables live
 * behind %fs (arch_prctl / CLONE_SETTLS). exit ends one thread, exit_group the
 * whole process. Eight threads, as the issue asks. execve from any thread ends the
 * others and leaves the exec'ing thread as the leader, with the process's PID.
 */
#define _GNU_SOURCE
#include "gtest.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 8
/* Linux futex operations (linux/futex.h, which musl-gcc does not see). */
#define FUTEX_WAIT_PRIVATE (0 | 128)
#define FUTEX_WAKE_PRIVATE (1 | 128)

static pthread_t start_thread(void *(*fn)(void *), void *arg)
{
	pthread_t t;
	int err = pthread_create(&t, NULL, fn, arg);
	if (err)
		gt_fail("pthread_create: %s", gt_errno_name(err));
	return t;
}

static void *join_thread(pthread_t t)
{
	void *ret;
	int err = pthread_join(t, &ret);
	if (err)
		gt_fail("pthread_join: %s", gt_errno_name(err));
	return ret;
}

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *increment(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100000; i++) {
		pthread_mutex_lock(&counter_lock);
		counter++;
		pthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

static void mutex_counter_eight_threads(void)
{
	pthread_t t[NTHREADS];
	for (int i = 0; i < NTHREADS; i++)
		t[i] = start_thread(increment, NULL);
	for (int i = 0; i < NTHREADS; i++)
		join_thread(t[i]);
	CHECK_EQ(counter, NTHREADS * 100000L);
	gt_observe("counter after %d threads: %ld", NTHREADS, counter);
}

static void *times_three(void *arg)
{
	return (void *)((intptr_t)arg * 3);
}

static void join_returns_values(void)
{
	pthread_t t[NTHREADS];
	for (intptr_t i = 0; i < NTHREADS; i++)
		t[i] = start_thread(times_three, (void *)i);
	for (intptr_t i = NTHREADS - 1; i >= 0; i--)
		CHECK_EQ((intptr_t)join_thread(t[i]), i * 3);
}

static __thread int tls_value = 5;
static __thread int tls_array[3] = { 1, 2, 3 };
static __thread char tls_zero[64];

static void *tls_worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	if (tls_value != 5 || tls_array[2] != 3 || tls_zero[63] != 0)
		return (void *)1; /* every thread starts from the TLS image */
	tls_value = 100 + id;
	tls_array[0] = id;
	for (int i = 0; i < 50; i++) {
		sched_yield();
		if (tls_value != 100 + id || tls_array[0] != id)
			return (void *)2;
	}
	return (void *)0;
}

static void thread_local_storage(void)
{
	tls_value = 7;
	pthread_t t[NTHREADS];
	for (intptr_t i = 0; i < NTHREADS; i++)
		t[i] = start_thread(tls_worker, (void *)i);
	for (int i = 0; i < NTHREADS; i++)
		CHECK_EQ((intptr_t)join_thread(t[i]), 0);
	CHECK_EQ(tls_value, 7);
	CHECK_EQ(tls_array[0], 1);
}

static pid_t tids[NTHREADS];
static pid_t pids[NTHREADS];
static pthread_barrier_t all_started;

static void *record_ids(void *arg)
{
	int i = (int)(intptr_t)arg;
	tids[i] = (pid_t)syscall(SYS_gettid);
	pids[i] = getpid();
	pthread_barrier_wait(&all_started); /* all alive at once: no tid reuse */
	pthread_barrier_wait(&all_started); /* ...until the main thread has counted */
	return NULL;
}

static void gettid_distinct(void)
{
	pthread_barrier_init(&all_started, NULL, NTHREADS + 1);
	pthread_t t[NTHREADS];
	for (intptr_t i = 0; i < NTHREADS; i++)
		t[i] = start_thread(record_ids, (void *)i);
	pthread_barrier_wait(&all_started);
	char path[64], buf[4096];
	snprintf(path, sizeof path, "/proc/%d/status", (int)getpid());
	gt_read_file(path, buf, sizeof buf);
	char *threads = strstr(buf, "\nThreads:\t");
	CHECK(threads != NULL);
	int n = atoi(threads + 10);
	pthread_barrier_wait(&all_started);
	for (int i = 0; i < NTHREADS; i++)
		join_thread(t[i]);
	CHECK_EQ(n, NTHREADS + 1);
	gt_observe("Threads: in /proc/PID/status with %d started: %d", NTHREADS, n);
	pid_t me = (pid_t)syscall(SYS_gettid);
	CHECK_EQ(me, getpid());
	for (int i = 0; i < NTHREADS; i++) {
		CHECK_EQ(pids[i], getpid());
		CHECK(tids[i] != me && tids[i] > 0);
		for (int j = 0; j < i; j++)
			CHECK(tids[i] != tids[j]);
	}
}

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_cond = PTHREAD_COND_INITIALIZER;
static int queue_items, queue_done;

static void *consumer(void *arg)
{
	long taken = 0;
	(void)arg;
	pthread_mutex_lock(&queue_lock);
	for (;;) {
		while (queue_items == 0 && !queue_done)
			pthread_cond_wait(&queue_cond, &queue_lock);
		if (queue_items == 0 && queue_done)
			break;
		queue_items--;
		taken++;
	}
	pthread_mutex_unlock(&queue_lock);
	return (void *)taken;
}

static void condition_variables(void)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		t[i] = start_thread(consumer, NULL);
	for (int i = 0; i < 2000; i++) {
		pthread_mutex_lock(&queue_lock);
		queue_items++;
		pthread_cond_signal(&queue_cond);
		pthread_mutex_unlock(&queue_lock);
	}
	pthread_mutex_lock(&queue_lock);
	queue_done = 1;
	pthread_cond_broadcast(&queue_cond);
	pthread_mutex_unlock(&queue_lock);
	long total = 0;
	for (int i = 0; i < 4; i++)
		total += (long)join_thread(t[i]);
	CHECK_EQ(total, 2000);
}

static int futex_word;

static long futex(int *addr, int op, int val, const struct timespec *ts)
{
	return syscall(SYS_futex, addr, op, val, ts, NULL, 0);
}

static void *futex_waiter(void *arg)
{
	(void)arg;
	while (__atomic_load_n(&futex_word, __ATOMIC_SEQ_CST) == 0)
		futex(&futex_word, FUTEX_WAIT_PRIVATE, 0, NULL);
	return NULL;
}

static void raw_futex_wait_wake(void)
{
	EXPECT_ERRNO(futex(&futex_word, FUTEX_WAIT_PRIVATE, 1, NULL), EAGAIN); /* value differs */
	CHECK_EQ(EXPECT_OK(futex(&futex_word, FUTEX_WAKE_PRIVATE, 1, NULL)), 0);
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	EXPECT_ERRNO(futex(&futex_word, FUTEX_WAIT_PRIVATE, 0, &ts), ETIMEDOUT);
	pthread_t t = start_thread(futex_waiter, NULL);
	usleep(50 * 1000); /* let it sleep in FUTEX_WAIT */
	__atomic_store_n(&futex_word, 1, __ATOMIC_SEQ_CST);
	long woken = EXPECT_OK(futex(&futex_word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL));
	join_thread(t);
	CHECK(woken <= 1);
	EXPECT_ERRNO(futex((int *)((char *)&futex_word + 1), FUTEX_WAIT_PRIVATE, 0, NULL), EINVAL);
}

static int alive_pipe[2];

static void *outlive_main(void *arg)
{
	(void)arg;
	usleep(100 * 1000);
	write(alive_pipe[1], "alive", 5);
	exit(7);
}

static void main_thread_exit(void *arg)
{
	(void)arg;
	start_thread(outlive_main, NULL);
	pthread_exit(NULL); /* ends only the main thread */
}

static void *raw_thread_exit(void *arg)
{
	(void)arg;
	syscall(SYS_exit, 0); /* exit(2): this thread only */
	return NULL;
}

static void thread_exit_keeps_process(void)
{
	EXPECT_OK(pipe(alive_pipe));
	pid_t pid = gt_fork_fn(main_thread_exit, NULL);
	char buf[8] = "";
	gt_read_all(alive_pipe[0], buf, 5);
	CHECK(memcmp(buf, "alive", 5) == 0);
	CHECK_EXITED(gt_wait(pid), 7);
	pthread_t t;
	CHECK_EQ(pthread_create(&t, NULL, raw_thread_exit, NULL), 0);
	usleep(50 * 1000);
	CHECK_EQ(getpid(), getpid()); /* still here */
}

static void *spin_forever(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void *exit_group_from_thread(void *arg)
{
	(void)arg;
	usleep(20 * 1000);
	_exit(5);
}

static void exit_group_ends_all_threads(void *arg)
{
	int from_thread = *(int *)arg;
	for (int i = 0; i < 4; i++)
		start_thread(spin_forever, NULL);
	if (from_thread) {
		start_thread(exit_group_from_thread, NULL);
		for (;;)
			pause();
	}
	_exit(3);
}

static void exit_group_ends_process(void)
{
	int from_thread = 0;
	CHECK_EXITED(gt_run_child(exit_group_ends_all_threads, &from_thread), 3);
	from_thread = 1;
	CHECK_EXITED(gt_run_child(exit_group_ends_all_threads, &from_thread), 5);
}

/* execve from a thread: the other threads go away and the new image runs alone. */
static void *exec_helper_from_thread(void *arg)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/gt-helper", gt_self_dir());
	char *argv[] = { path, "exit", "7", NULL };
	execv(path, argv);
	_exit(99);
}

static void *sleep_forever(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void exec_while_threads_run(void *arg)
{
	pthread_t sleeper, execer;
	(void)arg;
	pthread_create(&sleeper, NULL, sleep_forever, NULL);
	pthread_create(&execer, NULL, exec_helper_from_thread, NULL);
	for (;;)
		pause();
}

static void exec_from_a_thread(void)
{
	CHECK_EXITED(gt_run_child(exec_while_threads_run, NULL), 7);
}

/* Several threads calling execve at once: one image wins, the other callers end
 * with the old image, and nothing waits forever. */
static volatile int exec_go;

static void *exec_helper_when_told(void *arg)
{
	(void)arg;
	while (!exec_go)
		sched_yield();
	return exec_helper_from_thread(NULL);
}

static void exec_from_every_thread(void *arg)
{
	(void)arg;
	for (int i = 0; i < 3; i++)
		start_thread(exec_helper_when_told, NULL);
	exec_go = 1;
	exec_helper_from_thread(NULL);
}

static void exec_in_several_threads_at_once(void)
{
	for (int round = 0; round < 5; round++)
		CHECK_EXITED(gt_run_child(exec_from_every_thread, NULL), 7);
}

/* execve from a thread other than the leader (Linux's de_thread): the exec'ing thread
 * takes over the leader's identity. The new image reports getpid() == gettid() == the
 * old PID, one thread, the same parent, process group and session, and the exec'ing
 * thread's own TID gone; the parent's wait gets the new image's exit status. */
static int report_pipe[2];

static void *exec_reporter_from_thread(void *arg)
{
	char path[PATH_MAX], tid[16];
	(void)arg;
	snprintf(path, sizeof path, "%s/gt-helper", gt_self_dir());
	snprintf(tid, sizeof tid, "%ld", syscall(SYS_gettid));
	char *argv[] = { path, "self", tid, NULL };
	dup2(report_pipe[1], 1);
	execv(path, argv);
	_exit(99);
}

static void exec_reporter_while_threads_run(void *arg)
{
	(void)arg;
	start_thread(sleep_forever, NULL);
	start_thread(exec_reporter_from_thread, NULL);
	for (;;)
		pause();
}

static void exec_from_a_thread_takes_the_pid(void)
{
	char out[256];
	size_t len = 0;
	ssize_t n;
	int pid, tid, ppid, pgid, sid, threads;
	char own_tid[16];

	EXPECT_OK(pipe2(report_pipe, O_CLOEXEC));
	pid_t child = gt_fork_fn(exec_reporter_while_threads_run, NULL);
	close(report_pipe[1]);
	while (len + 1 < sizeof out && (n = read(report_pipe[0], out + len, sizeof out - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = 0;
	CHECK_EXITED(gt_wait(child), 0);
	CHECK_EQ(sscanf(out, "pid=%d tid=%d ppid=%d pgid=%d sid=%d threads=%d\ntid %*d=%15s", &pid, &tid, &ppid,
			&pgid, &sid, &threads, own_tid), 7);
	CHECK_EQ(pid, child);
	CHECK_EQ(tid, child);
	CHECK_EQ(ppid, getpid());
	CHECK_EQ(pgid, getpgrp());
	CHECK_EQ(sid, getsid(0));
	CHECK_EQ(threads, 1);
	CHECK_STR(own_tid, "gone");
	gt_observe("after exec from a thread: pid==tid==old pid, threads=%d, the thread's own tid %s", threads,
		   own_tid);
}

static volatile pid_t handler_tid;

static void note_tid(int sig)
{
	(void)sig;
	handler_tid = (pid_t)syscall(SYS_gettid);
}

static void *wait_for_signal(void *arg)
{
	*(pid_t *)arg = (pid_t)syscall(SYS_gettid);
	while (!handler_tid)
		usleep(1000);
	return NULL;
}

static void tgkill_targets_one_thread(void)
{
	signal(SIGUSR1, note_tid);
	volatile pid_t target = 0;
	pthread_t t = start_thread(wait_for_signal, (void *)&target);
	while (!target)
		usleep(1000);
	EXPECT_OK(syscall(SYS_tgkill, getpid(), target, SIGUSR1));
	join_thread(t);
	CHECK_EQ(handler_tid, target);
}

static const struct gt_case cases[] = {
	GT_CASE_T(exec_in_several_threads_at_once, 60),
	GT_CASE_T(mutex_counter_eight_threads, 60),
	GT_CASE(join_returns_values),
	GT_CASE(thread_local_storage),
	GT_CASE(gettid_distinct),
	GT_CASE(condition_variables),
	GT_CASE(raw_futex_wait_wake),
	GT_CASE(thread_exit_keeps_process),
	GT_CASE(exit_group_ends_process),
	GT_CASE(tgkill_targets_one_thread),
	GT_CASE(exec_from_a_thread),
	GT_CASE(exec_from_a_thread_takes_the_pid),
	GT_END
};

GT_MAIN(cases)
