/* flashproof shim for <pthread.h>: mutexes that do nothing. The harness calls a store from one thread, one export
 * at a time, and a power cut discards the instance (held locks included), so a store's locking has nothing to guard;
 * this lets a store that locks through pthreads compile unchanged (wasi-libc has no pthread.h without threads).
 * Only the mutex calls are here: a store that starts threads or waits on conditions does not fit the ABI.
 * Put `-I wasm/shim` on the clang line. */
#ifndef FP_SHIM_PTHREAD_H
#define FP_SHIM_PTHREAD_H

#ifdef __cplusplus
extern "C" {
#endif

/* The __DEFINED_ guards are wasi-libc's (musl's): whichever of its <sys/types.h> and this header comes first
 * defines the types, and the other skips them. */
#ifndef __DEFINED_pthread_mutex_t
typedef struct { int fp_locked; } pthread_mutex_t;
#define __DEFINED_pthread_mutex_t
#endif
#ifndef __DEFINED_pthread_mutexattr_t
typedef struct { unsigned fp_unused; } pthread_mutexattr_t;
#define __DEFINED_pthread_mutexattr_t
#endif

#define PTHREAD_MUTEX_INITIALIZER {0}

static inline int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a) { (void)m; (void)a; return 0; }
static inline int pthread_mutex_destroy(pthread_mutex_t *m) { (void)m; return 0; }
static inline int pthread_mutex_lock(pthread_mutex_t *m) { (void)m; return 0; }
static inline int pthread_mutex_trylock(pthread_mutex_t *m) { (void)m; return 0; }
static inline int pthread_mutex_unlock(pthread_mutex_t *m) { (void)m; return 0; }

#ifdef __cplusplus
}
#endif

#endif /* FP_SHIM_PTHREAD_H */
