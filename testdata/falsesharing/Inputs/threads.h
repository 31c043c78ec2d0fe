// The pthread and C11 thread declarations the false-sharing tests need,
// spelled like glibc's (lock types are typedefs of plain unions), so the
// tests run for any -target without system headers.
typedef unsigned long pthread_t;
typedef union { char size[40]; long align; } pthread_mutex_t;
typedef union { char size[56]; long align; } pthread_rwlock_t;
typedef volatile int pthread_spinlock_t;
typedef union { char size[32]; long align; } sem_t;
int pthread_create(pthread_t *, const void *, void *(*)(void *), void *);
int pthread_join(pthread_t, void **);
int pthread_mutex_lock(pthread_mutex_t *);
int pthread_mutex_unlock(pthread_mutex_t *);
int pthread_spin_lock(pthread_spinlock_t *);
int pthread_spin_unlock(pthread_spinlock_t *);
int pthread_rwlock_wrlock(pthread_rwlock_t *);
int pthread_rwlock_unlock(pthread_rwlock_t *);
int sem_wait(sem_t *);
int sem_post(sem_t *);
typedef unsigned long thrd_t;
int thrd_create(thrd_t *, int (*)(void *), void *);
