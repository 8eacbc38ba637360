// The conformance shells' own cut: a program that stores only its first N bytes, then fails as a device error.
import { BdStatus, type BdStatusCode, type BlockDevice, type Geometry } from '../engine/flash/blockDevice';
import type { NorFlash } from '../engine/flash/norFlash';

/**
 * A shell's `powercut N`: the next program stores only its first N bytes and fails, so
 * its caller sees a failed write and stops exactly where it stopped. Shell-only; reads and erases pass.
 */
export class ShellCutDevice implements BlockDevice {
  readonly geometry: Geometry;
  armed: number | undefined;
  /** Lines to print for cuts that happened during the current command. */
  readonly events: string[] = [];

  constructor(readonly flash: NorFlash) {
    this.geometry = flash.geometry;
  }

  read(addr: number, len: number): Uint8Array {
    return this.flash.read(addr, len);
  }

  program(addr: number, data: Uint8Array): BdStatusCode {
    const n = this.armed;
    if (n === undefined) return this.flash.program(addr, data);
    this.armed = undefined;
    if (n >= data.length) return this.flash.program(addr, data);
    if (n > 0) this.flash.program(addr, data.slice(0, n));
    this.events.push(`POWERCUT write stored ${n} of ${data.length} bytes -> WriteFail`);
    return BdStatus.DEVICE_ERROR;
  }

  erase(addr: number, len: number): BdStatusCode {
    return this.flash.erase(addr, len);
  }

  sync(): BdStatusCode {
    return this.flash.sync();
  }
}
