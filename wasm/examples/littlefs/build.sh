#!/bin/sh
# Builds littlefs under flashproof, from lfs_kv.c: lfs_kv.wasm (set = write a temporary file, rename it over the
# key's), lfs_kv_consistent.wasm (the same, and mount calls lfs_fs_mkconsistent) and lfs_kv_naive.wasm (set = open
# O_CREAT|O_TRUNC, write, close). littlefs is not part of this repository: pass a checkout
# (git clone https://github.com/littlefs-project/littlefs). Usage: build.sh LITTLEFS_DIR [OUT_DIR]
set -eu
lfs=${1:?usage: build.sh LITTLEFS_DIR [OUT_DIR]}
out=${2:-.}
here=$(cd "$(dirname "$0")" && pwd)
wasm=$(cd "$here/../.." && pwd)
[ -f "$lfs/lfs.c" ] || { echo "build.sh: $lfs/lfs.c not found: give a littlefs checkout" >&2; exit 2; }
mkdir -p "$out"
# no printf (LFS_NO_DEBUG/WARN/ERROR): the loader refuses WASI imports; LFS_ASSERT is <assert.h>, fp_halt by wasm/shim
flags="--target=wasm32-wasi -O2 -mexec-model=reactor -DLFS_NO_DEBUG -DLFS_NO_WARN -DLFS_NO_ERROR -I $wasm/shim -I $wasm -I $lfs"
${CC:-clang} $flags "$lfs/lfs.c" "$lfs/lfs_util.c" "$here/lfs_kv.c" -o "$out/lfs_kv.wasm"
${CC:-clang} $flags -DLFS_KV_MKCONSISTENT "$lfs/lfs.c" "$lfs/lfs_util.c" "$here/lfs_kv.c" -o "$out/lfs_kv_consistent.wasm"
${CC:-clang} $flags -DLFS_KV_NAIVE "$lfs/lfs.c" "$lfs/lfs_util.c" "$here/lfs_kv.c" -o "$out/lfs_kv_naive.wasm"
v=$(sed -n 's/^#define LFS_VERSION \(0x[0-9a-fA-F]*\).*/\1/p' "$lfs/lfs.h")
echo "built lfs_kv.wasm, lfs_kv_consistent.wasm and lfs_kv_naive.wasm in $out (littlefs $((v >> 16)).$((v & 65535)))"
