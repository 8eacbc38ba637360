//! snapstore: a key-value store in Rust (no_std, no allocator crate), checked by flashproof through the same C ABI
//! (wasm/ABI.md): `extern "C"` exports, imports from the "flashproof" module, the fixed status convention.
//!
//! The flash is two slots (each half of it, whole erase units). A slot holds the whole table: a header (magic,
//! sequence, body length, body CRC, header CRC) padded to the program size, then the body (per entry: key length,
//! value length (le16), key, value). An update erases the other slot, programs the body, then the header, which
//! is the commit; mount takes the intact slot with the highest sequence. A panic (an index out of range, say) is
//! fp_halt with the panic's message: a `crash` in the report.
//!
//! Build (Debian: rustc, libstd-rust-dev-wasm32, lld): wasm/build.sh, or
//!   rustc --edition 2021 --crate-type cdylib --target wasm32-unknown-unknown -C opt-level=2 -C panic=abort \
//!     wasm/examples/rust/snapstore.rs -o snapstore.wasm
#![no_std]

use core::fmt::Write;
use core::panic::PanicInfo;
use core::ptr::addr_of_mut;
use core::slice;

#[link(wasm_import_module = "flashproof")]
extern "C" {
    fn fp_read(addr: u32, len: u32, buf: *mut u8) -> i32;
    fn fp_program(addr: u32, buf: *const u8, len: u32) -> i32;
    fn fp_erase(addr: u32, len: u32) -> i32;
    fn fp_halt(msg: *const u8, len: u32) -> !;
}

/// FP_ABI_VERSION of wasm/flashproof.h.
const ABI_VERSION: i32 = 1;

// The fixed status convention (no status table).
const OK: i32 = 0;
const NOT_FOUND: i32 = -1;
const NO_SPACE: i32 = -2;
const INVALID: i32 = -3;
const ERROR: i32 = -4;

const MAGIC: u32 = 0x5253_5053; // "SPSR"
const HEADER_BYTES: u32 = 20;
const MAX_KEYS: usize = 16;
const KEY_MAX: usize = 64;
const VALUE_MAX: usize = 128;
const IO_MAX: usize = 8192;

#[derive(Clone, Copy)]
struct Entry {
    klen: u8,
    vlen: u16,
    key: [u8; KEY_MAX],
    value: [u8; VALUE_MAX],
}

const EMPTY: Entry = Entry { klen: 0, vlen: 0, key: [0; KEY_MAX], value: [0; VALUE_MAX] };

impl Entry {
    fn key(&self) -> &[u8] {
        &self.key[..self.klen as usize]
    }
    fn value(&self) -> &[u8] {
        &self.value[..self.vlen as usize]
    }
    fn bytes(&self) -> u32 {
        3 + self.klen as u32 + self.vlen as u32
    }
}

struct Store {
    mounted: bool,
    erase: u32,
    program: u32,
    read: u32,
    slot_size: u32,
    /// Slot of the current table; -1 when the flash holds none.
    live: i32,
    seq: u32,
    count: usize,
    entries: [Entry; MAX_KEYS],
}

static mut STORE: Store = Store { mounted: false, erase: 0, program: 0, read: 0, slot_size: 0, live: -1, seq: 0, count: 0, entries: [EMPTY; MAX_KEYS] };
/// The table being committed.
static mut NEXT: [Entry; MAX_KEYS] = [EMPTY; MAX_KEYS];
/// A slot's header and body as on flash.
static mut IO: [u8; IO_MAX] = [0; IO_MAX];

fn up(n: u32, unit: u32) -> u32 {
    (n + unit - 1) / unit * unit
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & 0u32.wrapping_sub(crc & 1));
        }
    }
    !crc
}

fn get32(p: &[u8]) -> u32 {
    u32::from_le_bytes([p[0], p[1], p[2], p[3]])
}

fn read(addr: u32, buf: &mut [u8]) -> bool {
    unsafe { fp_read(addr, buf.len() as u32, buf.as_mut_ptr()) == 0 }
}

impl Store {
    fn header_span(&self) -> u32 {
        up(HEADER_BYTES, self.program)
    }

    /// The sequence of slot `s` when it is intact (0 when not); with `parse`, its table becomes the store's.
    fn load(&mut self, io: &mut [u8; IO_MAX], s: u32, parse: bool) -> u32 {
        let base = s * self.slot_size;
        let hs = self.header_span();
        if !read(base, &mut io[..up(HEADER_BYTES, self.read) as usize]) {
            return 0;
        }
        if get32(&io[0..]) != MAGIC || crc32(&io[..16]) != get32(&io[16..]) {
            return 0;
        }
        let (seq, len) = (get32(&io[4..]), get32(&io[8..]));
        if hs + len > self.slot_size || up(hs + len, self.read) as usize > IO_MAX {
            return 0;
        }
        if !read(base, &mut io[..up(hs + len, self.read) as usize]) {
            return 0;
        }
        let body = &io[hs as usize..(hs + len) as usize];
        if crc32(body) != get32(&io[12..]) {
            return 0;
        }
        if parse {
            let (mut at, mut n) = (0usize, 0usize);
            while at < body.len() {
                let (klen, vlen) = (body[at] as usize, u16::from_le_bytes([body[at + 1], body[at + 2]]) as usize);
                let e = &mut self.entries[n]; // a table of more than MAX_KEYS entries panics: a crash, not a silent loss
                e.klen = klen as u8;
                e.vlen = vlen as u16;
                e.key[..klen].copy_from_slice(&body[at + 3..at + 3 + klen]);
                e.value[..vlen].copy_from_slice(&body[at + 3 + klen..at + 3 + klen + vlen]);
                at += 3 + klen + vlen;
                n += 1;
            }
            self.count = n;
        }
        seq
    }

    /// Writes `entries` as the next table into the other slot: erase, body, then the header.
    fn commit(&mut self, io: &mut [u8; IO_MAX], entries: &[Entry]) -> i32 {
        let hs = self.header_span();
        let len: u32 = entries.iter().map(|e| e.bytes()).sum();
        let total = up(hs + len, self.program);
        if total > self.slot_size || total as usize > IO_MAX {
            return NO_SPACE;
        }
        io[..total as usize].fill(0xFF);
        let mut at = hs as usize;
        for e in entries {
            io[at] = e.klen;
            io[at + 1..at + 3].copy_from_slice(&e.vlen.to_le_bytes());
            io[at + 3..at + 3 + e.key().len()].copy_from_slice(e.key());
            at += 3 + e.key().len();
            io[at..at + e.value().len()].copy_from_slice(e.value());
            at += e.value().len();
        }
        let seq = self.seq + 1;
        let body_crc = crc32(&io[hs as usize..at]);
        for (i, v) in [MAGIC, seq, len, body_crc].iter().enumerate() {
            io[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes());
        }
        let header_crc = crc32(&io[..16]);
        io[16..20].copy_from_slice(&header_crc.to_le_bytes());
        let target = if self.live == 0 { 1 } else { 0 };
        let base = target * self.slot_size;
        unsafe {
            let mut off = 0;
            while off < self.slot_size {
                if fp_erase(base + off, self.erase) != 0 {
                    return ERROR;
                }
                off += self.erase;
            }
            if total > hs && fp_program(base + hs, io.as_ptr().add(hs as usize), total - hs) != 0 {
                return ERROR;
            }
            if fp_program(base, io.as_ptr(), hs) != 0 {
                return ERROR;
            }
        }
        self.live = target as i32;
        self.seq = seq;
        OK
    }

    fn find(&self, key: &[u8]) -> Option<usize> {
        self.entries[..self.count].iter().position(|e| e.key() == key)
    }
}

unsafe fn state() -> (&'static mut Store, &'static mut [Entry; MAX_KEYS], &'static mut [u8; IO_MAX]) {
    (&mut *addr_of_mut!(STORE), &mut *addr_of_mut!(NEXT), &mut *addr_of_mut!(IO))
}

unsafe fn bytes<'a>(p: *const u8, n: u32) -> &'a [u8] {
    if n == 0 { &[] } else { slice::from_raw_parts(p, n as usize) }
}

#[no_mangle]
pub extern "C" fn fp_abi_version() -> i32 {
    ABI_VERSION
}

#[no_mangle]
pub extern "C" fn fp_mount(size: u32, erase: u32, program: u32, read: u32) -> i32 {
    let (s, _, io) = unsafe { state() };
    s.mounted = false;
    if erase == 0 || program == 0 || read == 0 || erase % program != 0 || erase % read != 0 {
        return INVALID;
    }
    (s.erase, s.program, s.read) = (erase, program, read);
    s.slot_size = size / erase / 2 * erase;
    if s.slot_size < s.header_span() + 3 {
        return INVALID;
    }
    let (a, b) = (s.load(io, 0, false), s.load(io, 1, false));
    (s.count, s.live, s.seq) = (0, -1, 0); // neither intact: an empty store, written at the first update
    if a != 0 || b != 0 {
        let slot = if b > a { 1 } else { 0 };
        s.live = slot as i32;
        s.seq = s.load(io, slot, true);
        assert_eq!(s.seq, a.max(b), "slot {} changed between two reads", slot);
    }
    s.mounted = true;
    OK
}

#[no_mangle]
pub unsafe extern "C" fn fp_set(key: *const u8, klen: u32, val: *const u8, vlen: u32) -> i32 {
    let (s, next, io) = state();
    let (key, value) = (bytes(key, klen), bytes(val, vlen));
    if !s.mounted {
        return ERROR;
    }
    if key.is_empty() || key.len() > KEY_MAX {
        return INVALID;
    }
    if value.len() > VALUE_MAX {
        return NO_SPACE;
    }
    let mut n = s.count;
    next[..n].copy_from_slice(&s.entries[..n]);
    let at = match s.find(key) {
        Some(i) => i,
        None if n < MAX_KEYS => {
            n += 1;
            n - 1
        }
        None => return NO_SPACE,
    };
    let e = &mut next[at];
    (e.klen, e.vlen) = (key.len() as u8, value.len() as u16);
    e.key[..key.len()].copy_from_slice(key);
    e.value[..value.len()].copy_from_slice(value);
    let rc = s.commit(io, &next[..n]);
    if rc == OK {
        s.entries[..n].copy_from_slice(&next[..n]);
        s.count = n;
    }
    rc
}

/// Copies min(size, cap) bytes of `src` to `buf` and the real size to `size_out`.
unsafe fn answer(src: &[u8], buf: *mut u8, cap: u32, size_out: *mut u32) -> i32 {
    let n = src.len().min(cap as usize);
    if n > 0 {
        slice::from_raw_parts_mut(buf, n).copy_from_slice(&src[..n]);
    }
    size_out.write_unaligned(src.len() as u32);
    OK
}

#[no_mangle]
pub unsafe extern "C" fn fp_get(key: *const u8, klen: u32, buf: *mut u8, cap: u32, size_out: *mut u32) -> i32 {
    let (s, _, _) = state();
    if !s.mounted {
        return ERROR;
    }
    match s.find(bytes(key, klen)) {
        Some(i) => answer(s.entries[i].value(), buf, cap, size_out),
        None => NOT_FOUND,
    }
}

#[no_mangle]
pub unsafe extern "C" fn fp_remove(key: *const u8, klen: u32) -> i32 {
    let (s, next, io) = state();
    if !s.mounted {
        return ERROR;
    }
    let at = match s.find(bytes(key, klen)) {
        Some(i) => i,
        None => return NOT_FOUND,
    };
    let mut n = 0;
    for i in 0..s.count {
        if i != at {
            next[n] = s.entries[i];
            n += 1;
        }
    }
    let rc = s.commit(io, &next[..n]);
    if rc == OK {
        s.entries[..n].copy_from_slice(&next[..n]);
        s.count = n;
    }
    rc
}

#[no_mangle]
pub unsafe extern "C" fn fp_iterate(index: u32, buf: *mut u8, cap: u32, size_out: *mut u32) -> i32 {
    let (s, _, _) = state();
    if !s.mounted {
        return ERROR;
    }
    if (index as usize) < s.count {
        answer(s.entries[index as usize].key(), buf, cap, size_out)
    } else {
        NOT_FOUND
    }
}

// Memory the host writes keys and values into: a bump arena that frees only its latest block (the host replaces
// its one scratch buffer when it needs a bigger one).
const ARENA: usize = 65536;
static mut HEAP: [u8; ARENA] = [0; ARENA];
static mut TOP: usize = 0;
static mut LAST: usize = usize::MAX;

#[no_mangle]
pub unsafe extern "C" fn fp_alloc(n: u32) -> *mut u8 {
    let start = (TOP + 15) & !15;
    if start + n as usize > ARENA {
        return core::ptr::null_mut();
    }
    (TOP, LAST) = (start + n as usize, start);
    (addr_of_mut!(HEAP) as *mut u8).add(start)
}

#[no_mangle]
pub unsafe extern "C" fn fp_free(p: *mut u8) {
    if !p.is_null() && LAST != usize::MAX && p == (addr_of_mut!(HEAP) as *mut u8).add(LAST) {
        (TOP, LAST) = (LAST, usize::MAX);
    }
}

/// fp_halt with the panic's message and place, formatted into a fixed buffer.
struct Message {
    buf: [u8; 256],
    len: usize,
}

impl Write for Message {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let n = s.len().min(self.buf.len() - self.len);
        self.buf[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        Ok(())
    }
}

#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    let mut m = Message { buf: [0; 256], len: 0 };
    let _ = write!(m, "{}", info);
    unsafe { fp_halt(m.buf.as_ptr(), m.len as u32) }
}
