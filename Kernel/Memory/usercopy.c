/*
 * User copies: range checks here, the faulting copy in Arch/x86_64/usercopy.S.
 * Strings are copied a chunk at a time up to the next page boundary, so a string that
 * ends right before an unmapped page is still read without touching that page.
 */
#include "Memory/usercopy.h"

#include "Lib/string.h"
#include "Memory/layout.h"

int arch_copy(void *dst, const void *src, size_t n);

int user_range_ok(uint64_t addr, size_t n)
{
	return addr < USER_TOP && n <= USER_TOP - addr;
}

int copy_from_user(void *dst, uint64_t usrc, size_t n)
{
	if (!user_range_ok(usrc, n))
		return -EFAULT;
	return n ? arch_copy(dst, (const void *)usrc, n) : 0;
}

int copy_to_user(uint64_t udst, const void *src, size_t n)
{
	if (!user_range_ok(udst, n))
		return -EFAULT;
	return n ? arch_copy((void *)udst, src, n) : 0;
}

long strncpy_from_user(char *dst, uint64_t usrc, size_t max)
{
	size_t done = 0;

	while (done < max) {
		size_t chunk = PAGE_SIZE - ((usrc + done) & (PAGE_SIZE - 1));
		if (chunk > max - done)
			chunk = max - done;
		TRY(copy_from_user(dst + done, usrc + done, chunk));
		for (size_t i = 0; i < chunk; i++)
			if (dst[done + i] == 0)
				return (long)(done + i);
		done += chunk;
	}
	return -ENAMETOOLONG;
}

int clear_user(uint64_t udst, size_t n)
{
	static const char zeros[256];

	while (n) {
		size_t chunk = n < sizeof(zeros) ? n : sizeof(zeros);
		TRY(copy_to_user(udst, zeros, chunk));
		udst += chunk;
		n -= chunk;
	}
	return 0;
}
