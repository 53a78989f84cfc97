// GET /v1/info (no credential) and GET /v1/state (SPEC-000 §4.1, §4.3).

import type { FastifyInstance } from 'fastify';
import type { RuntimeContext } from './runtime-context.ts';

export const RUNTIME_NAME = 'lite-llm-reference';
export const PROTOCOL_VERSION = '1.0';

export function registerInfoRoutes(app: FastifyInstance, ctx: RuntimeContext): void {
  // FAULT info.no-core: the claimed profiles leave out "core".
  const profiles = ctx.faults.has('info.no-core') ? [] : ['core'];
  const info = {
    runtime: { name: RUNTIME_NAME, version: ctx.version },
    protocolVersion: PROTOCOL_VERSION,
    mode: ctx.mode,
    profiles,
    capabilities: ['models.load', 'route'],
    limits: { ...ctx.limits },
  };
  // REQ-000-001: answered with or without a credential; any Authorization header is ignored.
  // FAULT info.requires-auth: GET /v1/info is guarded like the runtime API.
  const infoGuard = ctx.faults.has('info.requires-auth') ? ctx.access.runtime : {};
  app.get('/v1/info', { ...infoGuard }, () => info);

  app.get('/v1/state', { ...ctx.access.runtime }, () => ({
    state: 'ready',
    models: ctx.models.size,
  }));
}
