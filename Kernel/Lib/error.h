/*
 * Error conventions (STYLE.md): functions return 0 or a non-negative value, or
 * -Exxx. TRY(expr) returns early with the error for calls that need no cleanup.
 */
#pragma once

#include "API/errno.h"

#define TRY(expr)                              \
	({                                     \
		long _r = (long)(expr);        \
		if (_r < 0)                    \
			return _r;             \
		_r;                            \
	})

/* Internal only, never seen by userland: the syscall is restarted when the signal
 * that interrupted it has no handler or one with SA_RESTART, else it becomes EINTR. */
#define ERESTARTSYS 512

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define WARN_UNUSED __attribute__((warn_unused_result))
