// A campaign worker thread: runs the case indexes the main thread sends and posts each record back.
import { parentPort, workerData } from 'node:worker_threads';
import { runCampaignCase } from './caseRun';
import type { CampaignConfig } from './types';

const config = (workerData as { config: CampaignConfig }).config;
parentPort?.on('message', (index: number | null) => {
  if (index === null) {
    parentPort?.close();
    return;
  }
  try {
    parentPort?.postMessage({ record: runCampaignCase(config, index) });
  } catch (e) {
    parentPort?.postMessage({ error: `case ${index}: ${(e as Error).stack ?? e}` });
  }
});
parentPort?.postMessage({ ready: true });
