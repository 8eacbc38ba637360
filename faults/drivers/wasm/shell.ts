// `flashproof shell --wasm FILE`: the contract op language on an image, one line per call, with power cuts on demand.
import { NorFlash } from '../../../engine/flash/norFlash';
import { outcomeText } from '../../../models/outcome';
import { parseContractOp } from '../../../models/contract/ops';
import type { LineResult, ShellContext, ShellSession } from '../../driver/types';
import { failureOf } from '../../crash/failure';
import { PowerCutDevice } from '../../powerCutDevice';
import { isPowerLoss } from '../../powerLoss';
import { isTornModel, tornApplies, TORN_MODELS, type TornModel } from '../../torn';
import type { WasmStoreModule } from '../../wasm/loader';
import { WasmContractSubject } from '../../wasm/subject';

export const WASM_SHELL_HELP = `commands (keys and values in hex, - for an empty value):
  mount   set KEY VALUE   get KEY   remove KEY   reboot
  powercut N [TORN]   power dies at the Nth flash step from now (TORN: ${TORN_MODELS.join(', ')}; default prefix)
  help | quit
`;

export class WasmShellSession implements ShellSession {
  private readonly device: PowerCutDevice;
  private subject: WasmContractSubject | undefined;

  constructor(
    private readonly module: WasmStoreModule,
    private readonly ctx: ShellContext,
  ) {
    this.device = new PowerCutDevice(new NorFlash(ctx.geometry, ctx.mode, ctx.image));
  }

  runLine(line: string): LineResult {
    const [verb, n, torn] = line.trim().split(/\s+/);
    if (verb === 'powercut') return this.arm(n, torn);
    let op;
    try {
      op = parseContractOp(line);
    } catch (e) {
      return { lines: [`error: ${(e as Error).message}`] };
    }
    if (!op) return { lines: [] };
    if (op.op !== 'mount' && op.op !== 'reboot' && !this.subject) return { lines: [`${line.trim()}: not mounted (mount first)`] };
    try {
      if (op.op === 'mount' || op.op === 'reboot' || !this.subject) this.subject = new WasmContractSubject(this.module, this.device);
      const out = this.subject.apply(op.op === 'reboot' ? { op: 'mount' } : op);
      this.ctx.save(this.device.flash.image());
      const own = this.subject.last ? ` (${this.subject.last.name}=${this.subject.last.code})` : '';
      return { lines: [`${line.trim()}: ${outcomeText(out)}${own}`] };
    } catch (e) {
      this.ctx.save(this.device.flash.image());
      this.subject = undefined;
      if (isPowerLoss(e)) {
        const { op, torn } = e.cut;
        // e.g. prefix on an erase: say what the step left rather than let the model's name suggest a tear
        const moot = isTornModel(torn) && !tornApplies(torn, op, this.ctx.geometry) ? `; ${torn} means nothing for this ${op.kind}, which left the flash as before` : '';
        return { lines: [`${line.trim()}: POWERCUT at flash step ${this.device.steps} (${e.message}${moot}); the image is saved`], exitCode: 5 };
      }
      const f = failureOf(e);
      return { lines: [`${line.trim()}: ${f.kind.toUpperCase()} ${f.summary}`], exitCode: 6 };
    }
  }

  private arm(n: string | undefined, torn: string | undefined): LineResult {
    const steps = Number(n);
    if (!/^[1-9][0-9]*$/.test(n ?? '') || !Number.isSafeInteger(steps)) return { lines: ['error: powercut takes a step count N >= 1'] };
    if (torn !== undefined && !isTornModel(torn)) return { lines: [`error: "${torn}" is not a torn model (${TORN_MODELS.join(', ')})`] };
    const model: TornModel = torn ?? 'prefix';
    this.device.arm({ step: this.device.steps + steps - 1, torn: model, tornSeed: 0 });
    return { lines: [`powercut armed: flash step ${steps} from now, torn model ${model}`] };
  }
}
