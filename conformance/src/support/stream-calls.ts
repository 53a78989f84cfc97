// Generation streams (SPEC-047) as the scenarios open them: the open stream of a scenario, its parsed and
// schema-checked events, and the generation id its start event names.
import assert from 'node:assert/strict';
import { openEventStream, type EventStream } from '../driver/sse-client.ts';
import type { SseEvent } from '../driver/sse-parser.ts';
import type { GenerateBody } from './generation-calls.ts';
import { credentialOf, type Principal } from './principals.ts';
import { schemaRegistry } from './run-context.ts';
import type { ConformanceWorld } from './world.ts';

/** Longest a step waits for stream events a conforming runtime must send. */
export const STREAM_WAIT_MS = 20_000;

export type GenerationEvent =
  | { type: 'start'; id: string; model: string; promptTokens: number }
  | { type: 'token'; index: number; token: number; text: string }
  | { type: 'usage'; promptTokens: number; completionTokens: number; cachedTokens: number; totalTokens: number; finishReason: string; cost?: number }
  | { type: 'error'; error: { code: string; domain: string; retryable: boolean } }
  | { type: 'done' };

export interface OpenStream {
  who: Principal;
  body: GenerateBody;
  stream: EventStream;
}

const OPEN = 'open stream';

export function openStreamOf(world: ConformanceWorld): OpenStream {
  return world.recall<OpenStream>(OPEN);
}

/** Parses and schema-checks one event's data; its type must equal the SSE event field. */
export function eventData(event: SseEvent, what: string): GenerationEvent {
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch {
    assert.fail(`${what}: data is not JSON: ${event.data.slice(0, 200)}`);
  }
  const check = schemaRegistry().check('protocol/generation-event', data);
  assert.ok(check.valid, `${what}: data violates generation-event: ${JSON.stringify(check.errors.slice(0, 3))}`);
  const typed = data as GenerationEvent;
  assert.equal(event.event, typed.type, `${what}: the event field differs from the data's type`);
  return typed;
}

export function tokenEvents(events: readonly SseEvent[]): Extract<GenerationEvent, { type: 'token' }>[] {
  return events.map((e, k) => eventData(e, `event ${k}`)).filter((e): e is Extract<GenerationEvent, { type: 'token' }> => e.type === 'token');
}

/** Opens POST /v1/generate with stream true. A JSON answer (a refused request) becomes the world's last response. */
export async function openGenerationStream(world: ConformanceWorld, who: Principal, body: GenerateBody): Promise<OpenStream | null> {
  const outcome = await openEventStream(world.api, { method: 'POST', path: '/v1/generate', body: { ...body, stream: true }, ...credentialOf(world, who) });
  if (outcome.kind === 'response') {
    world.last = outcome.response;
    return null;
  }
  const open = { who, body, stream: outcome.stream };
  world.remembered.set(OPEN, open);
  // A stream where an error envelope was expected still answers the scenario's "request fails" step, as a 200.
  world.last = { status: outcome.stream.status, headers: outcome.stream.headers, text: '(an event stream)', json: undefined };
  return open;
}

/** The generation id the start event (event 0) names. */
export async function generationIdOf(open: OpenStream): Promise<string> {
  await open.stream.until((events) => events.length >= 1, STREAM_WAIT_MS, 'start event');
  const first = open.stream.events[0];
  assert.ok(first !== undefined, 'the stream ended without a start event');
  const start = eventData(first, 'event 0');
  assert.equal(start.type, 'start', 'the first event is not start');
  return start.type === 'start' ? start.id : '';
}
