/*
** libc.h - the C library functions the tests call, declared as libc
** declares them (like clang's test/Analysis/Inputs/system-header-simulator.h).
** lit puts this directory on the system include path of %cescape_verify and
** %cescape_clang, so a test says `#include <libc.h>` instead of declaring
** malloc itself. A test about a prototype (a project's own `send`, a
** function named like libc's with other parameters) declares it itself.
*/
#ifndef CESCAPE_TEST_LIBC_H
#define CESCAPE_TEST_LIBC_H

typedef __SIZE_TYPE__ size_t;

void *malloc(size_t);
void *calloc(size_t, size_t);
void *realloc(void *, size_t);
void free(void *);

void *memcpy(void *restrict, const void *restrict, size_t);
void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t);
size_t strlen(const char *);
int strcmp(const char *, const char *);
char *strcpy(char *restrict, const char *restrict);
char *strdup(const char *);

int printf(const char *restrict, ...);

#endif
