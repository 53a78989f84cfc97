// Budget-aware routing routes (SPEC-041, SPEC-042, SPEC-048): POST /v1/budget/solve (the routing a tier set and budget
// would get on a model), GET /v1/deployment (hardware classes, tier hardware, default tier sets, cost model) and, in
// the control API, PUT /v1/conformance/deployment, which replaces the deployment (the control reset restores the
// default one through Deployment.reset).

import type { FastifyInstance } from 'fastify';
import { RuntimeError } from '../errors.ts';
import { isTransformerDescriptor, type DescriptorV2 } from '../model/manifest-types.ts';
import { solveRouting, type Deployment, type DeploymentUpdate } from '../inference/budget/index.ts';
import { bodySchema } from './request-validation.ts';
import { controlGuard } from './routes-control.ts';
import type { RuntimeContext } from './runtime-context.ts';

interface SolveBody {
  model: string;
  latencyMs?: number;
  maxCost?: number;
  tierSet?: number[];
}

function transformerDescriptor(ctx: RuntimeContext, id: string): DescriptorV2 {
  const model = ctx.models.servable(id);
  if (model === undefined || model.status !== 'ready') throw new RuntimeError('E_MODEL_NOT_FOUND', `model ${id} is not loaded`);
  if (!isTransformerDescriptor(model.descriptor)) throw new RuntimeError('E_FORWARD_UNSUPPORTED', `model ${id} is router-only: it has no experts to budget`);
  return model.descriptor;
}

export function registerBudgetRoutes(app: FastifyInstance, ctx: RuntimeContext, deployment: Deployment): void {
  app.post<{ Body: SolveBody }>('/v1/budget/solve', { ...ctx.access.runtime, schema: bodySchema('budget-solve-request') }, (request) => {
    const { model, latencyMs, maxCost, tierSet } = request.body;
    const descriptor = transformerDescriptor(ctx, model);
    const budget = { ...(latencyMs === undefined ? {} : { latencyMs }), ...(maxCost === undefined ? {} : { maxCost }) };
    const choice = solveRouting(descriptor, { ...(tierSet === undefined ? {} : { tierSet }), budget }, deployment, model);
    const { tier, group, expert } = choice.topK;
    return {
      model, topK: choice.topK, tierSet: choice.tiers, experts: tier * group * expert,
      predictedLatencyMs: choice.latencyMs, costPerToken: choice.costPerToken,
    };
  });
  app.get('/v1/deployment', { ...ctx.access.runtime }, () => deployment.document);
}

/** The control route; registered only where the control API exists. */
export function registerBudgetControlRoutes(app: FastifyInstance, ctx: RuntimeContext, deployment: Deployment): void {
  app.put<{ Body: DeploymentUpdate }>('/v1/conformance/deployment', { ...controlGuard(ctx), schema: bodySchema('deployment-request') }, (request) =>
    deployment.replace(request.body));
}
