// Feeds script lines to a shell session: stdin as a stream from a pipe or file, or a prompt on a terminal.
import readline from 'node:readline';

export interface LineSink {
  /** Handles one line; returns an exit code to stop now, or undefined to go on. */
  line(text: string): number | undefined;
  /** End of input; returns the exit code. */
  end(): number;
  /** Extra commands an interactive user may type (help text). */
  help?: string;
}

/**
 * Lines of a non-terminal stdin as latin1 text, as they arrive (a slow or long pipe never fails with EAGAIN);
 * null after each chunk's lines, where the reader may wait for more.
 */
async function* pipedLines(input: NodeJS.ReadableStream): AsyncGenerator<string | null> {
  let rest = '';
  for await (const chunk of input) {
    const text = rest + (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1'));
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    yield* lines;
    yield null;
  }
  if (rest !== '') yield rest;
}

export async function feedLines(sink: LineSink, prompt: string, input: NodeJS.ReadStream = process.stdin): Promise<number> {
  if (!input.isTTY) {
    // Output is buffered and written in large pieces: one write per line was a fifth of a long script's time.
    pending.buffered = true;
    try {
      for await (const l of pipedLines(input)) {
        // Before waiting for more input, what is answered so far goes out (a script fed slowly sees its replies).
        if (l === null) {
          flushLines();
          continue;
        }
        const code = sink.line(l);
        if (code !== undefined) return code;
      }
      return sink.end();
    } finally {
      flushLines();
      pending.buffered = false;
    }
  }
  const rl = readline.createInterface({ input, output: process.stdout, prompt });
  rl.prompt();
  for await (const l of rl) {
    if (l.trim() === 'help' && sink.help) {
      process.stdout.write(sink.help);
    } else if (l.trim() === 'quit' || l.trim() === 'exit') {
      break;
    } else {
      const code = sink.line(l);
      if (code !== undefined) {
        rl.close();
        return code;
      }
    }
    rl.prompt();
  }
  rl.close();
  return sink.end();
}

const FLUSH_BYTES = 1 << 16;
/** Lines are written straight into one buffer: joining them into strings first cost a tenth of a long script's CPU. */
const pending = { buffered: false, buf: Buffer.allocUnsafe(FLUSH_BYTES), bytes: 0 };

/** Writes what is buffered to stdout as raw latin1 bytes. */
export function flushLines(): void {
  if (!pending.bytes) return;
  // A copy: stdout may hold on to what it is given while the buffer fills again.
  process.stdout.write(Buffer.from(pending.buf.subarray(0, pending.bytes)));
  pending.bytes = 0;
}

/** Writes latin1 lines to stdout as raw bytes (buffered while a piped script runs). */
export function writeLines(lines: string[]): void {
  if (!lines.length) return;
  if (!pending.buffered) {
    process.stdout.write(Buffer.from(lines.map((l) => l + '\n').join(''), 'latin1'));
    return;
  }
  for (const l of lines) {
    if (pending.bytes + l.length + 1 > pending.buf.length) flushLines();
    if (l.length + 1 > pending.buf.length) {
      process.stdout.write(Buffer.from(l + '\n', 'latin1'));
      continue;
    }
    pending.bytes += pending.buf.write(l, pending.bytes, 'latin1');
    pending.buf[pending.bytes++] = 0x0a;
  }
}
