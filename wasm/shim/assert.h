/* flashproof shim for <assert.h>: a failed assert() is fp_halt, so the harness records a `crash` with the file,
 * line and condition. (wasi-libc's assert prints through fd_write, an import the loader refuses; a -nostdlib build
 * has no assert.h at all.) Put `-I wasm/shim` on the clang line so this one is found first.
 *
 * Like the standard header it has no include guard: NDEBUG is honoured at each inclusion. */
#include "../flashproof.h"

#undef assert
#ifdef NDEBUG
#define assert(cond) ((void)0)
#else
#define FP_SHIM_STR2(x) #x
#define FP_SHIM_STR(x) FP_SHIM_STR2(x)
#define assert(cond) \
  ((cond) ? (void)0 : fp_halt(__FILE__ ":" FP_SHIM_STR(__LINE__) ": assertion failed: " #cond, (uint32_t)(sizeof(__FILE__ ":" FP_SHIM_STR(__LINE__) ": assertion failed: " #cond) - 1)))
#endif

#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert
#endif
