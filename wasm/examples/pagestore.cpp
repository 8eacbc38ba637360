// pagestore: a C++ key-value store with shadow paging, wrapped for flashproof in a few lines of extern "C".
//
// The flash is two slots (each half of it, whole erase units). A slot holds the whole table:
//   [header: magic, sequence, body length, crc32 of the body, crc32 of the header] padded to the program size
//   [body: per entry key length (1 byte), value length (le16), key, value]
// Every update builds the new table in RAM, erases the other slot, programs the body, then the header: the
// header is the commit. Mount takes the intact slot with the newest sequence. Results use flashproof's fixed
// status convention (FP_OK, FP_E_NOT_FOUND, ...), so this store exports no status table.
#include "../flashproof.h"

#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

struct Geometry {
  uint32_t size, erase, program, read;
};

struct Bytes {
  const uint8_t *data;
  uint32_t len;
};

uint32_t crc32(uint32_t crc, const uint8_t *p, size_t n) {
  crc = ~crc;
  while (n--) {
    crc ^= *p++;
    for (int i = 0; i < 8; i++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
  }
  return ~crc;
}

uint32_t up(uint32_t n, uint32_t unit) { return (n + unit - 1) / unit * unit; }

// The harness's flash, through the imports; reads go through read-size-aligned buffers.
class Flash {
 public:
  void configure(const Geometry &g) { g_ = g; }
  const Geometry &geometry() const { return g_; }

  int32_t read(uint32_t addr, uint8_t *dst, uint32_t len) const {
    uint32_t a0 = addr / g_.read * g_.read, skip = addr - a0;
    std::vector<uint8_t> buf(up(skip + len, g_.read));
    int32_t rc = fp_read(a0, (uint32_t)buf.size(), buf.data());
    if (rc == FP_BD_OK && len) std::memcpy(dst, buf.data() + skip, len);
    return rc;
  }

  int32_t program(uint32_t addr, std::vector<uint8_t> data) const {
    data.resize(up((uint32_t)data.size(), g_.program), 0xFF);
    return fp_program(addr, data.data(), (uint32_t)data.size());
  }

  int32_t erase(uint32_t addr, uint32_t len) const {
    for (uint32_t off = 0; off < len; off += g_.erase) {
      if (int32_t rc = fp_erase(addr + off, g_.erase)) return rc;
    }
    return FP_BD_OK;
  }

 private:
  Geometry g_{};
};

struct Entry {
  std::vector<uint8_t> key, value;
};

class PageStore {
 public:
  int32_t mount(const Geometry &g) {
    mounted_ = false;
    if (!g.erase || !g.program || !g.read) return FP_E_INVALID;
    flash_.configure(g);
    slot_ = g.size / g.erase / 2 * g.erase;
    if (slot_ < g.erase || slot_ < header_bytes()) return FP_E_INVALID;
    int best = -1;
    uint32_t best_seq = 0;
    std::vector<Entry> best_table;
    for (int s = 0; s < 2; s++) {
      uint32_t seq;
      std::vector<Entry> table;
      int32_t rc = load(s, &seq, &table);
      if (rc < 0) return rc;
      if (rc == 1 && (best < 0 || (int32_t)(seq - best_seq) > 0)) best = s, best_seq = seq, best_table = table;
    }
    if (best < 0) {  // blank (or a first commit that never landed): an empty table in slot 0
      active_ = 1, seq_ = 0, table_.clear();
      if (int32_t rc = commit(std::vector<Entry>())) return rc;
    } else {
      active_ = best, seq_ = best_seq, table_ = best_table;
    }
    mounted_ = true;
    return FP_OK;
  }

  int32_t set(Bytes key, Bytes value) {
    if (!mounted_) return FP_E_ERROR;
    if (key.len == 0 || key.len > 255 || value.len > 0xFFFF) return FP_E_INVALID;
    std::vector<Entry> next = table_;
    Entry *e = find(next, key);
    if (!e) {
      next.push_back(Entry{std::vector<uint8_t>(key.data, key.data + key.len), {}});
      e = &next.back();
    }
    e->value.assign(value.data, value.data + value.len);
    return commit(next);
  }

  int32_t get(Bytes key, uint8_t *buf, uint32_t cap, uint32_t *size) {
    if (!mounted_) return FP_E_ERROR;
    if (key.len == 0 || key.len > 255) return FP_E_INVALID;
    Entry *e = find(table_, key);
    if (!e) return FP_E_NOT_FOUND;
    *size = (uint32_t)e->value.size();
    if (!e->value.empty()) std::memcpy(buf, e->value.data(), e->value.size() < cap ? e->value.size() : cap);
    return FP_OK;
  }

  int32_t remove(Bytes key) {
    if (!mounted_) return FP_E_ERROR;
    if (key.len == 0 || key.len > 255) return FP_E_INVALID;
    std::vector<Entry> next = table_;
    Entry *e = find(next, key);
    if (!e) return FP_E_NOT_FOUND;
    next.erase(next.begin() + (e - next.data()));
    return commit(next);
  }

  int32_t key_at(uint32_t index, uint8_t *buf, uint32_t cap, uint32_t *size) const {
    if (!mounted_) return FP_E_ERROR;
    if (index >= table_.size()) return FP_E_NOT_FOUND;
    const std::vector<uint8_t> &k = table_[index].key;
    *size = (uint32_t)k.size();
    std::memcpy(buf, k.data(), k.size() < cap ? k.size() : cap);
    return FP_OK;
  }

 private:
  static constexpr uint32_t kMagic = 0x47505046;  // "FPPG"
  uint32_t header_bytes() const { return up(20, flash_.geometry().program); }

  static Entry *find(std::vector<Entry> &table, Bytes key) {
    for (Entry &e : table) {
      if (e.key.size() == key.len && std::memcmp(e.key.data(), key.data, key.len) == 0) return &e;
    }
    return nullptr;
  }

  static uint32_t le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
  static void put32(uint8_t *p, uint32_t v) { p[0] = v, p[1] = v >> 8, p[2] = v >> 16, p[3] = v >> 24; }

  // 1 with the slot's table when its header and body are intact, 0 when not, a flash status when reading fails.
  int32_t load(int s, uint32_t *seq, std::vector<Entry> *table) const {
    uint8_t h[20];
    uint32_t base = s * slot_;
    if (int32_t rc = flash_.read(base, h, 20)) return rc;
    uint32_t len = le32(h + 8);
    if (le32(h) != kMagic || le32(h + 16) != crc32(0, h, 16) || len > slot_ - header_bytes()) return 0;
    std::vector<uint8_t> body(len);
    if (int32_t rc = flash_.read(base + header_bytes(), body.data(), len)) return rc;
    if (crc32(0, body.data(), len) != le32(h + 12)) return 0;
    for (uint32_t at = 0; at < len;) {
      if (len - at < 3) return 0;
      uint32_t kl = body[at], vl = body[at + 1] | body[at + 2] << 8;
      at += 3;
      if (kl == 0 || len - at < kl + vl) return 0;
      table->push_back(Entry{std::vector<uint8_t>(&body[at], &body[at] + kl),
                             std::vector<uint8_t>(&body[at] + kl, &body[at] + kl + vl)});
      at += kl + vl;
    }
    *seq = le32(h + 4);
    return 1;
  }

  // Writes `next` to the other slot, header last; it becomes the table only once the header landed.
  int32_t commit(const std::vector<Entry> &next) {
    std::vector<uint8_t> body;
    for (const Entry &e : next) {
      body.push_back((uint8_t)e.key.size());
      body.push_back((uint8_t)e.value.size());
      body.push_back((uint8_t)(e.value.size() >> 8));
      body.insert(body.end(), e.key.begin(), e.key.end());
      body.insert(body.end(), e.value.begin(), e.value.end());
    }
    if (body.size() > slot_ - header_bytes()) return FP_E_NO_SPACE;
    int target = 1 - active_;
    uint32_t base = target * slot_;
    if (int32_t rc = flash_.erase(base, slot_)) return rc;
    if (!body.empty()) {
      if (int32_t rc = flash_.program(base + header_bytes(), body)) return rc;
    }
    std::vector<uint8_t> h(20);
    put32(&h[0], kMagic), put32(&h[4], seq_ + 1), put32(&h[8], (uint32_t)body.size());
    put32(&h[12], crc32(0, body.data(), body.size())), put32(&h[16], crc32(0, h.data(), 16));
    if (int32_t rc = flash_.program(base, h)) return rc;
    active_ = target, seq_++, table_ = next;
    return FP_OK;
  }

  Flash flash_;
  uint32_t slot_ = 0, seq_ = 0;
  int active_ = 0;
  bool mounted_ = false;
  std::vector<Entry> table_;
};

PageStore store;

}  // namespace

// The whole wrapper: each export forwards to the class.
extern "C" {
FP_EXPORT(fp_mount) int32_t fp_mount(uint32_t size, uint32_t erase, uint32_t program, uint32_t read) {
  return store.mount({size, erase, program, read});
}
FP_EXPORT(fp_set) int32_t fp_set(const uint8_t *k, uint32_t kl, const uint8_t *v, uint32_t vl) { return store.set({k, kl}, {v, vl}); }
FP_EXPORT(fp_get) int32_t fp_get(const uint8_t *k, uint32_t kl, uint8_t *buf, uint32_t cap, uint32_t *size) {
  return store.get({k, kl}, buf, cap, size);
}
FP_EXPORT(fp_remove) int32_t fp_remove(const uint8_t *k, uint32_t kl) { return store.remove({k, kl}); }
FP_EXPORT(fp_iterate) int32_t fp_iterate(uint32_t i, uint8_t *buf, uint32_t cap, uint32_t *size) { return store.key_at(i, buf, cap, size); }
FP_EXPORT(fp_alloc) void *fp_alloc(uint32_t n) { return std::malloc(n); }
FP_EXPORT(fp_free) void fp_free(void *p) { std::free(p); }
}
