// The load of the serving benchmark and the soak: concurrent streaming clients, each running generations back to back
// over real HTTP (POST /v1/generate with `stream: true`, read as Server-Sent Events), timing the first token and every
// gap between tokens of each generation as the client sees them. Prompts are fixture sequences: distinct per stream
// and generation, and the same for every run of the same plan. The clients use node:http on keep-alive connections
// rather than fetch: its per-chunk cost is a fraction of fetch's stream machinery, and the clients share the cores
// the server runs on, so whatever they spend is taken from the server being measured.

import { Agent, request as httpRequest } from 'node:http';
import { DEFAULT_MODEL_DESCRIPTOR } from '../model/builtin-models.ts';
import { fixtureSequence } from './fixture-sequences.ts';
import { SseParser } from './serving-stats.ts';

export interface ServingTarget {
  /** Base URL of the server, e.g. http://127.0.0.1:41234. */
  url: string;
  /** Bearer token the clients send. */
  token: string;
}

export interface LoadPlan {
  streams: number;
  /** Generations each stream runs, one after another. */
  generations: number;
  promptTokens: number;
  maxTokens: number;
  /** Prompt seed: generation g of stream s reads fixture sequence firstPrompt + g·streams + s of this seed. */
  seed: string;
  firstPrompt: number;
  /** Id of the model the server has loaded. */
  model: string;
}

export interface GenerationRecord {
  /** Fixture sequence index of its prompt. */
  prompt: number;
  /** From sending the request to receiving the first token event. */
  ttftMs: number;
  /** Time between consecutive token events. */
  gapsMs: number[];
  tokens: number[];
}

export interface LoadResult {
  /** From the first request sent to the last generation's `done`. */
  wallMs: number;
  generations: GenerationRecord[];
}

/** The prompt of fixture sequence `index` (tokens are byte-level ids below the default model's vocabulary). */
export function promptOf(plan: LoadPlan, index: number): number[] {
  return fixtureSequence(plan.seed, index, plan.promptTokens, DEFAULT_MODEL_DESCRIPTOR.vocab);
}

/** Fixture indices of the plan's prompts, generation-major (the order the streams reach them in). */
export function promptIndices(plan: LoadPlan): number[] {
  return Array.from({ length: plan.streams * plan.generations }, (_, i) => plan.firstPrompt + i);
}

/** Keep-alive connections of the load clients, one per stream at most. */
const agent = new Agent({ keepAlive: true, maxSockets: 1024 });

/** One streamed generation, timed from just before the request is sent. */
export function streamGeneration(target: ServingTarget, plan: LoadPlan, index: number): Promise<GenerationRecord> {
  const body = JSON.stringify({ model: plan.model, prompt: promptOf(plan, index), maxTokens: plan.maxTokens, stream: true });
  return new Promise((resolve, reject) => {
    const sent = performance.now();
    const request = httpRequest(`${target.url}/v1/generate`, {
      method: 'POST', agent,
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (response) => {
      response.setEncoding('utf8');
      if (response.statusCode !== 200) {
        let text = '';
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => reject(new Error(`POST /v1/generate answered ${response.statusCode}: ${text}`)));
        return;
      }
      const parser = new SseParser();
      const record: GenerationRecord = { prompt: index, ttftMs: 0, gapsMs: [], tokens: [] };
      let last = 0;
      let done = false;
      let failed: Error | null = null;
      response.on('data', (chunk: string) => {
        const at = performance.now();
        for (const event of parser.push(chunk)) {
          if (event.event === 'token') {
            if (record.tokens.length === 0) record.ttftMs = at - sent;
            else record.gapsMs.push(at - last);
            last = at;
            record.tokens.push((JSON.parse(event.data) as { token: number }).token);
          } else if (event.event === 'error') failed ??= new Error(`generation failed: ${event.data}`);
          else if (event.event === 'done') done = true;
        }
      });
      response.on('end', () => {
        if (failed !== null) reject(failed);
        else if (!done) reject(new Error('the event stream ended without a done event'));
        else resolve(record);
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Runs the plan: `streams` clients at once, each running its generations back to back. */
export async function runLoad(target: ServingTarget, plan: LoadPlan): Promise<LoadResult> {
  const started = performance.now();
  const generations: GenerationRecord[] = [];
  const client = async (stream: number): Promise<void> => {
    for (let g = 0; g < plan.generations; g++) generations.push(await streamGeneration(target, plan, plan.firstPrompt + g * plan.streams + stream));
  };
  await Promise.all(Array.from({ length: plan.streams }, (_, s) => client(s)));
  return { wallMs: performance.now() - started, generations };
}
