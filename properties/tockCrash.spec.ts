// Power cuts at every page program and erase of random Tock KV sequences (random identities and permissions, values
// sized to fill regions exactly, too), every torn model, nested cuts (depth 2): the hardened stack must show no
// violation in any flash mode; the faithful stack must show every violation class of the Tock findings.
import { tockDriver } from '../faults/drivers';
import { TOCK_FINDINGS } from '../faults/findings/tock';
import { tockCrashOpsArb } from './arbitraries/tickvCrashArbitraries';
import { describeTicKVCrash } from './support/tickvCrashSuite';

describeTicKVCrash({
  title: 'Tock KV stack under power cuts at every flash step (torn models, depth 2)',
  name: 'tock',
  label: 'Tock',
  driver: tockDriver,
  opsArb: (g) => tockCrashOpsArb(g, 24),
  findings: TOCK_FINDINGS,
  runs: { hardened: 110, faithful: 60 }, // hardened initialise reads each region 32 times (TK-10); npm run soak goes wide
});
