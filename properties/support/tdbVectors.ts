// Runs TDBStore conformance vectors (specs/tdbstore-script.md §10) in-process or through the CLI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeGeometry } from '../../engine/flash/geometry';
import type { FlashMode } from '../../engine/flash/norFlash';
import type { TdbProfileName } from '../../engine/tdbstore/profile';
import { TdbShellSession } from '../../faults/drivers/tdbstore/shell';

export const TDB_FIXTURES = path.join(__dirname, '..', 'fixtures', 'tdbstore');
export const FLASHPROOF_BIN = path.join(__dirname, '..', '..', 'cli', 'flashproof.js');

export interface TdbVectorRun {
  script: string;
  expected: string;
  exit_code: number;
  image_after: string;
  stdout_wildcards: Array<{ line: number; regex: string }>;
}

export interface TdbVector {
  name: string;
  size: number;
  erase_size: number;
  program_size: number;
  read_size: number;
  mode: 'and' | 'strict' | 'overwrite';
  runs: TdbVectorRun[];
  dont_care: Array<{ start: number; end: number }>;
}

export interface RunOutcome {
  exitCode: number;
  stdout: Buffer;
  image: Uint8Array;
}

export function loadTdbVectors(dir = TDB_FIXTURES): TdbVector[] {
  return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).vectors;
}

export const flashModeOf = (m: TdbVector['mode']): FlashMode => (m === 'and' ? 'nor' : m);
export const geometryArg = (v: TdbVector): string => `${v.size}:${v.erase_size}:${v.program_size}:${v.read_size}`;

/** Runs one script through a shell session, as one process of the CLI would. */
export function runScriptInProcess(v: TdbVector, script: Buffer, image: Uint8Array | undefined, profile: TdbProfileName): RunOutcome {
  const geometry = makeGeometry(v.size, v.erase_size, v.program_size, v.read_size);
  let saved = image ?? new Uint8Array(v.size).fill(0xff);
  const session = new TdbShellSession({
    geometry,
    mode: flashModeOf(v.mode),
    profile,
    image: saved,
    saveImage: (img) => (saved = img),
  });
  const out: string[] = [];
  let exitCode = 0;
  const lines = script.toString('latin1').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const r = session.runLine(line);
    out.push(...r.lines);
    if (r.exitCode !== undefined) {
      exitCode = r.exitCode;
      break;
    }
  }
  if (exitCode === 0) out.push(...session.finish().lines);
  return { exitCode, stdout: Buffer.from(out.map((l) => l + '\n').join(''), 'latin1'), image: saved };
}

/** Runs one script through the real `flashproof shell` process. */
export function runScriptThroughCli(v: TdbVector, script: Buffer, imagePath: string): RunOutcome {
  const r = spawnSync(
    process.execPath,
    [FLASHPROOF_BIN, 'shell', '--engine', 'tdbstore', '--geometry', geometryArg(v), '--flash', flashModeOf(v.mode), '--image', imagePath],
    { input: script, maxBuffer: 64 << 20 },
  );
  if (r.error) throw r.error;
  return { exitCode: r.status ?? -1, stdout: r.stdout, image: new Uint8Array(fs.readFileSync(imagePath)) };
}

/** Every difference between a run's outcome and the vector's expectations (empty = pass). */
export function compareRun(dir: string, v: TdbVector, run: TdbVectorRun, got: RunOutcome): string[] {
  const problems: string[] = [];
  if (got.exitCode !== run.exit_code) problems.push(`exit code ${got.exitCode}, expected ${run.exit_code}`);
  const want = fs.readFileSync(path.join(dir, run.expected));
  if (!want.equals(got.stdout)) {
    const wantLines = want.toString('latin1').split('\n');
    const gotLines = got.stdout.toString('latin1').split('\n');
    const wild = new Map(run.stdout_wildcards.map((w) => [w.line, new RegExp(w.regex)]));
    if (wantLines.length !== gotLines.length) problems.push(`stdout has ${gotLines.length - 1} lines, expected ${wantLines.length - 1}`);
    for (let i = 0; i < Math.max(wantLines.length, gotLines.length); i++) {
      const re = wild.get(i + 1);
      const ok = re ? re.test(gotLines[i] ?? '') : wantLines[i] === gotLines[i];
      if (!ok) {
        problems.push(`stdout line ${i + 1}: got ${JSON.stringify(gotLines[i])}, expected ${JSON.stringify(wantLines[i])}`);
        if (problems.length > 6) break;
      }
    }
  }
  const wantImage = new Uint8Array(fs.readFileSync(path.join(dir, run.image_after)));
  const diff = maskedDiff(wantImage, got.image, v.dont_care);
  if (diff) problems.push(diff);
  return problems;
}

function maskedDiff(want: Uint8Array, got: Uint8Array, dontCare: TdbVector['dont_care']): string | undefined {
  if (want.length !== got.length) return `image is ${got.length} bytes, expected ${want.length}`;
  const care = (i: number): boolean => !dontCare.some((r) => i >= r.start && i < r.end);
  const diffs: number[] = [];
  for (let i = 0; i < want.length; i++) if (want[i] !== got[i] && care(i)) diffs.push(i);
  if (!diffs.length) return undefined;
  const first = diffs[0];
  return `image differs in ${diffs.length} bytes, first at 0x${first.toString(16)} (got ${got[first].toString(16)}, expected ${want[first].toString(16)})`;
}

/** Runs every run of a vector in order on one image; returns the problems of each run. */
export function runVector(dir: string, v: TdbVector, via: 'process' | 'cli', profile: TdbProfileName = 'mbed'): string[] {
  const problems: string[] = [];
  let image: Uint8Array | undefined;
  const tmp = via === 'cli' ? fs.mkdtempSync(path.join(os.tmpdir(), 'fp-vec-')) : '';
  const imagePath = path.join(tmp, `${v.name}.img`);
  try {
    for (const [i, run] of v.runs.entries()) {
      const script = fs.readFileSync(path.join(dir, run.script));
      const got = via === 'cli' ? runScriptThroughCli(v, script, imagePath) : runScriptInProcess(v, script, image, profile);
      image = got.image;
      for (const p of compareRun(dir, v, run, got)) problems.push(`run ${i + 1}: ${p}`);
    }
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
  return problems;
}
