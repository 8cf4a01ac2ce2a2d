/*
 * The signals test program: signals.c (delivery, masks, default actions, timers)
 * and signals_faults.c (SIGSEGV/SIGFPE/SIGPIPE and sigreturn's register restore).
 */
#pragma once

#include "gtest.h"

#include <signal.h>

/* sigaction(sig) with handler and flags; fails the case on error. */
void signals_catch(int sig, void (*handler)(int), int flags);

void signals_sigsegv_on_bad_access(void);
void signals_sigsegv_siginfo(void);
void signals_sigfpe_on_divide_by_zero(void);
void signals_sigpipe_and_epipe(void);
void signals_sigreturn_restores_registers(void);

#define SIGNALS_FAULT_CASES \
	GT_CASE(signals_sigsegv_on_bad_access), GT_CASE(signals_sigsegv_siginfo), \
	GT_CASE(signals_sigfpe_on_divide_by_zero), GT_CASE(signals_sigpipe_and_epipe), \
	GT_CASE(signals_sigreturn_restores_registers)
