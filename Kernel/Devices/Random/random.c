/*
 * The kernel's random source: RDRAND when the CPU has it, mixed into a xorshift128+
 * generator seeded from the TSC and the boot time. Good enough for AT_RANDOM and
 * stack canaries; not a cryptographic DRBG (documented in Documentation/Devices.md).
 */
#include "Devices/Random/random.h"

#include <stdint.h>

#include "Arch/x86_64/cpu.h"

static uint64_t s0, s1;
static int has_rdrand = -1;

static int rdrand(uint64_t *v)
{
	unsigned char ok;

	__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
	return ok;
}

static uint64_t next(void)
{
	uint64_t x = s0, y = s1, r;

	if (has_rdrand < 0) {
		uint32_t ecx;
		__asm__ volatile("cpuid" : "=c"(ecx) : "a"(1) : "rbx", "rdx");
		has_rdrand = (ecx >> 30) & 1;
		s0 = rdtsc() ^ 0x9e3779b97f4a7c15ULL;
		s1 = (rdtsc() << 17) ^ 0xbf58476d1ce4e5b9ULL;
		x = s0, y = s1;
	}
	s0 = y;
	x ^= x << 23;
	s1 = x ^ y ^ (x >> 17) ^ (y >> 26);
	r = s1 + y;
	if (has_rdrand > 0) {
		uint64_t hw;
		if (rdrand(&hw))
			r ^= hw;
	}
	return r ^ rdtsc();
}

void random_get_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n) {
		uint64_t v = next();
		for (int i = 0; i < 8 && n; i++, n--)
			*p++ = (unsigned char)(v >> (8 * i));
	}
}
