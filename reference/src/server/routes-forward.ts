// POST /v1/forward (SPEC-002). Every check runs before any work, in the order of SPEC-002 §4.1/§4.2: runtime state,
// model, model kind, sequence lengths, token ids. Admission fixes the routing seed, the forward delay and the
// deadline (admission time + deadlineMs) for the whole request.

import type { FastifyInstance } from 'fastify';
import { RuntimeError } from '../errors.ts';
import { runForward } from '../forward/forward-engine.ts';
import { checkSequences } from '../forward/forward-input.ts';
import { isTransformerDescriptor } from '../model/manifest-types.ts';
import { bodySchema } from './request-validation.ts';
import type { RuntimeContext } from './runtime-context.ts';

interface ForwardBody {
  model: string;
  sequences: number[][];
  trace?: boolean;
  logits?: boolean;
  deadlineMs?: number;
}

export function registerForwardRoutes(app: FastifyInstance, ctx: RuntimeContext): void {
  app.post<{ Body: ForwardBody }>('/v1/forward', { ...ctx.access.runtime, schema: bodySchema('forward-request') }, async (request) => {
    // The handler runs once the whole body has been received and validated: the admission time of SPEC-002 §3.
    const admittedAt = ctx.clock.now();
    const { model: id, sequences, deadlineMs } = request.body;
    ctx.lifecycle.admit('forward passes');
    const model = ctx.models.get(id);
    if (model === undefined || model.status !== 'ready') throw new RuntimeError('E_MODEL_NOT_FOUND', `model ${id} is not loaded`);
    const { descriptor, transformer } = model;
    if (!isTransformerDescriptor(descriptor) || transformer === null) {
      throw new RuntimeError('E_FORWARD_UNSUPPORTED', `model ${id} is a router-only (formatVersion 1) model`);
    }
    checkSequences(sequences, descriptor, ctx.limits.maxTokensPerRequest);
    const routingSeed = ctx.state.seedOverride ?? descriptor.seed; // REQ-003-018
    return runForward(
      { id, descriptor, transformer },
      sequences,
      { routingSeed, trace: request.body.trace === true, logits: request.body.logits === true },
      { clock: ctx.clock, perLayerDelayMs: ctx.state.perLayerDelayMs, deadlineAt: deadlineMs === undefined ? null : admittedAt + deadlineMs },
    );
  });
}
