'use strict';
// Loads a TypeScript module: from dist/ when `npm run build` made it and no source is newer (or, in an installed
// package, when there are no sources at all), else through ts-node.
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const STAMP = path.join(ROOT, 'dist', '.fresh');
const SOURCES = ['api', 'engine', 'models', 'faults', 'cli'];

function newestSource(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** An installed package ships dist/ and no TypeScript sources. */
const installed = () => !fs.existsSync(path.join(ROOT, 'engine')) && fs.existsSync(path.join(ROOT, 'dist', 'index.js'));

function buildIsFresh() {
  if (process.env.FLASHPROOF_NO_BUILD === '1') return false;
  if (installed()) return true;
  if (!fs.existsSync(STAMP)) return false;
  const stamp = fs.statSync(STAMP).mtimeMs;
  return SOURCES.every((d) => newestSource(path.join(ROOT, d)) <= stamp) && fs.statSync(path.join(ROOT, 'index.ts')).mtimeMs <= stamp;
}

/** `rel` is a path from the project root without extension, e.g. 'cli/main'. */
function loadTs(rel) {
  if (buildIsFresh()) return require(path.join(ROOT, 'dist', rel + '.js'));
  require('ts-node').register({ transpileOnly: true, project: path.join(ROOT, 'tsconfig.json') });
  return require(path.join(ROOT, rel + '.ts'));
}

module.exports = { loadTs, buildIsFresh };
