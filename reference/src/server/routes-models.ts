// Model management (SPEC-000 §4.1, §4.5): load from a manifest URL or a builtin model, list, get, delete.

import type { FastifyInstance } from 'fastify';
import { RuntimeError } from '../errors.ts';
import type { TierBudgets } from '../storage/tiers/expert-store.ts';
import { bodySchema } from './request-validation.ts';
import { modelView, type RuntimeContext } from './runtime-context.ts';

type LoadModelBody = ({ manifestUrl: string } | { builtin: string }) & { tiers?: TierBudgets };

interface ModelParams {
  id: string;
}

export function registerModelRoutes(app: FastifyInstance, ctx: RuntimeContext): void {
  const guard = ctx.access.runtime;
  const find = (id: string) => {
    // `/v1/models/` names no model at all: an unknown path rather than an unknown id.
    if (id === '') throw new RuntimeError('E_PROTOCOL_NOT_FOUND', 'no route for an empty model id');
    const model = ctx.models.get(id);
    if (model === undefined) throw new RuntimeError('E_MODEL_NOT_FOUND', `model ${id} is not loaded`);
    return model;
  };

  // REQ-000-011/012: 201 when created, 200 when the same id and manifest digest is already loaded. A body names a
  // manifest URL or a model built into the runtime (contract-core §4); SPEC-009 refuses loads while draining/failed.
  app.post<{ Body: LoadModelBody }>('/v1/models', { ...guard, schema: bodySchema('load-model-request') }, async (request, reply) => {
    ctx.lifecycle.admit('model loads');
    const { body } = request;
    const outcome = 'builtin' in body ? await ctx.models.loadBuiltin(body.builtin, body.tiers) : await ctx.models.load(new URL(body.manifestUrl), body.tiers);
    if (outcome.created && ctx.behaviour.sinceCountsLoads) ctx.lifecycle.countChange();
    return reply.code(outcome.created ? 201 : 200).send(modelView(outcome.model));
  });

  // REQ-000-013: sorted by id in code-point order.
  app.get('/v1/models', { ...guard }, () => {
    if (ctx.behaviour.failedRefusesReads && ctx.lifecycle.state === 'failed') ctx.lifecycle.admit('reads');
    return { models: ctx.models.list().map(modelView) };
  });

  app.get<{ Params: ModelParams }>('/v1/models/:id', { ...guard }, (request) => modelView(find(request.params.id)));

  app.delete<{ Params: ModelParams }>('/v1/models/:id', { ...guard }, (request, reply) => {
    find(request.params.id);
    ctx.models.delete(request.params.id);
    return reply.code(204).send();
  });
}
