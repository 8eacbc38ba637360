/* snapkv: see snapkv.h. Plain C99 against the C library, pthreads and assert. */
#include "snapkv.h"

#include <assert.h>
#include <string.h>

#define MAGIC 0x564b5053u /* "SPKV" */
#define HEADER_BYTES 20
#define IO_MAX (16384 + 256)

static uint8_t io[IO_MAX]; /* a slot's header and body, as on flash */

static uint32_t up(uint32_t n, uint32_t unit) { return (n + unit - 1) / unit * unit; }

static uint32_t crc32(uint32_t crc, const uint8_t *p, size_t n) {
  crc = ~crc;
  while (n--) {
    crc ^= *p++;
    for (int i = 0; i < 8; i++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
  }
  return ~crc;
}

static void put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

static uint32_t header_span(const snapkv *kv) { return up(HEADER_BYTES, kv->bd->program_size); }

/* Reads slot `s` into io and parses it into the table when it is intact; returns its sequence, or 0. */
static uint32_t load_slot(snapkv *kv, int s, int parse) {
  const snapkv_bd *bd = kv->bd;
  uint32_t base = (uint32_t)s * kv->slot_size, hs = header_span(kv);
  if (bd->read(bd->ctx, base, io, up(HEADER_BYTES, bd->read_size))) return 0;
  if (get32(io) != MAGIC || crc32(0, io, 16) != get32(io + 16)) return 0;
  uint32_t seq = get32(io + 4), len = get32(io + 8);
  if (hs + len > kv->slot_size || up(hs + len, bd->read_size) > IO_MAX) return 0;
  if (bd->read(bd->ctx, base, io, up(hs + len, bd->read_size))) return 0;
  if (crc32(0, io + hs, len) != get32(io + 12)) return 0;
  if (!parse) return seq;
  uint32_t n = 0;
  for (const uint8_t *p = io + hs, *end = io + hs + len; p < end; n++) {
    if (n == SNAPKV_MAX_KEYS || end - p < 3) return 0;
    snapkv_entry *e = &kv->entries[n];
    e->klen = p[0];
    e->vlen = (uint16_t)(p[1] | p[2] << 8);
    if (e->klen == 0 || e->klen > SNAPKV_KEY_MAX || e->vlen > SNAPKV_VALUE_MAX || (uint32_t)(end - p) < 3u + e->klen + e->vlen) return 0;
    memcpy(e->key, p + 3, e->klen);
    memcpy(e->value, p + 3 + e->klen, e->vlen);
    p += 3 + e->klen + e->vlen;
  }
  kv->count = n;
  return seq;
}

/* Writes `entries` (n of them) as the next table into the other slot: erase, body, then the header. */
static int commit(snapkv *kv, const snapkv_entry *entries, uint32_t n) {
  const snapkv_bd *bd = kv->bd;
  uint32_t hs = header_span(kv), len = 0;
  for (uint32_t i = 0; i < n; i++) len += 3u + entries[i].klen + entries[i].vlen;
  uint32_t total = up(hs + len, bd->program_size);
  if (total > kv->slot_size || total > IO_MAX) return SNAPKV_ERR_NO_SPACE;
  memset(io, 0xFF, total);
  uint8_t *p = io + hs;
  for (uint32_t i = 0; i < n; i++) {
    const snapkv_entry *e = &entries[i];
    p[0] = e->klen, p[1] = (uint8_t)e->vlen, p[2] = (uint8_t)(e->vlen >> 8);
    memcpy(p + 3, e->key, e->klen);
    memcpy(p + 3 + e->klen, e->value, e->vlen);
    p += 3 + e->klen + e->vlen;
  }
  assert(p == io + hs + len);
  uint32_t seq = kv->seq + 1;
  put32(io, MAGIC), put32(io + 4, seq), put32(io + 8, len), put32(io + 12, crc32(0, io + hs, len));
  put32(io + 16, crc32(0, io, 16));
  int target = kv->live == 0 ? 1 : 0;
  uint32_t base = (uint32_t)target * kv->slot_size;
  for (uint32_t off = 0; off < kv->slot_size; off += bd->erase_size) {
    if (bd->erase(bd->ctx, base + off, bd->erase_size)) return SNAPKV_ERR_IO;
  }
  if (total > hs && bd->program(bd->ctx, base + hs, io + hs, total - hs)) return SNAPKV_ERR_IO;
  if (bd->program(bd->ctx, base, io, hs)) return SNAPKV_ERR_IO;
  kv->live = target;
  kv->seq = seq;
  return SNAPKV_OK;
}

static int find(const snapkv *kv, const void *key, size_t klen) {
  for (uint32_t i = 0; i < kv->count; i++) {
    if (kv->entries[i].klen == klen && memcmp(kv->entries[i].key, key, klen) == 0) return (int)i;
  }
  return -1;
}

static snapkv_entry next[SNAPKV_MAX_KEYS]; /* the table being committed */

int snapkv_mount(snapkv *kv, const snapkv_bd *bd) {
  pthread_mutex_lock(&kv->lock);
  assert(bd && bd->read && bd->program && bd->erase);
  assert(bd->erase_size % bd->program_size == 0 && bd->erase_size % bd->read_size == 0);
  kv->bd = bd;
  kv->slot_size = bd->size / bd->erase_size / 2 * bd->erase_size;
  kv->mounted = 0;
  int rc = SNAPKV_ERR_ARG;
  if (kv->slot_size >= header_span(kv) + 3) {
    uint32_t a = load_slot(kv, 0, 0), b = load_slot(kv, 1, 0);
    kv->count = 0, kv->live = -1, kv->seq = 0; /* neither intact: an empty store, written at the first update */
    if (a || b) {
      kv->live = b > a ? 1 : 0;
      kv->seq = load_slot(kv, kv->live, 1);
      assert(kv->seq == (a > b ? a : b));
    }
    kv->mounted = 1;
    rc = SNAPKV_OK;
  }
  pthread_mutex_unlock(&kv->lock);
  return rc;
}

int snapkv_set(snapkv *kv, const void *key, size_t klen, const void *value, size_t vlen) {
  if (klen == 0 || klen > SNAPKV_KEY_MAX) return SNAPKV_ERR_ARG;
  if (vlen > SNAPKV_VALUE_MAX) return SNAPKV_ERR_NO_SPACE;
  pthread_mutex_lock(&kv->lock);
  int rc = SNAPKV_ERR_NOT_MOUNTED;
  if (kv->mounted) {
    int at = find(kv, key, klen);
    uint32_t n = kv->count;
    memcpy(next, kv->entries, n * sizeof next[0]);
    rc = SNAPKV_ERR_NO_SPACE;
    if (at >= 0 || n < SNAPKV_MAX_KEYS) {
      snapkv_entry *e = &next[at >= 0 ? (uint32_t)at : n++];
      e->klen = (uint8_t)klen, e->vlen = (uint16_t)vlen;
      memcpy(e->key, key, klen);
      memcpy(e->value, value, vlen);
      rc = commit(kv, next, n);
      if (rc == SNAPKV_OK) memcpy(kv->entries, next, n * sizeof next[0]), kv->count = n;
    }
  }
  pthread_mutex_unlock(&kv->lock);
  return rc;
}

int snapkv_get(snapkv *kv, const void *key, size_t klen, void *buf, size_t cap, size_t *size) {
  pthread_mutex_lock(&kv->lock);
  int rc = !kv->mounted ? SNAPKV_ERR_NOT_MOUNTED : SNAPKV_ERR_NOT_FOUND;
  int at = kv->mounted ? find(kv, key, klen) : -1;
  if (at >= 0) {
    const snapkv_entry *e = &kv->entries[at];
    memcpy(buf, e->value, e->vlen < cap ? e->vlen : cap);
    *size = e->vlen;
    rc = SNAPKV_OK;
  }
  pthread_mutex_unlock(&kv->lock);
  return rc;
}

int snapkv_remove(snapkv *kv, const void *key, size_t klen) {
  pthread_mutex_lock(&kv->lock);
  int rc = !kv->mounted ? SNAPKV_ERR_NOT_MOUNTED : SNAPKV_ERR_NOT_FOUND;
  int at = kv->mounted ? find(kv, key, klen) : -1;
  if (at >= 0) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < kv->count; i++) {
      if (i != (uint32_t)at) next[n++] = kv->entries[i];
    }
    rc = commit(kv, next, n);
    if (rc == SNAPKV_OK) memcpy(kv->entries, next, n * sizeof next[0]), kv->count = n;
  }
  pthread_mutex_unlock(&kv->lock);
  return rc;
}

int snapkv_key_at(snapkv *kv, size_t index, void *buf, size_t cap, size_t *size) {
  pthread_mutex_lock(&kv->lock);
  int rc = !kv->mounted ? SNAPKV_ERR_NOT_MOUNTED : SNAPKV_ERR_NOT_FOUND;
  if (kv->mounted && index < kv->count) {
    const snapkv_entry *e = &kv->entries[index];
    memcpy(buf, e->key, e->klen < cap ? e->klen : cap);
    *size = e->klen;
    rc = SNAPKV_OK;
  }
  pthread_mutex_unlock(&kv->lock);
  return rc;
}
