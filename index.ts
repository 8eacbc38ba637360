// flashproof as a library: define a driver for your store, run fault campaigns on it, replay what they find.
//
//   import { defineDriver, runCampaign, replay, NorFlash, PowerCutDevice, drivers } from 'flashproof';
//
// README.md "Check your own store" walks through a driver file; ARCHITECTURE.md shows the data flow.

// Drivers: one descriptor per store, and the built-in ones.
export { defineDriver, type DriverDefinition } from './faults/driver/define';
export type {
  AnyDriver,
  AtRest,
  BenchTable,
  Budgets,
  CrashModel,
  DriverCommand,
  DriverGeometry,
  DriverOps,
  DumpArea,
  EngineDriver,
  Finding,
  FindingMatch,
  GeometryDialect,
  LineResult,
  Mounted,
  OpenedStore,
  ShellArea,
  ShellContext,
  ShellSession,
  StepInfo,
  StoreSubject,
} from './faults/driver/types';
export { InputError } from './faults/driver/errors';
export { loadDriverFile, registerDriver, type LoadedDriver, type DriverSource } from './faults/driver/registry';
export { DRIVERS } from './faults/drivers';
import { DRIVERS } from './faults/drivers';
import type { AnyDriver } from './faults/driver/types';
/** The built-in drivers by name. */
export const drivers: Readonly<Record<string, AnyDriver>> = Object.freeze(Object.fromEntries(DRIVERS.map((d) => [d.name, d])));

// Campaigns, replays and reports.
export { runCampaign, resolveDriver, type CampaignRequest, type CampaignOutcome } from './api/campaign';
export type { CampaignSettings } from './faults/campaign/configure';
export type { CampaignConfig, CampaignReport, CaseRecord } from './faults/campaign/types';
export type { Progress } from './faults/campaign/runner';
export { replay, replayImages, type ReplayRun, type ReplayOptions, type ReplayImages } from './faults/replay';
export { decodeReplayId, encodeReplayId, ReplayIdError, type ReplayCase, type OpsSpec } from './faults/replayId';
export { writeReports } from './faults/report/writeReports';
export { groupViolations, type ViolationGroup } from './faults/campaign/signature';
export { shrinkViolation, type ShrinkResult } from './faults/campaign/shrink';
export { findingOf } from './faults/campaign/findings';
export { rootCauses, type RootCause } from './faults/campaign/causes';
export type { Damage, Verdict, PromiseName } from './faults/campaign/damage';
export type { Guarantees } from './faults/campaign/guarantees';

// One case by hand: open a driver, run its crash points.
export { openCase, type StoreCase } from './faults/crash/storeCase';
export { runCase, type CaseOptions } from './faults/crash/runCase';
export type { CaseResult, Cut, FaultKind, StoreView, Violation, ViolationKind } from './faults/crash/types';
export { TORN_MODELS, type TornModel } from './faults/torn';

// The flash and the seam faults attach to.
export type { BlockDevice, Geometry } from './engine/flash/blockDevice';
export { BdStatus } from './engine/flash/blockDevice';
export { NorFlash, FLASH_MODES, type FlashMode, type Mutation } from './engine/flash/norFlash';
export { formatGeometry, GeometryError, GEOMETRY_PRESETS, makeGeometry, parseGeometry } from './engine/flash/geometry';
export { PowerCutDevice } from './faults/powerCutDevice';
export { isPowerLoss, PowerLoss } from './faults/powerLoss';

// What models and subjects answer.
export { bytesOfHex, hexOf, outcomeText, sameOutcome, type Outcome } from './models/outcome';
