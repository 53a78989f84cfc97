// The dynamic tier prefetch (SPEC-045): a model loaded tiered with `tiers.prefetch`, serial forward requests with
// the dispatch trace, each layer's reported prediction compared with the prediction oracle and every figure of
// GET /v1/tiers/{model} compared with the placement oracle driven by the prefetch simulation
// (conformance/src/oracle/dispatch-prefetch.ts), which treats each prefetch as one SPEC-022 request.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import { DECISIVE_MARGIN } from '../oracle/comparison-policy.ts';
import { predictRequest, PrefetchSimulation, type PrefetchFigures } from '../oracle/dispatch-prefetch.ts';
import { TierPolicy, type PredictedExpert, type PredictedFigures } from '../oracle/tier-policy.ts';
import { assertSucceeds } from '../support/exchanges.ts';
import { descriptorSeedOf, forwardModelNamed } from '../support/forward-models.ts';
import { checkBounds, compareCounters, compareFigures, compareResidency, expertsByLayer, type ListedExpert, type TierDocument } from '../support/tiers/tier-checks.ts';
import { budgetsFor, coldFilesFor, expertBytesOf, parseBudgetWords, type TierBudgets } from '../support/tiers/tier-models.ts';
import { deleteModel, expertFileBytes, fetchListing, fetchTierDocument, loadBody, stagedAtLoad } from '../support/tiers/tier-session.ts';
import { sequenceFromWords } from '../support/words/forward-words.ts';
import type { ConformanceWorld } from '../support/world.ts';
import { sendForward, type DispatchedResult } from './dispatch-steps.ts';

interface PrefetchObservation {
  readonly words: string;
  readonly result: DispatchedResult;
  /** The prediction oracle's prediction per layer (null for layer 0) and its smallest routing margin. */
  readonly predicted: (number[] | null)[];
  readonly margin: number;
  /** What the simulation staged per layer. */
  readonly staged: (number[] | null)[];
  readonly doc: TierDocument & { readonly prefetch: PrefetchFigures };
  readonly listing: ListedExpert[];
  readonly expected: { readonly listing: PredictedExpert[]; readonly figures: PredictedFigures; readonly prefetch: PrefetchFigures };
}

interface PrefetchSession {
  readonly name: string;
  readonly id: string;
  readonly limit: number;
  readonly policy: TierPolicy;
  readonly simulation: PrefetchSimulation;
  readonly observations: PrefetchObservation[];
}

const SESSION = 'prefetch session';
const RECORDED = 'results without prefetch';

function session(world: ConformanceWorld): PrefetchSession {
  return world.recall<PrefetchSession>(SESSION);
}

/** Budgets in words for `name`, the cold one counted in files when the words say so. */
async function budgetsOf(world: ConformanceWorld, name: string, words: string): Promise<{ budgets: TierBudgets; coldFiles: number }> {
  const d = forwardModelNamed(name).descriptor;
  const parsed = parseBudgetWords(words);
  const fileBytes = typeof parsed.cold === 'object' ? await expertFileBytes(world, name) : undefined;
  const budgets = budgetsFor(parsed, d, fileBytes);
  return { budgets, coldFiles: coldFilesFor(budgets, fileBytes) };
}

async function load(world: ConformanceWorld, name: string, tiers: Record<string, unknown>): Promise<void> {
  const body = { ...loadBody(world, name), tiers };
  const response = await world.api.request({ method: 'POST', path: '/v1/models', token: world.token('admin'), body });
  assertSucceeds(world, response, 201, 'protocol/model', `loading ${name} tiered`);
}

Given('the model {string} is loaded tiered with {string} and a prefetch of {int} experts', async function (this: ConformanceWorld, name: string, words: string, limit: number) {
  const d = forwardModelNamed(name).descriptor;
  const { budgets, coldFiles } = await budgetsOf(this, name, words);
  await load(this, name, { ...budgets, prefetch: { experts: limit } });
  const expertBytes = expertBytesOf(d);
  const config = { slots: Math.floor(budgets.hotBytes / expertBytes), warmExperts: Math.floor(budgets.warmBytes / expertBytes), coldFiles, expertBytes };
  const policy = new TierPolicy(config, stagedAtLoad(name, coldFiles));
  this.remembered.set(SESSION, { name, id: d.name, limit, policy, simulation: new PrefetchSimulation(policy, limit), observations: [] } satisfies PrefetchSession);
});

Given('expert {int} of layer {int} of the prefetching model is pinned', async function (this: ConformanceWorld, expert: number, layer: number) {
  const s = session(this);
  const response = await this.api.request({ method: 'PUT', path: `/v1/tiers/${s.id}/pins/${layer}/${expert}`, token: this.token('admin') });
  assertSucceeds(this, response, 204, null, `pinning ${layer}/${expert}`);
  assert.equal(s.policy.pin({ layer, expert }), 'pinned');
});

/** Per sequence in words, digest, routes, FLOPs and parameter bytes of a traced request of that sequence alone. */
type ResultBook = Map<string, unknown>;

const comparable = (result: DispatchedResult): unknown => ({ digest: result.digest, sequences: result.sequences });

Given('the results of {string} tiered with {string} for the sequences {string} are recorded', async function (this: ConformanceWorld, name: string, words: string, list: string) {
  const d = forwardModelNamed(name).descriptor;
  await load(this, name, { ...(await budgetsOf(this, name, words)).budgets });
  const book: ResultBook = new Map();
  for (const w of list.split(',').map((x) => x.trim())) {
    book.set(w, comparable(await sendForward(this, { model: d.name, sequences: [sequenceFromWords(w, d)], trace: true }, `"${w}" without prefetch`)));
  }
  await deleteModel(this, name);
  this.remembered.set(RECORDED, book);
});

When('the sequences {string} are forwarded through the prefetching model one request at a time', async function (this: ConformanceWorld, list: string) {
  const s = session(this);
  const model = forwardModelNamed(s.name);
  const { layers } = model.descriptor;
  for (const words of list.split(',').map((w) => w.trim())) {
    const sequence = sequenceFromWords(words, model.descriptor);
    const result = await sendForward(this, { model: s.id, sequences: [sequence], trace: true, dispatch: true }, `POST /v1/forward "${words}"`);
    const predictions = predictRequest(model, [sequence], s.limit, descriptorSeedOf(s.name));
    const predicted = predictions.map((p) => (p === null ? null : p.experts));
    const staged = s.simulation.pass(expertsByLayer(result, layers), predicted);
    const doc = (await fetchTierDocument(this, s.id)) as PrefetchObservation['doc'];
    const listing = await fetchListing(this, s.id);
    const margin = Math.min(...predictions.map((p) => p?.margin ?? Number.POSITIVE_INFINITY));
    const expected = { listing: s.policy.residency(), figures: s.policy.figures(), prefetch: s.simulation.figures() };
    s.observations.push({ words, result, predicted, margin, staged, doc, listing, expected });
  }
});

function each(world: ConformanceWorld, check: (o: PrefetchObservation, where: string) => string[]): string[] {
  return session(world).observations.flatMap((o, i) => check(o, `after request ${i} ("${o.words}")`));
}

function none(problems: readonly string[], what: string): void {
  assert.deepEqual(problems, [], `${what}:\n${problems.slice(0, 25).join('\n')}`);
}

const prefetchOf = (o: PrefetchObservation) => (o.result.dispatch?.layers ?? []).map((l) => l.prefetch);

Then('every layer\'s reported prediction is the one the prediction oracle makes', function (this: ConformanceWorld) {
  const undecided = session(this).observations.filter((o) => !(o.margin > DECISIVE_MARGIN)).map((o) => o.words);
  assert.deepEqual(undecided, [], 'the scenario needs sequences whose predictions the oracle decides by more than the margin');
  none(each(this, (o, where) => {
    const reported = prefetchOf(o).map((p) => (p === null ? null : p.predicted));
    return JSON.stringify(reported) === JSON.stringify(o.predicted) ? [] : [`${where}: reported ${JSON.stringify(reported)}, predicted ${JSON.stringify(o.predicted)}`];
  }), 'predictions that differ from SPEC-045 §4.1');
});

Then('no layer predicted or staged more than {int} experts, and every staged expert was predicted', function (this: ConformanceWorld, limit: number) {
  none(each(this, (o, where) => [
    ...(o.doc.prefetch.experts === limit ? [] : [`${where}: prefetch.experts ${o.doc.prefetch.experts}, configured ${limit}`]),
    ...prefetchOf(o).flatMap((p, layer) => {
      if (p === null) return [];
      const problems = p.predicted.length > limit || p.staged.length > limit ? [`${where} layer ${layer}: ${p.predicted.length} predicted, ${p.staged.length} staged`] : [];
      return [...problems, ...p.staged.filter((e) => !p.predicted.includes(e)).map((e) => `${where} layer ${layer}: staged ${e} was not predicted`)];
    }),
  ]), 'prefetches beyond their bound');
});

Then('after every request expert {int} of layer {int} is listed hot and pinned, and the tiers are within their budgets', function (this: ConformanceWorld, expert: number, layer: number) {
  none(each(this, (o, where) => {
    const entry = o.listing.find((e) => e.layer === layer && e.expert === expert);
    const pinned = entry !== undefined && entry.tier === 'hot' && entry.pinned ? [] : [`${where}: ${layer}/${expert} is ${JSON.stringify(entry ?? 'absent')}`];
    return [...pinned, ...checkBounds(o.doc, o.listing).map((p) => `${where}: ${p}`)];
  }), 'a prefetch that moved a pinned expert or overran a budget');
});

Then('every prefetching request answered the recorded digests, routes, logits, FLOPs and parameter bytes of its sequence', function (this: ConformanceWorld) {
  const book = this.recall<ResultBook>(RECORDED);
  none(each(this, (o, where) => (JSON.stringify(comparable(o.result)) === JSON.stringify(book.get(o.words)) ? [] : [`${where}: the result differs from the one without prefetch`])), 'results changed by the prefetch');
});

Then('after every request the prefetch figures and staged experts are those the prefetch simulation predicts', function (this: ConformanceWorld) {
  none(each(this, (o, where) => {
    const staged = prefetchOf(o).map((p) => (p === null ? null : p.staged));
    return [
      ...(JSON.stringify(o.doc.prefetch) === JSON.stringify(o.expected.prefetch) ? [] : [`${where}: prefetch ${JSON.stringify(o.doc.prefetch)}, predicted ${JSON.stringify(o.expected.prefetch)}`]),
      ...(JSON.stringify(staged) === JSON.stringify(o.staged) ? [] : [`${where}: staged ${JSON.stringify(staged)}, simulated ${JSON.stringify(o.staged)}`]),
    ];
  }), 'prefetch figures that differ from SPEC-045 §4.3');
});

Then('after every request residency and counters are the placement oracle\'s, each prefetch counted as a request', function (this: ConformanceWorld) {
  none(each(this, (o, where) => [
    ...compareResidency(o.listing, o.expected.listing),
    ...compareFigures(o.doc, o.expected.figures),
    ...compareCounters(o.doc.counters, o.expected.figures.counters),
  ].map((p) => `${where}: ${p}`)), 'placement or counters that differ from SPEC-022/023 with prefetch requests');
});
