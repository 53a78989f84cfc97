// What the serving benchmark and the soak stand on: the reference server listening on a loopback port in this
// process with the built-in model `default` loaded, and the load clients on a worker thread of the same process.
// The clients get a thread of their own because a real server's clients run elsewhere: parsing every token's event
// on the server's thread would charge the clients' work to the server.

import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import { readExposition, sampleValue } from '../inference/telemetry/exposition-reader.ts';
import { buildServer } from '../server/app.ts';
import { buildModelFiles, DEFAULT_MODEL_DESCRIPTOR } from '../model/builtin-models.ts';
import type { DescriptorV2 } from '../model/manifest-types.ts';
import { FixtureServer } from '../test-support/fixture-server.ts';
import type { LoadPlan, LoadResult, ServingTarget } from './serving-load.ts';

/** The server's batch limit, and so the batch size the raw baseline runs at. */
export const SERVER_MAX_BATCH = 64;

export interface SchedulerFigures {
  steps: number;
  /** Sum over steps of the sequences each step ran. */
  sequences: number;
}

export interface BenchServer {
  target: ServingTarget;
  /** The scheduler's step counters, read from GET /metrics. */
  schedulerFigures(): Promise<SchedulerFigures>;
  /** Id of the model loaded. */
  model: string;
  close(): Promise<void>;
}

async function call(target: ServingTarget, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${target.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/**
 * The models the serving benchmark runs. `default` is the built-in model: so small (d 32) that a token's compute is
 * a few microseconds, the same order as writing its event to a socket. `wide` has the shape of a small real
 * deployment's expert layer (d 128, dFF 512, 4 layers, 16 experts per layer, k 1/2/2: about 3.4 million
 * multiply-adds per token), served by manifest from a loopback fixture server.
 */
export const SERVING_MODELS: Readonly<Record<string, DescriptorV2>> = Object.freeze({
  default: DEFAULT_MODEL_DESCRIPTOR,
  wide: {
    ...DEFAULT_MODEL_DESCRIPTOR, name: 'wide', dModel: 128, layers: 4, dFF: 512, heads: 4,
    hierarchy: { tiers: 2, groupsPerTier: 2, expertsPerGroup: 4 }, topK: { tier: 1, group: 2, expert: 2 },
  },
});

/** Makes `model` loadable: nothing for the built-in one, a manifest on a loopback file server otherwise. */
async function modelSource(model: DescriptorV2): Promise<{ body: Record<string, unknown>; close: () => Promise<void> }> {
  if (model.name === DEFAULT_MODEL_DESCRIPTOR.name) return { body: { builtin: model.name }, close: () => Promise.resolve() };
  const files = buildModelFiles(model);
  const fixtures = await FixtureServer.start();
  fixtures.set(`/${model.name}/manifest.json`, files.manifestBytes);
  files.manifest.shards.forEach((entry, i) => fixtures.set(`/${model.name}/${entry.path}`, files.shards[i]!));
  return { body: { manifestUrl: `${fixtures.baseUrl}/${model.name}/manifest.json` }, close: () => fixtures.close() };
}

/** Starts the server on 127.0.0.1 (a free port) and loads `model` (the built-in `default` unless named). */
export async function startBenchServer(model: DescriptorV2 = DEFAULT_MODEL_DESCRIPTOR): Promise<BenchServer> {
  const token = randomBytes(24).toString('base64url');
  const app: FastifyInstance = buildServer({ adminToken: token, inference: { maxBatch: SERVER_MAX_BATCH } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server is not bound to a TCP port');
  const target: ServingTarget = { url: `http://127.0.0.1:${address.port}`, token };
  const source = await modelSource(model);
  const load = await call(target, 'POST', '/v1/models', source.body);
  if (load.status !== 201 && load.status !== 200) throw new Error(`loading the model answered ${load.status}: ${await load.text()}`);
  for (;;) {
    const { status } = (await (await call(target, 'GET', `/v1/models/${model.name}`)).json()) as { status?: string };
    if (status === 'ready') break;
    if (status !== 'loading') throw new Error(`model ${model.name} is ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    target,
    async schedulerFigures() {
      const families = readExposition(await (await call(target, 'GET', '/metrics')).text());
      return {
        steps: sampleValue(families, 'litellm_scheduler_steps_total') ?? 0,
        sequences: sampleValue(families, 'litellm_scheduler_batch_sequences_sum') ?? 0,
      };
    },
    model: model.name,
    close: async () => {
      await app.close();
      await source.close();
    },
  };
}

type WorkerAnswer = { result: LoadResult } | { error: string };

/** The load clients on a worker thread: one plan at a time. */
export class LoadWorker {
  private readonly worker: Worker;
  private pending: { resolve: (result: LoadResult) => void; reject: (error: Error) => void } | null = null;

  constructor() {
    // The worker loads its TypeScript module through tsx's loader, which it registers first.
    const entry = new URL('./serving-load-worker.ts', import.meta.url).href;
    const source = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})` +
      `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })` +
      '.catch((error) => { console.error(error); process.exit(1); });';
    this.worker = new Worker(source, { eval: true });
    this.worker.on('message', (answer: WorkerAnswer) => {
      const pending = this.pending;
      this.pending = null;
      if ('result' in answer) pending?.resolve(answer.result);
      else pending?.reject(new Error(answer.error));
    });
    this.worker.on('error', (error) => {
      this.pending?.reject(error);
      this.pending = null;
    });
  }

  run(target: ServingTarget, plan: LoadPlan): Promise<LoadResult> {
    if (this.pending !== null) return Promise.reject(new Error('a load is already running'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage({ target, plan });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
