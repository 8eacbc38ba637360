/* snapkv: a small key-value store for NOR flash, written as firmware libraries are: it knows nothing of
 * flashproof, reaches the flash through a block device of three calls, locks with pthreads and checks itself
 * with assert(). snapkv_flashproof.c adapts it to the flashproof ABI.
 *
 * The flash is two slots (each half of it, whole erase units). A slot holds the whole table: a header (magic,
 * sequence, body length, body CRC, header CRC) padded to the program size, then the body (per entry: key length,
 * value length (le16), key, value). An update erases the other slot, programs the body, then the header, which
 * is the commit; mount takes the intact slot with the highest sequence. */
#ifndef SNAPKV_H
#define SNAPKV_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define SNAPKV_MAX_KEYS 32
#define SNAPKV_KEY_MAX 64
#define SNAPKV_VALUE_MAX 256

enum {
  SNAPKV_OK = 0,
  SNAPKV_ERR_NOT_FOUND = -20,
  SNAPKV_ERR_NO_SPACE = -21,
  SNAPKV_ERR_ARG = -22,
  SNAPKV_ERR_IO = -23,
  SNAPKV_ERR_NOT_MOUNTED = -24,
};

/* The block device: every call returns 0 or a negative error. Addresses and lengths are multiples of the
 * read, program or erase size. */
typedef struct snapkv_bd {
  void *ctx;
  int (*read)(void *ctx, uint32_t addr, void *buf, uint32_t len);
  int (*program)(void *ctx, uint32_t addr, const void *buf, uint32_t len);
  int (*erase)(void *ctx, uint32_t addr, uint32_t len);
  uint32_t size, erase_size, program_size, read_size;
} snapkv_bd;

typedef struct snapkv_entry {
  uint8_t klen;
  uint16_t vlen;
  uint8_t key[SNAPKV_KEY_MAX];
  uint8_t value[SNAPKV_VALUE_MAX];
} snapkv_entry;

typedef struct snapkv {
  pthread_mutex_t lock;
  const snapkv_bd *bd;
  int mounted;
  uint32_t slot_size;
  int live;     /* slot of the current table, -1 when the flash holds none */
  uint32_t seq; /* its sequence */
  uint32_t count;
  snapkv_entry entries[SNAPKV_MAX_KEYS];
} snapkv;

/* kv->lock must be initialized (PTHREAD_MUTEX_INITIALIZER or pthread_mutex_init) before the first mount. */
int snapkv_mount(snapkv *kv, const snapkv_bd *bd);
int snapkv_set(snapkv *kv, const void *key, size_t klen, const void *value, size_t vlen);
/* Copies min(size, cap) bytes to buf; *size is the value's real size. */
int snapkv_get(snapkv *kv, const void *key, size_t klen, void *buf, size_t cap, size_t *size);
int snapkv_remove(snapkv *kv, const void *key, size_t klen);
/* The index-th key (in the store's order); SNAPKV_ERR_NOT_FOUND past the last. */
int snapkv_key_at(snapkv *kv, size_t index, void *buf, size_t cap, size_t *size);

#endif
