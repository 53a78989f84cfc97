// Shortcuts for the core-layer fault tests: builtin and generated formatVersion 2 models, forward calls.

import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildModelFiles } from '../model/builtin-models.ts';
import type { DescriptorV2 } from '../model/manifest-types.ts';
import type { FaultBench } from './fault-bench.ts';
import { descriptorWith, serveModelFiles } from './forward-models.ts';
import { call } from './inject.ts';

export interface ForwardToken { digest: string; logits?: number[]; routes?: { layer: number; experts: { id: number; gate: number }[] }[]; flops: { attention: number; experts: number; total: number }; parameterBytes: number }
export interface ForwardBody { seed: string; sequences: { tokens: ForwardToken[]; digest: string }[]; digest: string }

export async function loadDefault(...apps: FastifyInstance[]): Promise<void> {
  for (const app of apps) assert.equal((await call(app, 'POST', '/v1/models', { body: { builtin: 'default' } })).statusCode < 300, true);
}

export function forward(app: FastifyInstance, body: Record<string, unknown>, model = 'default'): Promise<LightMyRequestResponse> {
  return call(app, 'POST', '/v1/forward', { body: { model, ...body } });
}

export async function forwardOk(app: FastifyInstance, body: Record<string, unknown>, model = 'default'): Promise<ForwardBody> {
  const response = await forward(app, body, model);
  assert.equal(response.statusCode, 200, response.body);
  return response.json<ForwardBody>();
}

/** Serves a generated formatVersion 2 model (the default's shape with overrides); returns its manifest URL. */
export function serveV2(bench: FaultBench, dir: string, overrides: Partial<DescriptorV2>): string {
  return serveModelFiles(bench.fixtures, dir, buildModelFiles(descriptorWith(overrides)));
}

export const SEQ = [3, 141, 59, 26, 53, 58, 97];
