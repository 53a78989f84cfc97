// Child process of snapshot-crash.test.ts: loads the built-in model, prints its forward digest, then snapshots it
// into the storage directory given. With a kill step it SIGKILLs itself right after that write step; without one it
// announces the start of the file writes so the parent can kill it at a time of its choosing, and reports how long
// the writes took from there.
// Usage: node --import tsx snapshot-crash-child.ts <storage dir> <snapshot id> [kill step]

import { StorageRoot } from './storage-root.ts';
import { NO_SNAPSHOT_FAULTS } from './snapshot-behaviour.ts';
import { SnapshotStore } from './snapshot-store.ts';
import { forwardDigest, modelStoreForTests } from './snapshot-test-kit.ts';

function report(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

const [storageDir, id, killStepText] = process.argv.slice(2);
if (storageDir === undefined || id === undefined) throw new Error('usage: snapshot-crash-child.ts <storage dir> <snapshot id> [kill step]');
const killStep = killStepText === undefined ? null : Number(killStepText);

const models = modelStoreForTests();
const { model } = await models.loadBuiltin('default');
report({ event: 'digest', digest: await forwardDigest(model) });
const store = new SnapshotStore(new StorageRoot(storageDir), NO_SNAPSHOT_FAULTS);
await store.ready();
let started = 0;
await store.create(model, id, (step) => {
  // Announced once the temporary directory exists, so that timed kills fall among the file writes, not the encoding.
  if (step === 0) {
    started = performance.now();
    report({ event: 'writing' });
  }
  // A real SIGKILL: no handler, no flush, no cleanup runs after this line.
  if (step === killStep) process.kill(process.pid, 'SIGKILL');
});
report({ event: 'written', ms: performance.now() - started });
