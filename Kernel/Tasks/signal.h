/*
 * Signals with Linux's numbers and semantics: process- and thread-directed pending
 * sets, per-thread masks, default actions (terminate, core-as-terminate, stop,
 * continue, ignore), handlers entered through a Linux-layout rt_sigframe on the user
 * stack and left through rt_sigreturn, and the interval timers that raise SIGALRM.
 */
#pragma once

#include <stdint.h>

#include "API/linux.h"

struct thread;
struct process;
struct interrupt_frame;

#define SIGBIT(sig) (1ULL << ((sig) - 1))

/* Whether t has a deliverable signal pending (not blocked). */
int signal_pending(const struct thread *t);
/* Queues `sig` for the process (NULL info: SI_KERNEL). Wakes a thread to take it. */
void signal_send(struct process *p, int sig, const struct linux_siginfo *info);
void signal_send_thread(struct thread *t, int sig, const struct linux_siginfo *info);
/* Sends to every process of a process group (initial-namespace pgid); -ESRCH if none. */
int signal_send_pgrp(int pgid, int sig, const struct linux_siginfo *info);
/* Runs before each return to user mode: takes one pending signal and acts on it. */
void signal_deliver(struct interrupt_frame *frame);
/* A fault in user mode (SIGSEGV and friends) that the process cannot ignore. */
void signal_force_fault(int sig, int code, uint64_t addr);
void signal_timers_tick(uint64_t now_ns);
void signal_set_real_timer(struct process *p, uint64_t deadline_ns, uint64_t interval_ns);
void signal_cancel_timers(struct process *p);
/* rt_sigreturn: restores the frame saved by the handler entry; returns its rax. */
long signal_sigreturn(struct interrupt_frame *frame);
/* After fork (child) and exec (handlers reset to default, ignored stay ignored). */
void signal_reset_on_exec(struct process *p);
/* Whether `sig` would be ignored by p (SIG_IGN, or default action ignore). */
int signal_ignored(struct process *p, int sig);
/* Wait-status helpers. */
#define W_EXITCODE(code, sig) (((code) & 0xff) << 8 | (sig))
#define W_STOPCODE(sig) ((sig) << 8 | 0x7f)
#define W_CONTINUED 0xffff
