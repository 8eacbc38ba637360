#!/usr/bin/env node
'use strict';
// Entry point: the built JavaScript when it is up to date (fast start), else the TypeScript through ts-node.
const { loadTs } = require('../faults/loadTs');
loadTs('cli/main')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e) => {
    process.stderr.write(`flashproof: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 70;
  });
