// Shared by the tier fault tests: pairs of servers (conforming and mutant) with a tiered model loaded in both, and
// readers of the tier document, the residency listing and the experts a traced forward used.

import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { TierCounters } from '../storage/tiers/tier-counters.ts';
import { call } from './inject.ts';

/** Payload and file bytes of one expert of `default` (d 32, dFF 64). */
export const EXPERT = 12 * 32 * 64;
export const FILE = 24800;
const PROCEDURAL_EXPERT = 12 * 64 * 2048;

export interface TierBudgets {
  hotBytes: number;
  warmBytes: number;
  coldBytes: number;
}

/** Hot and warm budgets in experts of `model`, the cold one in bytes. */
export function tiers(hot: number, warm: number, coldBytes: number, model = 'default'): TierBudgets {
  const expert = model === 'default' ? EXPERT : PROCEDURAL_EXPERT;
  return { hotBytes: hot * expert, warmBytes: warm * expert, coldBytes };
}

/** A pair of servers (FaultBench.pair) with the built-in `model` loaded tiered with `budgets` in both. */
export async function withTiered(apps: [FastifyInstance, FastifyInstance], budgets: TierBudgets, model = 'default'): Promise<[FastifyInstance, FastifyInstance]> {
  for (const app of apps) {
    const response = await call(app, 'POST', '/v1/models', { body: { builtin: model, tiers: budgets } });
    assert.equal(response.statusCode, 201, response.body);
  }
  return apps;
}

export function forward(app: FastifyInstance, sequence: number[], model = 'default'): Promise<LightMyRequestResponse> {
  return call(app, 'POST', '/v1/forward', { body: { model, sequences: [sequence], trace: true } });
}

interface Figures {
  budgetBytes: number;
  usedBytes: number;
  experts: number;
}

export interface TierView {
  archive: string;
  hot: Figures & { slots: number; pinned: number };
  warm: Figures;
  cold: Figures;
  counters: TierCounters;
  loadLatencyMs: { count: number };
}

export async function tierView(app: FastifyInstance, model = 'default'): Promise<TierView> {
  return (await call(app, 'GET', `/v1/tiers/${model}`)).json<TierView>();
}

export interface Listed {
  layer: number;
  expert: number;
  tier: string;
  pinned: boolean;
}

export async function listing(app: FastifyInstance, model = 'default'): Promise<Listed[]> {
  return (await call(app, 'GET', `/v1/tiers/${model}/experts`)).json<{ experts: Listed[] }>().experts;
}

/** The (layer, expert) pairs a traced forward response used, in ascending order. */
export function usedExperts(response: LightMyRequestResponse): { layer: number; expert: number }[] {
  const used = new Set<string>();
  const result = response.json<{ sequences: { tokens: { routes: { layer: number; experts: { id: number }[] }[] }[] }[] }>();
  for (const sequence of result.sequences) for (const token of sequence.tokens) for (const route of token.routes) for (const e of route.experts) used.add(`${route.layer}/${e.id}`);
  return [...used].map((key) => key.split('/').map(Number)).map(([layer, expert]) => ({ layer: layer!, expert: expert! })).sort((a, b) => a.layer - b.layer || a.expert - b.expert);
}
