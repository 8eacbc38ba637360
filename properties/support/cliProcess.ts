// The real command line in a child process (`node cli/flashproof.js ...`), with optional standard input.
import { spawn } from 'node:child_process';
import path from 'node:path';

const BIN = path.join(__dirname, '..', '..', 'cli', 'flashproof.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs flashproof with `args` from the repository root; `input` is written to its stdin, which is then closed. */
export function runFlashproof(args: string[], input = ''): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: path.join(__dirname, '..', '..') });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
