// Everything an engine holds in RAM, as one string: two subjects with the same fingerprint over the same flash act alike.
const isDevice = (o: object): boolean => typeof (o as { program?: unknown }).program === 'function' && typeof (o as { erase?: unknown }).erase === 'function';

/** Walks the object graph from `root` (own fields, arrays, maps, sets, typed arrays); the flash device is left out. */
export function ramFingerprint(root: unknown): string {
  const seen = new Map<object, number>();
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') {
      out.push(typeof v === 'function' ? 'f' : typeof v === 'string' ? JSON.stringify(v) : String(v));
      return;
    }
    const id = seen.get(v);
    if (id !== undefined) {
      out.push(`@${id}`);
      return;
    }
    seen.set(v, seen.size);
    if (isDevice(v)) out.push('<device>');
    else if (ArrayBuffer.isView(v)) out.push(`<${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}>`);
    else if (v instanceof Map) {
      out.push('M{');
      for (const [k, x] of v) {
        walk(k);
        out.push(':');
        walk(x);
        out.push(',');
      }
      out.push('}');
    } else if (v instanceof Set) {
      out.push('S{');
      for (const x of v) {
        walk(x);
        out.push(',');
      }
      out.push('}');
    } else if (Array.isArray(v)) {
      out.push('[');
      for (const x of v) {
        walk(x);
        out.push(',');
      }
      out.push(']');
    } else {
      out.push(`${v.constructor?.name ?? ''}{`);
      for (const k of Object.keys(v)) {
        out.push(k, '=');
        walk((v as Record<string, unknown>)[k]);
        out.push(';');
      }
      out.push('}');
    }
  };
  walk(root);
  return out.join('');
}
