/**
 * A worker thread of bulk replay: takes batches of NDJSON bytes (transferred, not copied),
 * decodes and replays them, and returns one compact aggregate per batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { defaultConfig, loadConfigFile } from '../config.js';
import { emptyAggregate } from './aggregate.js';
import { replayBatch } from './replay-lines.js';
import type { BatchMessage, ResultMessage, WorkerInit } from './stream.js';

const init = workerData as WorkerInit;
const config = init.configPath ? loadConfigFile(init.configPath).config! : defaultConfig();
const options = { config, source: init.source, read: init.read, ...(init.asOf !== undefined ? { asOf: init.asOf } : {}) };

parentPort!.on('message', (batch: BatchMessage) => {
  const agg = emptyAggregate();
  replayBatch(batch, agg, options).then(
    () => parentPort!.postMessage({ seq: batch.seq, agg } satisfies ResultMessage),
    (err: unknown) =>
      // Thrown outside the promise: the pool sees the worker's 'error' and fails the run.
      setImmediate(() => {
        throw err;
      }),
  );
});
