// Streams (SPEC-047): framing, ids and order, token texts, the usage record, replay with Last-Event-ID,
// cancellation by disconnect and by DELETE, visibility across tenants, mid-stream errors and the status route.
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import { openEventStream } from '../driver/sse-client.ts';
import type { SseEvent } from '../driver/sse-parser.ts';
import { assertFailsWith, assertSucceeds } from '../support/exchanges.ts';
import {
  bodyOf,
  finishedStatus,
  generateRecorded,
  generationStatus,
  recordNamed,
  setScheduler,
  type GenerationStatus,
} from '../support/generation-calls.ts';
import { credentialOf, type Principal } from '../support/principals.ts';
import {
  eventData,
  generationIdOf,
  openGenerationStream,
  openStreamOf,
  STREAM_WAIT_MS,
  tokenEvents,
  type OpenStream,
} from '../support/stream-calls.ts';
import type { ConformanceWorld } from '../support/world.ts';

When('{principal} opens a stream from {string} of {string} with {string}', async function (this: ConformanceWorld, who: Principal, prompt: string, model: string, options: string) {
  const open = await openGenerationStream(this, who, bodyOf(model, prompt, options));
  assert.ok(open !== null, `expected an event stream, got ${this.last.status}: ${this.last.text.slice(0, 300)}`);
});

When('{principal} sends the streamed generation {string} of {string} with {string}', async function (this: ConformanceWorld, who: Principal, prompt: string, model: string, options: string) {
  await openGenerationStream(this, who, bodyOf(model, prompt, options));
});

When(
  '{principal} streams {string} again with the stop sequences {string} taken from its tokens',
  async function (this: ConformanceWorld, who: Principal, label: string, ranges: string) {
    const earlier = recordNamed(this, label);
    const stop = ranges.split(',').map((r) => {
      const [a = 0, b = a] = r.trim().split('-').map(Number);
      return earlier.result.tokens.slice(a, b + 1);
    });
    const open = await openGenerationStream(this, who, { ...earlier.body, stop });
    assert.ok(open !== null, `expected an event stream, got ${this.last.status}: ${this.last.text.slice(0, 300)}`);
  },
);

When('the open stream has received {int} token event(s)', async function (this: ConformanceWorld, count: number) {
  const reached = await openStreamOf(this).stream.until((events) => events.filter((e) => e.event === 'token').length >= count, STREAM_WAIT_MS, `${count} token event(s)`);
  assert.ok(reached, `the stream ended before ${count} token event(s)`);
});

When('the open stream is read to its end', async function (this: ConformanceWorld) {
  await openStreamOf(this).stream.all(STREAM_WAIT_MS);
});

Then('the stream is well formed: ids from 0, start, tokens, usage, done, then the end', async function (this: ConformanceWorld) {
  await assertWellFormed(this);
});

async function assertWellFormed(world: ConformanceWorld): Promise<void> {
  const { stream } = openStreamOf(world);
  const events = await stream.all(STREAM_WAIT_MS);
  assert.equal(stream.status, 200);
  assert.deepEqual(stream.parser.problems, [], 'event-stream framing problems');
  assert.ok(stream.endedByServer, 'the runtime did not end the response');
  const types = events.map((e, k) => {
    assert.equal(e.id, String(k), `event ${k} has id ${String(e.id)}`);
    assert.equal(e.dataLines, 1, `event ${k} spreads its data over ${e.dataLines} lines`);
    return eventData(e, `event ${k}`).type;
  });
  const pattern = /^start(,token)*,usage,done$/;
  assert.ok(pattern.test(types.join(',')), `event order is ${types.join(',')}`);
  tokenEvents(events).forEach((t, i) => assert.equal(t.index, i, `token event ${i} has index ${t.index}`));
}

Then('once the scheduler is resumed the open stream completes well formed', async function (this: ConformanceWorld) {
  await setScheduler(this, { paused: false });
  await assertWellFormed(this);
});

Then('the stream carries the tokens, texts and usage of the same request not streamed', async function (this: ConformanceWorld) {
  const open = openStreamOf(this);
  const events = await open.stream.all(STREAM_WAIT_MS);
  const plain = await generateRecorded(this, open.who, open.body, 'not streamed');
  const tokens = tokenEvents(events);
  assert.deepEqual(tokens.map((t) => t.token), plain.result.tokens, 'token events differ from the non-streamed tokens');
  const usage = events.map((e, k) => eventData(e, `event ${k}`)).find((e) => e.type === 'usage');
  assert.ok(usage !== undefined && usage.type === 'usage', 'no usage event');
  const { type: _type, finishReason, ...counts } = usage;
  assert.deepEqual(counts, plain.result.usage, 'the usage event differs from the non-streamed usage');
  assert.equal(finishReason, plain.result.finishReason, 'finishReason');
  if (finishReason === 'length') assert.equal(counts.completionTokens, tokens.length, 'completionTokens is not the number of token events');
});

Then('the token texts are the incremental UTF-8 decoding of the tokens, which include a multi-byte lead byte', async function (this: ConformanceWorld) {
  const tokens = tokenEvents(await openStreamOf(this).stream.all(STREAM_WAIT_MS));
  // Non-vacuity: a lead byte 0xC2..0xF4 followed by another token is decoded differently alone and in context.
  assert.ok(tokens.slice(0, -1).some((t) => t.token >= 0xc2 && t.token <= 0xf4), 'no multi-byte lead byte before the last token');
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  tokens.forEach((t, i) => assert.equal(t.text, decoder.decode(Uint8Array.of(t.token), { stream: true }), `text of token event ${i}`));
});

async function resume(world: ConformanceWorld, who: Principal, id: string, lastEventId: string | null): Promise<SseEvent[]> {
  const headers: Record<string, string> = lastEventId === null ? {} : { 'last-event-id': lastEventId };
  const outcome = await openEventStream(world.api, { method: 'GET', path: `/v1/generations/${id}/events`, headers, ...credentialOf(world, who) });
  assert.equal(outcome.kind, 'stream', `GET /v1/generations/${id}/events did not answer an event stream`);
  if (outcome.kind !== 'stream') return [];
  const events = await outcome.stream.all(STREAM_WAIT_MS);
  assert.ok(outcome.stream.endedByServer, 'the replay of a finished generation did not end');
  assert.deepEqual(outcome.stream.parser.problems, []);
  return events;
}

Then('resuming after event {int} replays exactly the later events', async function (this: ConformanceWorld, after: number) {
  const open = openStreamOf(this);
  const all = await open.stream.all(STREAM_WAIT_MS);
  assert.ok(after < all.length, `the stream has only ${all.length} events`);
  const replay = await resume(this, open.who, await generationIdOf(open), String(after));
  assert.deepEqual(replay, all.slice(after + 1), `replay after event ${after}`);
});

Then('resuming without Last-Event-ID replays every event', async function (this: ConformanceWorld) {
  const open = openStreamOf(this);
  const all = await open.stream.all(STREAM_WAIT_MS);
  assert.deepEqual(await resume(this, open.who, await generationIdOf(open), null), all);
});

When('{principal} follows the open stream\'s generation from the start', async function (this: ConformanceWorld, who: Principal) {
  const id = await generationIdOf(openStreamOf(this));
  const outcome = await openEventStream(this.api, { method: 'GET', path: `/v1/generations/${id}/events`, ...credentialOf(this, who) });
  assert.equal(outcome.kind, 'stream', 'the follower got no event stream');
  if (outcome.kind === 'stream') this.remembered.set('follower', outcome.stream);
});

Then('the follower receives the same events as the open stream', async function (this: ConformanceWorld) {
  const follower = this.recall<OpenStream['stream']>('follower');
  const [mine, theirs] = await Promise.all([openStreamOf(this).stream.all(STREAM_WAIT_MS), follower.all(STREAM_WAIT_MS)]);
  assert.ok(mine.some((e) => e.event === 'token'), 'the generation streamed no token');
  assert.deepEqual(theirs, mine);
});

When('the client closes the open stream after {int} token event(s)', async function (this: ConformanceWorld, count: number) {
  const open = openStreamOf(this);
  this.remembered.set('open stream generation', await generationIdOf(open));
  const reached = await open.stream.until((events) => events.filter((e) => e.event === 'token').length >= count, STREAM_WAIT_MS, `${count} token event(s)`);
  assert.ok(reached, `the stream ended before ${count} token event(s)`);
  await open.stream.abort();
});

async function finishedOpen(world: ConformanceWorld): Promise<GenerationStatus> {
  const open = openStreamOf(world);
  return finishedStatus(world, open.who, await generationIdOf(open));
}

Then('the open stream\'s generation finishes cancelled with fewer than {int} token(s)', async function (this: ConformanceWorld, bound: number) {
  const status = await finishedOpen(this);
  assert.equal(status.outcome?.finishReason, 'cancelled', `finishReason ${String(status.outcome?.finishReason)}`);
  assert.ok((status.outcome?.tokens.length ?? bound) < bound, `${String(status.outcome?.tokens.length)} tokens`);
});

Then('the open stream\'s generation stays queued without a token event for {int} ms', async function (this: ConformanceWorld, ms: number) {
  const open = openStreamOf(this);
  const id = await generationIdOf(open);
  // A conforming runtime never runs a step while paused; any token within the wait is a violation.
  await new Promise((resolve) => setTimeout(resolve, ms));
  assert.equal(open.stream.events.filter((e) => e.event === 'token').length, 0, 'a token was streamed while paused');
  assert.equal((await generationStatus(this, open.who, id)).state, 'queued');
});

When('{principal} deletes the open stream\'s generation', async function (this: ConformanceWorld, who: Principal) {
  const id = await generationIdOf(openStreamOf(this));
  const response = await this.api.request({ method: 'DELETE', path: `/v1/generations/${id}`, ...credentialOf(this, who) });
  this.last = response;
});

Then('the cancellation is accepted', function (this: ConformanceWorld) {
  assertSucceeds(this, this.last, 202, 'protocol/generation-status', 'DELETE /v1/generations/{id}');
});

Then('the open stream ends with usage {string} and done', async function (this: ConformanceWorld, reason: string) {
  const events = await openStreamOf(this).stream.all(STREAM_WAIT_MS);
  const data = events.map((e, k) => eventData(e, `event ${k}`));
  assert.deepEqual(data.slice(-2).map((d) => d.type), ['usage', 'done'], `last events ${data.map((d) => d.type).join(',')}`);
  const usage = data.at(-2);
  assert.ok(usage?.type === 'usage' && usage.finishReason === reason, `usage finishReason ${usage?.type === 'usage' ? usage.finishReason : '-'}`);
  const status = await finishedOpen(this);
  assert.equal(status.outcome?.finishReason, reason);
});

Then('the open stream ends with an error event {word} after its start, without usage or done', async function (this: ConformanceWorld, code: string) {
  const { stream } = openStreamOf(this);
  const data = (await stream.all(STREAM_WAIT_MS)).map((e, k) => eventData(e, `event ${k}`));
  assert.ok(/^start(,token)*,error$/.test(data.map((d) => d.type).join(',')), `event order ${data.map((d) => d.type).join(',')}`);
  const last = data.at(-1);
  assert.ok(last?.type === 'error' && last.error.code === code, `error event code ${last?.type === 'error' ? last.error.code : '-'}`);
  const status = await finishedOpen(this);
  assert.equal(status.outcome?.finishReason, 'error');
  assert.equal(status.outcome?.error?.code, code);
});

Then('{principal} cannot see, follow or cancel the open stream\'s generation', async function (this: ConformanceWorld, who: Principal) {
  const id = await generationIdOf(openStreamOf(this));
  for (const [method, path] of [['GET', `/v1/generations/${id}`], ['GET', `/v1/generations/${id}/events`], ['DELETE', `/v1/generations/${id}`]] as const) {
    const response = await this.api.request({ method, path, ...credentialOf(this, who) });
    assertFailsWith(this, 'E_GENERATION_NOT_FOUND', response);
  }
});

Then('{principal} cannot see, follow or cancel the generation {string}', async function (this: ConformanceWorld, who: Principal, label: string) {
  const { id } = recordNamed(this, label).result;
  for (const [method, path] of [['GET', `/v1/generations/${id}`], ['GET', `/v1/generations/${id}/events`], ['DELETE', `/v1/generations/${id}`]] as const) {
    assertFailsWith(this, 'E_GENERATION_NOT_FOUND', await this.api.request({ method, path, ...credentialOf(this, who) }));
  }
});

Then('the status of {string} is finished with an outcome equal to its result', async function (this: ConformanceWorld, label: string) {
  const { who, result } = recordNamed(this, label);
  const status = await generationStatus(this, who, result.id);
  assert.equal(status.state, 'finished');
  assert.equal(status.id, result.id);
  const { tokens, text, finishReason, usage, timing } = result;
  assert.deepEqual(status.outcome, { tokens, text, finishReason, usage, timing });
});
