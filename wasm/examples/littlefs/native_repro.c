/* The littlefs finding without flashproof: native littlefs on a RAM block device, the shrunk case's ops through the
 * same key-value logic as lfs_kv.c, power lost before the 31st program/erase (nothing torn: every earlier step done,
 * no later one), then a fresh mount reads. Build and run (exit 1: the committed file 6b32 reads as missing):
 *   cc -I LITTLEFS_DIR LITTLEFS_DIR/lfs.c LITTLEFS_DIR/lfs_util.c native_repro.c -o repro && ./repro */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lfs.h"

#define SIZE 16384
#define BLOCK 256

static unsigned char flash[SIZE];
static int steps, cut_before = -1;
static jmp_buf power;

static int bd_read(const struct lfs_config *c, lfs_block_t b, lfs_off_t off, void *buf, lfs_size_t n) {
  (void)c;
  memcpy(buf, flash + b * BLOCK + off, n);
  return 0;
}
static int bd_prog(const struct lfs_config *c, lfs_block_t b, lfs_off_t off, const void *buf, lfs_size_t n) {
  (void)c;
  if (steps++ == cut_before) longjmp(power, 1);
  for (lfs_size_t i = 0; i < n; i++) flash[b * BLOCK + off + i] &= ((const unsigned char *)buf)[i]; /* NOR */
  return 0;
}
static int bd_erase(const struct lfs_config *c, lfs_block_t b) {
  (void)c;
  if (steps++ == cut_before) longjmp(power, 1);
  memset(flash + b * BLOCK, 0xff, BLOCK);
  return 0;
}
static int bd_sync(const struct lfs_config *c) {
  (void)c;
  return 0;
}

/* lfs_kv.c's geometry for 16384:256:4:1: read 1, program 4, cache 64, lookahead 8, block_cycles 500 */
static const struct lfs_config cfg = {
    .read = bd_read, .prog = bd_prog, .erase = bd_erase, .sync = bd_sync,
    .read_size = 1, .prog_size = 4, .block_size = BLOCK, .block_count = SIZE / BLOCK,
    .cache_size = 64, .lookahead_size = 8, .block_cycles = 500,
};
static lfs_t lfs;

/* lfs_kv.c's set: the value into "KEY.t", then renamed over "KEY" */
static void set(const char *key, const char *value) {
  char tmp[64];
  snprintf(tmp, sizeof tmp, "%s.t", key);
  lfs_file_t f;
  if (lfs_file_open(&lfs, &f, tmp, LFS_O_WRONLY | LFS_O_CREAT | LFS_O_TRUNC)) return;
  lfs_file_write(&lfs, &f, value, strlen(value));
  if (!lfs_file_close(&lfs, &f)) lfs_rename(&lfs, tmp, key);
}

static void list(const char *when) {
  lfs_dir_t d;
  struct lfs_info info;
  printf("%-24s", when);
  lfs_dir_open(&lfs, &d, "/");
  while (lfs_dir_read(&lfs, &d, &info) > 0)
    if (info.name[0] != '.') printf(" %s", info.name);
  lfs_dir_close(&lfs, &d);
  printf("\n");
}

int main(int argc, char **argv) {
  cut_before = argc > 1 ? atoi(argv[1]) : 31;
  memset(flash, 0xff, sizeof flash);
  if (!setjmp(power)) {
    if (lfs_mount(&lfs, &cfg)) lfs_format(&lfs, &cfg), lfs_mount(&lfs, &cfg);
    set("fffefdfcfbfaf9f8", "abc");
    set("6b", "abcd");
    set("fffefdfcfbfaf9f8", "def");
    set("6b32", "wxyz"); /* committed: lfs_rename returned */
    set("fffefdfcfbfaf9f8", "12345678");
    set("6b", "zz"); /* power dies in here, in the rename */
    list("no power loss:");
    return 0;
  }
  cut_before = -1;
  printf("power lost before program/erase %d, then a fresh mount: %d\n", steps - 1, lfs_mount(&lfs, &cfg));
  list("read-only after mount:");
  struct lfs_info info;
  int missing = lfs_stat(&lfs, "6b32", &info);
  printf("lfs_stat(\"6b32\") = %d%s\n", missing, missing ? " (a committed file the cut op never touched)" : "");
  lfs_fs_mkconsistent(&lfs);
  list("after lfs_fs_mkconsistent:");
  return missing ? 1 : 0;
}
