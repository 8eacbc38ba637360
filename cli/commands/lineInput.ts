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

/** Lines of a non-terminal stdin as latin1 text, as they arrive (a slow or long pipe never fails with EAGAIN). */
async function* pipedLines(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of input) {
    const text = rest + (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1'));
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    yield* lines;
  }
  if (rest !== '') yield rest;
}

export async function feedLines(sink: LineSink, prompt: string, input: NodeJS.ReadStream = process.stdin): Promise<number> {
  if (!input.isTTY) {
    for await (const l of pipedLines(input)) {
      const code = sink.line(l);
      if (code !== undefined) return code;
    }
    return sink.end();
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

/** Writes latin1 lines to stdout as raw bytes. */
export function writeLines(lines: string[]): void {
  if (lines.length) process.stdout.write(Buffer.from(lines.map((l) => l + '\n').join(''), 'latin1'));
}
