// Campaign progress: a bar redrawn in place on a terminal, a plain line at most once a second otherwise.
import type { Progress } from '../faults/campaign/runner';
import { progressCountText } from '../faults/report/counts';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m${s % 60}s` : `${s}s`;
}

export class ProgressBar {
  private lastPlain = -Infinity;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly now: () => number,
  ) {}

  update(p: Progress): void {
    const perCase = p.casesDone ? p.crashPoints / p.casesDone : 0;
    const total = p.casesDone ? `~${fmt(perCase * p.casesPlanned)}` : '?';
    const rate = p.elapsedMs > 0 ? (p.crashPoints * 1000) / p.elapsedMs : 0;
    const eta = p.casesDone ? ((p.casesPlanned - p.casesDone) * p.elapsedMs) / p.casesDone : Number.NaN;
    const text = `cases ${p.casesDone}/${p.casesPlanned}  crash points ${fmt(p.crashPoints)}/${total}  ${fmt(rate)}/s  ${progressCountText(p.violations, p.distinct)}  ETA ${duration(eta)}`;
    if (this.stream.isTTY) {
      const width = Math.max(10, Math.min(30, (this.stream.columns ?? 100) - text.length - 4));
      const filled = p.casesPlanned ? Math.round((width * p.casesDone) / p.casesPlanned) : 0;
      this.stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\x1b[K`);
      this.drawn = true;
      return;
    }
    const t = this.now();
    if (t - this.lastPlain >= 1000 || p.casesDone === p.casesPlanned) {
      this.lastPlain = t;
      this.stream.write(`${text}\n`);
    }
  }

  done(): void {
    if (this.drawn) this.stream.write('\n');
  }
}
