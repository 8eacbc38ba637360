#!/bin/sh
# Builds the example stores into wasm/build/ (or $1); the outputs are committed so tests run without a compiler.
# C stores link no libc (-nostdlib + fp_runtime.c); snapkv (a C store with its own headers, <assert.h> and
# <pthread.h>) and the C++ store link wasi-libc (and libc++) as reactors and still import nothing but "flashproof"
# (the loader refuses any other import); snapkv gets its platform headers from wasm/shim/. The Rust store is built
# when a rustc with the wasm32-unknown-unknown standard library is found (Debian: rustc libstd-rust-dev-wasm32).
# Source paths are recorded relative to the repository (-ffile-prefix-map, --remap-path-prefix): where the
# checkout lives does not change a byte.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/build"}
CC=${CC:-clang}
CXX=${CXX:-clang++}
mkdir -p "$out"
ex="$here/examples"
map="-ffile-prefix-map=$here/=wasm/"
# -mbulk-memory: memory.copy/fill (0xFC ops) in the C stores, so the instrumenter meets them in real code.
cflags="--target=wasm32 -O2 -nostdlib -mbulk-memory -Wall -Wextra -Werror -Wl,--no-entry -Wl,--strip-debug $map"
$CC $cflags "$ex/logstore.c" "$ex/fp_runtime.c" -o "$out/logstore.wasm"
$CC $cflags "$ex/logstore_buggy.c" "$ex/fp_runtime.c" -o "$out/logstore_buggy.wasm"
$CC $cflags "$ex/logstore_keyinflight.c" "$ex/fp_runtime.c" -o "$out/logstore_keyinflight.wasm"
$CC $cflags "$ex/logstore_hang.c" "$ex/fp_runtime.c" -o "$out/logstore_hang.wasm"
$CC --target=wasm32-wasi -O2 -mexec-model=reactor -Wall -Wextra -Werror -Wl,--strip-debug $map \
  -I "$here/shim" -I "$here" "$ex/snapkv/snapkv.c" "$ex/snapkv/snapkv_flashproof.c" -o "$out/snapkv.wasm"
$CXX --target=wasm32-wasi -O2 -fno-exceptions -fno-rtti -mexec-model=reactor -Wall -Wextra -Werror \
  -Wl,--strip-debug $map "$ex/pagestore.cpp" -o "$out/pagestore.wasm"
$CC --version | head -n 1 > "$out/TOOLCHAIN"

# Rust: the first of $RUSTC, rustc on PATH and Debian's /usr/bin/rustc whose sysroot has the wasm32 std.
rustc_wasm() {
  for r in ${RUSTC:-} rustc /usr/bin/rustc; do
    root=$("$r" --print sysroot 2>/dev/null) || continue
    if [ -d "$root/lib/rustlib/wasm32-unknown-unknown/lib" ]; then
      echo "$r"
      return 0
    fi
  done
  return 1
}
if rustc=$(rustc_wasm); then
  "$rustc" --edition 2021 --crate-type cdylib --target wasm32-unknown-unknown -C opt-level=2 -C panic=abort \
    -C strip=debuginfo --remap-path-prefix "$here/=wasm/" -D warnings "$ex/rust/snapstore.rs" -o "$out/snapstore.wasm"
  "$rustc" --version >> "$out/TOOLCHAIN"
else
  echo "wasm/build.sh: skipped snapstore.wasm: no rustc with the wasm32-unknown-unknown standard library (Debian: apt-get install rustc libstd-rust-dev-wasm32)" >&2
  echo "rustc: none" >> "$out/TOOLCHAIN"
fi
