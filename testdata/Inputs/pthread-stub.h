/*
** pthread-stub.h - the pthread and C11 thread declarations the tests call,
** spelled like glibc's (lock types are typedefs of plain unions), so the
** tests run for any -target without system headers: `#include
** <pthread-stub.h>` beside <libc.h>. A test that includes the real
** <pthread.h> does not include this one.
*/
#ifndef CESCAPE_TEST_PTHREAD_STUB_H
#define CESCAPE_TEST_PTHREAD_STUB_H

typedef __SIZE_TYPE__ size_t;

typedef unsigned long pthread_t;
typedef union { char size[56]; long align; } pthread_attr_t;
typedef union { char size[40]; long align; } pthread_mutex_t;
typedef union { char size[56]; long align; } pthread_rwlock_t;
typedef volatile int pthread_spinlock_t;
typedef unsigned pthread_key_t;
typedef union { char size[32]; long align; } sem_t;

int pthread_create(pthread_t *restrict, const pthread_attr_t *restrict,
                   void *(*)(void *), void *restrict);
int pthread_join(pthread_t, void **);
int pthread_attr_init(pthread_attr_t *);
int pthread_attr_destroy(pthread_attr_t *);
int pthread_attr_setstack(pthread_attr_t *, void *, size_t);
int pthread_mutex_init(pthread_mutex_t *restrict, const void *restrict);
int pthread_mutex_lock(pthread_mutex_t *);
int pthread_mutex_unlock(pthread_mutex_t *);
int pthread_mutex_destroy(pthread_mutex_t *);
int pthread_spin_lock(pthread_spinlock_t *);
int pthread_spin_unlock(pthread_spinlock_t *);
int pthread_rwlock_wrlock(pthread_rwlock_t *);
int pthread_rwlock_unlock(pthread_rwlock_t *);
int pthread_setspecific(pthread_key_t, const void *);
int sem_wait(sem_t *);
int sem_post(sem_t *);

typedef unsigned long thrd_t;
typedef int (*thrd_start_t)(void *);
int thrd_create(thrd_t *, thrd_start_t, void *);
int thrd_join(thrd_t, int *);

#endif
