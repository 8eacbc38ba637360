#!/bin/sh
# Builds the example stores into wasm/build/ (or $1) with clang; the outputs are committed so tests run without clang.
# C stores link no libc (-nostdlib + fp_runtime.c); the C++ store links wasi-libc and libc++ as a reactor, and
# still imports nothing but "flashproof" (the loader refuses any other import).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/build"}
CC=${CC:-clang}
CXX=${CXX:-clang++}
mkdir -p "$out"
ex="$here/examples"
# -mbulk-memory: memory.copy/fill (0xFC ops) in the C stores, so the instrumenter meets them in real code.
cflags="--target=wasm32 -O2 -nostdlib -mbulk-memory -Wall -Wextra -Werror -Wl,--no-entry -Wl,--strip-debug"
$CC $cflags "$ex/logstore.c" "$ex/fp_runtime.c" -o "$out/logstore.wasm"
$CC $cflags "$ex/logstore_buggy.c" "$ex/fp_runtime.c" -o "$out/logstore_buggy.wasm"
$CC $cflags "$ex/logstore_keyinflight.c" "$ex/fp_runtime.c" -o "$out/logstore_keyinflight.wasm"
$CXX --target=wasm32-wasi -O2 -fno-exceptions -fno-rtti -mexec-model=reactor -Wall -Wextra -Werror \
  -Wl,--strip-debug "$ex/pagestore.cpp" -o "$out/pagestore.wasm"
$CC --version | head -n 1 > "$out/TOOLCHAIN"
