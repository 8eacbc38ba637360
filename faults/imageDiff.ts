// What changed between two images: their dumps line by line (record by record), then the bytes that differ.
import { toHex } from '../engine/codec/bytes';

export interface ByteRun {
  address: number;
  length: number;
  /** Up to 32 bytes of each side. */
  a: string;
  b: string;
}

/** Runs of differing bytes (closer than 8 bytes apart: one run), at most `max` of them. */
export function differingRuns(a: Uint8Array, b: Uint8Array, max = 256): { runs: ByteRun[]; bytes: number } {
  const runs: ByteRun[] = [];
  let bytes = 0;
  let start = -1;
  let last = -1;
  const close = (): void => {
    if (start < 0) return;
    if (runs.length < max) runs.push({ address: start, length: last - start + 1, a: toHex(a.subarray(start, Math.min(last + 1, start + 32))), b: toHex(b.subarray(start, Math.min(last + 1, start + 32))) });
    start = -1;
  };
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    bytes++;
    if (start >= 0 && i - last > 8) close();
    if (start < 0) start = i;
    last = i;
  }
  close();
  return { runs, bytes };
}

/** A line diff (longest common subsequence; beyond 4M cells, lines missing on either side). */
export function diffLines(a: readonly string[], b: readonly string[]): Array<{ mark: '-' | '+'; line: string }> {
  if (a.length * b.length > 4_000_000) {
    const [inA, inB] = [new Set(a), new Set(b)];
    return [...a.filter((l) => !inB.has(l)).map((line) => ({ mark: '-' as const, line })), ...b.filter((l) => !inA.has(l)).map((line) => ({ mark: '+' as const, line }))];
  }
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: Array<{ mark: '-' | '+'; line: string }> = [];
  let [i, j] = [0, 0];
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) [i, j] = [i + 1, j + 1];
    else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) out.push({ mark: '-', line: a[i++] });
    else out.push({ mark: '+', line: b[j++] });
  }
  return out;
}

/** The text of `dump A --diff B`: changed dump lines, then the differing bytes with both sides. */
export function renderImageDiff(names: [string, string], dumps: [string, string], images: [Uint8Array, Uint8Array], eraseSizeBytes: number): string {
  const out = [`--- ${names[0]}`, `+++ ${names[1]}`];
  const lines = diffLines(dumps[0].split('\n'), dumps[1].split('\n'));
  out.push(lines.length ? `dump lines that differ (${lines.length}):` : 'the dumps are the same line for line');
  for (const l of lines) out.push(`${l.mark} ${l.line}`);
  const { runs, bytes } = differingRuns(images[0], images[1]);
  out.push(bytes ? `bytes that differ: ${bytes} in ${runs.length} run${runs.length === 1 ? '' : 's'}` : 'the images are the same byte for byte');
  for (const r of runs) {
    const unit = Math.floor(r.address / eraseSizeBytes);
    const more = r.length > 32 ? '…' : '';
    out.push(`  0x${r.address.toString(16)} +${r.length} (erase unit ${unit}): ${r.a}${more} -> ${r.b}${more}`);
  }
  return out.join('\n') + '\n';
}
