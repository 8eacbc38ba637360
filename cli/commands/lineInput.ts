// Feeds script lines to a shell session: all of stdin at once from a pipe, or a prompt on a terminal.
import fs from 'node:fs';
import readline from 'node:readline';

export interface LineSink {
  /** Handles one line; returns an exit code to stop now, or undefined to go on. */
  line(text: string): number | undefined;
  /** End of input; returns the exit code. */
  end(): number;
  /** Extra commands an interactive user may type (help text). */
  help?: string;
}

export async function feedLines(sink: LineSink, prompt: string): Promise<number> {
  if (!process.stdin.isTTY) {
    const text = fs.readFileSync(0).toString('latin1');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const l of lines) {
      const code = sink.line(l);
      if (code !== undefined) return code;
    }
    return sink.end();
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt });
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
