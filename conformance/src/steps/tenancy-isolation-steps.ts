// Multi-tenant isolation (SPEC-050 §4.1, §4.5): another tenant's generation is as absent as an unknown one, and a
// prompt one tenant cached gives another tenant no reused positions. Quotas and the fair queue: tenancy-steps.ts.
import assert from 'node:assert/strict';
import { Then, When } from '@cucumber/cucumber';
import type { HttpResponse } from '../driver/http-client.ts';
import { repeatCachedTokens } from '../oracle/tenancy-fairness.ts';
import { assertFailsWith, assertSucceeds } from '../support/exchanges.ts';
import { credentialOf, type Principal } from '../support/principals.ts';
import type { ConformanceWorld } from '../support/world.ts';

interface LastGeneration {
  who: Principal;
  result: { id: string; tokens: number[]; finishReason: string };
}

interface GenerationStatus {
  id: string;
  state: string;
  outcome?: { finishReason: string; tokens: number[] };
}

/** The three ways to reach a generation by id: read it, replay its events, cancel it. */
async function reachById(world: ConformanceWorld, who: Principal, id: string): Promise<HttpResponse[]> {
  const credential = credentialOf(world, who);
  const path = `/v1/generations/${id}`;
  // Cancellation before the event replay: a runtime that wrongly serves the replay must not leave it open first.
  return [
    await world.api.request({ method: 'GET', path, ...credential }),
    await world.api.request({ method: 'DELETE', path, ...credential }),
    await world.api.request({ method: 'GET', path: `${path}/events`, ...credential }),
  ];
}

When(
  "{principal} asks for tenant {string}'s last generation by its id, its events and its cancellation",
  async function (this: ConformanceWorld, who: Principal, owner: string) {
    const last = this.recall<LastGeneration>('tenancy last generation');
    assert.deepEqual(last.who, { kind: 'tenant', name: owner }, `the last generation of this scenario is not tenant ${owner}'s`);
    this.remembered.set('tenancy reach answers', await reachById(this, who, last.result.id));
    // An id of the same shape that no generation has: what "never existed" answers.
    const unknown = 'Z'.repeat(last.result.id.length);
    this.remembered.set('tenancy unknown answers', await reachById(this, who, unknown));
  },
);

Then('each answer is 404 E_GENERATION_NOT_FOUND, exactly as for an id that never existed', function (this: ConformanceWorld) {
  const answers = this.recall<HttpResponse[]>('tenancy reach answers');
  const unknown = this.recall<HttpResponse[]>('tenancy unknown answers');
  for (const [i, response] of answers.entries()) {
    assertFailsWith(this, 'E_GENERATION_NOT_FOUND', response);
    const control = unknown[i]!;
    assertFailsWith(this, 'E_GENERATION_NOT_FOUND', control);
    assert.equal(response.headers.get('content-type'), control.headers.get('content-type'), 'the answers differ in media type');
  }
});

Then(
  "tenant {string} and the admin read tenant {string}'s last generation unchanged, finished with {string}",
  async function (this: ConformanceWorld, reader: string, owner: string, reason: string) {
    const last = this.recall<LastGeneration>('tenancy last generation');
    assert.equal(reader, owner, 'the owner reads its own generation');
    for (const who of [last.who, { kind: 'admin' } as const]) {
      const response = await this.api.request({ method: 'GET', path: `/v1/generations/${last.result.id}`, ...credentialOf(this, who) });
      const status = assertSucceeds(this, response, 200, 'protocol/generation-status', `GET the generation as ${who.kind}`) as GenerationStatus;
      assert.equal(status.id, last.result.id);
      assert.equal(status.state, 'finished');
      assert.equal(status.outcome?.finishReason, reason, 'the finish reason changed');
      assert.deepEqual(status.outcome?.tokens, last.result.tokens, 'the tokens changed');
    }
  },
);

/** A fixed prompt of `length` tokens, the same for every tenant of the scenario. */
function sharedPrompt(length: number): number[] {
  return Array.from({ length }, (_, i) => (7 * i + 11) % 256);
}

async function generateShared(world: ConformanceWorld, who: Principal, length: number, maxTokens: number): Promise<number> {
  const body = { model: 'default', prompt: sharedPrompt(length), maxTokens };
  const response = await world.api.request({ method: 'POST', path: '/v1/generate', body, ...credentialOf(world, who) });
  world.last = response;
  const result = assertSucceeds(world, response, 200, 'protocol/generation-result', 'POST /v1/generate') as { usage: { cachedTokens: number } };
  return result.usage.cachedTokens;
}

When(
  '{principal} generates from a {int}-token prompt with maxTokens {int}, reporting {int} cached tokens',
  async function (this: ConformanceWorld, who: Principal, length: number, maxTokens: number, cached: number) {
    assert.equal(await generateShared(this, who, length, maxTokens), cached, 'cachedTokens');
  },
);

When(
  '{principal} generates from the same {int}-token prompt with maxTokens {int}, reporting {int} cached tokens',
  async function (this: ConformanceWorld, who: Principal, length: number, maxTokens: number, cached: number) {
    assert.equal(await generateShared(this, who, length, maxTokens), cached, 'cachedTokens');
  },
);

When(
  '{principal} generates from the same {int}-token prompt with maxTokens {int}, reporting the cached tokens of a repeat',
  async function (this: ConformanceWorld, who: Principal, length: number, maxTokens: number) {
    const expected = repeatCachedTokens(length);
    assert.ok(expected > 0, 'the prompt is too short to leave a full page to reuse');
    assert.equal(await generateShared(this, who, length, maxTokens), expected, 'cachedTokens of a repeat (SPEC-046 §4.4)');
  },
);
