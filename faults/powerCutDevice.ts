// Sits just above the cells: counts every program/erase step, cuts power at a planned step, injects device errors.
import { BdStatus, type BdStatusCode, type BlockDevice, type Geometry } from '../engine/flash/blockDevice';
import type { Mutation, NorFlash } from '../engine/flash/norFlash';
import { BudgetExceeded, PowerLoss } from './powerLoss';
import { applyTorn, strictRefuses, type TornModel } from './torn';
import { addWeak, isWeakModel, settleRead, weakErase, weakProgram, weakRegion, type WeakState } from './weak';

export interface CutPlan {
  /** Absolute step index (0-based) of the step that is interrupted. */
  step: number;
  torn: TornModel;
  tornSeed: number;
  /** Shell rule: a torn cut on a program strict mode refuses lets the refusal happen and moves to the next step. */
  deferRefusedTear?: boolean;
}

export class PowerCutDevice implements BlockDevice {
  readonly geometry: Geometry;
  /** Program/erase steps seen so far (refused programs included). */
  steps = 0;
  /** When set, every step is appended (the recording run of crash enumeration). */
  trace: Mutation[] | undefined;
  /** When set, the range (addr, len pairs) of every step that may have changed the cells: keys rehash only those. */
  written: number[] | undefined;
  /** Steps that fail with a device error (-4001) instead of happening. */
  deviceErrorSteps: ReadonlySet<number> | undefined;
  /** An erase unit erased this many times wears out: later erases of it fail with a device error. */
  wearLimit: number | undefined;
  /** Limits that turn a livelock into a `hang` finding: total program/erase steps and reads seen. */
  stepBudget = Number.POSITIVE_INFINITY;
  readBudget = Number.POSITIVE_INFINITY;
  reads = 0;
  /** Cells a weak cut left unstable: reads see them settle (faults/weak.ts); programs and erases complete them. */
  weak: WeakState | null = null;
  /** How worn-out units behave (wearLimit): littlefs's bad-block menu, read errors excepted (reads have no status). */
  wearBehaviour: WearBehaviour = 'erase-error';
  /** Programs and erases that met a worn-out unit. */
  wornHits = 0;
  private plan: CutPlan | undefined;

  constructor(readonly flash: NorFlash) {
    this.geometry = flash.geometry;
  }

  arm(plan: CutPlan): void {
    this.plan = { ...plan };
  }

  disarm(): void {
    this.plan = undefined;
  }

  get armed(): CutPlan | undefined {
    return this.plan;
  }

  read(addr: number, len: number): Uint8Array {
    if (++this.reads > this.readBudget) throw new BudgetExceeded('reads', this.readBudget);
    const out = this.flash.read(addr, len);
    if (this.weak) settleRead(this.weak, addr, out);
    return out;
  }

  /** A power cycle: the next boot reads the unstable cells anew (per-boot settling changes). */
  powerCycle(): void {
    if (this.weak) this.weak = { ...this.weak, boot: this.weak.boot + 1, reads: 0 };
  }

  program(addr: number, data: Uint8Array): BdStatusCode {
    const op: Mutation = { kind: 'program', addr, data };
    this.maybeCut(op);
    const step = this.steps++;
    this.trace?.push({ kind: 'program', addr, data: data.slice() });
    if (this.deviceErrorSteps?.has(step)) return BdStatus.DEVICE_ERROR;
    if (this.wornOut(addr, data.length) && this.wearBehaviour.startsWith('prog')) {
      this.wornHits++;
      return this.wearBehaviour === 'prog-error' ? BdStatus.DEVICE_ERROR : BdStatus.OK;
    }
    const status = this.flash.program(addr, data);
    if (this.weak && status === BdStatus.OK) weakProgram(this.weak, addr, data, this.flash.mode);
    return status;
  }

  erase(addr: number, len: number): BdStatusCode {
    const op: Mutation = { kind: 'erase', addr, len };
    this.maybeCut(op);
    const step = this.steps++;
    this.trace?.push(op);
    if (this.deviceErrorSteps?.has(step)) return BdStatus.DEVICE_ERROR;
    if (this.wornOut(addr, len) && this.wearBehaviour.startsWith('erase')) {
      this.wornHits++;
      return this.wearBehaviour === 'erase-error' ? BdStatus.DEVICE_ERROR : BdStatus.OK;
    }
    const status = this.flash.erase(addr, len);
    if (this.weak && status === BdStatus.OK) weakErase(this.weak, addr, len);
    return status;
  }

  sync(): BdStatusCode {
    return this.flash.sync();
  }

  private maybeCut(op: Mutation): void {
    if (this.steps >= this.stepBudget) throw new BudgetExceeded('steps', this.stepBudget);
    this.written?.push(op.addr, op.kind === 'program' ? op.data.length : op.len);
    const plan = this.plan;
    if (!plan || plan.step !== this.steps) return;
    const g = this.geometry;
    if (plan.deferRefusedTear && plan.torn !== 'before' && this.flash.mode === 'strict' && strictRefuses(this.flash.cells, op, g)) {
      plan.step++;
      return;
    }
    this.plan = undefined;
    const ctx = { mode: this.flash.mode, geometry: g, seed: plan.tornSeed };
    if (isWeakModel(plan.torn)) this.weak = addWeak(this.weak, weakRegion(plan.torn, this.flash.cells, op, ctx));
    else applyTorn(plan.torn, this.flash.cells, op, ctx);
    throw new PowerLoss({ step: this.steps, op, torn: plan.torn });
  }

  /** Whether the range touches a unit erased wearLimit times or more (programs count the units they land in). */
  private wornOut(addr: number, len: number): boolean {
    if (this.wearLimit === undefined) return false;
    const unit = this.geometry.eraseSizeBytes;
    const last = Math.ceil((addr + len) / unit);
    for (let u = Math.floor(addr / unit); u < last; u++) {
      if (this.flash.erasesPerUnit[u] >= this.wearLimit) return true;
    }
    return false;
  }
}

/** littlefs's bad-block behaviours (lfs_emubd): the failing operation errors, or silently does nothing. */
export const WEAR_BEHAVIOURS = ['erase-error', 'prog-error', 'erase-noop', 'prog-noop'] as const;
export type WearBehaviour = (typeof WEAR_BEHAVIOURS)[number];
