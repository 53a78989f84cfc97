// POST /v1/forward (SPEC-002). Every check runs before any work, in the order of SPEC-002 §4.1/§4.2: runtime state,
// model, model kind, sequence lengths, token ids. Admission fixes the routing seed, the forward delay and the
// deadline (admission time + deadlineMs) for the whole request. Fault-switch variants live in forward-variants.ts.

import type { FastifyInstance } from 'fastify';
import { RuntimeError } from '../errors.ts';
import { runForward, type ForwardPacing } from '../forward/forward-engine.ts';
import { checkSequences } from '../forward/forward-input.ts';
import type { ForwardFaults } from '../forward/forward-behaviour.ts';
import type { ForwardResult } from '../forward/forward-types.ts';
import { dispatchBehaviour } from '../inference/dispatch/dispatch-faults.ts';
import { DispatchRecorder, type DispatchTrace } from '../inference/dispatch/dispatch-recorder.ts';
import { isTransformerDescriptor } from '../model/manifest-types.ts';
import { resolveRoutingPolicy, type Deployment } from '../inference/budget/index.ts';
import type { LoadedModel } from '../model/model-store.ts';
import {
  ForwardCoalescer, InFlightLengths, longestFirst, runLeftPadded, runOneByOne, tokensModulo, truncateSequences, withElapsed, type SequenceRunner,
} from './forward-variants.ts';
import { bodySchema } from './request-validation.ts';
import { descriptorSeed, type RuntimeContext } from './runtime-context.ts';

interface ForwardBody {
  model: string;
  sequences: number[][];
  trace?: boolean;
  logits?: boolean;
  deadlineMs?: number;
  dispatch?: boolean;
  capacity?: number;
  tierSet?: number[];
  budget?: { latencyMs?: number; maxCost?: number };
}

export function registerForwardRoutes(app: FastifyInstance, ctx: RuntimeContext, deployment: Deployment): void {
  const b = ctx.behaviour;
  const coalescer = new ForwardCoalescer();
  const dispatchFaults = dispatchBehaviour(ctx.faults);
  const inFlight = new InFlightLengths();

  /** Per-request fault deviations of the pass itself (all false without faults). */
  const passFaults = (model: LoadedModel): ForwardFaults => ({
    ...ctx.forwardFaults,
    skipSharedExpert: (b.delaySkipsShared && ctx.state.perLayerDelayMs > 0) || (b.degradedSkipsShared && ctx.lifecycle.state === 'degraded'),
    ropeAnglesBinary32: b.reloadRopeBinary32 && model.manifestLoads > 1,
  });

  const beforeLayer = (model: LoadedModel): ForwardPacing['beforeLayer'] => {
    if (!b.seedPerLayer && !b.unloadFailsInFlight && !b.drainAbortsInFlight) return undefined;
    return (batch) => {
      if (b.seedPerLayer) batch.reseed(ctx.state.seedOverride ?? model.descriptor.seed);
      if (b.unloadFailsInFlight && !ctx.models.isResident(model)) throw new RuntimeError('E_INTERNAL', `model ${model.id} was unloaded mid-request`);
      if (b.drainAbortsInFlight && ctx.lifecycle.state === 'draining') throw new RuntimeError('E_STATE_UNAVAILABLE', 'the runtime is draining');
    };
  };

  app.post<{ Body: ForwardBody }>('/v1/forward', { ...ctx.access.runtime, schema: bodySchema('forward-request') }, async (request) => {
    // The handler runs once the whole body has been received and validated: the admission time of SPEC-002 §3.
    const admittedAt = ctx.clock.now();
    const { model: id, deadlineMs } = request.body;
    let { sequences } = request.body;
    ctx.lifecycle.admit('forward passes');
    const model = ctx.models.servable(id);
    if (model === undefined || model.status !== 'ready') throw new RuntimeError('E_MODEL_NOT_FOUND', `model ${id} is not loaded`);
    const { descriptor, transformer } = model;
    if (!isTransformerDescriptor(descriptor) || transformer === null) {
      throw new RuntimeError(b.v1ForwardAs500 ? 'E_INTERNAL' : 'E_FORWARD_UNSUPPORTED', `model ${id} is a router-only (formatVersion 1) model`);
    }
    if (b.noLengthCheck) sequences = truncateSequences(sequences, descriptor.maxSeq);
    if (b.tokenModulo) sequences = tokensModulo(sequences, descriptor.vocab);
    const check = (list: number[][]): void => checkSequences(list, descriptor, b.noLengthCheck ? Infinity : ctx.limits.maxTokensPerRequest);
    if (b.lazyValidation && sequences.length === 0) check(sequences);
    if (!b.lazyValidation && !(b.noLengthCheck && sequences.length === 0)) check(sequences);
    // REQ-003-018: the override when set, else the descriptor seed.
    const override = b.forwardIgnoresSeedOverride ? null : ctx.state.seedOverride;
    const routingSeed = override ?? descriptorSeed(ctx, descriptor.seed);
    // SPEC-044: every pass gets a recorder (expert batch capacity, the tier prefetch of SPEC-045); it keeps the
    // dispatch trace only when the request asks for it.
    const recorder = new DispatchRecorder({ capacity: request.body.capacity ?? null, trace: request.body.dispatch === true, behaviour: dispatchFaults });
    // SPEC-041, SPEC-042, SPEC-048: the tier set and budgets, after the token checks (their errors come last).
    const { tierSet, budget } = request.body;
    const routing = resolveRoutingPolicy(descriptor, { ...(tierSet === undefined ? {} : { tierSet }), ...(budget === undefined ? {} : { budget }) }, deployment, id);
    const options = {
      routingSeed, trace: request.body.trace === true, logits: request.body.logits === true, faults: passFaults(model), dispatch: recorder,
      policy: routing.policy,
    };
    const pacing: ForwardPacing = {
      clock: ctx.clock,
      perLayerDelayMs: ctx.state.perLayerDelayMs,
      deadlineAt: deadlineMs === undefined || b.ignoreDeadline ? null : admittedAt + deadlineMs,
      beforeLayer: beforeLayer(model),
    };
    const forwardModel = { id, descriptor, transformer };
    let run: SequenceRunner = (list) => runForward(forwardModel, list, options, pacing);
    if (b.leftPadRequest) {
      const inner = run;
      run = (list) => runLeftPadded(list, Math.max(0, ...list.map((s) => s.length)), descriptor, inner, ctx.forwardFaults.sequenceDigestHex);
    }
    if (b.padToLongestInFlight) {
      const inner = run;
      const longest = inFlight.longest();
      run = (list) => inFlight.track(Math.max(0, ...list.map((s) => s.length)), () => (longest > 0 ? runLeftPadded(list, longest, descriptor, inner, ctx.forwardFaults.sequenceDigestHex) : inner(list)));
    }
    const execute = async (): Promise<ForwardResult> => {
      if (b.lazyValidation) return runOneByOne(sequences, run, (sequence) => check([sequence]));
      try {
        return await run(sequences);
      } catch (error) {
        // forward.partial-on-deadline: a multi-sequence request past its deadline answers its first sequence, run undelayed.
        if (!b.partialOnDeadline || sequences.length < 2 || !(error instanceof RuntimeError) || error.code !== 'E_DEADLINE_EXCEEDED') throw error;
        return runForward(forwardModel, sequences.slice(0, 1), options, { clock: ctx.clock, perLayerDelayMs: 0, deadlineAt: null });
      }
    };
    let result = b.coalesceDropsTrace ? await coalescer.run(JSON.stringify([id, model.manifestDigest, request.body, routingSeed]), execute) : await execute();
    if (b.sequencesByLength) result = longestFirst(result);
    if (b.extraSequenceMember) result = withElapsed(result, ctx.clock.now() - admittedAt);
    // REQ-044-001: the dispatch trace, present exactly when asked for.
    if (request.body.dispatch === true) return { ...result, dispatch: recorder.trace() } satisfies ForwardResult & { dispatch: DispatchTrace };
    return result;
  });
}
