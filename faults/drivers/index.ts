// The engines flashproof ships, in the order usage text lists them; the first is the default engine.
import type { AnyDriver } from '../driver/types';
import { tdbstoreDriver } from './tdbstore/driver';
import { tickvDriver } from './tickv/driver';
import { tockDriver } from './tock/driver';

export const DRIVERS: readonly AnyDriver[] = [tdbstoreDriver, tickvDriver, tockDriver];

export { tdbstoreDriver, tickvDriver, tockDriver };
