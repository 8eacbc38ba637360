/* The little libc a -nostdlib store needs: the mem* functions clang may call, and fp_alloc/fp_free for the host.
 * The allocator is a bump pointer over __heap_base that frees only the latest block: the host allocates one
 * scratch buffer per instance and replaces it when it needs a bigger one, so nothing more is needed. */
#include "fp_runtime.h"

extern unsigned char __heap_base;

void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--) *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d < s) {
    while (n--) *d++ = *s++;
  } else {
    while (n--) d[n] = s[n];
  }
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = dst;
  while (n--) *d++ = (unsigned char)c;
  return dst;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *x = a, *y = b;
  for (; n; n--, x++, y++) {
    if (*x != *y) return *x - *y;
  }
  return 0;
}

static uintptr_t heap_top;
static uintptr_t last_block;

FP_EXPORT(fp_alloc) void *fp_alloc(uint32_t n) {
  if (!heap_top) heap_top = ((uintptr_t)&__heap_base + 15) & ~(uintptr_t)15;
  uintptr_t start = heap_top;
  uintptr_t end = (start + n + 15) & ~(uintptr_t)15;
  uintptr_t have = __builtin_wasm_memory_size(0) * 65536u;
  if (end > have && __builtin_wasm_memory_grow(0, (end - have + 65535) / 65536) == (size_t)-1) return 0;
  heap_top = end;
  last_block = start;
  return (void *)start;
}

FP_EXPORT(fp_free) void fp_free(void *p) {
  if (p && (uintptr_t)p == last_block) heap_top = last_block, last_block = 0;
}
