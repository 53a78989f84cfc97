// Generation requests (SPEC-043) as the scenarios send them: prompts named by fixture expressions, decode options as
// JSON, the results each scenario remembers by label, and the runtime figures the steps read (GET /v1/kv, the
// scheduler control, generation status). Expected tokens come from the decode rule of oracle/generation.ts.
import assert from 'node:assert/strict';
import type { HttpResponse } from '../driver/http-client.ts';
import { byteTokens, inputTokens } from '../oracle/index.ts';
import { assertSucceeds } from './exchanges.ts';
import { forwardModelNamed } from './forward-models.ts';
import { credentialOf, type Principal } from './principals.ts';
import type { ConformanceWorld } from './world.ts';

export interface GenerateBody {
  model: string;
  prompt: number[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  seed?: string;
  stop?: number[][];
  stream?: boolean;
  deadlineMs?: number;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  totalTokens: number;
  cost?: number;
}

export interface GenerationResult {
  id: string;
  model: string;
  tokens: number[];
  text: string;
  finishReason: 'stop' | 'length' | 'cancelled';
  usage: Usage;
  timing: { queueSteps: number; steps: number };
}

/** A finished generation a scenario refers to later: who asked, what, and the 200 body. */
export interface GenerationRecord {
  who: Principal;
  body: GenerateBody;
  result: GenerationResult;
}

export interface KvFigures {
  pageTokens: number;
  pagesTotal: number;
  pagesFree: number;
  pagesActive: number;
  pagesCached: number;
  sequences: number;
  prefixHits: number;
  prefixTokensReused: number;
  evictions: number;
}

export interface SchedulerState {
  maxBatch: number;
  paused: boolean;
  queued: number;
  running: number;
}

/**
 * A prompt expression: terms joined by `+`, each `hello` ("Hello, world" as bytes), `stream-V` (fixture input
 * stream V of the model, maxSeq tokens) optionally sliced `stream-V[a:b]`, or a JSON array of token ids.
 */
export function promptOf(model: string, expression: string): number[] {
  const out: number[] = [];
  for (const raw of expression.split('+')) {
    const term = raw.trim();
    if (term === 'hello') {
      out.push(...byteTokens('Hello, world'));
    } else if (term.startsWith('[')) {
      out.push(...(JSON.parse(term) as number[]));
    } else {
      const m = /^stream-(\d+)(?:\[(\d+):(\d+)\])?$/.exec(term);
      assert.ok(m !== null, `unknown prompt term "${term}"`);
      const { descriptor } = forwardModelNamed(model);
      const tokens = inputTokens(descriptor.seed, Number(m[1]), descriptor.maxSeq, descriptor.vocab);
      out.push(...(m[2] === undefined ? tokens : tokens.slice(Number(m[2]), Number(m[3]))));
    }
  }
  return out;
}

/** Decode options written as JSON in a scenario: `{"maxTokens": 8, "temperature": 0.7, "seed": "7"}`. */
export function optionsOf(json: string): Partial<GenerateBody> {
  const text = json.trim();
  return text.length === 0 ? {} : (JSON.parse(text) as Partial<GenerateBody>);
}

export function bodyOf(model: string, prompt: string, options: string): GenerateBody {
  return { model, prompt: promptOf(model, prompt), ...optionsOf(options) };
}

export async function sendGenerate(world: ConformanceWorld, who: Principal, body: GenerateBody): Promise<HttpResponse> {
  return world.api.request({ method: 'POST', path: '/v1/generate', body, ...credentialOf(world, who) });
}

/** Validates a 200 generation result, checks the invariants every result owes (REQ-043-006, REQ-043-011). */
export function acceptResult(world: ConformanceWorld, response: HttpResponse, body: GenerateBody, what: string): GenerationResult {
  const result = assertSucceeds(world, response, 200, 'protocol/generation-result', what) as GenerationResult;
  assert.equal(result.model, body.model, `${what}: model`);
  assert.equal(result.usage.promptTokens, body.prompt.length, `${what}: usage.promptTokens`);
  // completionTokens counts every sampled token: the output plus a stop sequence that ended it (SPEC-043 §4.8).
  if (result.finishReason === 'length') assert.equal(result.usage.completionTokens, result.tokens.length, `${what}: usage.completionTokens`);
  if (result.finishReason === 'stop') assert.ok(result.usage.completionTokens > result.tokens.length, `${what}: usage.completionTokens leaves out the stop sequence`);
  if (result.finishReason !== 'cancelled') assert.equal(result.usage.completionTokens, result.timing.steps, `${what}: usage.completionTokens differs from timing.steps`);
  assert.equal(result.usage.totalTokens, result.usage.promptTokens + result.usage.completionTokens, `${what}: usage.totalTokens`);
  return result;
}

const RECORDS = 'generation records';

export function records(world: ConformanceWorld): Map<string, GenerationRecord> {
  let map = world.remembered.get(RECORDS) as Map<string, GenerationRecord> | undefined;
  if (map === undefined) {
    map = new Map();
    world.remembered.set(RECORDS, map);
  }
  return map;
}

export function recordNamed(world: ConformanceWorld, label: string): GenerationRecord {
  const record = records(world).get(label);
  assert.ok(record !== undefined, `no generation remembered as "${label}"`);
  return record;
}

/** The most recent generation a scenario ran (label "last"). */
export function lastRecord(world: ConformanceWorld): GenerationRecord {
  return recordNamed(world, 'last');
}

export function remember(world: ConformanceWorld, label: string, record: GenerationRecord): void {
  records(world).set(label, record);
  records(world).set('last', record);
}

/** Runs a non-streamed generation that must succeed, and remembers it. */
export async function generateRecorded(world: ConformanceWorld, who: Principal, body: GenerateBody, label = 'last'): Promise<GenerationRecord> {
  const response = await sendGenerate(world, who, body);
  world.last = response;
  const record = { who, body, result: acceptResult(world, response, body, `POST /v1/generate (${label})`) };
  remember(world, label, record);
  return record;
}

/**
 * The runtime's own binary32 logits for positions P−1 … P+n−2 of prompt + sampled tokens: row i is what sampled
 * token i was drawn from (SPEC-043 §4.2).
 */
export async function runtimeNextLogits(world: ConformanceWorld, model: string, prompt: readonly number[], sampled: readonly number[]): Promise<number[][]> {
  if (sampled.length === 0) return [];
  const sequence = [...prompt, ...sampled.slice(0, -1)];
  const response = await world.api.request({
    method: 'POST', path: '/v1/forward', token: world.token('admin'), body: { model, sequences: [sequence], logits: true },
  });
  const result = assertSucceeds(world, response, 200, 'protocol/forward-result', 'POST /v1/forward (logits of the generated tokens)') as {
    sequences: { tokens: { logits?: number[] }[] }[];
  };
  const rows = result.sequences[0]?.tokens ?? [];
  return sampled.map((_, i) => {
    const logits = rows[prompt.length - 1 + i]?.logits;
    assert.ok(logits !== undefined, `the forward result has no logits at position ${prompt.length - 1 + i}`);
    return logits;
  });
}

export async function kvFigures(world: ConformanceWorld): Promise<KvFigures> {
  const response = await world.api.request({ method: 'GET', path: '/v1/kv', token: world.token('admin') });
  const figures = assertSucceeds(world, response, 200, 'protocol/kv-pool', 'GET /v1/kv') as KvFigures;
  assert.equal(figures.pagesFree + figures.pagesActive + figures.pagesCached, figures.pagesTotal, `pool figures do not add up: ${JSON.stringify(figures)}`);
  return figures;
}

export async function setScheduler(world: ConformanceWorld, body: { maxBatch?: number; paused?: boolean }): Promise<SchedulerState> {
  const response = await world.api.request({ method: 'PUT', path: '/v1/conformance/scheduler', token: world.token('admin'), body });
  return assertSucceeds(world, response, 200, 'protocol/scheduler-state', 'PUT /v1/conformance/scheduler') as SchedulerState;
}

export async function schedulerState(world: ConformanceWorld): Promise<SchedulerState> {
  const response = await world.api.request({ method: 'GET', path: '/v1/conformance/scheduler', token: world.token('admin') });
  return assertSucceeds(world, response, 200, 'protocol/scheduler-state', 'GET /v1/conformance/scheduler') as SchedulerState;
}

export interface GenerationStatus {
  id: string;
  model: string;
  state: 'queued' | 'running' | 'finished';
  outcome?: {
    finishReason: 'stop' | 'length' | 'cancelled' | 'error';
    tokens: number[];
    text: string;
    usage: Usage;
    timing: { queueSteps: number; steps: number };
    error?: { code: string };
  };
}

export async function generationStatus(world: ConformanceWorld, who: Principal, id: string): Promise<GenerationStatus> {
  const response = await world.api.request({ method: 'GET', path: `/v1/generations/${id}`, ...credentialOf(world, who) });
  return assertSucceeds(world, response, 200, 'protocol/generation-status', `GET /v1/generations/${id}`) as GenerationStatus;
}

/**
 * Polls `probe` until it returns a value; the bound only limits how long a runtime that never gets there is
 * waited for, it never decides a verdict on a conforming runtime.
 */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    assert.ok(performance.now() < deadline, `${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until a finished status, then returns it. */
export async function finishedStatus(world: ConformanceWorld, who: Principal, id: string): Promise<GenerationStatus> {
  return eventually(async () => {
    const status = await generationStatus(world, who, id);
    return status.state === 'finished' ? status : undefined;
  }, `generation ${id} finishing`);
}
