/*
 * erofs_errno.h - the errno values the EROFS core returns (negated).
 *
 * In the kernel (and any freestanding build) they come from Kernel/API/errno.h,
 * Linux's numbers; host builds (tests, fuzzer: ATOLL_HOST) use the C library's
 * <errno.h>, which has the same numbers, so the two never disagree.
 */
#pragma once

#if defined(ATOLL_HOST)
#include <errno.h>
#else
#include "../../API/errno.h"
#endif
