// Worker-thread entry of the load clients (serving-harness.ts LoadWorker): runs each plan it is sent and answers
// with the result, or with the error's message.

import { parentPort } from 'node:worker_threads';
import { runLoad, type LoadPlan, type ServingTarget } from './serving-load.ts';

const port = parentPort;
if (port === null) throw new Error('serving-load-worker.ts runs on a worker thread only');

port.on('message', (message: { target: ServingTarget; plan: LoadPlan }) => {
  runLoad(message.target, message.plan).then(
    (result) => port.postMessage({ result }),
    (error: unknown) => port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
