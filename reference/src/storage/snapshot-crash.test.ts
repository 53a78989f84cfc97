// Crash consistency of snapshot writes (SPEC-030 §4.3, REQ-030-007), with real processes and real SIGKILLs: a child
// loads the built-in model, reports its forward digest and snapshots it; it is killed right after each write step in
// turn (it kills itself, so the point is exact) and at seeded moments by this process. After every kill a fresh scan
// of its storage directory must find no snapshot or a complete one, never a leftover nor a damaged directory, and a
// complete one must restore to a model with the child's forward digest. A snapshot already present stays listed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { streamOutputHex } from '../numeric/splitmix64.ts';
import { streamKey } from '../numeric/stream-key.ts';
import { isTempName } from './atomic-file.ts';
import { NO_SNAPSHOT_FAULTS } from './snapshot-behaviour.ts';
import { SnapshotStore } from './snapshot-store.ts';
import { forwardDigest, modelStoreForTests } from './snapshot-test-kit.ts';
import { StorageRoot } from './storage-root.ts';

const CHILD = fileURLToPath(new URL('./snapshot-crash-child.ts', import.meta.url));
// The built-in model has 3 shards: steps 0..8, the rename is step 7 (SPEC-030 §4.6).
const LAST_STEP = 8;
const RENAME_STEP = 7;
const ROUNDS_OF_SELF_KILLS = 3;
const TIMED_KILLS = 24;
const PARALLEL_CHILDREN = 2;

interface ChildOutcome {
  digest: string;
  /** Duration of the write when it finished, null when the child was killed. */
  writeMs: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs the child; `killStep` makes it kill itself after that step, `killAfterMs` kills it that long after its first write step. */
function runChild(storageDir: string, id: string, killStep: number | null, killAfterMs: number | null): Promise<ChildOutcome> {
  const args = ['--import', 'tsx', CHILD, storageDir, id, ...(killStep === null ? [] : [String(killStep)])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let digest = '';
  let writeMs: number | null = null;
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (let newline = stdout.indexOf('\n'); newline >= 0; newline = stdout.indexOf('\n')) {
      const event = JSON.parse(stdout.slice(0, newline)) as { event: string; digest?: string; ms?: number };
      stdout = stdout.slice(newline + 1);
      if (event.event === 'digest') digest = event.digest ?? '';
      if (event.event === 'written') writeMs = event.ms ?? 0;
      if (event.event === 'writing' && killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === null && code !== 0) reject(new Error(`child failed with ${code}: ${stderr}`));
      else resolve({ digest, writeMs, signal });
    });
  });
}

/** Seeded delays in [0, spanMs): the SPEC-010 stream of a fixed test label, so every run kills at the same offsets. */
function seededDelays(count: number, spanMs: number): number[] {
  const key = streamKey('litellm/v1/test/snapshot-crash');
  return Array.from({ length: count }, (_, i) => (Number.parseInt(streamOutputHex(key.hi, key.lo, i).slice(0, 8), 16) / 2 ** 32) * spanMs);
}

interface Trial {
  killStep: number | null;
  killAfterMs: number | null;
}

const models = modelStoreForTests();
let restores = 0;

/** What a fresh start finds in `dir` after the child's death; checks the invariants and returns whether `id` exists. */
async function checkAfterKill(dir: string, id: string, childDigest: string): Promise<boolean> {
  const store = new SnapshotStore(new StorageRoot(dir), NO_SNAPSHOT_FAULTS);
  const scan = await store.ready();
  assert.equal(scan.quarantined, 0, 'a killed write never leaves a snapshot directory that fails verification');
  assert.deepEqual(readdirSync(store.directory).filter(isTempName), [], 'the scan removed every leftover');
  const ids = store.list().map((entry) => entry.id);
  assert.ok(ids.includes('keep'), 'the snapshot present before the write is still listed');
  assert.deepEqual(ids.filter((other) => other !== 'keep' && other !== id), [], 'nothing else appeared');
  if (!ids.includes(id)) return false;
  const { checkpoint, manifestBytes, shards } = await store.verified(id);
  const restoredId = `restored-${restores++}`;
  const { model } = await models.loadVerified(restoredId, manifestBytes, shards, checkpoint.manifestDigest);
  assert.equal(await forwardDigest(model), childDigest, 'the restored model forwards like the snapshotted one');
  models.delete(restoredId);
  return true;
}

test('a snapshot write killed at any point leaves no snapshot or a complete one that restores equivalently', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'snapshot-crash-'));
  try {
    // One uninterrupted write: the snapshot every trial directory starts with, and how long its write steps take.
    const base = join(root, 'base');
    const calibration = await runChild(base, 'keep', null, null);
    assert.ok(calibration.writeMs !== null && (await checkAfterKill(base, 'keep', calibration.digest)));
    const spanMs = Math.max(4, 2 * calibration.writeMs);
    const trials: Trial[] = [];
    for (let round = 0; round < ROUNDS_OF_SELF_KILLS; round++) {
      for (let step = 0; step <= LAST_STEP; step++) trials.push({ killStep: step, killAfterMs: null });
    }
    for (const delay of seededDelays(TIMED_KILLS, spanMs)) trials.push({ killStep: null, killAfterMs: delay });
    let complete = 0;
    let finishedBeforeKill = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let index = next++; index < trials.length; index = next++) {
        const trial = trials[index]!;
        const dir = join(root, `trial-${index}`);
        cpSync(join(base, 'snapshots'), join(dir, 'snapshots'), { recursive: true });
        const outcome = await runChild(dir, 'snap', trial.killStep, trial.killAfterMs);
        if (trial.killStep !== null) assert.equal(outcome.signal, 'SIGKILL', `trial ${index} killed itself`);
        const exists = await checkAfterKill(dir, 'snap', outcome.digest);
        // A self-kill is exact: the snapshot exists exactly when the rename completed before the kill.
        if (trial.killStep !== null) assert.equal(exists, trial.killStep >= RENAME_STEP, `kill after step ${trial.killStep}`);
        if (outcome.signal === null) assert.ok(exists, 'a write that finished left its snapshot');
        if (outcome.signal === null) finishedBeforeKill++;
        if (exists) complete++;
        rmSync(dir, { recursive: true, force: true });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_CHILDREN }, worker));
    assert.equal(trials.length, ROUNDS_OF_SELF_KILLS * (LAST_STEP + 1) + TIMED_KILLS);
    assert.ok(complete >= ROUNDS_OF_SELF_KILLS * (LAST_STEP + 1 - RENAME_STEP), 'the late self-kills left complete snapshots');
    t.diagnostic(`${trials.length} kills over a ${spanMs.toFixed(1)} ms write: ${complete} left a complete snapshot, ${finishedBeforeKill} timed kills came after the write finished`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
