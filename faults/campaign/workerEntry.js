'use strict';
// Worker threads do not inherit the main thread's TypeScript loader: use the build when present, else ts-node.
const fs = require('fs');
const path = require('path');
const built = path.join(__dirname, '..', '..', 'dist', 'faults', 'campaign', 'worker.js');
if (process.env.FLASHPROOF_WORKER_BUILD !== '0' && fs.existsSync(built) && fs.existsSync(path.join(__dirname, '..', '..', 'dist', '.fresh'))) {
  require(built);
} else {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', '..', 'tsconfig.json') });
  require('./worker.ts');
}
