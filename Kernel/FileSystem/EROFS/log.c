/*
 * log.c - the core's only output: one formatted line per event, handed to the
 * log callback of the mount (struct erofs_ops.log).
 *
 * The core is freestanding, so this carries a tiny printf subset: %s %c %d %u
 * %x %o with the l, ll and z length modifiers, and %%. Lines longer than the
 * buffer are truncated, never overflowed. The buffer is on the stack, so
 * concurrent callers never share state.
 */
#include "internal.h"

#define LOG_LINE_MAX 256

struct log_buf {
	char b[LOG_LINE_MAX];
	size_t n;
};

static void put_char(struct log_buf *lb, char c)
{
	if (lb->n + 1 < sizeof(lb->b))
		lb->b[lb->n++] = c;
}

static void put_str(struct log_buf *lb, const char *s)
{
	if (!s)
		s = "(null)";
	while (*s)
		put_char(lb, *s++);
}

static void put_num(struct log_buf *lb, uint64_t v, unsigned int base, bool negative)
{
	char digits[24];
	size_t i = 0;

	do {
		digits[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v && i < sizeof(digits));
	if (negative)
		put_char(lb, '-');
	while (i)
		put_char(lb, digits[--i]);
}

/* Fetch the next integer argument with `longs` l's (z counts as 1). */
static uint64_t fetch_int(__builtin_va_list *ap, int longs, bool is_signed, bool *negative)
{
	int64_t s;

	*negative = false;
	if (!is_signed)
		return longs >= 2 ? __builtin_va_arg(*ap, unsigned long long)
		     : longs == 1 ? __builtin_va_arg(*ap, unsigned long)
				  : __builtin_va_arg(*ap, unsigned int);
	s = longs >= 2 ? __builtin_va_arg(*ap, long long)
	  : longs == 1 ? __builtin_va_arg(*ap, long) : __builtin_va_arg(*ap, int);
	if (s < 0) {
		*negative = true;
		return (uint64_t)0 - (uint64_t)s;
	}
	return (uint64_t)s;
}

static void format(struct log_buf *lb, const char *fmt, __builtin_va_list *ap)
{
	for (; *fmt; fmt++) {
		int longs = 0;
		bool neg;

		if (*fmt != '%') {
			put_char(lb, *fmt);
			continue;
		}
		fmt++;
		while (*fmt == 'l' || *fmt == 'z') {
			longs += 1;
			fmt++;
		}
		switch (*fmt) {
		case 's': put_str(lb, __builtin_va_arg(*ap, const char *)); break;
		case 'c': put_char(lb, (char)__builtin_va_arg(*ap, int)); break;
		case 'd': { uint64_t v = fetch_int(ap, longs, true, &neg); put_num(lb, v, 10, neg); break; }
		case 'u': put_num(lb, fetch_int(ap, longs, false, &neg), 10, false); break;
		case 'x': put_num(lb, fetch_int(ap, longs, false, &neg), 16, false); break;
		case 'o': put_num(lb, fetch_int(ap, longs, false, &neg), 8, false); break;
		case '%': put_char(lb, '%'); break;
		case '\0': return;
		default: put_char(lb, '?'); break;
		}
	}
}

void erofs_log(const struct erofs_sb_info *sbi, const char *fmt, ...)
{
	struct log_buf lb;
	__builtin_va_list ap;

	if (!sbi->ops || !sbi->ops->log)
		return;
	lb.n = 0;
	put_str(&lb, "erofs: ");
	__builtin_va_start(ap, fmt);
	format(&lb, fmt, &ap);
	__builtin_va_end(ap);
	lb.b[lb.n] = '\0';
	sbi->ops->log(sbi->ctx, lb.b);
}
