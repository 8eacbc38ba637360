// The layout rules of design.md §1/§7 that a test can check: dependency direction, no try in engines, no clocks.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const LAYERS = ['engine', 'models', 'faults', 'api', 'properties', 'cli'] as const;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'fixtures') out.push(...tsFiles(rel));
    else if (e.isFile() && e.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

function imports(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from|import|require\()\s*['"](\.[^'"]+)['"]/g)) {
    found.push(path.normalize(path.join(path.dirname(file), m[1])));
  }
  return found;
}

const topOf = (p: string): string => p.split(path.sep)[0];
/** What each top-level folder may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  engine: [],
  models: ['engine'], // only models/subjects, checked below
  faults: ['engine', 'models'],
  api: ['engine', 'models', 'faults'],
  properties: ['engine', 'models', 'faults', 'api', 'cli', 'index.ts'],
  cli: ['engine', 'models', 'faults'],
};

describe('tidy: layout and style rules', () => {
  for (const layer of LAYERS) {
    it(`${layer}/ imports only what design.md §1 allows`, () => {
      const bad: string[] = [];
      for (const f of tsFiles(layer)) {
        for (const imp of imports(f)) {
          const top = topOf(imp);
          if (top === layer) continue;
          const ok = ALLOWED[layer].includes(top) && !(layer === 'models' && top === 'engine' && !f.startsWith(path.join('models', 'subjects')));
          if (!ok) bad.push(`${f} -> ${imp}`);
        }
      }
      assert.deepEqual(bad, []);
    });
  }

  it('engines contain no try (power loss must unwind through them)', () => {
    const bad = tsFiles('engine').filter((f) => /\btry\s*\{/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    assert.deepEqual(bad, []);
  });

  it('engine/ and faults/ use no Math.random or Date.now (everything is seeded)', () => {
    const bad = [...tsFiles('engine'), ...tsFiles('faults')].filter((f) =>
      /Math\.random\(|Date\.now\(/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')),
    );
    assert.deepEqual(bad, []);
  });

  it('engine files stay under ~600 lines', () => {
    const big = tsFiles('engine')
      .map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 650);
    assert.deepEqual(big, []);
  });

  it('reads return copies: no subarray handed out by the flash simulator', () => {
    const text = fs.readFileSync(path.join(ROOT, 'engine', 'flash', 'norFlash.ts'), 'utf8');
    assert.ok(!/return [^;]*subarray/.test(text));
  });

  // Adding an engine touches its engine, model, driver, findings and fixtures only: generic code never names one.
  it('no engine name outside its own driver, engine, model, findings and fixtures', () => {
    const generic = [...tsFiles('cli'), ...tsFiles('faults'), ...tsFiles('api'), 'index.ts'].filter(
      (f) => !f.startsWith(path.join('faults', 'drivers') + path.sep) && !f.startsWith(path.join('faults', 'findings') + path.sep),
    );
    // The built-in engines and their families' words (Mbed's TDBStore, Tock's TicKV and tockloader).
    const names = /tdb|mbed|tickv|tock/i;
    const bad = generic.flatMap((f) =>
      fs
        .readFileSync(path.join(ROOT, f), 'utf8')
        .split('\n')
        .map((line, i) => (names.test(line) ? `${f}:${i + 1}: ${line.trim()}` : ''))
        .filter(Boolean),
    );
    assert.deepEqual(bad, []);
  });

  it('faults/drivers/ holds one folder per built-in driver and nothing else names a driver file', () => {
    const entries = fs.readdirSync(path.join(ROOT, 'faults', 'drivers'), { withFileTypes: true });
    const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    for (const d of folders) assert.ok(fs.existsSync(path.join(ROOT, 'faults', 'drivers', d, 'driver.ts')), `${d}/driver.ts`);
    assert.deepEqual(entries.filter((e) => e.isFile()).map((e) => e.name), ['index.ts']);
  });

  it('no casts of drivers, cases or subjects to a wider type', () => {
    const bad = [...tsFiles('cli'), ...tsFiles('faults'), ...tsFiles('api')].filter((f) =>
      /as (unknown as )?(CrashTarget|StoreCase|EngineDriver|AnyDriver|OpenedStore|StoreSubject)\b/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')),
    );
    assert.deepEqual(bad, []);
  });
});
