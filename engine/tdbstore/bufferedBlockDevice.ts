// Twin of Mbed's BufferedBlockDevice: a one-program-unit write cache that TDBStore always writes through.
import { BdStatus, type BlockDevice } from '../flash/blockDevice';
import type { TdbPolicy } from './policy';

export class BufferedBlockDevice {
  private readonly unitBytes: number;
  private readonly readUnitBytes: number;
  private readonly sizeBytes: number;
  private readonly cache: Uint8Array;
  private cacheAddr = 0;
  private cacheValid = false;
  /** `_is_initialized`: TDBStore::init builds and inits the device in one go; only a successful deinit clears it. */
  private initialized = true;

  constructor(
    private readonly bd: BlockDevice,
    private readonly policy: Pick<TdbPolicy, 'dropRefusedCacheUnit'>,
  ) {
    this.unitBytes = bd.geometry.programSizeBytes;
    this.readUnitBytes = bd.geometry.readSizeBytes;
    this.sizeBytes = bd.geometry.sizeBytes;
    this.cache = new Uint8Array(this.unitBytes);
    this.invalidate();
  }

  /** Flash bytes with the pending partial unit laid over them (reads are side-effect free). */
  read(addr: number, len: number): Uint8Array {
    const r = this.readUnitBytes;
    const start = addr - (addr % r);
    const end = Math.ceil((addr + len) / r) * r;
    const raw = this.bd.read(start, end - start);
    const out = start === addr && end === addr + len ? raw : raw.slice(addr - start, addr - start + len);
    if (this.cacheValid && addr < this.cacheAddr + this.unitBytes && addr + len > this.cacheAddr) {
      const from = Math.max(addr, this.cacheAddr);
      const to = Math.min(addr + len, this.cacheAddr + this.unitBytes);
      out.set(this.cache.subarray(from - this.cacheAddr, to - this.cacheAddr), from - addr);
    }
    return out;
  }

  /** Mbed's program(): fills the cache, programs whole units as they complete. */
  program(data: Uint8Array, addr: number): number {
    const p = this.unitBytes;
    if (addr - (addr % p) !== this.cacheAddr) {
      const ret = this.flush();
      if (ret) return ret;
    }
    let pos = 0;
    let size = data.length;
    while (size) {
      this.cacheAddr = addr - (addr % p);
      const offsInBuf = addr - this.cacheAddr;
      let chunk: number;
      if (offsInBuf) chunk = Math.min(p - offsInBuf, size);
      else if (size >= p) chunk = size - (size % p);
      else chunk = size;

      if (chunk < p) {
        if (!this.cacheValid) this.cache.set(this.bd.read(this.cacheAddr, p));
        // A byte loop: a view per partial unit cost more than the copy it feeds.
        for (let i = 0; i < chunk; i++) this.cache[offsInBuf + i] = data[pos + i];
      }

      if ((offsInBuf + chunk) % p === 0) {
        // One copy per program (the device may keep it), never a view of the cache or the caller's bytes.
        const ret = this.bd.program(this.cacheAddr, chunk < p ? this.cache.slice() : data.slice(pos, pos + chunk));
        if (ret) return ret;
        this.invalidate();
        const syncRet = this.bd.sync();
        if (syncRet) return syncRet;
      } else {
        this.cacheValid = true;
      }
      pos += chunk;
      addr += chunk;
      size -= chunk;
    }
    return BdStatus.OK;
  }

  /** Drops (without flushing) a cache whose unit lies in [addr, addr+len], the upper bound included as Mbed does. */
  erase(addr: number, len: number): number {
    const e = this.bd.geometry.eraseSizeBytes;
    if (addr % e || len % e || addr + len > this.sizeBytes) return BdStatus.DEVICE_ERROR;
    if (this.cacheAddr >= addr && this.cacheAddr <= addr + len) this.invalidate();
    return this.bd.erase(addr, len);
  }

  flush(): number {
    if (this.cacheValid) {
      const ret = this.bd.program(this.cacheAddr, this.cache.slice());
      // Mbed keeps a unit whose program failed and retries it before every later program.
      if (ret && !this.policy.dropRefusedCacheUnit()) return ret;
      this.invalidate();
      return ret;
    }
    return BdStatus.OK;
  }

  /** Mbed's deinit(): a failed sync returns early and leaves the device initialised, so the next deinit flushes again. */
  deinit(): number {
    if (!this.initialized) return BdStatus.OK;
    const ret = this.sync();
    if (ret) return ret;
    this.initialized = false;
    return BdStatus.OK;
  }

  sync(): number {
    const ret = this.flush();
    if (ret) return ret;
    return this.bd.sync();
  }

  eraseSizeAt(_addr: number): number {
    return this.bd.geometry.eraseSizeBytes;
  }

  private invalidate(): void {
    this.cacheAddr = this.sizeBytes;
    this.cacheValid = false;
  }
}
