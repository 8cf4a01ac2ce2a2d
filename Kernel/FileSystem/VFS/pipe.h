/*
 * Pipes and FIFOs: a 64 KiB ring with a reader count and a writer count. Reads block
 * while it is empty and writers exist; writes block while it is full and readers
 * exist; writing with no reader raises SIGPIPE and fails with EPIPE. Writes of at most
 * PIPE_BUF bytes are atomic.
 */
#pragma once

#include "FileSystem/VFS/vfs.h"

#define PIPE_SIZE 65536
#define PIPE_BUF 4096

extern const struct file_ops fifo_file_ops;
/* Two files, read end and write end, of a new anonymous pipe. */
int pipe_create(struct file **rd, struct file **wr, int flags) WARN_UNUSED;
