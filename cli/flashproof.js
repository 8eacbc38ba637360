#!/usr/bin/env node
'use strict';
// Entry point: runs the TypeScript CLI through ts-node (transpile only; `npm run build` type-checks).
const path = require('path');
require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
require('./main')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((e) => {
    process.stderr.write(`flashproof: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 70;
  });
