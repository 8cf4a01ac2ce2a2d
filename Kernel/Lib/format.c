/*
 * kvsnprintf: the one formatter. Output goes through a small cursor that counts every
 * character it would write, so the return value is the untruncated length as C's
 * vsnprintf gives, while the buffer never overflows. Pure C; host-tested.
 */
#include "Lib/format.h"

#include <stdint.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	int left, zero, width, precision;
};

static void put_str(struct out *o, const struct spec *sp, const char *s)
{
	int len = 0;

	if (!s)
		s = "(null)";
	while (s[len] && (sp->precision < 0 || len < sp->precision))
		len++;
	if (!sp->left)
		pad(o, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - len);
}

static void put_num(struct out *o, const struct spec *sp, uint64_t v, int base, int neg, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	len = n + neg;
	if (!sp->left && !sp->zero)
		pad(o, ' ', sp->width - len);
	if (neg)
		put(o, '-');
	if (!sp->left && sp->zero)
		pad(o, '0', sp->width - len);
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, ' ', sp->width - len);
}

/* Reads flags, width and precision at *fmt; advances it past them. */
static void parse_spec(const char **fmt, struct spec *sp, va_list *ap)
{
	const char *f = *fmt;

	sp->left = sp->zero = sp->width = 0;
	sp->precision = -1;
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->zero = 1;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->precision = 0;
		if (*f == '*') {
			sp->precision = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->precision = sp->precision * 10 + (*f++ - '0');
	}
	*fmt = f;
}

static void convert(struct out *o, const char **fmt, va_list *ap)
{
	struct spec sp;
	int lng = 0;
	uint64_t u;
	int64_t s;

	parse_spec(fmt, &sp, ap);
	while (**fmt == 'l' || **fmt == 'z') {
		lng++;
		(*fmt)++;
	}
	switch (**fmt) {
	case 'd':
	case 'i':
		s = lng ? va_arg(*ap, int64_t) : va_arg(*ap, int);
		put_num(o, &sp, s < 0 ? -(uint64_t)s : (uint64_t)s, 10, s < 0, 0);
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		u = lng ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
		put_num(o, &sp, u, **fmt == 'u' ? 10 : **fmt == 'o' ? 8 : 16, 0, **fmt == 'X');
		break;
	case 'p':
		put(o, '0');
		put(o, 'x');
		put_num(o, &sp, (uintptr_t)va_arg(*ap, void *), 16, 0, 0);
		break;
	case 's':
		put_str(o, &sp, va_arg(*ap, const char *));
		break;
	case 'c':
		put(o, (char)va_arg(*ap, int));
		break;
	case '%':
		put(o, '%');
		break;
	default:
		put(o, '%');
		if (**fmt)
			put(o, **fmt);
		else
			(*fmt)--;
		break;
	}
	(*fmt)++;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	va_list aq;

	va_copy(aq, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		convert(&o, &fmt, &aq);
	}
	va_end(aq);
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
