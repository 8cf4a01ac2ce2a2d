/*
 * proc: creating processes and replacing them, checked against Linux.
 *
 * fork, vfork (the child borrows the parent's memory until it exits), clone with
 * the flags musl uses, posix_spawn, execve of a static ELF (gt-helper, installed
 * beside this program) and of a #! script, the argv/envp/auxv a new image sees,
 * and execve's error paths. Output of exec'd helpers is captured through a pipe and
 * compared with the exact text Linux produces.
 */
#define _GNU_SOURCE
#include "proc.h"

#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int proc_capture(char *const argv[], char *const envp[], char *out, size_t size)
{
	return proc_capture_as(NULL, argv, envp, out, size);
}

int proc_capture_as(void (*prepare)(void), char *const argv[], char *const envp[], char *out, size_t size)
{
	int p[2];
	EXPECT_OK(pipe(p));
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0) {
		if (prepare)
			prepare();
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	close(p[1]);
	size_t len = 0;
	ssize_t n;
	while (len + 1 < size && (n = read(p[0], out + len, size - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = 0;
	close(p[0]);
	return gt_wait(pid);
}

static void fork_returns_twice(void)
{
	pid_t parent = getpid();
	int shared_before = 41;
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0) {
		if (getppid() != parent || getpid() == parent)
			_exit(10);
		shared_before++; /* private copy */
		_exit(shared_before == 42 ? 7 : 11);
	}
	CHECK(pid > 0 && pid != parent);
	int status;
	struct rusage ru;
	CHECK_EQ(EXPECT_OK(wait4(pid, &status, 0, &ru)), pid);
	CHECK_EXITED(status, 7);
	CHECK_EQ(shared_before, 41);
	gt_observe("child exit: %s", gt_status_text(status));
}

static void exit_status_truncated_to_byte(void)
{
	pid_t a = EXPECT_OK(fork());
	if (a == 0)
		_exit(255);
	CHECK_EXITED(gt_wait(a), 255);
	pid_t b = EXPECT_OK(fork());
	if (b == 0)
		_exit(256 + 3);
	CHECK_EXITED(gt_wait(b), 3);
}

static void vfork_borrows_memory(void)
{
	static volatile int value;
	value = 1;
	pid_t pid = vfork();
	if (pid == 0) {
		value = 2; /* visible to the parent: same address space */
		_exit(9);
	}
	CHECK(pid > 0);
	CHECK_EQ(value, 2); /* the parent ran only after the child exited */
	CHECK_EXITED(gt_wait(pid), 9);
}

static volatile int clone_seen;

static int clone_child(void *arg)
{
	clone_seen = *(int *)arg;
	return 5;
}

static void clone_vm_and_vfork_flags(void)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	int arg = 77;
	clone_seen = 0;
	pid_t pid = EXPECT_OK(clone(clone_child, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD, &arg));
	CHECK_EQ(clone_seen, 77); /* CLONE_VFORK: done before clone returned */
	CHECK_EXITED(gt_wait(pid), 5);
	arg = 78;
	pid = EXPECT_OK(clone(clone_child, stack + sizeof stack, CLONE_VM | SIGCHLD, &arg));
	CHECK_EXITED(gt_wait(pid), 5);
	CHECK_EQ(clone_seen, 78);
	/* Without CLONE_VM the child writes its own copy. */
	pid = EXPECT_OK(clone(clone_child, stack + sizeof stack, SIGCHLD, &(int){ 99 }));
	CHECK_EXITED(gt_wait(pid), 5);
	CHECK_EQ(clone_seen, 78);
	EXPECT_ERRNO(syscall(SYS_clone, CLONE_THREAD, 0, 0, 0, 0), EINVAL); /* THREAD needs SIGHAND */
}

static void posix_spawn_with_file_actions(void)
{
	pid_t pid;
	char *argv[] = { "gt-helper", "exit", "7", NULL };
	CHECK_EQ(posix_spawn(&pid, gt_helper(), NULL, NULL, argv, environ), 0);
	CHECK_EXITED(gt_wait(pid), 7);
	int p[2];
	EXPECT_OK(pipe(p));
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	char *argv2[] = { "spawned", "args", "one", NULL };
	char *envp[] = { "A=1", NULL };
	CHECK_EQ(posix_spawn(&pid, gt_helper(), &fa, NULL, argv2, envp), 0);
	close(p[1]);
	char out[256] = "";
	size_t len = 0;
	ssize_t n;
	while ((n = read(p[0], out + len, sizeof out - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = 0;
	CHECK_EXITED(gt_wait(pid), 0);
	CHECK_STR(out, "argc=3\nargv[0]=spawned\nargv[1]=args\nargv[2]=one\nenv=A=1\n");
	char *missing[] = { "nope", NULL };
	CHECK_EQ(posix_spawn(&pid, "/nonexistent/prog", NULL, NULL, missing, environ), ENOENT);
}

static void execve_static_elf_argv_envp(void)
{
	char *argv[] = { (char *)gt_helper(), "args", "", "two words", NULL };
	char *envp[] = { "HOME=/root", "EMPTY=", NULL };
	char out[PATH_MAX + 512];
	int status = proc_capture(argv, envp, out, sizeof out);
	CHECK_EXITED(status, 0);
	char want[PATH_MAX + 512];
	snprintf(want, sizeof want,
		 "argc=4\nargv[0]=%s\nargv[1]=args\nargv[2]=\nargv[3]=two words\nenv=HOME=/root\nenv=EMPTY=\n",
		 gt_helper());
	CHECK_STR(out, want);
	char *no_env[] = { NULL };
	char *argv2[] = { (char *)gt_helper(), "args", NULL };
	proc_capture(argv2, no_env, out, sizeof out);
	snprintf(want, sizeof want, "argc=2\nargv[0]=%s\nargv[1]=args\n", gt_helper());
	CHECK_STR(out, want);
}

static void execve_script_interpreter(void)
{
	gt_scratch();
	char script[PATH_MAX + 32];
	snprintf(script, sizeof script, "#!%s args\nignored body\n", gt_helper());
	gt_write_file("s.sh", script, 0755);
	char *argv[] = { "./s.sh", "x", NULL };
	char *envp[] = { "K=V", NULL };
	char out[PATH_MAX + 512], want[PATH_MAX + 512];
	CHECK_EXITED(proc_capture(argv, envp, out, sizeof out), 0);
	/* Linux: interpreter, its one optional argument, the script path, then argv[1..]. */
	snprintf(want, sizeof want, "argc=4\nargv[0]=%s\nargv[1]=args\nargv[2]=./s.sh\nargv[3]=x\nenv=K=V\n",
		 gt_helper());
	CHECK_STR(out, want);
	gt_observe("script argv after the interpreter: %s", strstr(out, "argv[1]"));
	/* A script whose interpreter is missing fails with ENOENT. */
	gt_write_file("bad.sh", "#!/nonexistent/interp\n", 0755);
	char *bad[] = { "./bad.sh", NULL };
	EXPECT_ERRNO(execve("./bad.sh", bad, envp), ENOENT);
}

static void execve_errors(void)
{
	gt_scratch();
	char *argv[] = { "x", NULL }, *envp[] = { NULL };
	EXPECT_ERRNO(execve("./missing", argv, envp), ENOENT);
	gt_write_file("plain", "not a program\n", 0644);
	EXPECT_ERRNO(execve("./plain", argv, envp), EACCES);
	gt_write_file("junk", "\x7f" "ELF garbage that is not an ELF header at all..........", 0755);
	EXPECT_ERRNO(execve("./junk", argv, envp), ENOEXEC);
	EXPECT_OK(mkdir("dir", 0755));
	EXPECT_ERRNO(execve("./dir", argv, envp), EACCES);
	EXPECT_ERRNO(execve("plain/x", argv, envp), ENOTDIR);
}

static void auxv_of_this_process(void)
{
	CHECK_EQ(getauxval(AT_PAGESZ), 4096);
	CHECK_EQ(sysconf(_SC_PAGESIZE), 4096);
	const unsigned char *r = (const void *)getauxval(AT_RANDOM);
	CHECK(r != NULL);
	int nonzero = 0;
	for (int i = 0; i < 16; i++)
		nonzero |= r[i];
	CHECK(nonzero); /* 16 bytes of randomness: all zero is (2^-128) not random */
	CHECK(getauxval(AT_PHDR) != 0);
	CHECK(getauxval(AT_PHNUM) > 0);
	CHECK_EQ(getauxval(AT_UID), getuid());
	CHECK_EQ(getauxval(AT_EUID), geteuid());
	char *argv[] = { (char *)gt_helper(), "auxv", NULL }, *envp[] = { NULL };
	char out[256];
	CHECK_EXITED(proc_capture(argv, envp, out, sizeof out), 0);
	CHECK_STR(out, "pagesz=4096 random=16-bytes entry=set\n");
	gt_observe("helper auxv: %.*s", (int)strcspn(out, "\n"), out);
}

static void pid_and_tid_agree(void)
{
	CHECK_EQ(getpid(), syscall(SYS_getpid));
	CHECK_EQ(syscall(SYS_gettid), getpid()); /* single-threaded: tid == pid */
	CHECK(getppid() > 0);
	pid_t pid = EXPECT_OK(fork());
	if (pid == 0)
		_exit(syscall(SYS_gettid) == getpid() ? 0 : 1);
	CHECK_EXITED(gt_wait(pid), 0);
}

static const struct gt_case cases[] = {
	GT_CASE(fork_returns_twice),
	GT_CASE(exit_status_truncated_to_byte),
	GT_CASE(vfork_borrows_memory),
	GT_CASE(clone_vm_and_vfork_flags),
	GT_CASE(posix_spawn_with_file_actions),
	GT_CASE(execve_static_elf_argv_envp),
	GT_CASE(execve_script_interpreter),
	GT_CASE(execve_errors),
	GT_CASE(auxv_of_this_process),
	GT_CASE(pid_and_tid_agree),
	PROC_IDS_CASES,
	PROC_WAIT_CASES,
	GT_END
};

GT_MAIN(cases)
