/* execve for user calls and for the kernel starting init (Tasks/exec.c). */
#pragma once

#include <stdint.h>

struct interrupt_frame;

/* On success the frame holds the new image's registers; the old image is gone. */
long exec_user(uint64_t path, uint64_t argv, uint64_t envp, struct interrupt_frame *frame);
long exec_kernel(const char *path, char *const argv[], char *const envp[], struct interrupt_frame *frame);
