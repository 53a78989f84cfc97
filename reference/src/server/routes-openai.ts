// POST /v1/completions and POST /v1/chat/completions (SPEC-047 §4.8, REQ-047-010 to 013): OpenAI-shaped requests mapped onto
// the generation service that POST /v1/generate uses, answered as OpenAI bodies or chunk streams. Everything the
// service refuses before any work (model, lengths, quotas) is an ordinary coded error with its status; once a
// stream has started, an error travels as a `data: {"error": …}` line.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isRuntimeError, type ErrorCode } from '../errors.ts';
import type { OpenAIChatCompletionRequest } from '../../../schemas/generated/protocol/openai-chat-request.schema.ts';
import type { OpenAICompletionRequest } from '../../../schemas/generated/protocol/openai-completion-request.schema.ts';
import type { InferenceService } from '../inference/generation/service.ts';
import {
  collectResult,
  mapChatRequest,
  mapCompletionRequest,
  openAiBehaviour,
  relayGeneration,
  ResponseBuilder,
  type MappedRequest,
  type OpenAiKind,
} from '../inference/openai/index.ts';
import { principalOf } from './auth-hooks.ts';
import { bodySchema } from './request-validation.ts';
import type { RuntimeContext } from './runtime-context.ts';
import { openEventStream } from './sse.ts';

export interface OpenAiRouteOptions {
  /** Unix time in whole seconds for `created`; the system clock unless a test injects one. */
  epochSeconds?: () => number;
}

const systemEpochSeconds = (): number => Math.floor(Date.now() / 1000);

export function registerOpenAiRoutes(
  app: FastifyInstance,
  ctx: RuntimeContext,
  service: Pick<InferenceService, 'submit'>,
  options: OpenAiRouteOptions = {},
): void {
  const behaviour = openAiBehaviour(ctx.faults);
  const epochSeconds = options.epochSeconds ?? systemEpochSeconds;

  const serve = async (kind: OpenAiKind, mapped: MappedRequest, request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    // The runtime guard has authenticated the header; the principal decides whose generation this is.
    const principal = principalOf(request);
    const generation = service.submit(principal, mapped.input);
    const builder = new ResponseBuilder({ kind, generationId: generation.id, model: generation.model, created: epochSeconds() }, behaviour.builders);
    if (mapped.stream) {
      // REQ-047-005: a streaming client that goes away cancels its generation.
      const sink = openEventStream(request, reply, () => {
        if (behaviour.cancelOnDisconnect) generation.cancel();
      });
      relayGeneration(generation, builder, { kind, includeUsage: mapped.includeUsage, faults: behaviour.relay }, sink);
      return reply;
    }
    // A client that goes away before the body is sent cancels the generation (a no-op once it has finished).
    reply.raw.on('close', () => {
      if (behaviour.cancelOnDisconnect && !reply.raw.writableFinished) generation.cancel();
    });
    const outcome = await generation.done;
    const result = collectResult(generation.events);
    if (result.kind === 'error') return ctx.errors.send(reply, result.error.code as ErrorCode, result.error.message);
    // The whole decoding of the output (a trailing incomplete UTF-8 sequence is U+FFFD), as the native result's text.
    return builder.body(outcome.text, result.usage);
  };

  // Only under the openai.error-shape fault: refusals in OpenAI's own error object, without domain and retryable.
  const faultyErrors = behaviour.openAiErrorShape
    ? {
        errorHandler: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply => {
          const code: ErrorCode = isRuntimeError(error) ? error.code : 'E_PROTOCOL_BAD_REQUEST';
          return reply.code(ctx.errors.status(code)).send({ error: { message: error.message, type: 'invalid_request_error', param: null, code } });
        },
      }
    : {};

  app.post<{ Body: OpenAICompletionRequest }>(
    '/v1/completions',
    { ...ctx.access.runtime, ...faultyErrors, schema: bodySchema('openai-completion-request') },
    async (request, reply) => serve('completion', mapCompletionRequest(request.body, behaviour.mapping), request, reply),
  );

  app.post<{ Body: OpenAIChatCompletionRequest }>(
    '/v1/chat/completions',
    { ...ctx.access.runtime, ...faultyErrors, schema: bodySchema('openai-chat-request') },
    async (request, reply) => serve('chat', mapChatRequest(request.body, behaviour.mapping), request, reply),
  );
}
