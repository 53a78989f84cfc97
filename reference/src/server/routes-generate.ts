// Generation routes (SPEC-043, SPEC-046, SPEC-047): POST /v1/generate (a JSON result, or an event stream when
// `stream` is true), GET /v1/generations/{id} (state and outcome), GET /v1/generations/{id}/events (the stream again,
// from the event after Last-Event-ID), DELETE /v1/generations/{id} (cancel), GET /v1/kv (pool figures, admin) and
// the conformance control PUT /v1/conformance/scheduler (batch size, pause).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RuntimeError, type ErrorCode } from '../errors.ts';
import type { Generation, GenerationOutcome } from '../inference/generation/generation.ts';
import type { KvPagePool } from '../inference/generation/kv-pool.ts';
import type { GenerationBehaviour } from '../inference/generation/generation-faults.ts';
import type { Scheduler } from '../inference/generation/scheduler.ts';
import type { GenerateInput, InferenceService } from '../inference/generation/service.ts';
import { principalOf } from './auth-hooks.ts';
import { bodySchema } from './request-validation.ts';
import { controlGuard } from './routes-control.ts';
import type { RuntimeContext } from './runtime-context.ts';
import { openEventStream } from './sse.ts';

interface IdParams {
  id: string;
}

function resultView(outcome: GenerationOutcome): Record<string, unknown> {
  const { id, model, tokens, text, finishReason, usage, timing } = outcome;
  return { id, model, tokens, text, finishReason, usage, timing };
}

function statusView(generation: Generation, b: GenerationBehaviour): Record<string, unknown> {
  const view: Record<string, unknown> = { id: generation.id, model: generation.model, state: generation.state };
  if (generation.outcome !== null) {
    const { finishReason, text, usage, timing, error } = generation.outcome;
    // Under stream.status-drops-last-token: the status leaves out the last token.
    const tokens = b.statusDropsLastToken ? generation.outcome.tokens.slice(0, -1) : generation.outcome.tokens;
    view['outcome'] = { finishReason, tokens, text, usage, timing, ...(error === undefined ? {} : { error }) };
  }
  return view;
}

/**
 * Streams a generation's events from index `from`. When the client that asked for the generation goes away
 * (`owner`), the generation is cancelled; a follower of GET /v1/generations/{id}/events leaving cancels nothing.
 */
function streamEvents(request: FastifyRequest, reply: FastifyReply, generation: Generation, from: number, b: GenerationBehaviour, owner: boolean): void {
  let unsubscribe: () => void = () => undefined;
  const stream = openEventStream(request, reply, () => {
    unsubscribe();
    // Under stream.disconnect-ignored: the generation runs on for nobody.
    if (owner && !b.disconnectIgnored) generation.cancel();
  });
  unsubscribe = generation.follow(from, (event, index) => {
    // Under stream.ids-from-one: ids are written 1-based.
    stream.send({ id: b.idsFromOne ? index + 1 : index, event: event.type, data: JSON.stringify(event) });
    if (event.type === 'done' || event.type === 'error') stream.end();
  });
  if (generation.state === 'finished') stream.end();
}

/** The event after Last-Event-ID (0 without one); a value that is not an event index is a bad request. */
function resumeFrom(request: FastifyRequest, b: GenerationBehaviour): number {
  const header = request.headers['last-event-id'];
  if (header === undefined) return 0;
  const text = Array.isArray(header) ? header[0] ?? '' : header;
  if (!/^(0|[1-9][0-9]{0,8})$/.test(text.trim())) throw new RuntimeError('E_PROTOCOL_BAD_REQUEST', 'Last-Event-ID must be an event index');
  // Under stream.resume-includes-last: the Last-Event-ID event is sent again.
  return Number(text.trim()) + (b.resumeIncludesLast ? 0 : 1);
}

export function registerGenerateRoutes(app: FastifyInstance, ctx: RuntimeContext, service: InferenceService, pool: KvPagePool, b: GenerationBehaviour): void {
  const guard = ctx.access.runtime;

  app.post<{ Body: GenerateInput & { stream?: boolean } }>('/v1/generate', { ...guard, schema: bodySchema('generate-request') }, async (request, reply) => {
    const { stream, ...input } = request.body;
    const generation = service.submit(principalOf(request), input);
    if (stream === true) {
      streamEvents(request, reply, generation, 0, b, true);
      return reply;
    }
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished && !b.disconnectIgnored) generation.cancel();
    });
    const outcome = await generation.done;
    if (outcome.errorCode !== undefined) return ctx.errors.send(reply, outcome.errorCode as ErrorCode, outcome.error?.message ?? '');
    return resultView(outcome);
  });

  app.get<{ Params: IdParams }>('/v1/generations/:id', { ...guard }, (request) => statusView(service.find(principalOf(request), request.params.id), b));

  app.get<{ Params: IdParams }>('/v1/generations/:id/events', { ...guard }, (request, reply) => {
    const generation = service.find(principalOf(request), request.params.id);
    streamEvents(request, reply, generation, resumeFrom(request, b), b, false);
    return reply;
  });

  app.delete<{ Params: IdParams }>('/v1/generations/:id', { ...guard }, async (request, reply) => {
    const generation = service.find(principalOf(request), request.params.id);
    // Under stream.delete-ignored: the answer waits for the generation to end by itself.
    if (b.deleteIgnored) await generation.done;
    else generation.cancel();
    return reply.code(202).send(statusView(generation, b));
  });

  app.get('/v1/kv', { ...ctx.access.admin }, () => ({ ...pool.figures(), sequences: service.scheduler.figures.running }));
}

/**
 * PUT /v1/conformance/scheduler (batch size and pause, to make queueing observable) and PUT /v1/conformance/kv
 * (a pool of another size, to provoke waiting and E_MEMORY_KV): conformance control API.
 */
export function registerSchedulerControlRoutes(app: FastifyInstance, ctx: RuntimeContext, scheduler: Scheduler, pool: KvPagePool): void {
  app.put<{ Body: { pagesTotal: number } }>('/v1/conformance/kv', { ...controlGuard(ctx), schema: bodySchema('kv-pool-control') }, (request) => {
    const { queued, running } = scheduler.figures;
    if (queued + running > 0) throw new RuntimeError('E_STATE_TRANSITION', 'the KV pool can be resized only while no generation is queued or running');
    pool.reset(request.body.pagesTotal);
    return { ...pool.figures(), sequences: 0 };
  });
  const view = (): Record<string, unknown> => ({ maxBatch: scheduler.maxBatch, paused: scheduler.paused, ...scheduler.figures });
  app.get('/v1/conformance/scheduler', { ...controlGuard(ctx) }, () => view());
  app.put<{ Body: { maxBatch?: number; paused?: boolean } }>('/v1/conformance/scheduler', { ...controlGuard(ctx), schema: bodySchema('scheduler-control') }, (request) => {
    if (request.body.maxBatch !== undefined) scheduler.maxBatch = request.body.maxBatch;
    if (request.body.paused !== undefined) scheduler.paused = request.body.paused;
    return view();
  });
}
