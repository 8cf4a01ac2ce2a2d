/*
 * Advisory file locks (lock.c): flock(2) locks, POSIX record locks (fcntl F_SETLK)
 * and open-file-description record locks (fcntl F_OFD_SETLK), with Linux semantics.
 */
#pragma once

#include <stdint.h>

#include "FileSystem/VFS/vfs.h"
#include "Lib/error.h"

struct process;

/* Who owns a lock, and therefore which locks never conflict with each other. */
enum lock_kind {
	LOCK_KIND_FLOCK,	/* flock(2): owned by the open file description */
	LOCK_KIND_POSIX,	/* fcntl F_SETLK: owned by the process */
	LOCK_KIND_OFD,		/* fcntl F_OFD_SETLK: owned by the open file description */
};

/* "To the end of the file and beyond": the end of a range given with l_len == 0. */
#define LOCK_OFFSET_MAX INT64_MAX

/* One range a record lock covers, both ends included, for lock_ranges(). */
struct lock_range {
	int64_t start, end;
	int type;	/* F_RDLCK or F_WRLCK */
};

/* flock(2): cmd is LOCK_SH, LOCK_EX or LOCK_UN, optionally with LOCK_NB. Returns 0,
 * -EWOULDBLOCK (LOCK_NB and a conflicting lock), -ERESTARTSYS (a signal while
 * waiting), -EINVAL or -EBADF. */
long vfs_flock(struct file *f, unsigned cmd) WARN_UNUSED;

/* fcntl F_GETLK, F_SETLK, F_SETLKW and their F_OFD_ forms on descriptor fd (which
 * refers to f) with the struct flock at user address uarg. */
long vfs_fcntl_lock(struct file *f, int fd, int cmd, uint64_t uarg) WARN_UNUSED;

/* Record locks of `kind` on inode for `owner` (a struct process for POSIX locks, a
 * struct file for OFD locks): type F_RDLCK, F_WRLCK or F_UNLCK over [start, end].
 * With `wait`, sleeps while another owner holds a conflicting lock. Returns 0,
 * -EAGAIN (a conflict, no wait), -EDEADLK, -ERESTARTSYS or -ENOLCK (no memory). */
int lock_record_set(struct inode *inode, int kind, void *owner, int type, int64_t start, int64_t end,
		    int wait) WARN_UNUSED;
/* Copies up to max of owner's record locks on inode, in list order, into out;
 * returns how many it has. For self-tests and diagnostics. */
int lock_ranges(struct inode *inode, void *owner, struct lock_range *out, int max);

/* close(2) of any descriptor of f's file: drops every POSIX lock p holds on it. */
void lock_close_posix(struct file *f, struct process *p);
/* The last reference to f is going: drops its flock and OFD locks. */
void lock_release_file(struct file *f);
/* Process exit: drops every POSIX lock p holds, on every file. */
void lock_release_process(struct process *p);
