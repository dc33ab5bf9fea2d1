/**
 * A worker thread of bulk replay: takes batches of NDJSON lines, returns aggregates.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { defaultConfig, loadConfigFile } from '../config.js';
import { emptyAggregate } from './aggregate.js';
import { replayLines } from './replay-lines.js';
import type { WorkerInit, WorkerBatch } from './stream.js';

const init = workerData as WorkerInit;
const config = init.configPath ? loadConfigFile(init.configPath).config! : defaultConfig();

parentPort!.on('message', (batch: WorkerBatch) => {
  const agg = emptyAggregate();
  replayLines(batch.lines, batch.firstLine, agg, { config, source: init.source, ...(init.asOf !== undefined ? { asOf: init.asOf } : {}) });
  parentPort!.postMessage({ id: batch.id, agg });
});
