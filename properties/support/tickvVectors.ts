// Runs the TicKV/Tock conformance vectors (specs/tickv-script.md) in-process or through the CLI, and checks dumps.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LineResult } from '../../faults/driver/types';
import { TickvShellSession } from '../../faults/drivers/tickv/shell';
import { TockShellSession } from '../../faults/drivers/tock/shell';
import { renderTockloaderDump } from '../../faults/drivers/tickv/dump';

export const TICKV_FIXTURES = path.join(__dirname, '..', 'fixtures', 'tickv');
export const FLASHPROOF_BIN = path.join(__dirname, '..', '..', 'cli', 'flashproof.js');

export interface TickvVector {
  name: string;
  description: string;
  engine: 'tickv' | 'tock';
  region_size: number;
  regions: number;
  image_bytes: number;
  initial_image: string | null;
  files: { script: string; expected: string; final_image: string; dump: string; initial_image?: string };
  sha256: Record<string, string>;
}

export interface RunOutcome {
  exitCode: number;
  stdout: Buffer;
  image: Uint8Array;
}

export function loadTickvVectors(dir = TICKV_FIXTURES): TickvVector[] {
  return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).vectors;
}

const fixture = (dir: string, file: string): Buffer => fs.readFileSync(path.join(dir, file));

export function initialImage(dir: string, v: TickvVector): Uint8Array {
  return v.initial_image ? new Uint8Array(fixture(dir, v.initial_image)) : new Uint8Array(v.image_bytes).fill(0xff);
}

/** One process of `flashproof shell`, in-process: boot lines (Tock), then every script line. */
export function runInProcess(dir: string, v: TickvVector): RunOutcome {
  let saved = initialImage(dir, v);
  const opts = { regionSizeBytes: v.region_size, regions: v.regions, image: saved, saveImage: (img: Uint8Array) => (saved = img) };
  const out: string[] = [];
  let exitCode = 0;
  const take = (r: LineResult): boolean => {
    out.push(...r.lines);
    if (r.exitCode !== undefined) exitCode = r.exitCode;
    return r.exitCode === undefined;
  };
  const session = v.engine === 'tock' ? new TockShellSession(opts) : new TickvShellSession(opts);
  let going = session instanceof TockShellSession ? take(session.boot()) : true;
  const lines = fixture(dir, v.files.script).toString('latin1').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    if (!going) break;
    going = take(session.runLine(line));
  }
  return { exitCode, stdout: Buffer.from(out.map((l) => l + '\n').join(''), 'latin1'), image: saved };
}

/** The same script through the real `node cli/flashproof.js shell` process on a temporary image file. */
export function runThroughCli(dir: string, v: TickvVector): RunOutcome {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-tickv-'));
  try {
    const imagePath = path.join(tmp, `${v.name}.img`);
    if (v.initial_image) fs.copyFileSync(path.join(dir, v.initial_image), imagePath);
    const args = ['shell', '--engine', v.engine, '--region-size', String(v.region_size), '--regions', String(v.regions), '--image', imagePath];
    const r = spawnSync(process.execPath, [FLASHPROOF_BIN, ...args], { input: fixture(dir, v.files.script), maxBuffer: 64 << 20 });
    if (r.error) throw r.error;
    if (r.stderr.length) throw new Error(`stderr: ${r.stderr.toString()}`);
    return { exitCode: r.status ?? -1, stdout: r.stdout, image: new Uint8Array(fs.readFileSync(imagePath)) };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `flashproof dump IMAGE --engine tickv` through the real process. */
export function dumpThroughCli(imagePath: string, v: TickvVector, json = false): { exitCode: number; stdout: Buffer; stderr: string } {
  const args = ['dump', imagePath, '--engine', 'tickv', '--region-size', String(v.region_size), '--regions', String(v.regions)];
  const r = spawnSync(process.execPath, [FLASHPROOF_BIN, ...args, ...(json ? ['--json'] : [])], { maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { exitCode: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** Every difference between a run and the vector (empty = pass): exit code, stdout byte for byte, final image. */
export function compareRun(dir: string, v: TickvVector, got: RunOutcome): string[] {
  const problems: string[] = [];
  if (got.exitCode !== 0) problems.push(`exit code ${got.exitCode}, expected 0`);
  const want = fixture(dir, v.files.expected);
  if (!want.equals(got.stdout)) {
    const w = want.toString('latin1').split('\n');
    const g = got.stdout.toString('latin1').split('\n');
    if (w.length !== g.length) problems.push(`stdout has ${g.length - 1} lines, expected ${w.length - 1}`);
    for (let i = 0; i < Math.max(w.length, g.length) && problems.length < 6; i++) {
      if (w[i] !== g[i]) problems.push(`stdout line ${i + 1}: got ${JSON.stringify(g[i])}, expected ${JSON.stringify(w[i])}`);
    }
  }
  problems.push(...imageDiff(new Uint8Array(fixture(dir, v.files.final_image)), got.image));
  return problems;
}

export function imageDiff(want: Uint8Array, got: Uint8Array): string[] {
  if (want.length !== got.length) return [`image is ${got.length} bytes, expected ${want.length}`];
  const diffs: number[] = [];
  for (let i = 0; i < want.length; i++) if (want[i] !== got[i]) diffs.push(i);
  if (!diffs.length) return [];
  const f = diffs[0];
  return [`image differs in ${diffs.length} bytes, first at 0x${f.toString(16)} (got ${got[f].toString(16)}, expected ${want[f].toString(16)})`];
}

/** The in-process tockloader-layout dump of NAME.bin against NAME.dump (empty = pass). */
export function compareDump(dir: string, v: TickvVector, got?: Buffer): string[] {
  const image = new Uint8Array(fixture(dir, v.files.final_image));
  const text = got ?? Buffer.from(renderTockloaderDump(image, v.region_size, v.regions), 'latin1');
  const want = fixture(dir, v.files.dump);
  if (want.equals(text)) return [];
  const w = want.toString('latin1').split('\n');
  const g = text.toString('latin1').split('\n');
  const i = w.findIndex((l, k) => l !== g[k]);
  return [`dump differs at line ${i + 1}: got ${JSON.stringify(g[i])}, expected ${JSON.stringify(w[i])}`];
}
