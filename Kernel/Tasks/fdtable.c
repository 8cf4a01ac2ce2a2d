/*
 * File descriptor tables. A table is shared by the threads of a process (and by
 * CLONE_FILES children); each slot holds one reference to its struct file.
 * Closing a descriptor also drops the closing process's POSIX record locks on its
 * file (POSIX's rule: any descriptor of the file, not only the one locked through).
 */
#include "FileSystem/VFS/lock.h"
#include "Lib/string.h"
#include "Memory/heap.h"
#include "Tasks/process.h"

struct fdtable *fdtable_create(void)
{
	struct fdtable *t = kzalloc(sizeof(*t));

	if (t)
		t->refs = 1;
	return t;
}

struct fdtable *fdtable_copy(struct fdtable *src)
{
	struct fdtable *t = fdtable_create();

	if (!t)
		return NULL;
	for (int i = 0; i < MAX_FDS; i++) {
		if (src->fds[i]) {
			t->fds[i] = file_get(src->fds[i]);
			t->cloexec[i] = src->cloexec[i];
		}
	}
	return t;
}

void fdtable_put(struct fdtable *t)
{
	if (!t || --t->refs > 0)
		return;
	for (int i = 0; i < MAX_FDS; i++)
		if (t->fds[i])
			file_put(t->fds[i]);
	kfree(t);
}

struct file *fd_get(int fd)
{
	struct fdtable *t = curproc->fdt;

	if (fd < 0 || fd >= MAX_FDS || !t->fds[fd])
		return NULL;
	return file_get(t->fds[fd]);
}

int fd_install(struct file *f, int min, int cloexec)
{
	struct fdtable *t = curproc->fdt;
	uint64_t limit = curproc->rlimits[RLIMIT_NOFILE].rlim_cur;

	if (limit > MAX_FDS)
		limit = MAX_FDS;
	for (int fd = min < 0 ? 0 : min; fd < (int)limit; fd++) {
		if (!t->fds[fd]) {
			t->fds[fd] = f;
			t->cloexec[fd] = cloexec ? 1 : 0;
			return fd;
		}
	}
	return -EMFILE;
}

int fd_close(int fd)
{
	struct fdtable *t = curproc->fdt;
	struct file *f;

	if (fd < 0 || fd >= MAX_FDS || !t->fds[fd])
		return -EBADF;
	f = t->fds[fd];
	t->fds[fd] = NULL;
	t->cloexec[fd] = 0;
	lock_close_posix(f, curproc);
	file_put(f);
	return 0;
}

void fdtable_close_on_exec(struct fdtable *t)
{
	for (int i = 0; i < MAX_FDS; i++) {
		if (t->fds[i] && t->cloexec[i]) {
			lock_close_posix(t->fds[i], curproc);
			file_put(t->fds[i]);
			t->fds[i] = NULL;
			t->cloexec[i] = 0;
		}
	}
}
