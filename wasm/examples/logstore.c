/* logstore: a key-value log in two areas (each half the flash, whole erase units) that survives power cuts.
 *
 * Area:   [header: magic, generation, area size, crc32] padded to the program size, then records.
 * Record: [head: 0xA5, kind, key len, 0, value len (le16), 0xFFFF, crc32 of head[0..8]+key+value][key][value]
 *         padded to the program size, then a commit marker "DONE" in its own program unit(s).
 * The newest area whose header is intact is live; a record counts when its CRC and its commit marker are both
 * intact, and the log ends at the first record that does not. RAM holds an index of the log's records (offset,
 * key hash, sizes), rebuilt at mount, as TDBStore's RAM table is. Writes go only to erased flash: a log whose tail
 * holds anything (a torn record) is garbage-collected into the other area before the next write, and a GC
 * becomes live only when the new area's header, programmed last, lands.
 *
 * logstore_buggy.c compiles this file with LOGSTORE_TRUST_COMMIT: the commit marker is programmed before the
 * record, and mount trusts the marker instead of checking the CRC. logstore_keyinflight.c compiles it with
 * LOGSTORE_REMOVE_FIRST: an overwrite logs a removal before the new value, so a cut between them loses the key
 * (what TicKV-style stores promise, and no more). logstore_hang.c compiles it with LOGSTORE_WAIT_GC: mount waits
 * for a garbage collection it finds half done to finish, which after a power cut nothing ever does. */
#include "fp_runtime.h"

#define LS_OK 0
#define LS_NOT_FOUND (-100)
#define LS_NO_SPACE (-101)
#define LS_BAD_ARG (-102)
#define LS_NOT_MOUNTED (-103)

#define AREA_MAGIC 0x534c5046u /* "FPLS" */
#define REC_MAGIC 0xA5
#define KIND_SET 1
#define KIND_REMOVE 2
#define HEAD_BYTES 12
#define KEY_MAX 64
#define VALUE_MAX 4096
#define SCRATCH 512

static const uint8_t COMMIT[4] = {'D', 'O', 'N', 'E'};

static const fp_status_entry STATUSES[] = {
    {LS_OK, FP_CLASS_OK, "LS_OK"},
    {LS_NOT_FOUND, FP_CLASS_NOT_FOUND, "LS_NOT_FOUND"},
    {LS_NO_SPACE, FP_CLASS_NO_SPACE, "LS_NO_SPACE"},
    {LS_BAD_ARG, FP_CLASS_INVALID, "LS_BAD_ARG"},
    {LS_NOT_MOUNTED, FP_CLASS_ERROR, "LS_NOT_MOUNTED"},
    {FP_BD_DEVICE_ERROR, FP_CLASS_ERROR, "BD_ERROR_DEVICE_ERROR"},
    {FP_BD_NOT_ERASED, FP_CLASS_ERROR, "BD_ERROR_NOT_ERASED"},
    {0, 0, 0},
};

FP_EXPORT(fp_status_table) const fp_status_entry *fp_status_table(void) { return STATUSES; }

typedef struct {
  uint8_t kind, klen;
  uint16_t vlen;
  uint32_t crc;
} head_t;

static struct {
  int mounted;
  uint32_t erase, prog, read, area;
  uint32_t live;   /* base address of the live area */
  uint32_t gen;    /* its generation */
  uint32_t end;    /* offset where the next record goes */
  int dirty;       /* something not erased lies at or after `end` */
} S;

#define MAX_RECORDS 2048
typedef struct {
  uint32_t off, hash;
  uint8_t kind, klen;
  uint16_t vlen;
} entry_t;
static entry_t R[MAX_RECORDS]; /* the live area's records, in log order */
static uint32_t N;

static uint8_t scratch[SCRATCH];

static uint32_t up(uint32_t n, uint32_t unit) { return (n + unit - 1) / unit * unit; }

static uint32_t crc32(uint32_t crc, const uint8_t *p, uint32_t n) {
  static const uint32_t T[16] = {0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4,
                                 0x4db26158, 0x5005713c, 0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c,
                                 0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c};
  crc = ~crc;
  while (n--) {
    crc ^= *p++;
    crc = (crc >> 4) ^ T[crc & 15];
    crc = (crc >> 4) ^ T[crc & 15];
  }
  return ~crc;
}

static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static void put32(uint8_t *p, uint32_t v) { p[0] = v, p[1] = v >> 8, p[2] = v >> 16, p[3] = v >> 24; }

/* Reads any byte range through read-size-aligned chunks. */
static int rd(uint32_t addr, uint8_t *dst, uint32_t len) {
  uint32_t chunk = SCRATCH / S.read * S.read;
  while (len) {
    uint32_t a0 = addr / S.read * S.read, skip = addr - a0;
    uint32_t n = up(skip + len, S.read);
    if (n > chunk) n = chunk;
    int rc = fp_read(a0, n, scratch);
    if (rc) return rc;
    uint32_t take = n - skip < len ? n - skip : len;
    memcpy(dst, scratch + skip, take);
    dst += take, addr += take, len -= take;
  }
  return 0;
}

static uint32_t rec_len(uint32_t klen, uint32_t vlen) { return up(HEAD_BYTES + klen + vlen, S.prog) + up(4, S.prog); }
static uint32_t first_rec(void) { return up(16, S.prog); }

#ifndef LOGSTORE_TRUST_COMMIT
/* CRC of head[0..8], key and value of the record at `at`, read in pieces. */
static int body_crc(uint32_t at, const uint8_t *h, uint32_t n, uint32_t *out) {
  uint32_t crc = crc32(0, h, 8);
  uint8_t buf[64];
  for (uint32_t off = 0; off < n;) {
    uint32_t take = n - off < sizeof buf ? n - off : sizeof buf;
    int rc = rd(at + HEAD_BYTES + off, buf, take);
    if (rc) return rc;
    crc = crc32(crc, buf, take);
    off += take;
  }
  *out = crc;
  return 0;
}
#endif

/* 1 when a whole record is at `off` of the live area (head filled), 0 where the log ends, <0 on a read error. */
static int record_at(uint32_t off, head_t *h) {
  uint8_t raw[HEAD_BYTES];
  if (off + HEAD_BYTES > S.area) return 0;
  int rc = rd(S.live + off, raw, HEAD_BYTES);
  if (rc) return rc;
  h->kind = raw[1], h->klen = raw[2], h->vlen = raw[4] | raw[5] << 8, h->crc = le32(raw + 8);
  if (raw[0] != REC_MAGIC || (h->kind != KIND_SET && h->kind != KIND_REMOVE)) return 0;
  if (h->klen == 0 || h->klen > KEY_MAX || h->vlen > VALUE_MAX || off + rec_len(h->klen, h->vlen) > S.area) return 0;
  uint8_t mark[4];
  rc = rd(S.live + off + up(HEAD_BYTES + h->klen + h->vlen, S.prog), mark, 4);
  if (rc) return rc;
  if (memcmp(mark, COMMIT, 4) != 0) return 0;
#ifndef LOGSTORE_TRUST_COMMIT
  uint32_t crc;
  rc = body_crc(S.live + off, raw, h->klen + h->vlen, &crc);
  if (rc) return rc;
  if (crc != h->crc) return 0;
#endif
  return 1;
}

static int erased(uint32_t addr, uint32_t len) {
  uint8_t buf[64];
  while (len) {
    uint32_t take = len < sizeof buf ? len : sizeof buf;
    int rc = rd(addr, buf, take);
    if (rc) return rc;
    for (uint32_t i = 0; i < take; i++)
      if (buf[i] != 0xFF) return 0;
    addr += take, len -= take;
  }
  return 1;
}

/* 1 when record i's key is `key` (hash first, then the bytes on flash). */
static int key_is(uint32_t i, const uint8_t *key, uint32_t klen, uint32_t hash) {
  uint8_t k[KEY_MAX];
  if (R[i].hash != hash || R[i].klen != klen) return 0;
  int rc = rd(S.live + R[i].off + HEAD_BYTES, k, klen);
  if (rc) return rc;
  return memcmp(k, key, klen) == 0;
}

/* The index of the newest record of `key`, or LS_NOT_FOUND (or a flash status). */
static int find(const uint8_t *key, uint32_t klen, uint32_t *at) {
  uint32_t hash = crc32(0, key, klen);
  for (uint32_t i = N; i-- > 0;) {
    int rc = key_is(i, key, klen, hash);
    if (rc < 0) return rc;
    if (rc) return *at = i, LS_OK;
  }
  return LS_NOT_FOUND;
}

/* 1 when no later record has record i's key. */
static int newest(uint32_t i) {
  uint8_t key[KEY_MAX];
  int rc = rd(S.live + R[i].off + HEAD_BYTES, key, R[i].klen);
  if (rc) return rc;
  for (uint32_t j = i + 1; j < N; j++) {
    if ((rc = key_is(j, key, R[i].klen, R[i].hash))) return rc < 0 ? rc : 0;
  }
  return 1;
}

/* Adds the record at `off` to the index. */
static void index_record(uint32_t off, const head_t *h) {
  uint8_t key[KEY_MAX];
  if (N == MAX_RECORDS || rd(S.live + off + HEAD_BYTES, key, h->klen)) FP_HALT("logstore: record index");
  R[N].off = off, R[N].kind = h->kind, R[N].klen = h->klen, R[N].vlen = h->vlen, R[N].hash = crc32(0, key, h->klen);
  N++;
}

/* Rebuilds the index and the log end of the live area from flash. */
static int scan(void) {
  head_t h;
  int rc = 0;
  uint32_t off = first_rec();
  N = 0;
  while (N < MAX_RECORDS && (rc = record_at(off, &h)) == 1) {
    index_record(off, &h);
    off += rec_len(h.klen, h.vlen);
  }
  if (rc < 0) return rc;
  S.end = off;
  if ((rc = erased(S.live + off, S.area - off)) < 0) return rc;
  S.dirty = !rc;
  return LS_OK;
}

/* The area at `base`: its generation when its header is intact. */
static int area_header(uint32_t base, uint32_t *gen) {
  uint8_t h[16];
  if (rd(base, h, 16)) return 0;
  if (le32(h) != AREA_MAGIC || le32(h + 8) != S.area || le32(h + 12) != crc32(0, h, 12)) return 0;
  *gen = le32(h + 4);
  return 1;
}

static int program_padded(uint32_t addr, const uint8_t *src, uint32_t len) {
  uint32_t chunk = SCRATCH / S.prog * S.prog;
  uint32_t total = up(len, S.prog);
  for (uint32_t off = 0; off < total;) {
    uint32_t n = total - off < chunk ? total - off : chunk;
    memset(scratch, 0xFF, n);
    if (off < len) memcpy(scratch, src + off, len - off < n ? len - off : n);
    int rc = fp_program(addr + off, scratch, n);
    if (rc) return rc;
    off += n;
  }
  return 0;
}

static int write_area_header(uint32_t base, uint32_t gen) {
  uint8_t h[16];
  put32(h, AREA_MAGIC), put32(h + 4, gen), put32(h + 8, S.area), put32(h + 12, crc32(0, h, 12));
  return program_padded(base, h, 16);
}

static int erase_area(uint32_t base) {
  for (uint32_t off = 0; off < S.area; off += S.erase) {
    int rc = fp_erase(base + off, S.erase);
    if (rc) return rc;
  }
  return 0;
}

/* Copies `len` bytes of flash from `src` to erased `dst` (both program-aligned). */
static int copy_flash(uint32_t dst, uint32_t src, uint32_t len) {
  static uint8_t buf[SCRATCH];
  uint32_t chunk = SCRATCH / S.prog * S.prog;
  while (len) {
    uint32_t n = len < chunk ? len : chunk;
    int rc = rd(src, buf, n);
    if (rc) return rc;
    if ((rc = fp_program(dst, buf, n))) return rc;
    dst += n, src += n, len -= n;
  }
  return 0;
}

/* Garbage collection: the newest value of every live key into the other area, which goes live last. */
static int gc(void) {
  uint32_t target = S.live == 0 ? S.area : 0;
  int rc = erase_area(target);
  if (rc) return rc;
  uint32_t w = first_rec();
  for (uint32_t i = 0; i < N; i++) {
    if (R[i].kind != KIND_SET) continue;
    if ((rc = newest(i)) < 0) return rc;
    if (!rc) continue;
    uint32_t body = up(HEAD_BYTES + R[i].klen + R[i].vlen, S.prog);
    if ((rc = copy_flash(target + w, S.live + R[i].off, body))) return rc;
    if ((rc = program_padded(target + w + body, COMMIT, 4))) return rc;
    w += rec_len(R[i].klen, R[i].vlen);
  }
  if ((rc = write_area_header(target, S.gen + 1))) return rc;
  S.live = target, S.gen++;
  return scan();
}

static int append(uint8_t kind, const uint8_t *key, uint32_t klen, const uint8_t *val, uint32_t vlen) {
  uint32_t need = rec_len(klen, vlen);
  int rc;
  if (S.dirty || S.end + need > S.area || N == MAX_RECORDS) {
    if ((rc = gc())) return rc;
    if (S.end + need > S.area || N == MAX_RECORDS) return LS_NO_SPACE;
  }
  static uint8_t rec[HEAD_BYTES + KEY_MAX + VALUE_MAX];
  rec[0] = REC_MAGIC, rec[1] = kind, rec[2] = klen, rec[3] = 0, rec[4] = vlen, rec[5] = vlen >> 8;
  rec[6] = rec[7] = 0xFF;
  memcpy(rec + HEAD_BYTES, key, klen);
  if (vlen) memcpy(rec + HEAD_BYTES + klen, val, vlen);
  put32(rec + 8, crc32(crc32(0, rec, 8), rec + HEAD_BYTES, klen + vlen));
  uint32_t at = S.live + S.end, body = up(HEAD_BYTES + klen + vlen, S.prog);
  S.dirty = 1; /* until both programs land, the tail is not known to be erased */
#ifdef LOGSTORE_TRUST_COMMIT
  if ((rc = program_padded(at + body, COMMIT, 4))) return rc;
  if ((rc = program_padded(at, rec, HEAD_BYTES + klen + vlen))) return rc;
#else
  if ((rc = program_padded(at, rec, HEAD_BYTES + klen + vlen))) return rc;
  if ((rc = program_padded(at + body, COMMIT, 4))) return rc;
#endif
  R[N].off = S.end, R[N].kind = kind, R[N].klen = klen, R[N].vlen = vlen, R[N].hash = crc32(0, key, klen);
  N++;
  S.end += need, S.dirty = 0;
  return LS_OK;
}

#ifdef LOGSTORE_WAIT_GC
/* 1 while the area at `base` looks like a GC's target: header not yet programmed, first record already there. */
static int gc_in_progress(uint32_t base) {
  int rc = erased(base, first_rec());
  if (rc != 1) return rc;
  rc = erased(base + first_rec(), S.prog);
  return rc < 0 ? rc : !rc;
}
#endif

FP_EXPORT(fp_mount) int32_t fp_mount(uint32_t size, uint32_t erase_size, uint32_t program_size, uint32_t read_size) {
  S.mounted = 0;
  if (!erase_size || !program_size || !read_size || program_size > SCRATCH || read_size > SCRATCH) return LS_BAD_ARG;
  S.erase = erase_size, S.prog = program_size, S.read = read_size;
  S.area = size / erase_size / 2 * erase_size;
  if (S.area < erase_size || S.area < first_rec() + rec_len(1, 0)) return LS_BAD_ARG;
  uint32_t ga, gb;
  int a = area_header(0, &ga), b = area_header(S.area, &gb);
  int rc;
  if (!a && !b) { /* nothing here yet (or a format that never finished): format area 0 */
    if ((rc = erase_area(0)) || (rc = write_area_header(0, 1))) return rc;
    a = 1, ga = 1;
  }
  if (a && (!b || (int32_t)(ga - gb) > 0)) S.live = 0, S.gen = ga;
  else S.live = S.area, S.gen = gb;
#ifdef LOGSTORE_WAIT_GC
  /* the planted hang: written as if a GC ran in another thread that would finish and program the header */
  while ((rc = gc_in_progress(S.live == 0 ? S.area : 0)) == 1) {
  }
  if (rc < 0) return rc;
#endif
  if ((rc = scan())) return rc;
  S.mounted = 1;
  return LS_OK;
}

/* The index of the key's live value, or LS_NOT_FOUND when it has none (never written, or removed). */
static int live(const uint8_t *key, uint32_t klen, uint32_t *at) {
  int rc = find(key, klen, at);
  if (rc) return rc;
  return R[*at].kind == KIND_SET ? LS_OK : LS_NOT_FOUND;
}

FP_EXPORT(fp_set) int32_t fp_set(const uint8_t *key, uint32_t klen, const uint8_t *val, uint32_t vlen) {
  if (!S.mounted) return LS_NOT_MOUNTED;
  if (klen == 0 || klen > KEY_MAX || vlen > VALUE_MAX) return LS_BAD_ARG;
#ifdef LOGSTORE_REMOVE_FIRST
  uint32_t at;
  int rc = live(key, klen, &at);
  if (rc < 0 && rc != LS_NOT_FOUND) return rc;
  if (rc == LS_OK && (rc = append(KIND_REMOVE, key, klen, 0, 0))) return rc;
#endif
  return append(KIND_SET, key, klen, val, vlen);
}

FP_EXPORT(fp_get) int32_t fp_get(const uint8_t *key, uint32_t klen, uint8_t *buf, uint32_t cap, uint32_t *size_out) {
  if (!S.mounted) return LS_NOT_MOUNTED;
  if (klen == 0 || klen > KEY_MAX) return LS_BAD_ARG;
  uint32_t at;
  int rc = live(key, klen, &at);
  if (rc) return rc;
  *size_out = R[at].vlen;
  return rd(S.live + R[at].off + HEAD_BYTES + klen, buf, R[at].vlen < cap ? R[at].vlen : cap);
}

FP_EXPORT(fp_remove) int32_t fp_remove(const uint8_t *key, uint32_t klen) {
  if (!S.mounted) return LS_NOT_MOUNTED;
  if (klen == 0 || klen > KEY_MAX) return LS_BAD_ARG;
  uint32_t at;
  int rc = live(key, klen, &at);
  if (rc) return rc;
  return append(KIND_REMOVE, key, klen, 0, 0);
}

FP_EXPORT(fp_iterate) int32_t fp_iterate(uint32_t index, uint8_t *key_buf, uint32_t cap, uint32_t *size_out) {
  if (!S.mounted) return LS_NOT_MOUNTED;
  for (uint32_t i = 0; i < N; i++) {
    if (R[i].kind != KIND_SET) continue;
    int rc = newest(i);
    if (rc < 0) return rc;
    if (!rc || index--) continue;
    *size_out = R[i].klen;
    return rd(S.live + R[i].off + HEAD_BYTES, key_buf, R[i].klen < cap ? R[i].klen : cap);
  }
  return LS_NOT_FOUND;
}

FP_EXPORT(fp_gc) int32_t fp_gc(void) { return S.mounted ? gc() : LS_NOT_MOUNTED; }

/* An empty area with the next generation: atomic, like a GC that keeps nothing. */
FP_EXPORT(fp_reset) int32_t fp_reset(void) {
  if (!S.mounted) return LS_NOT_MOUNTED;
  uint32_t target = S.live == 0 ? S.area : 0;
  int rc = erase_area(target);
  if (rc || (rc = write_area_header(target, S.gen + 1))) return rc;
  S.live = target, S.gen++, S.end = first_rec(), S.dirty = 0, N = 0;
  return LS_OK;
}
