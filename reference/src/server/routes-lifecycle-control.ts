// Control API of the core layer (contract-core §4): runtime state transitions (SPEC-009), the memory budget
// (SPEC-006) and an artificial per-layer delay that makes forward deadlines observable. Conformance mode only,
// admin only, like the rest of /v1/conformance/.

import type { FastifyInstance } from 'fastify';
import type { TransitionName } from '../lifecycle/runtime-lifecycle.ts';
import { bodySchema } from './request-validation.ts';
import { controlGuard } from './routes-control.ts';
import { stateView, type RuntimeContext } from './runtime-context.ts';

export function registerLifecycleControlRoutes(app: FastifyInstance, ctx: RuntimeContext): void {
  const guard = controlGuard(ctx);

  // SPEC-009: a transition outside the table is E_STATE_TRANSITION and leaves the state as it was.
  app.post<{ Body: { transition: TransitionName } }>('/v1/conformance/state', { ...guard, schema: bodySchema('state-transition-request') }, (request) => {
    ctx.lifecycle.apply(request.body.transition);
    return stateView(ctx);
  });

  // SPEC-006: all or nothing; a budget below the bytes in use is E_MEMORY_BUDGET and the budget stays.
  app.put<{ Body: { bytes: number } }>('/v1/conformance/memory-budget', { ...guard, schema: bodySchema('memory-budget-request') }, (request) => {
    ctx.models.setMemoryBudget(request.body.bytes);
    return ctx.models.memoryView();
  });

  app.put<{ Body: { perLayerMs: number } }>('/v1/conformance/delay', { ...guard, schema: bodySchema('delay-request') }, (request) => {
    ctx.state.perLayerDelayMs = request.body.perLayerMs;
    return { perLayerMs: ctx.state.perLayerDelayMs };
  });
}
