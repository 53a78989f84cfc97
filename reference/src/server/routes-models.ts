// Model management (SPEC-000 §4.1, §4.5): load from a manifest URL, list, get, delete.

import type { FastifyInstance } from 'fastify';
import { RuntimeError } from '../errors.ts';
import { bodySchema } from './request-validation.ts';
import { modelView, type RuntimeContext } from './runtime-context.ts';

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

  // REQ-000-011/012: 201 when created, 200 when the same id and manifest digest is already loaded.
  app.post<{ Body: { manifestUrl: string } }>('/v1/models', { ...guard, schema: bodySchema('load-model-request') }, async (request, reply) => {
    const outcome = await ctx.models.load(new URL(request.body.manifestUrl));
    return reply.code(outcome.created ? 201 : 200).send(modelView(outcome.model));
  });

  // REQ-000-013: sorted by id in code-point order.
  app.get('/v1/models', { ...guard }, () => ({ models: ctx.models.list().map(modelView) }));

  app.get<{ Params: ModelParams }>('/v1/models/:id', { ...guard }, (request) => modelView(find(request.params.id)));

  app.delete<{ Params: ModelParams }>('/v1/models/:id', { ...guard }, (request, reply) => {
    find(request.params.id);
    ctx.models.delete(request.params.id);
    return reply.code(204).send();
  });
}
