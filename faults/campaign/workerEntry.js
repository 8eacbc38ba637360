'use strict';
// Worker threads do not inherit the main thread's TypeScript loader: load the worker the same way the CLI loads.
require('../loadTs').loadTs('faults/campaign/worker');
