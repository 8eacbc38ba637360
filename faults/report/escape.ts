// Escaping for every output format: report strings (keys, summaries, ids) can hold any bytes.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value for HTML and inline SVG; control characters become U+FFFD so no byte breaks the page. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
}

/** Markdown inline text on one line: HTML is escaped (GitHub renders it) and markup characters are backslashed. */
export function escapeMarkdown(s: string): string {
  return escapeHtml(s.replace(/[\r\n\t]+/g, ' ')).replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

/** A fence longer than any backtick run inside, so a code block cannot be closed by its content. */
export function markdownFence(body: string): string {
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** POSIX single quotes: the replay line stays one argument whatever the id holds. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The copyable replay command for one id, runnable as pasted in the flashproof checkout (or a project that installed
 * it): `npx` finds the package's own bin. An id made with a driver file needs that file (--driver, or --wasm).
 */
export const replayCommand = (id: string, driverFile?: string | null, startImage?: string | null): string =>
  `npx flashproof replay ${shellQuote(id)}${driverFile ? ` --${driverFile.endsWith('.wasm') ? 'wasm' : 'driver'} ${shellQuote(driverFile)}` : ''}` +
  (startImage ? ` --start-image ${shellQuote(startImage)}` : ''); // an id started from an image needs that file

/** Shortens long tokens (values of hundreds of hex digits) and the whole text, for a line that reads at a glance. */
export function clip(s: string, maxChars = 200, maxToken = 40): string {
  const short = s.replace(new RegExp(`\\S{${maxToken + 16},}`, 'g'), (t) => `${t.slice(0, maxToken)}…(${t.length} chars)`);
  return short.length > maxChars ? `${short.slice(0, maxChars - 1)}…` : short;
}
