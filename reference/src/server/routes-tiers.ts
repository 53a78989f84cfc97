// Tier observability and pinning (SPEC-021, SPEC-023, SPEC-027): GET /v1/tiers/{model} (budgets, bytes, counters,
// load-latency histogram), GET /v1/tiers/{model}/experts (residency), PUT and DELETE /v1/tiers/{model}/pins/{layer}/
// {expert}. The conformance control API adds POST /v1/conformance/tiers/{model}/damage (a failing disk) and
// POST /v1/conformance/tiers/{model}/evict-memory (hot and warm copies dropped, as after a restart).

import type { FastifyInstance } from 'fastify';
import { RuntimeError } from '../errors.ts';
import type { LoadedModel } from '../model/model-store.ts';
import { isTransformerDescriptor, type DescriptorV2 } from '../model/manifest-types.ts';
import type { ColdDamage } from '../storage/tiers/cold-tier.ts';
import { residencyView, tierView } from '../storage/tiers/tier-view.ts';
import { bodySchema } from './request-validation.ts';
import { controlGuard } from './routes-control.ts';
import type { RuntimeContext } from './runtime-context.ts';

interface ModelParams {
  model: string;
}

interface PinParams extends ModelParams {
  layer: string;
  expert: string;
}

function transformerModel(ctx: RuntimeContext, id: string): LoadedModel & { descriptor: DescriptorV2 } {
  const model = ctx.models.get(id);
  if (model === undefined) throw new RuntimeError('E_MODEL_NOT_FOUND', `model ${id} is not loaded`);
  if (!isTransformerDescriptor(model.descriptor)) throw new RuntimeError('E_FORWARD_UNSUPPORTED', `model ${id} is router-only: it has no experts to store`);
  return model as LoadedModel & { descriptor: DescriptorV2 };
}

/** A path segment as an expert coordinate: a canonical decimal integer, else E_STORAGE_EXPERT. */
function coordinate(text: string): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(text)) throw new RuntimeError('E_STORAGE_EXPERT', `"${text}" is not a layer or expert number`);
  return Number(text);
}

function tieredStore(model: LoadedModel) {
  if (model.tiers === null) throw new RuntimeError('E_STORAGE_EXPERT', `model ${model.id} is resident: every expert is pinned hot`);
  return model.tiers;
}

export function registerTierRoutes(app: FastifyInstance, ctx: RuntimeContext): void {
  const guard = ctx.access.runtime;
  app.get<{ Params: ModelParams }>('/v1/tiers/:model', { ...guard }, (request) => {
    const model = transformerModel(ctx, request.params.model);
    return tierView(model.id, model.descriptor, model.tiers);
  });
  app.get<{ Params: ModelParams }>('/v1/tiers/:model/experts', { ...guard }, (request) => {
    const model = transformerModel(ctx, request.params.model);
    return residencyView(model.descriptor, model.tiers);
  });
  app.put<{ Params: PinParams }>('/v1/tiers/:model/pins/:layer/:expert', { ...guard }, async (request, reply) => {
    const model = transformerModel(ctx, request.params.model);
    const ref = { layer: coordinate(request.params.layer), expert: coordinate(request.params.expert) };
    const store = tieredStore(model);
    store.checkRef(ref);
    await store.pin(ref);
    return reply.code(204).send();
  });
  app.delete<{ Params: PinParams }>('/v1/tiers/:model/pins/:layer/:expert', { ...guard }, (request, reply) => {
    const model = transformerModel(ctx, request.params.model);
    tieredStore(model).unpin({ layer: coordinate(request.params.layer), expert: coordinate(request.params.expert) });
    return reply.code(204).send();
  });
}

export function registerTierControlRoutes(app: FastifyInstance, ctx: RuntimeContext): void {
  const guard = controlGuard(ctx);
  app.post<{ Params: ModelParams; Body: { layer: number; expert: number; damage: ColdDamage } }>(
    '/v1/conformance/tiers/:model/damage', { ...guard, schema: bodySchema('tier-damage-request') }, async (request) => {
      const store = tieredStore(transformerModel(ctx, request.params.model));
      const { layer, expert, damage } = request.body;
      return { damaged: await store.damageCold({ layer, expert }, damage) };
    });
  app.post<{ Params: ModelParams }>('/v1/conformance/tiers/:model/evict-memory', { ...guard }, (request, reply) => {
    tieredStore(transformerModel(ctx, request.params.model)).dropMemoryTiers();
    return reply.code(204).send();
  });
}
