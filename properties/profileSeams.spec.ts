// Profiles as named seams: every hardened hook fixes a recorded finding, every finding names the hooks that fix
// it, and no engine code outside the policy files asks which profile it runs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { HARDENED_POLICY as TDB_HARDENED, MBED_POLICY, TDB_HARDENING } from '../engine/tdbstore/policy';
import { HardenedTicKV } from '../engine/tickv/hardenedTicKV';
import { TICKV_HARDENING } from '../engine/tickv/policy';
import * as regionScan from '../engine/tickv/regionScan';
import { FAITHFUL_POLICY, HARDENED_POLICY as TOCK_HARDENED, TOCK_HARDENING } from '../engine/tock/policy';
import { TDBSTORE_FINDINGS, type Finding } from '../faults/findings/tdbstore';
import { TICKV_FINDINGS } from '../faults/findings/tickv';
import { TOCK_FINDINGS } from '../faults/findings/tock';

type Table = Readonly<Record<string, { readonly fixes: readonly string[] }>>;

interface Seams {
  /** The hooks whose fixes this engine's findings may name, by table. */
  tables: Table[];
  /** The table whose hooks are checked here. */
  own: Table;
  /** The findings its hooks may fix. */
  fixable: readonly Finding[];
  /** The findings whose fixedBy is checked here. */
  findings: readonly Finding[];
}

// The Tock stack runs over TicKV: its findings may be fixed by either table, and TicKV's hooks may fix them.
const ENGINES: Record<string, Seams> = {
  tdbstore: { tables: [TDB_HARDENING], own: TDB_HARDENING, fixable: TDBSTORE_FINDINGS, findings: TDBSTORE_FINDINGS },
  tickv: { tables: [TICKV_HARDENING], own: TICKV_HARDENING, fixable: [...TICKV_FINDINGS, ...TOCK_FINDINGS], findings: TICKV_FINDINGS },
  tock: { tables: [TOCK_HARDENING, TICKV_HARDENING], own: TOCK_HARDENING, fixable: TOCK_FINDINGS, findings: TOCK_FINDINGS },
};

describe('profile seams: hooks and findings name each other', () => {
  for (const [engine, seams] of Object.entries(ENGINES)) {
    it(`${engine}: every hardened hook fixes at least one finding that exists`, () => {
      const ids = new Set(seams.fixable.map((f) => f.id));
      for (const [hook, { fixes }] of Object.entries(seams.own)) {
        assert.ok(fixes.length > 0, `${hook} names no finding`);
        for (const id of fixes) assert.ok(ids.has(id), `${hook} names ${id}, which is not a finding of ${engine}`);
      }
    });

    it(`${engine}: every finding is fixed by hooks of its policy table, and the table says so too`, () => {
      for (const f of seams.findings) {
        assert.ok(f.fixedBy.length > 0, `${f.id} names no hook`);
        for (const hook of f.fixedBy) {
          const table = seams.tables.find((t) => Object.hasOwn(t, hook));
          assert.ok(table, `${f.id}: fixedBy names ${hook}, which is no hook of ${engine}`);
          assert.ok(table[hook].fixes.includes(f.id), `${f.id} names ${hook}, but ${hook} does not name ${f.id}`);
        }
      }
      for (const table of seams.tables) {
        for (const [hook, { fixes }] of Object.entries(table)) {
          for (const f of seams.findings.filter((x) => fixes.includes(x.id))) {
            assert.ok((f.fixedBy as readonly string[]).includes(hook), `${hook} names ${f.id}, but ${f.id}.fixedBy lacks it`);
          }
        }
      }
    });
  }

  it('finding ids are unique across the engines', () => {
    const ids = [...TDBSTORE_FINDINGS, ...TICKV_FINDINGS, ...TOCK_FINDINGS].map((f) => f.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('profile seams: each policy overrides every hook it declares, and the engine calls each', () => {
  const policies = [
    { name: 'tdbstore', original: MBED_POLICY, hardened: TDB_HARDENED, table: TDB_HARDENING, dir: 'tdbstore' },
    { name: 'tock', original: FAITHFUL_POLICY, hardened: TOCK_HARDENED, table: TOCK_HARDENING, dir: 'tock' },
  ];
  for (const p of policies) {
    it(`${p.name}: the table, the original policy and the hardened policy have the same hooks, all overridden`, () => {
      const hooks = Object.keys(p.original).sort();
      assert.deepEqual(Object.keys(p.hardened).sort(), hooks);
      assert.deepEqual(Object.keys(p.table).sort(), hooks);
      for (const hook of hooks) {
        const [a, b] = [(p.original as unknown as Record<string, unknown>)[hook], (p.hardened as unknown as Record<string, unknown>)[hook]];
        assert.notEqual(a, b, `${hook}: hardened keeps the original behaviour, so it is no seam`);
      }
    });

    it(`${p.name}: engine/${p.dir} asks every hook somewhere (no hook is dead)`, () => {
      const code = engineFiles(path.join('engine', p.dir))
        .filter((f) => path.basename(f) !== 'policy.ts')
        .map((f) => codeOf(f))
        .join('\n');
      for (const hook of Object.keys(p.table)) assert.match(code, new RegExp(`\\.policy\\.${hook}\\(`), `nothing calls ${hook}`);
    });
  }

  it('tickv: every departure names functions of the hardened implementation that exist', () => {
    const methods = new Set(Object.getOwnPropertyNames(HardenedTicKV.prototype));
    const exported = new Set(Object.keys(regionScan));
    for (const [name, d] of Object.entries(TICKV_HARDENING)) {
      assert.ok(d.why.length > 0, name);
      for (const fn of d.in) assert.ok(methods.has(fn) || exported.has(fn), `${name}: ${fn} is neither a HardenedTicKV method nor a regionScan export`);
    }
  });
});

const ROOT = path.join(__dirname, '..');

/** Engine files that may name a profile: the policies, the profile names, and TicKV's hardened implementation itself. */
const MAY_NAME_PROFILES = new Set(
  ['tdbstore/policy.ts', 'tdbstore/profile.ts', 'tock/policy.ts', 'tickv/policy.ts', 'tickv/profile.ts', 'tickv/hardenedTicKV.ts'].map((f) =>
    path.join('engine', f),
  ),
);
const PROFILE_CHECK = [/\bhardened\b/, /\bprofile\s*[!=]==/, /[!=]==\s*['"](?:hardened|mbed|faithful)['"]/];

function engineFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...engineFiles(rel));
    else if (e.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

/** The source with its comments blanked out, lines kept (strings and template literals kept as they are). */
function stripComments(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; ) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2) < 0 ? src.length : src.indexOf('*/', i + 2) + 2;
      out += src.slice(i, end).replace(/[^\n]/g, ' ');
      i = end;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const codeOf = (file: string): string => stripComments(fs.readFileSync(path.join(ROOT, file), 'utf8'));

describe('profile seams: no profile checks in engine code outside the policy files', () => {
  it('the comment stripper keeps code and drops comments', () => {
    const code = stripComments("if (this.hardened) x(); // hardened\n/* a\nhardened */ const u = 'http://a'; // b");
    assert.equal(code, `if (this.hardened) x(); \n${' '.repeat(4)}\n${' '.repeat(12)}const u = 'http://a'; `);
    assert.deepEqual(code.split('\n').map((line) => PROFILE_CHECK[0].test(line)), [true, false, false]);
  });

  it('engine/ asks no `hardened` and compares no profile names, except in the policy and profile files', () => {
    const offending: string[] = [];
    for (const file of engineFiles('engine').filter((f) => !MAY_NAME_PROFILES.has(f))) {
      codeOf(file)
        .split('\n')
        .forEach((line, n) => {
          if (PROFILE_CHECK.some((re) => re.test(line))) offending.push(`${file}:${n + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(offending, []);
  });
});
