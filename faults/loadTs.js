'use strict';
// Loads a TypeScript module: from dist/ when `npm run build` made it and no source is newer, else through ts-node.
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const STAMP = path.join(ROOT, 'dist', '.fresh');
const SOURCES = ['engine', 'models', 'faults', 'cli'];

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function buildIsFresh() {
  if (process.env.FLASHPROOF_NO_BUILD === '1' || !fs.existsSync(STAMP)) return false;
  const stamp = fs.statSync(STAMP).mtimeMs;
  return SOURCES.every((d) => newestSource(path.join(ROOT, d)) <= stamp);
}

/** `rel` is a path from the project root without extension, e.g. 'cli/main'. */
function loadTs(rel) {
  if (buildIsFresh()) return require(path.join(ROOT, 'dist', rel + '.js'));
  require('ts-node').register({ transpileOnly: true, project: path.join(ROOT, 'tsconfig.json') });
  return require(path.join(ROOT, rel + '.ts'));
}

module.exports = { loadTs };
