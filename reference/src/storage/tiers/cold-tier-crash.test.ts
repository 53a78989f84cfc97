// Crash consistency of cold-tier staging (SPEC-024 §4.2, REQ-024-003), with real processes and real SIGKILLs: a
// child stages expert files in a loop and is killed at seeded moments. Whatever the moment, every file under a
// final name must be a whole expert file that decodes to the payload it names; only `.tmp-` files may be partial.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MODEL_DESCRIPTOR } from '../../model/builtin-models.ts';
import { streamOutputHex } from '../../numeric/splitmix64.ts';
import { streamKey } from '../../numeric/stream-key.ts';
import { isTempName } from '../atomic-file.ts';
import { ProceduralArchive } from './expert-archive.ts';
import { decodePayload } from './expert-payload.ts';

const CHILD = fileURLToPath(new URL('./cold-tier-crash-child.ts', import.meta.url));
const KILLS = 12;
const SPAN_MS = 40;
const shape = { d: DEFAULT_MODEL_DESCRIPTOR.dModel, dFF: DEFAULT_MODEL_DESCRIPTOR.dFF };
const archive = new ProceduralArchive(DEFAULT_MODEL_DESCRIPTOR);

/** Seeded delays in [0, SPAN_MS): the SPEC-010 stream of a fixed test label, so every run kills at the same offsets. */
function seededDelays(): number[] {
  const key = streamKey('litellm/v1/test/cold-tier-crash');
  return Array.from({ length: KILLS }, (_, i) => (Number.parseInt(streamOutputHex(key.hi, key.lo, i).slice(0, 8), 16) / 2 ** 32) * SPAN_MS);
}

/** Runs the child until it announces its first batch, then kills it `delayMs` later. */
function runAndKill(dir: string, delayMs: number): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal === null ? reject(new Error(`child exited with ${code}: ${stderr}`)) : resolve(signal)));
  });
}

test('a cold tier killed while staging leaves only whole expert files under final names', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'cold-tier-crash-'));
  let files = 0;
  let temps = 0;
  try {
    for (const [trial, delay] of seededDelays().entries()) {
      const dir = join(root, `trial-${trial}`);
      assert.equal(await runAndKill(dir, delay), 'SIGKILL');
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        if (isTempName(name)) {
          temps++;
          continue;
        }
        const match = /^layer-(\d+)-expert-(\d+)\.safetensors$/.exec(name);
        assert.ok(match !== null, `unexpected file ${name}`);
        const ref = { layer: Number(match[1]), expert: Number(match[2]) };
        assert.deepEqual(decodePayload(readFileSync(join(dir, name)), shape), archive.generate(ref), `${name} after a kill at ${delay.toFixed(1)} ms`);
        files++;
      }
    }
    t.diagnostic(`${KILLS} kills: ${files} whole files under final names, ${temps} temporary files left`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
