/* flashproof C ABI: a key-value store compiled to WebAssembly, whose flash is the harness's.
 *
 * The store imports four functions from module "flashproof" and nothing else; the harness refuses a module
 * with any other import. Every import and export uses i32 only. Full text: wasm/ABI.md.
 *
 * Build (C, no libc):   clang --target=wasm32 -O2 -nostdlib -Wl,--no-entry store.c fp_runtime.c -o store.wasm
 * Build (C++, libc++):  clang++ --target=wasm32-wasi -O2 -fno-exceptions -fno-rtti -mexec-model=reactor store.cpp -o store.wasm
 * A store whose own headers include <assert.h> or <pthread.h>: add -I wasm/shim (assert is fp_halt, mutexes no-ops).
 */
#ifndef FLASHPROOF_H
#define FLASHPROOF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FP_IMPORT(name) __attribute__((import_module("flashproof"), import_name(#name)))
#define FP_EXPORT(name) __attribute__((export_name(#name), used))

/* ---- ABI version: the loader refuses a module built for another one. ----
 * Including this header exports it (a weak definition, so any number of files may include the header). */
#define FP_ABI_VERSION 1
__attribute__((export_name("fp_abi_version"), weak)) int32_t fp_abi_version(void) { return FP_ABI_VERSION; }

/* ---- Flash status codes the imports return (Mbed BlockDevice numbers, as the harness's BdStatus). ---- */
#define FP_BD_OK 0
#define FP_BD_DEVICE_ERROR (-4001) /* a program or erase failed (fault injection, a worn-out unit) */
#define FP_BD_NOT_ERASED (-3201)   /* program-once (strict) flash refused a program over written bytes */

/* ---- Imports: the flash, and a way to stop. ----
 * addr and len must be multiples of the read / program / erase size and lie inside the flash: anything else is a
 * crash of the store (the simulated flash is strict), as is a buffer outside linear memory. */
FP_IMPORT(fp_read) int32_t fp_read(uint32_t addr, uint32_t len, uint8_t *buf);
FP_IMPORT(fp_program) int32_t fp_program(uint32_t addr, const uint8_t *buf, uint32_t len);
FP_IMPORT(fp_erase) int32_t fp_erase(uint32_t addr, uint32_t len);
/* An assertion or fatal error: never returns; the harness records a `crash` with the message. */
FP_IMPORT(fp_halt) __attribute__((noreturn)) void fp_halt(const char *msg, uint32_t len);

/* ---- Status classes: what the harness compares against its model. ---- */
#define FP_CLASS_OK 0
#define FP_CLASS_NOT_FOUND 1
#define FP_CLASS_NO_SPACE 2
#define FP_CLASS_INVALID 3 /* invalid argument */
#define FP_CLASS_ERROR 4

/* Fixed convention, used when the store exports no status table: 0 ok, -1 not found, -2 no space,
 * -3 invalid argument, anything else an error (flash codes passed through included). */
#define FP_OK 0
#define FP_E_NOT_FOUND (-1)
#define FP_E_NO_SPACE (-2)
#define FP_E_INVALID (-3)
#define FP_E_ERROR (-4)

/* A store that keeps its own numbers exports a table mapping each to a class and a name, ended by name == 0. */
typedef struct fp_status_entry {
  int32_t code;
  int32_t klass; /* FP_CLASS_* */
  const char *name;
} fp_status_entry;

/* ---- Exports (each returns a status unless noted) ----
 * int32_t fp_mount(uint32_t size, uint32_t erase_size, uint32_t program_size, uint32_t read_size);
 *     Rebuilds the store from flash; formats it when the flash holds no store. May be called again (remount).
 * int32_t fp_set(const uint8_t *key, uint32_t key_len, const uint8_t *val, uint32_t val_len);
 * int32_t fp_get(const uint8_t *key, uint32_t key_len, uint8_t *buf, uint32_t buf_cap, uint32_t *size_out);
 *     Copies min(size, buf_cap) bytes and always writes the value's real size to *size_out.
 * int32_t fp_remove(const uint8_t *key, uint32_t key_len);
 * void   *fp_alloc(uint32_t n);      void fp_free(void *p);      (host buffers for keys and values)
 * int32_t fp_abi_version(void);      FP_ABI_VERSION; defined above, so a C or C++ store need not write it.
 * Optional:
 * int32_t fp_iterate(uint32_t index, uint8_t *key_buf, uint32_t key_cap, uint32_t *key_size_out);
 *     The index-th live key in the store's own order; a not-found status past the last one.
 * int32_t fp_gc(void);   int32_t fp_reset(void);   (reset: an empty store)
 * const fp_status_entry *fp_status_table(void);
 */

#ifdef __cplusplus
}
#endif

/* A message for fp_halt from a string literal. */
#define FP_HALT(lit) fp_halt((lit), (uint32_t)(sizeof(lit) - 1))
#define FP_ASSERT(cond)                                                   \
  do {                                                                    \
    if (!(cond)) FP_HALT(__FILE__ ": assertion failed: " #cond);          \
  } while (0)

#endif /* FLASHPROOF_H */
