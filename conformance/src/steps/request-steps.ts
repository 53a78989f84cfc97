// Generic protocol steps: credentials, raw requests, statuses, the error envelope, unchanged state.
import assert from 'node:assert/strict';
import { Given, Then, When } from '@cucumber/cucumber';
import {
  assertFailsWith,
  assertStateUnchanged,
  assertSucceeds,
  sendRecorded,
  sendRecordedAllowingEarlyAnswer,
} from '../support/exchanges.ts';
import type { Principal } from '../support/principals.ts';
import type { ConformanceWorld } from '../support/world.ts';

Given('a tenant {string} is provisioned', async function (this: ConformanceWorld, name: string) {
  const response = await this.api.request({ method: 'POST', path: '/v1/conformance/tenants', token: this.token('admin'), body: { name } });
  const body = assertSucceeds(this, response, 201, 'protocol/tenant-response', `provisioning tenant ${name}`) as { tenant: string; token: string };
  assert.equal(body.tenant, name);
  this.tokens.set(name, body.token);
});

When('{principal} sends {word} {string}', async function (this: ConformanceWorld, who: Principal, method: string, path: string) {
  await sendRecorded(this, who, { method, path });
});

When(
  '{principal} sends {word} {string} with body:',
  async function (this: ConformanceWorld, who: Principal, method: string, path: string, body: string) {
    // `{fixtures}` stands for the harness's fixture server, so a body can name a manifest it serves.
    await sendRecorded(this, who, { method, path, rawBody: body.replaceAll('{fixtures}', this.params.fixtureBaseUrl) });
  },
);

When(
  '{principal} sends {word} {string} with content type {string} and body:',
  async function (this: ConformanceWorld, who: Principal, method: string, path: string, contentType: string, body: string) {
    await sendRecorded(this, who, { method, path, rawBody: body, contentType });
  },
);

/** A syntactically valid JSON document of exactly `size` bytes: one member whose string value is padding. */
function paddedJson(size: number): string {
  return `{"pad":"${'x'.repeat(Math.max(0, size - 10))}"}`;
}

When(
  '{principal} sends {word} {string} with a body of {int} bytes',
  async function (this: ConformanceWorld, who: Principal, method: string, path: string, size: number) {
    await sendRecordedAllowingEarlyAnswer(this, who, { method, path, rawBody: paddedJson(size) });
  },
);

When(
  '{principal} sends {word} {string} with content type {string} and a body of {int} bytes',
  async function (this: ConformanceWorld, who: Principal, method: string, path: string, contentType: string, size: number) {
    await sendRecordedAllowingEarlyAnswer(this, who, { method, path, rawBody: paddedJson(size), contentType });
  },
);

Then('the response status is {int}', function (this: ConformanceWorld, status: number) {
  assert.equal(this.last.status, status, `expected status ${status}, got ${this.last.status}: ${this.last.text.slice(0, 500)}`);
});

Then(
  'the request succeeds with status {int} and a body valid against {string}',
  function (this: ConformanceWorld, status: number, schema: string) {
    assertSucceeds(this, this.last, status, schema, 'response');
  },
);

Then('the request succeeds with status {int} and no body', function (this: ConformanceWorld, status: number) {
  assertSucceeds(this, this.last, status, null, 'response');
});

Then('the response body is the JSON:', function (this: ConformanceWorld, expected: string) {
  assert.ok(this.last.json !== undefined, `the body is not JSON: ${this.last.text.slice(0, 300)}`);
  assert.deepEqual(this.last.json, JSON.parse(expected));
});

Then('the request fails with {word}', function (this: ConformanceWorld, code: string) {
  assertFailsWith(this, code);
});

Then('the request fails with {word} and the state is unchanged', async function (this: ConformanceWorld, code: string) {
  assertFailsWith(this, code);
  await assertStateUnchanged(this);
});
