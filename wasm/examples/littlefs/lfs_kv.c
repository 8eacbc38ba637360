/* littlefs (github.com/littlefs-project/littlefs) under flashproof: a key-value store over littlefs, one file per
 * key, named by the key in hex. Only this glue is ours; build.sh compiles it with a littlefs checkout you give it.
 * Default: set writes a temporary file "KEY.t" and renames it over the key's file (littlefs renames atomically).
 * LFS_KV_NAIVE: set opens the key's file with O_CREAT|O_TRUNC, writes and closes it, as much glue code does; littlefs
 * commits the creation (and the truncation) before the data, so a cut in between leaves an empty value.
 * LFS_KV_MKCONSISTENT: mount calls lfs_fs_mkconsistent(), which finishes a rename a cut left half done before any
 * read; without it littlefs 2.11 can hide an unrelated file until the first write (README "A real store"). */
#include <stdlib.h>
#include <string.h>

#include "flashproof.h"
#include "lfs.h"

static lfs_t lfs;
static struct lfs_config cfg;
static uint32_t block_size;
static int mounted;

static int bd_read(const struct lfs_config *c, lfs_block_t b, lfs_off_t off, void *buf, lfs_size_t n) {
  (void)c;
  return fp_read(b * block_size + off, n, buf) ? LFS_ERR_IO : 0;
}
/* A program or erase that fails (a device error, a worn unit, or ECC flash refusing a word a cut left half written)
 * is what littlefs calls a bad block: LFS_ERR_CORRUPT makes it relocate instead of failing the operation. */
static int bd_prog(const struct lfs_config *c, lfs_block_t b, lfs_off_t off, const void *buf, lfs_size_t n) {
  (void)c;
  return fp_program(b * block_size + off, buf, n) ? LFS_ERR_CORRUPT : 0;
}
static int bd_erase(const struct lfs_config *c, lfs_block_t b) {
  (void)c;
  return fp_erase(b * block_size, block_size) ? LFS_ERR_CORRUPT : 0;
}
static int bd_sync(const struct lfs_config *c) {
  (void)c;
  return 0;
}

#define NOT_MOUNTED (-1000)
static const fp_status_entry STATUSES[] = {
    {LFS_ERR_OK, FP_CLASS_OK, "LFS_ERR_OK"},
    {LFS_ERR_NOENT, FP_CLASS_NOT_FOUND, "LFS_ERR_NOENT"},
    {LFS_ERR_NOSPC, FP_CLASS_NO_SPACE, "LFS_ERR_NOSPC"},
    {LFS_ERR_INVAL, FP_CLASS_INVALID, "LFS_ERR_INVAL"},
    {LFS_ERR_NAMETOOLONG, FP_CLASS_INVALID, "LFS_ERR_NAMETOOLONG"},
    {LFS_ERR_FBIG, FP_CLASS_NO_SPACE, "LFS_ERR_FBIG"},
    {LFS_ERR_IO, FP_CLASS_ERROR, "LFS_ERR_IO"},
    {LFS_ERR_CORRUPT, FP_CLASS_ERROR, "LFS_ERR_CORRUPT"},
    {LFS_ERR_EXIST, FP_CLASS_ERROR, "LFS_ERR_EXIST"},
    {LFS_ERR_ISDIR, FP_CLASS_ERROR, "LFS_ERR_ISDIR"},
    {LFS_ERR_NOMEM, FP_CLASS_ERROR, "LFS_ERR_NOMEM"},
    {LFS_ERR_BADF, FP_CLASS_ERROR, "LFS_ERR_BADF"},
    {NOT_MOUNTED, FP_CLASS_ERROR, "NOT_MOUNTED"},
    {0, 0, 0},
};
FP_EXPORT(fp_status_table) const fp_status_entry *fp_status_table(void) { return STATUSES; }

/* The key's file name: its bytes in hex; the temporary file of a set adds ".t". */
static void name_of(const uint8_t *key, uint32_t klen, char *out, int tmp) {
  static const char H[] = "0123456789abcdef";
  for (uint32_t i = 0; i < klen; i++) out[2 * i] = H[key[i] >> 4], out[2 * i + 1] = H[key[i] & 15];
  out[2 * klen] = 0;
  if (tmp) strcat(out, ".t");
}

FP_EXPORT(fp_mount) int32_t fp_mount(uint32_t size, uint32_t erase, uint32_t prog, uint32_t read) {
  mounted = 0;
  block_size = erase;
  uint32_t unit = prog > read ? prog : read;
  uint32_t cache = unit;
  while (cache < 64 && erase % (cache * 2) == 0) cache *= 2;
  memset(&cfg, 0, sizeof cfg);
  cfg.read = bd_read, cfg.prog = bd_prog, cfg.erase = bd_erase, cfg.sync = bd_sync;
  cfg.read_size = read, cfg.prog_size = prog, cfg.block_size = erase, cfg.block_count = size / erase;
  cfg.cache_size = cache, cfg.lookahead_size = 8 * ((cfg.block_count + 63) / 64), cfg.block_cycles = 500;
  int rc = lfs_mount(&lfs, &cfg);
  /* what littlefs's README does: no filesystem (a blank flash, or a format a cut interrupted) is formatted; if a
   * cut ever left a committed filesystem unmountable, this wipes it and the harness reports the keys lost */
  if (rc == LFS_ERR_CORRUPT) {
    if ((rc = lfs_format(&lfs, &cfg))) return rc;
    rc = lfs_mount(&lfs, &cfg);
  }
  if (rc) return rc;
#ifdef LFS_KV_MKCONSISTENT
  if ((rc = lfs_fs_mkconsistent(&lfs))) return rc;
#endif
  mounted = 1;
  return 0;
}

FP_EXPORT(fp_set) int32_t fp_set(const uint8_t *key, uint32_t klen, const uint8_t *val, uint32_t vlen) {
  if (!mounted) return NOT_MOUNTED;
  if (!klen || klen > 64) return LFS_ERR_INVAL;
  char name[140], tmp[140];
  name_of(key, klen, name, 0);
#ifdef LFS_KV_NAIVE
  strcpy(tmp, name);
#else
  name_of(key, klen, tmp, 1);
#endif
  lfs_file_t f;
  int rc = lfs_file_open(&lfs, &f, tmp, LFS_O_WRONLY | LFS_O_CREAT | LFS_O_TRUNC);
  if (rc) return rc;
  lfs_ssize_t n = vlen ? lfs_file_write(&lfs, &f, val, vlen) : 0;
  int closed = lfs_file_close(&lfs, &f);
  if (n < 0) return (int32_t)n;
  if (closed) return closed;
#ifndef LFS_KV_NAIVE
  if ((rc = lfs_rename(&lfs, tmp, name))) return rc;
#endif
  return 0;
}

FP_EXPORT(fp_get) int32_t fp_get(const uint8_t *key, uint32_t klen, uint8_t *buf, uint32_t cap, uint32_t *size_out) {
  if (!mounted) return NOT_MOUNTED;
  if (!klen || klen > 64) return LFS_ERR_INVAL;
  char name[140];
  name_of(key, klen, name, 0);
  struct lfs_info info;
  int rc = lfs_stat(&lfs, name, &info);
  if (rc) return rc;
  lfs_file_t f;
  if ((rc = lfs_file_open(&lfs, &f, name, LFS_O_RDONLY))) return rc;
  lfs_ssize_t n = lfs_file_read(&lfs, &f, buf, cap < info.size ? cap : info.size);
  int closed = lfs_file_close(&lfs, &f);
  if (n < 0) return (int32_t)n;
  if (closed) return closed;
  *size_out = info.size;
  return 0;
}

FP_EXPORT(fp_remove) int32_t fp_remove(const uint8_t *key, uint32_t klen) {
  if (!mounted) return NOT_MOUNTED;
  if (!klen || klen > 64) return LFS_ERR_INVAL;
  char name[140];
  name_of(key, klen, name, 0);
  return lfs_remove(&lfs, name);
}

static int unhex(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

/* The index-th key: files whose names are whole hex bytes (a temporary ".t" file a cut left is no key). */
FP_EXPORT(fp_iterate) int32_t fp_iterate(uint32_t index, uint8_t *buf, uint32_t cap, uint32_t *size_out) {
  if (!mounted) return NOT_MOUNTED;
  lfs_dir_t d;
  int rc = lfs_dir_open(&lfs, &d, "/");
  if (rc) return rc;
  struct lfs_info info;
  int found = LFS_ERR_NOENT;
  while ((rc = lfs_dir_read(&lfs, &d, &info)) > 0) {
    size_t len = strlen(info.name);
    if (info.type != LFS_TYPE_REG || len % 2 || strchr(info.name, '.')) continue;
    if (index--) continue;
    for (size_t i = 0; i < len / 2 && i < cap; i++) buf[i] = (uint8_t)(unhex(info.name[2 * i]) << 4 | unhex(info.name[2 * i + 1]));
    *size_out = (uint32_t)(len / 2);
    found = 0;
    break;
  }
  lfs_dir_close(&lfs, &d);
  return rc < 0 ? rc : found;
}

FP_EXPORT(fp_alloc) void *fp_alloc(uint32_t n) { return malloc(n); }
FP_EXPORT(fp_free) void fp_free(void *p) { free(p); }
