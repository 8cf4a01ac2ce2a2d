/* Wall-clock time: the CMOS RTC read once at boot, then advanced by clock_ns(). */
#pragma once

#include <stdint.h>

void rtc_init(void);
/* Nanoseconds since the Unix epoch. */
uint64_t realtime_ns(void);
/* settimeofday/clock_settime: moves the wall clock. */
void realtime_set(uint64_t epoch_ns);
