/*
 * The CMOS real-time clock (ports 0x70/0x71): read once at boot, after waiting for
 * an update cycle to finish so that the fields are consistent; BCD and 12-hour
 * formats are converted. The wall clock is then boot epoch + the monotonic clock.
 */
#include "Devices/Timer/rtc.h"

#include "Arch/x86_64/cpu.h"
#include "Devices/Timer/clock.h"

static int64_t epoch_offset_ns;	/* realtime = clock_ns() + this */

static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static int64_t days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void rtc_init(void)
{
	uint8_t sec, min, hour, day, mon, year, regb;

	for (int spin = 0; spin < 1000000 && (cmos(0x0a) & 0x80); spin++)
		;
	sec = cmos(0x00), min = cmos(0x02), hour = cmos(0x04);
	day = cmos(0x07), mon = cmos(0x08), year = cmos(0x09);
	regb = cmos(0x0b);
	if (!(regb & 0x04)) {
		int pm = hour & 0x80;
#define BCD(x) (((x) & 0x0f) + ((x) >> 4) * 10)
		sec = BCD(sec), min = BCD(min), hour = BCD(hour & 0x7f) | pm;
		day = BCD(day), mon = BCD(mon), year = BCD(year);
#undef BCD
	}
	if (!(regb & 0x02) && (hour & 0x80))
		hour = ((hour & 0x7f) + 12) % 24;
	int64_t secs = days_from_civil(2000 + year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
	epoch_offset_ns = secs * 1000000000LL - (int64_t)clock_ns();
}

uint64_t realtime_ns(void)
{
	return (uint64_t)((int64_t)clock_ns() + epoch_offset_ns);
}

void realtime_set(uint64_t epoch_ns)
{
	epoch_offset_ns = (int64_t)epoch_ns - (int64_t)clock_ns();
}
