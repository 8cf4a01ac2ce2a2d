/* Random bytes for AT_RANDOM, getrandom and /dev/{u,}random. */
#pragma once

#include <stddef.h>

void random_get_bytes(void *buf, size_t n);
