/*
 * lib/base/string_prefix.h - the names lib/base/string.c gives its
 * functions when built with BASE_STRING_PREFIX: the host unit tests
 * (tests/host/test_base.c) link that build beside libc and compare the
 * two, so the functions take a test_ prefix.  Not for the images.
 */
#ifndef BASE_STRING_PREFIX_H
#define BASE_STRING_PREFIX_H

#include <stddef.h>

void *test_memcpy(void *restrict dst, const void *restrict src, size_t n);
void *test_memmove(void *dst, const void *src, size_t n);
void *test_memset(void *dst, int c, size_t n);
int test_memcmp(const void *a, const void *b, size_t n);
void *test_memchr(const void *s, int c, size_t n);
size_t test_strlen(const char *s);
size_t test_strnlen(const char *s, size_t max);
int test_strcmp(const char *a, const char *b);
int test_strncmp(const char *a, const char *b, size_t n);
char *test_strchr(const char *s, int c);
char *test_strrchr(const char *s, int c);

#endif /* BASE_STRING_PREFIX_H */
