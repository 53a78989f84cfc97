// POST /v1/route (SPEC-003). Checks run in the order of SPEC-003 §4.7, all before any routing work.

import type { FastifyInstance } from 'fastify';
import { RuntimeError } from '../errors.ts';
import { checkLayer, readHidden, type HiddenChecks } from '../routing/route-input.ts';
import type { RouteResult } from '../routing/route-types.ts';
import { bodySchema } from './request-validation.ts';
import { descriptorSeed, type RuntimeContext } from './runtime-context.ts';

interface RouteBody {
  model: string;
  layer: number;
  hidden: number[][];
}

const GATE_DIGITS_UNDER_FAULT = 9;

/** The json.gate-precision fault: every reported gate rounded to 9 significant digits after digests were taken. */
function roundReportedGates(result: RouteResult): void {
  const round = (gate: number): number => Number(gate.toPrecision(GATE_DIGITS_UNDER_FAULT));
  for (const token of result.tokens) {
    for (const entry of [...token.tiers, ...token.groups, ...token.experts]) entry.gate = round(entry.gate);
  }
}

export function registerRouteRoutes(app: FastifyInstance, ctx: RuntimeContext): void {
  // FAULT routing.seed-override-ignored: the control seed override is never used.
  const honourOverride = !ctx.faults.has('routing.seed-override-ignored');
  // FAULT routing.unknown-model-500: an unknown model id is answered as an internal error.
  const unknownModelCode = ctx.faults.has('routing.unknown-model-500') ? 'E_INTERNAL' : 'E_MODEL_NOT_FOUND';
  // FAULT routing.no-layer-check: any layer routes, taken modulo the model's layers.
  const layerModulo = ctx.faults.has('routing.no-layer-check');
  const checks: HiddenChecks = {
    // FAULT routing.no-shape-check: rows padded with zeros or cut to dModel, any number of rows.
    shape: !ctx.faults.has('routing.no-shape-check'),
    // FAULT routing.accept-non-finite: non-finite elements are routed as 0.
    finite: !ctx.faults.has('routing.accept-non-finite'),
  };
  // FAULT json.gate-precision: reported gates carry 9 significant digits; digests keep the full values.
  const roundGates = ctx.faults.has('json.gate-precision');

  app.post<{ Body: RouteBody }>('/v1/route', { ...ctx.access.runtime, schema: bodySchema('route-request') }, (request) => {
    const { model: id, hidden } = request.body;
    let { layer } = request.body;
    ctx.lifecycle.admit('routing requests'); // SPEC-009
    const model = ctx.models.servable(id);
    // REQ-003-010; a model listed as failed (only under a fault) has nothing to route with.
    if (model === undefined || model.status !== 'ready') throw new RuntimeError(unknownModelCode, `model ${id} is not loaded`);
    const { layers, dModel } = model.descriptor;
    if (layerModulo) layer = ((layer % layers) + layers) % layers;
    checkLayer(layer, layers); // REQ-003-011
    const input = readHidden(hidden, dModel, ctx.limits.maxTokensPerRequest, checks); // REQ-003-012/013
    // REQ-003-008: the override when set, else the descriptor seed; reported in the result.
    const seed = honourOverride && ctx.state.seedOverride !== null ? ctx.state.seedOverride : descriptorSeed(ctx, model.descriptor.seed);
    const routed = ctx.behaviour.routeV2LayerZero && model.transformer !== null ? { ...model, layers: model.layers.map(() => model.layers[0]!) } : model;
    const result = ctx.router.route(routed, layer, input.hidden, input.tokenCount, seed);
    if (roundGates) roundReportedGates(result);
    return result;
  });
}
