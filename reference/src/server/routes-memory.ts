// GET /v1/memory (SPEC-006): the resident-parameter budget, the bytes in use and each loaded model's bytes.

import type { FastifyInstance } from 'fastify';
import type { RuntimeContext } from './runtime-context.ts';

export function registerMemoryRoutes(app: FastifyInstance, ctx: RuntimeContext): void {
  app.get('/v1/memory', { ...ctx.access.runtime }, () => ctx.models.memoryView());
}
