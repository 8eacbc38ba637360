// A driver for a store of your own: a two-sector log store, with a planted crash bug, checked by flashproof.
//
// The store keeps records [0xA5, key, length, value..., 0x00 commit] one after another in the active sector,
// whose header is [0x5A, generation, 0x00 commit]. When the sector is full, or its tail is not erased (a cut left
// bytes there), it copies the live records to the other sector and commits that sector's header last. The planted bug: set() programs the header and commit byte first
// and the value after, so a cut in between leaves a committed record whose value reads as erased bytes (0xFF).
// Set BUGGY to false and the campaign passes.
import { defineDriver, hexOf, type BlockDevice, type CrashModel, type Outcome, type StoreSubject, type StoreView } from 'flashproof';

const BUGGY = true;
const HEADER = 3;

type Op = { op: 'mount' } | { op: 'reboot' } | { op: 'set'; key: number; value: Uint8Array } | { op: 'get'; key: number };

class LogStore {
  private sector = 0;
  private end = HEADER;
  private generation = 0;
  readonly live = new Map<number, Uint8Array>();
  constructor(private readonly dev: BlockDevice) {}

  private get unit(): number {
    return this.dev.geometry.eraseSizeBytes;
  }

  mount(): Outcome {
    const headers = [0, 1].map((s) => this.dev.read(s * this.unit, HEADER));
    const valid = [0, 1].filter((s) => headers[s][0] === 0x5a && headers[s][2] === 0x00);
    if (!valid.length) {
      // Blank flash: format sector 0.
      if (this.dev.erase(0, this.unit) !== 0 || this.dev.program(0, Uint8Array.of(0x5a, 0)) !== 0 || this.dev.program(2, Uint8Array.of(0))) return { status: 'error' };
      this.sector = 0;
      this.generation = 0;
    } else {
      // The newer generation wins (mod 256: a wrapped 0 is newer than 255).
      this.sector = valid.length === 2 ? (((headers[1][1] - headers[0][1]) & 0xff) < 128 ? 1 : 0) : valid[0];
      this.generation = headers[this.sector][1];
    }
    this.live.clear();
    const base = this.sector * this.unit;
    let at = HEADER;
    while (at + 4 <= this.unit) {
      const [magic, key, len] = this.dev.read(base + at, 3);
      if (magic !== 0xa5 || at + 4 + len > this.unit) break;
      const commit = this.dev.read(base + at + 3 + len, 1)[0];
      if (commit === 0x00) this.live.set(key, this.dev.read(base + at + 3, len));
      at += 4 + len;
    }
    // Bytes a cut left past the log's end cannot be programmed again: the next set compacts first.
    this.end = this.dev.read(base + at, this.unit - at).every((b) => b === 0xff) ? at : this.unit;
    return { status: 'ok' };
  }

  set(key: number, value: Uint8Array): Outcome {
    const size = 4 + value.length;
    if (this.end + size > this.unit && !this.compact()) return { status: 'error' };
    if (this.end + size > this.unit) return { status: 'no-space' };
    const at = this.sector * this.unit + this.end;
    this.end += size; // the space is used even if the set fails half-way
    const header = Uint8Array.of(0xa5, key, value.length);
    if (BUGGY) {
      if (this.dev.program(at, header) || this.dev.program(at + 3 + value.length, Uint8Array.of(0)) || (value.length && this.dev.program(at + 3, value))) return { status: 'error' };
    } else {
      if (this.dev.program(at, header) || (value.length && this.dev.program(at + 3, value)) || this.dev.program(at + 3 + value.length, Uint8Array.of(0))) return { status: 'error' };
    }
    this.live.set(key, value);
    return { status: 'ok' };
  }

  get(key: number): Outcome {
    const v = this.live.get(key);
    return v ? { status: 'ok', value: hexOf(v) } : { status: 'not-found' };
  }

  /** Copies the live records to the other sector; its header, written last, makes it the active one. */
  private compact(): boolean {
    const other = 1 - this.sector;
    const base = other * this.unit;
    if (this.dev.erase(base, this.unit) !== 0) return false;
    let at = HEADER;
    for (const [key, value] of this.live) {
      const rec = new Uint8Array(4 + value.length);
      rec.set([0xa5, key, value.length]);
      rec.set(value, 3);
      rec[3 + value.length] = 0x00;
      if (at + rec.length > this.unit || this.dev.program(base + at, rec) !== 0) return false;
      at += rec.length;
    }
    if (this.dev.program(base, Uint8Array.of(0x5a, (this.generation + 1) & 0xff)) || this.dev.program(base + 2, Uint8Array.of(0))) return false;
    [this.sector, this.end, this.generation] = [other, at, (this.generation + 1) & 0xff];
    return true;
  }
}

const viewOf = (live: Map<number, Uint8Array>): StoreView => ({ keys: new Map([...live].map(([k, v]) => [k.toString(16).padStart(2, '0'), hexOf(v)])), extra: null });

/** What the store promises: a map; a set is all or nothing; a reboot loses nothing. */
class MapModel implements CrashModel<Op> {
  constructor(private readonly map = new Map<number, Uint8Array>(), private readonly capacity: number) {}
  apply(op: Op): Outcome {
    if (op.op === 'mount' || op.op === 'reboot') return { status: 'ok' };
    if (op.op === 'get') {
      const v = this.map.get(op.key);
      return v ? { status: 'ok', value: hexOf(v) } : { status: 'not-found' };
    }
    // The store compacts only when full and copies every live record, the old value of this key too.
    const used = [...this.map.values()].reduce((n, v) => n + 4 + v.length, 0);
    if (HEADER + used + 4 + op.value.length > this.capacity) return { status: 'no-space' };
    this.map.set(op.key, op.value);
    return { status: 'ok' };
  }
  clone(): MapModel {
    return new MapModel(new Map(this.map), this.capacity);
  }
  rebooted(): MapModel {
    return this.clone();
  }
  midStates(): MapModel[] {
    return [];
  }
  view(): StoreView {
    return viewOf(this.map);
  }
  poisoned(): string | null {
    return null;
  }
}

class Subject implements StoreSubject<Op> {
  private store: LogStore;
  constructor(private readonly dev: BlockDevice) {
    this.store = new LogStore(dev);
  }
  apply(op: Op): Outcome {
    if (op.op === 'mount') return this.store.mount();
    if (op.op === 'reboot') {
      this.store = new LogStore(this.dev);
      return this.store.mount();
    }
    return op.op === 'set' ? this.store.set(op.key, op.value) : this.store.get(op.key);
  }
  view(): StoreView {
    return viewOf(this.store.live);
  }
}

/** A tiny seeded generator (xorshift), so the same seed gives the same ops. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export = defineDriver<Op>({
  name: 'twolog',
  title: 'a two-sector log store (examples/my-store-driver.ts)',
  geometry: { default: '512:256:1', problem: (g) => (g.sizeBytes !== 2 * g.eraseSizeBytes ? 'it needs exactly two erase units' : g.eraseSizeBytes > 4096 ? 'sectors of at most 4 KiB' : undefined) },
  ops: {
    text: (op) => (op.op === 'set' ? `set ${op.key.toString(16)} ${hexOf(op.value) || '-'}` : op.op === 'get' ? `get ${op.key.toString(16)}` : op.op),
    parse(line) {
      const [verb, key, value] = line.trim().split(/\s+/);
      if (!verb || verb.startsWith('#')) return undefined;
      if (verb === 'mount' || verb === 'reboot') return { op: verb };
      const k = parseInt(key ?? '', 16);
      if (!(k >= 0 && k < 256)) throw new Error(`bad key in "${line}"`);
      if (verb === 'get') return { op: 'get', key: k };
      if (verb === 'set' && value !== undefined && /^(-|([0-9a-f]{2})*)$/.test(value) && value.length <= 200) {
        return { op: 'set', key: k, value: Uint8Array.from(Buffer.from(value === '-' ? '' : value, 'hex')) };
      }
      throw new Error(`cannot parse "${line}"`);
    },
    kind: (op) => op.op,
    writes: (op) => op.op !== 'get',
    settles: (op) => op.op === 'mount' || op.op === 'reboot',
    generate(seed, count) {
      const r = rng(seed);
      const ops: Op[] = [{ op: 'mount' }];
      for (let i = 0; i < count; i++) {
        const x = r();
        const key = Math.floor(r() * 4);
        if (x < 0.6) ops.push({ op: 'set', key, value: Uint8Array.from({ length: Math.floor(r() * 24) }, () => Math.floor(r() * 256)) });
        else if (x < 0.9) ops.push({ op: 'get', key });
        else ops.push({ op: 'reboot' });
      }
      return ops;
    },
  },
  open: (_profile, geometry) => ({
    model: () => new MapModel(new Map(), geometry.eraseSizeBytes),
    create: (dev) => new Subject(dev),
    mount(dev) {
      const subject = new Subject(dev);
      const outcome = subject.apply({ op: 'mount' });
      return { subject, ok: outcome.status === 'ok', outcome };
    },
  }),
});
