// kernel::utilities::leasable_buffer::SubSliceMut: a buffer with an active window that layers narrow.

export class SubSliceMut {
  private start = 0;
  private end: number;

  constructor(private readonly internal: Uint8Array) {
    this.end = internal.length;
  }

  /** Active length. */
  get length(): number {
    return this.end - this.start;
  }

  isSliced(): boolean {
    return this.internal.length !== this.length;
  }

  /** Narrows the window, relative to the current one and clamped to it (leasable_buffer.rs:426-446). */
  slice(from: number, to = this.length): void {
    const newStart = Math.min(this.start + from, this.end);
    this.end = Math.min(newStart + (to - from), this.end);
    this.start = newStart;
  }

  /** The active bytes (a view: layers write through it, as the Rust slice does). */
  asSlice(): Uint8Array {
    return this.internal.subarray(this.start, this.end);
  }

  /** The whole underlying buffer, window forgotten (`take`). */
  take(): Uint8Array {
    return this.internal;
  }
}
