// `flashproof replay ID [--out DIR] [--profile P] [--driver FILE]`: one case again, every op and flash step up to the cut.
import fs from 'node:fs';
import path from 'node:path';
import type { Mutation } from '../../engine/flash/norFlash';
import { elideValues } from '../../faults/campaign/buildReport';
import { opOfStep } from '../../faults/crash/reference';
import { phaseOf } from '../../faults/crash/storeCase';
import { cutLabel } from '../../faults/crash/types';
import { saveImage } from '../../faults/driver/imageFile';
import { nestedStepCount, noImagesReason, replay, replayImages, type ReplayRun } from '../../faults/replay';
import { parseArgs, UsageError } from '../args';

const stepText = (m: Mutation): string =>
  m.kind === 'program' ? `program 0x${m.addr.toString(16)} +${m.data.length}` : `erase   0x${m.addr.toString(16)} +${m.len}`;

/** The op a summary says failed ("op 3 set …"), or -1. */
const failingOp = (summary: string | undefined): number => Number(/^op (\d+) /.exec(summary ?? '')?.[1] ?? -1);

/**
 * What matters of a replayed case: every op (long values elided; the id holds them) with its flash step count, the
 * cut and the op that failed marked, and the flash steps of the interrupted op up to the cut (`allSteps`: of every op).
 */
function describe(run: ReplayRun, allSteps: boolean): string[] {
  const { replay: id, reference: ref, case: c } = run;
  const text = (op: unknown): string => elideValues(c.driver.ops.text(op));
  const cut = id.cut;
  const powerOrError = cut && (cut.fault === 'power-cut' || cut.fault === 'device-error') && cut.step < ref.trace.length;
  const j = powerOrError ? opOfStep(ref.opStarts, cut.step) : -1;
  const failing = new Set(run.result.violations.map((v) => failingOp(v.summary)).filter((n) => n >= 0));
  const stepsOf = (k: number): number => (k < ref.opStarts.length ? (ref.opStarts[k + 1] ?? ref.trace.length) - ref.opStarts[k] : 0);
  const out = [`replay ${id.engine}/${id.profile} geometry ${id.geometry} flash ${id.flash}`, `ops (${run.ops.length}):`];
  // A run that failed part-way (stage continue) never reached the ops after the failing one: they do not matter.
  const stopsAt = run.result.violations.length && run.result.violations.every((v) => v.stage === 'continue') ? Math.max(j, ...failing) : run.ops.length - 1;
  run.ops.forEach((op, i) => {
    if (i > stopsAt && !allSteps) return;
    const marks = [i === j ? `<- ${cut?.fault === 'device-error' ? 'device error' : 'power cut'} in this op` : '', failing.has(i) ? '<- fails here' : ''].filter(Boolean);
    const steps = i >= ref.checked ? '   (not run)' : stepsOf(i) ? `   (${stepsOf(i)} flash step${stepsOf(i) === 1 ? '' : 's'})` : '';
    out.push(`  ${String(i).padStart(3)}  ${text(op)}${steps}${marks.length ? `  ${marks.join(' ')}` : ''}`);
  });
  if (stopsAt < run.ops.length - 1 && !allSteps) out.push(`  … ${run.ops.length - 1 - stopsAt} more ops, never reached: the run stops at op ${stopsAt} (--steps lists them)`);
  if (!cut) {
    out.push('no cut: the ops run once against the model');
    return out;
  }
  if (cut.fault === 'bit-flip') {
    out.push(`after the last op, bit ${cut.step} (byte 0x${(cut.step >> 3).toString(16)}, mask 0x${(1 << (cut.step & 7)).toString(16)}) flips at rest; then a reboot`);
    return out;
  }
  if (cut.fault === 'garbage' || cut.fault.startsWith('wear-')) {
    out.push(cut.fault === 'garbage'
      ? `the first boot finds garbage (image seed ${cut.tornSeed})${id.nested ? `, power cut at step ${id.nested.step} of its format (${cutLabel(id.nested)}, seed ${id.nested.tornSeed})` : ''}; then the run and a reboot`
      : `erase units wear out after ${cut.step} erases (${cut.fault}); the run, then a reboot on the worn flash`);
    return out;
  }
  out.push(`flash steps ${allSteps ? 'of every op' : `of op ${j}`} up to the cut (step ${cut.step}${allSteps ? '' : '; --steps shows every op\'s'}):`);
  for (let k = allSteps ? 0 : j; k <= j; k++) {
    const from = ref.opStarts[k];
    const to = k === j ? cut.step + 1 : (ref.opStarts[k + 1] ?? ref.trace.length);
    if (to <= from) continue;
    if (allSteps) out.push(`  op ${k} ${text(run.ops[k])}`);
    for (let s = from; s < to; s++) {
      const fault = cut.fault === 'device-error' ? 'device error (-4001): this step fails, the engine goes on' : `power cut: torn model ${cutLabel(cut)} (seed ${cut.tornSeed})`;
      const mark = s === cut.step ? `   <- ${fault}` : '';
      const phase = phaseOf(c, { trace: ref.trace, step: s, opStart: ref.opStarts[k], opEnd: ref.opStarts[k + 1] ?? ref.trace.length, ...ref.contexts[k] });
      out.push(`    step ${String(s).padStart(5)}  ${stepText(ref.trace[s])}  [${phase}]${mark}`);
    }
  }
  if (id.nested) out.push(`nested cut: step ${id.nested.step} of the recovery run, torn model ${cutLabel(id.nested)} (seed ${id.nested.tornSeed})`);
  return out;
}

/** The dump command line for an image of this case, in the driver's own geometry dialect. */
function dumpHint(run: ReplayRun, file: string, driverFile: string | undefined): string {
  const c = run.case;
  const engine = driverFile ? `--driver ${driverFile}` : `--engine ${c.driver.name}`;
  const geometry = c.driver.geometry.dialect?.format(c.geometry) ?? `--geometry ${run.replay.geometry}`;
  return `flashproof dump ${file} ${engine} ${geometry}${c.profile !== c.driver.defaultProfile ? ` --profile ${c.profile}` : ''}`;
}

export function replayCommand(argv: string[]): number {
  const args = parseArgs(argv, { out: 'string', profile: 'string', driver: 'string', wasm: 'string', steps: 'flag', 'start-image': 'string' }, 1);
  const id = args.positionals[0];
  if (!id) throw new UsageError('missing the replay ID (printed by a failing test or in a campaign report)');
  if (args.options.driver !== undefined && args.options.wasm !== undefined) throw new UsageError('give --driver FILE or --wasm FILE, not both');
  const given = args.options.driver ?? args.options.wasm;
  const driverFile = typeof given === 'string' ? given : undefined;
  const startImage = typeof args.options['start-image'] === 'string' ? args.options['start-image'] : undefined;
  const run = replay(id, { profile: typeof args.options.profile === 'string' ? args.options.profile : undefined, driverFile, startImage });
  const cut = run.replay.cut;
  if (cut && (cut.fault === 'power-cut' || cut.fault === 'device-error') && cut.step >= run.reference.trace.length) {
    throw new UsageError(`the run has ${run.reference.trace.length} flash steps before it stops; the id's step ${cut.step} never happens`);
  }
  const nestedSteps = nestedStepCount(run);
  if (run.replay.nested && nestedSteps !== undefined && run.replay.nested.step >= nestedSteps) {
    throw new UsageError(`the recovery after the cut (and the first write after it) makes ${nestedSteps} flash steps; the id's nested step ${run.replay.nested.step} never happens`);
  }
  const bits = run.case.geometry.sizeBytes * 8;
  if (cut?.fault === 'bit-flip' && cut.step >= bits) throw new UsageError(`the image has ${bits} bits; the id's bit ${cut.step} does not exist`);
  const outDir = args.options.out;
  const images = replayImages(run);
  if (typeof outDir === 'string' && !images) throw new UsageError(`--out: no images to write, ${noImagesReason(run)}`);
  const lines = describe(run, args.options.steps === true);
  if (images) lines.push(`the torn step changed ${images.changedBytes} bytes`);
  const r = run.result;
  if (r.violations.length) {
    for (const v of r.violations) lines.push(`VIOLATION ${v.kind} at ${v.stage} (op ${v.opIndex} ${v.opKind}/${v.phase}): ${v.summary}`);
  } else {
    const outcome = [...r.heat.keys()][0]?.split('|')[3];
    const what = cut?.fault === 'device-error' ? 'the run went on and a reboot showed what the model predicts' : `the store recovered to its ${outcome} state and the rest of the run agreed with the model`;
    lines.push(outcome ? `no violation: ${what}` : 'no violation');
  }
  if (typeof outDir === 'string' && images) {
    const files = { 'before-cut.img': images.before, 'after-cut.img': images.cut, 'recovered.img': images.recovered };
    try {
      fs.mkdirSync(outDir, { recursive: true });
      for (const [name, bytes] of Object.entries(files)) saveImage(path.join(outDir, name), bytes);
    } catch (e) {
      throw new UsageError(`--out ${outDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message} (it must be a directory that can be written)`);
    }
    lines.push(`images in ${outDir}: before-cut.img after-cut.img recovered.img (${dumpHint(run, path.join(outDir, 'after-cut.img'), driverFile)})`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  return r.violations.length ? 1 : 0;
}
