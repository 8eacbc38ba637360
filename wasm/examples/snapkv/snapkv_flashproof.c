/* snapkv under flashproof: its block device is the harness's flash, its entry points the ABI's exports, its
 * error numbers classed in a status table. The store's own files are compiled unchanged; with -I wasm/shim
 * its <assert.h> is fp_halt and its <pthread.h> mutexes do nothing. Build line: wasm/build.sh. */
#include <stdlib.h>

#include "flashproof.h"
#include "snapkv.h"

static int bd_read(void *ctx, uint32_t addr, void *buf, uint32_t len) { (void)ctx; return fp_read(addr, len, buf); }
static int bd_program(void *ctx, uint32_t addr, const void *buf, uint32_t len) { (void)ctx; return fp_program(addr, buf, len); }
static int bd_erase(void *ctx, uint32_t addr, uint32_t len) { (void)ctx; return fp_erase(addr, len); }

static snapkv_bd bd = {0, bd_read, bd_program, bd_erase, 0, 0, 0, 0};
static snapkv kv = {.lock = PTHREAD_MUTEX_INITIALIZER};

static const fp_status_entry STATUSES[] = {
    {SNAPKV_OK, FP_CLASS_OK, "SNAPKV_OK"},
    {SNAPKV_ERR_NOT_FOUND, FP_CLASS_NOT_FOUND, "SNAPKV_ERR_NOT_FOUND"},
    {SNAPKV_ERR_NO_SPACE, FP_CLASS_NO_SPACE, "SNAPKV_ERR_NO_SPACE"},
    {SNAPKV_ERR_ARG, FP_CLASS_INVALID, "SNAPKV_ERR_ARG"},
    {SNAPKV_ERR_IO, FP_CLASS_ERROR, "SNAPKV_ERR_IO"},
    {SNAPKV_ERR_NOT_MOUNTED, FP_CLASS_ERROR, "SNAPKV_ERR_NOT_MOUNTED"},
    {0, 0, 0},
};

FP_EXPORT(fp_status_table) const fp_status_entry *fp_status_table(void) { return STATUSES; }

FP_EXPORT(fp_mount) int32_t fp_mount(uint32_t size, uint32_t erase_size, uint32_t program_size, uint32_t read_size) {
  bd.size = size, bd.erase_size = erase_size, bd.program_size = program_size, bd.read_size = read_size;
  return snapkv_mount(&kv, &bd);
}

FP_EXPORT(fp_set) int32_t fp_set(const uint8_t *key, uint32_t klen, const uint8_t *val, uint32_t vlen) {
  return snapkv_set(&kv, key, klen, val, vlen);
}

FP_EXPORT(fp_get) int32_t fp_get(const uint8_t *key, uint32_t klen, uint8_t *buf, uint32_t cap, uint32_t *size_out) {
  size_t size = 0;
  int rc = snapkv_get(&kv, key, klen, buf, cap, &size);
  if (rc == SNAPKV_OK) *size_out = (uint32_t)size;
  return rc;
}

FP_EXPORT(fp_remove) int32_t fp_remove(const uint8_t *key, uint32_t klen) { return snapkv_remove(&kv, key, klen); }

FP_EXPORT(fp_iterate) int32_t fp_iterate(uint32_t index, uint8_t *buf, uint32_t cap, uint32_t *size_out) {
  size_t size = 0;
  int rc = snapkv_key_at(&kv, index, buf, cap, &size);
  if (rc == SNAPKV_OK) *size_out = (uint32_t)size;
  return rc;
}

FP_EXPORT(fp_alloc) void *fp_alloc(uint32_t n) { return malloc(n); }
FP_EXPORT(fp_free) void fp_free(void *p) { free(p); }
