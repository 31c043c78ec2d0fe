/*
** libc.h - the C library functions the tests call, declared as libc
** declares them (like clang's test/Analysis/Inputs/system-header-simulator.h).
** lit puts this directory on the system include path of %cescape_verify and
** %cescape_clang, so a test says `#include <libc.h>` instead of declaring
** malloc itself. A test about a prototype (a project's own `send`, a
** function named like libc's with other parameters) declares it itself.
** The types are spelled like glibc's, so a test may include a real system
** header (<pthread.h>, <stdio.h>) beside this one.
*/
#ifndef CESCAPE_TEST_LIBC_H
#define CESCAPE_TEST_LIBC_H

typedef __SIZE_TYPE__ size_t;
typedef long ssize_t;
typedef long time_t;
typedef struct _IO_FILE FILE;
struct tm;

/* <stdlib.h>, <malloc.h> */
void *malloc(size_t);
void *calloc(size_t, size_t);
void *realloc(void *, size_t);
void *reallocarray(void *, size_t, size_t);
void free(void *);
void *aligned_alloc(size_t, size_t);
int posix_memalign(void **, size_t, size_t);
void *memalign(size_t, size_t);
void *valloc(size_t);
void *pvalloc(size_t);
void abort(void) __attribute__((noreturn));
long strtol(const char *restrict, char **restrict, int);
double strtod(const char *restrict, char **restrict);
char *getenv(const char *);
int putenv(char *);
char *realpath(const char *restrict, char *restrict);
void qsort(void *, size_t, size_t, int (*)(const void *, const void *));
void *bsearch(const void *, const void *, size_t, size_t,
              int (*)(const void *, const void *));

/* <string.h>, <libgen.h> */
void *memcpy(void *restrict, const void *restrict, size_t);
void *memccpy(void *restrict, const void *restrict, int, size_t);
void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t);
int memcmp(const void *, const void *, size_t);
void *memchr(const void *, int, size_t);
size_t strlen(const char *);
int strcmp(const char *, const char *);
char *strcpy(char *restrict, const char *restrict);
char *strncpy(char *restrict, const char *restrict, size_t);
char *stpcpy(char *restrict, const char *restrict);
char *strcat(char *restrict, const char *restrict);
char *strdup(const char *);
char *strndup(const char *, size_t);
char *strchr(const char *, int);
char *strrchr(const char *, int);
char *strstr(const char *, const char *);
char *strpbrk(const char *, const char *);
char *strtok(char *restrict, const char *restrict);
char *strtok_r(char *restrict, const char *restrict, char **restrict);
char *strsep(char **restrict, const char *restrict);
char *basename(char *);

/* <stdio.h> */
extern FILE *stdin;
extern FILE *stdout;
int printf(const char *restrict, ...);
int fprintf(FILE *restrict, const char *restrict, ...);
int sprintf(char *restrict, const char *restrict, ...);
int snprintf(char *restrict, size_t, const char *restrict, ...);
int asprintf(char **restrict, const char *restrict, ...);
int sscanf(const char *restrict, const char *restrict, ...);
int puts(const char *);
int fputs(const char *restrict, FILE *restrict);
char *fgets(char *restrict, int, FILE *restrict);
size_t fread(void *restrict, size_t, size_t, FILE *restrict);
size_t fwrite(const void *restrict, size_t, size_t, FILE *restrict);
ssize_t getline(char **restrict, size_t *restrict, FILE *restrict);
ssize_t getdelim(char **restrict, size_t *restrict, int, FILE *restrict);
int setvbuf(FILE *restrict, char *restrict, int, size_t);
void setbuf(FILE *restrict, char *restrict);

/* <time.h> */
struct tm *localtime_r(const time_t *restrict, struct tm *restrict);

#endif
