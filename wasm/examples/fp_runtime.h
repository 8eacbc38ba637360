/* What fp_runtime.c gives a store built without libc (-nostdlib). */
#ifndef FP_RUNTIME_H
#define FP_RUNTIME_H
#include "../flashproof.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *fp_alloc(uint32_t n);
void fp_free(void *p);

#endif
