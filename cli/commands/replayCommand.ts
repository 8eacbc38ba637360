// `flashproof replay ID [--out DIR] [--profile P]`: one case again, every op and flash step up to the cut.
import fs from 'node:fs';
import path from 'node:path';
import type { Mutation } from '../../engine/flash/norFlash';
import { opOfStep } from '../../faults/crash/reference';
import { EngineError } from '../../faults/engines';
import { replayId, replayImages, type ReplayRun } from '../../faults/replay';
import { ReplayIdError } from '../../faults/replayId';
import { parseArgs, UsageError } from '../args';
import { saveImage } from '../imageFile';

const stepText = (m: Mutation): string =>
  m.kind === 'program' ? `program 0x${m.addr.toString(16)} +${m.data.length}` : `erase   0x${m.addr.toString(16)} +${m.len}`;

function describe(run: ReplayRun): string[] {
  const { replay, reference: ref, target } = run;
  const out = [`replay ${replay.engine}/${replay.profile} geometry ${replay.geometry} flash ${replay.flash}`, `ops (${run.ops.length}):`];
  run.ops.forEach((op, i) => out.push(`  ${String(i).padStart(3)}  ${target.opText(op)}`));
  const cut = replay.cut;
  if (!cut) {
    out.push('no cut: the ops run once against the model');
    return out;
  }
  if (cut.torn === 'bit-flip') {
    out.push(`after the last op, bit ${cut.step} (byte 0x${(cut.step >> 3).toString(16)}, mask 0x${(1 << (cut.step & 7)).toString(16)}) flips at rest; then a reboot`);
    return out;
  }
  if (cut.step >= ref.trace.length) {
    out.push(`the run has ${ref.trace.length} flash steps before it stops; step ${cut.step} never happens`);
    return out;
  }
  const j = opOfStep(ref.opStarts, cut.step);
  out.push(`flash steps up to the cut (step ${cut.step}, in op ${j}):`);
  for (let k = 0; k <= j; k++) {
    const from = ref.opStarts[k];
    const to = k === j ? cut.step + 1 : (ref.opStarts[k + 1] ?? ref.trace.length);
    if (to <= from) continue;
    out.push(`  op ${k} ${target.opText(run.ops[k])}`);
    for (let s = from; s < to; s++) {
      const fault = cut.torn === 'device-error' ? 'device error (-4001): this step fails, the engine goes on' : `power cut: torn model ${cut.torn} (seed ${cut.tornSeed})`;
      const mark = s === cut.step ? `   <- ${fault}` : '';
      out.push(`    step ${String(s).padStart(5)}  ${stepText(ref.trace[s])}  [${target.phaseOf(ref.trace, s, ref.opStarts[k], ref.opStarts[k + 1] ?? ref.trace.length, ref.contexts[k])}]${mark}`);
    }
  }
  if (replay.nested) out.push(`nested cut: step ${replay.nested.step} of the recovery run, torn model ${replay.nested.torn} (seed ${replay.nested.tornSeed})`);
  return out;
}

export function replayCommand(argv: string[]): number {
  const args = parseArgs(argv, { out: 'string', profile: 'string' }, 1);
  const id = args.positionals[0];
  if (!id) throw new UsageError('missing the replay ID (printed by a failing test or in a campaign report)');
  let run: ReplayRun;
  try {
    run = replayId(id, { profile: typeof args.options.profile === 'string' ? args.options.profile : undefined });
  } catch (e) {
    if (e instanceof ReplayIdError || e instanceof EngineError || (e as Error).name === 'GeometryError') throw new UsageError((e as Error).message);
    throw e;
  }
  const lines = describe(run);
  const images = replayImages(run);
  if (images) lines.push(`the torn step changed ${images.changedBytes} bytes`);
  const r = run.result;
  if (r.violations.length) {
    for (const v of r.violations) lines.push(`VIOLATION ${v.kind} at ${v.stage} (op ${v.opIndex} ${v.opKind}/${v.phase}): ${v.summary}`);
  } else {
    const outcome = [...r.heat.keys()][0]?.split('|')[3];
    const what = run.replay.cut?.torn === 'device-error' ? 'the run went on and a reboot showed what the model predicts' : `the store recovered to its ${outcome} state and the rest of the run agreed with the model`;
    lines.push(outcome ? `no violation: ${what}` : 'no violation');
  }
  const outDir = args.options.out;
  if (typeof outDir === 'string' && images) {
    fs.mkdirSync(outDir, { recursive: true });
    const files = { 'before-cut.img': images.before, 'after-cut.img': images.cut, 'recovered.img': images.recovered };
    for (const [name, bytes] of Object.entries(files)) saveImage(path.join(outDir, name), bytes);
    const [size, erase] = run.replay.geometry.split(':').map(Number);
    // TicKV images are dumped by region size and count (tockloader's layout); TDBStore by geometry.
    const engineArgs = run.replay.engine === 'tdbstore' ? `--engine tdbstore --geometry ${run.replay.geometry}` : `--engine tickv --region-size ${erase} --regions ${size / erase}`;
    lines.push(`images in ${outDir}: before-cut.img after-cut.img recovered.img (flashproof dump ${path.join(outDir, 'after-cut.img')} ${engineArgs})`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  return r.violations.length ? 1 : 0;
}
