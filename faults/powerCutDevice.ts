// Sits just above the cells: counts every program/erase step, cuts power at a planned step, injects device errors.
import { BdStatus, type BdStatusCode, type BlockDevice, type Geometry } from '../engine/flash/blockDevice';
import type { Mutation, NorFlash } from '../engine/flash/norFlash';
import { BudgetExceeded, PowerLoss } from './powerLoss';
import { applyTorn, strictRefuses, type TornModel } from './torn';

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
  /** Steps that fail with a device error (-4001) instead of happening. */
  deviceErrorSteps: ReadonlySet<number> | undefined;
  /** An erase unit erased this many times wears out: later erases of it fail with a device error. */
  wearLimit: number | undefined;
  /** Limits that turn a livelock into a `hang` finding: total program/erase steps and reads seen. */
  stepBudget = Number.POSITIVE_INFINITY;
  readBudget = Number.POSITIVE_INFINITY;
  reads = 0;
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
    return this.flash.read(addr, len);
  }

  program(addr: number, data: Uint8Array): BdStatusCode {
    const op: Mutation = { kind: 'program', addr, data };
    this.maybeCut(op);
    const step = this.steps++;
    this.trace?.push({ kind: 'program', addr, data: data.slice() });
    if (this.deviceErrorSteps?.has(step)) return BdStatus.DEVICE_ERROR;
    return this.flash.program(addr, data);
  }

  erase(addr: number, len: number): BdStatusCode {
    const op: Mutation = { kind: 'erase', addr, len };
    this.maybeCut(op);
    const step = this.steps++;
    this.trace?.push(op);
    if (this.deviceErrorSteps?.has(step) || this.wornOut(addr, len)) return BdStatus.DEVICE_ERROR;
    return this.flash.erase(addr, len);
  }

  sync(): BdStatusCode {
    return this.flash.sync();
  }

  private maybeCut(op: Mutation): void {
    if (this.steps >= this.stepBudget) throw new BudgetExceeded('steps', this.stepBudget);
    const plan = this.plan;
    if (!plan || plan.step !== this.steps) return;
    const g = this.geometry;
    if (plan.deferRefusedTear && plan.torn !== 'before' && this.flash.mode === 'strict' && strictRefuses(this.flash.cells, op, g)) {
      plan.step++;
      return;
    }
    this.plan = undefined;
    applyTorn(plan.torn, this.flash.cells, op, { mode: this.flash.mode, geometry: g, seed: plan.tornSeed });
    throw new PowerLoss({ step: this.steps, op, torn: plan.torn });
  }

  private wornOut(addr: number, len: number): boolean {
    if (this.wearLimit === undefined) return false;
    const unit = this.geometry.eraseSizeBytes;
    for (let u = addr / unit; u < (addr + len) / unit; u++) {
      if (this.flash.erasesPerUnit[u] >= this.wearLimit) return true;
    }
    return false;
  }
}
