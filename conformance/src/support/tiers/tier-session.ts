// The tiered model of a scenario and what the harness knows about it: its descriptor and budgets, the placement
// oracle fed with every access the scenario caused, the expert requests made so far, and what the runtime reported
// after each request. Also the HTTP calls the tier steps share, every response checked against its schema.
import assert from 'node:assert/strict';
import type { ForwardDescriptor } from '../../oracle/index.ts';
import { TierPolicy, type TierExpertRef } from '../../oracle/tier-policy.ts';
import type { ForwardResult } from '../checks/forward-result-checks.ts';
import { assertSucceeds } from '../exchanges.ts';
import { forwardModelNamed } from '../forward-models.ts';
import { manifestUrlOf, prepareLoad } from '../models.ts';
import { sequenceFromWords } from '../words/forward-words.ts';
import type { ConformanceWorld } from '../world.ts';
import { expertRequestsOf, expertsByLayer, type ListedExpert, type TierDocument } from './tier-checks.ts';
import {
  budgetsFor, coldFilesFor, expertBytesOf, expertsPerLayer, isProceduralName, parseBudgetWords, proceduralDescriptor, type TierBudgets,
} from './tier-models.ts';

export interface TierObservation {
  readonly words: string;
  readonly result: ForwardResult;
  readonly byLayer: number[][];
  readonly doc: TierDocument;
  readonly listing: ListedExpert[];
  readonly predicted: { readonly listing: ReturnType<TierPolicy['residency']>; readonly figures: ReturnType<TierPolicy['figures']> };
}

export interface TierSession {
  readonly name: string;
  readonly descriptor: ForwardDescriptor;
  readonly budgets: TierBudgets;
  readonly oracle: TierPolicy;
  expertRequests: number;
  readonly observations: TierObservation[];
}

const SESSION = 'tiered model session';
/** Expert file sizes by endpoint and model: the same for every load of a model in one run (SPEC-021 §3). */
const fileSizes = new Map<string, number>();

export function tierDescriptorOf(name: string): ForwardDescriptor {
  return isProceduralName(name) ? proceduralDescriptor(name) : forwardModelNamed(name).descriptor;
}

export function session(world: ConformanceWorld): TierSession {
  return world.recall<TierSession>(SESSION);
}

/** The body of POST /v1/models for a name: built-ins by name, fixtures by manifest URL; `tiers` when given. */
export function loadBody(world: ConformanceWorld, name: string, budgets?: TierBudgets): Record<string, unknown> {
  const builtin = name === 'default' || isProceduralName(name);
  if (!builtin) prepareLoad(world, name);
  return { ...(builtin ? { builtin: name } : { manifestUrl: manifestUrlOf(world, name) }), ...(budgets === undefined ? {} : { tiers: budgets }) };
}

export async function loadModel(world: ConformanceWorld, name: string, budgets?: TierBudgets): Promise<void> {
  const response = await world.api.request({ method: 'POST', path: '/v1/models', token: world.token('admin'), body: loadBody(world, name, budgets) });
  assertSucceeds(world, response, 201, 'protocol/model', `loading ${name}`);
}

export async function deleteModel(world: ConformanceWorld, name: string): Promise<void> {
  const id = tierDescriptorOf(name).name;
  const response = await world.api.request({ method: 'DELETE', path: `/v1/models/${id}`, token: world.token('admin') });
  assertSucceeds(world, response, 204, null, `DELETE /v1/models/${id}`);
}

export async function fetchTierDocument(world: ConformanceWorld, id: string): Promise<TierDocument> {
  const response = await world.api.request({ method: 'GET', path: `/v1/tiers/${id}`, token: world.token('admin') });
  return assertSucceeds(world, response, 200, 'protocol/tiers', `GET /v1/tiers/${id}`) as TierDocument;
}

export async function fetchListing(world: ConformanceWorld, id: string): Promise<ListedExpert[]> {
  const response = await world.api.request({ method: 'GET', path: `/v1/tiers/${id}/experts`, token: world.token('admin') });
  return (assertSucceeds(world, response, 200, 'protocol/tier-residency', `GET /v1/tiers/${id}/experts`) as { experts: ListedExpert[] }).experts;
}

/** One forward request of one sequence in words, traced; the checked result. */
export async function forwardTraced(world: ConformanceWorld, name: string, words: string): Promise<ForwardResult> {
  const d = tierDescriptorOf(name);
  const body = { model: d.name, sequences: [sequenceFromWords(words, d)], trace: true };
  const response = await world.api.request({ method: 'POST', path: '/v1/forward', token: world.token('admin'), body });
  return assertSucceeds(world, response, 200, 'protocol/forward-result', `POST /v1/forward "${words}" through ${d.name}`) as ForwardResult;
}

/**
 * The length of the model's expert files, as the runtime reports it (cold.usedBytes / cold.experts), learned once
 * per run from a load that stages at least one expert; the model is deleted again.
 */
export async function expertFileBytes(world: ConformanceWorld, name: string): Promise<number> {
  const key = `${world.params.endpoint} ${name}`;
  const known = fileSizes.get(key);
  if (known !== undefined) return known;
  const d = tierDescriptorOf(name);
  await loadModel(world, name, budgetsFor({ hot: 1, warm: 0, cold: 'all' }, d));
  if (isProceduralName(name)) await forwardTraced(world, name, '0:1');
  const { cold } = await fetchTierDocument(world, d.name);
  await deleteModel(world, name);
  assert.ok(cold.experts > 0 && cold.usedBytes % cold.experts === 0, `cannot learn the expert file size: cold holds ${cold.experts} files of ${cold.usedBytes} bytes`);
  fileSizes.set(key, cold.usedBytes / cold.experts);
  return cold.usedBytes / cold.experts;
}

/** SPEC-021 §4.2: what a load stages cold, the first min(L·N, coldFiles) experts in (layer, expert) order. */
export function stagedAtLoad(name: string, coldFiles: number): TierExpertRef[] {
  if (isProceduralName(name)) return [];
  const d = tierDescriptorOf(name);
  const all: TierExpertRef[] = [];
  for (let layer = 0; layer < d.layers; layer++) for (let expert = 0; expert < expertsPerLayer(d); expert++) all.push({ layer, expert });
  return all.slice(0, Math.min(all.length, coldFiles));
}

/** Loads `name` tiered with budgets in words and starts the scenario's session (oracle from the spec's formulas). */
export async function startSession(world: ConformanceWorld, name: string, words: string): Promise<TierSession> {
  const d = tierDescriptorOf(name);
  const parsed = parseBudgetWords(words);
  const fileBytes = typeof parsed.cold === 'object' ? await expertFileBytes(world, name) : fileSizes.get(`${world.params.endpoint} ${name}`);
  const budgets = budgetsFor(parsed, d, fileBytes);
  await loadModel(world, name, budgets);
  const expertBytes = expertBytesOf(d);
  const coldFiles = coldFilesFor(budgets, fileBytes);
  const config = { slots: Math.floor(budgets.hotBytes / expertBytes), warmExperts: Math.floor(budgets.warmBytes / expertBytes), coldFiles, expertBytes };
  const created: TierSession = { name, descriptor: d, budgets, oracle: new TierPolicy(config, stagedAtLoad(name, coldFiles)), expertRequests: 0, observations: [] };
  world.remembered.set(SESSION, created);
  return created;
}

/** Sends the sequences one request at a time, feeding each trace to the oracle and recording what the runtime reports. */
export async function forwardSerially(world: ConformanceWorld, list: string): Promise<void> {
  const s = session(world);
  for (const words of list.split(',').map((w) => w.trim())) {
    const result = await forwardTraced(world, s.name, words);
    const byLayer = expertsByLayer(result, s.descriptor.layers);
    s.oracle.forward(byLayer);
    s.expertRequests += expertRequestsOf(byLayer);
    const doc = await fetchTierDocument(world, s.descriptor.name);
    const listing = await fetchListing(world, s.descriptor.name);
    s.observations.push({ words, result, byLayer, doc, listing, predicted: { listing: s.oracle.residency(), figures: s.oracle.figures() } });
  }
}

/** Digests of single-sequence requests, by sequence words. */
export type DigestBook = Map<string, string>;

const DIGESTS = 'reference digests';

export function recordedDigests(world: ConformanceWorld): DigestBook {
  return world.recall<DigestBook>(DIGESTS);
}

/** Loads `name` (resident, or tiered with `budgets`), forwards each sequence alone, records digests, deletes it. */
export async function recordDigests(world: ConformanceWorld, name: string, list: string, budgets?: TierBudgets): Promise<void> {
  const book: DigestBook = world.remembered.has(DIGESTS) ? recordedDigests(world) : new Map<string, string>();
  await loadModel(world, name, budgets);
  for (const words of list.split(',').map((w) => w.trim())) book.set(words, (await forwardTraced(world, name, words)).digest);
  await deleteModel(world, name);
  world.remembered.set(DIGESTS, book);
}
