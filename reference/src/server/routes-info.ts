// GET /v1/info (no credential) and GET /v1/state (SPEC-000 §4.1, §4.3; SPEC-009 states).

import type { FastifyInstance } from 'fastify';
import { kernelBackend } from '../native/native-kernels.ts';
import { stateView, type RuntimeContext } from './runtime-context.ts';

export const RUNTIME_NAME = 'lite-llm-reference';
// SPEC-001 §4.2: protocol 1.1 adds the forward pass, memory and state routes; core at 1.1 requires `forward`.
export const PROTOCOL_VERSION = '1.1';
export const CAPABILITIES = ['models.load', 'route', 'forward', 'generate'];
// 1 MiB: what the info.memory-budget-below-core fault declares, below the core minimum.
const BELOW_CORE_BUDGET_BYTES = 1048576;

export function registerInfoRoutes(app: FastifyInstance, ctx: RuntimeContext): void {
  // FAULT info.no-core: the claimed profiles leave out "core".
  const profiles = ctx.faults.has('info.no-core') ? [] : ['core'];
  // REQ-001-003: fixed at start; the declared memory budget stays what reset restores, whatever the current one is.
  const b = ctx.behaviour;
  const limits = { ...ctx.limits, maxK: { ...ctx.limits.maxK } };
  if (b.declareBudgetBelowCore) limits.memoryBudgetBytes = BELOW_CORE_BUDGET_BYTES;
  if (b.declareFlopsBoundOverstated) limits.maxActiveFlopsPerToken = Number.MAX_SAFE_INTEGER;
  const info = {
    // Which kernels run the forward pass (native/README.md): informational, the results are the same bits.
    runtime: { name: RUNTIME_NAME, version: ctx.version, kernels: kernelBackend().name },
    protocolVersion: PROTOCOL_VERSION,
    mode: ctx.mode,
    profiles,
    capabilities: b.omitForwardCapability ? CAPABILITIES.filter((name) => name !== 'forward') : CAPABILITIES,
    limits,
  };
  const current = () => (b.liveMemoryBudget ? { ...info, limits: { ...limits, memoryBudgetBytes: ctx.models.memory.budgetBytes } } : info);
  // REQ-000-001: answered with or without a credential; any Authorization header is ignored.
  // FAULT info.requires-auth: GET /v1/info is guarded like the runtime API.
  const infoGuard = ctx.faults.has('info.requires-auth') ? ctx.access.runtime : {};
  app.get('/v1/info', { ...infoGuard }, current);

  app.get('/v1/state', { ...ctx.access.runtime }, () => stateView(ctx));
}
