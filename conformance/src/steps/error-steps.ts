// The error envelope itself (SPEC-007 §4.2): its exact members, and what its message must not reveal.
import assert from 'node:assert/strict';
import { Then } from '@cucumber/cucumber';
import { repoRoot } from '../paths.ts';
import { messageLeaks } from '../support/checks/error-message.ts';
import { knownSecrets } from '../support/principals.ts';
import type { ConformanceWorld } from '../support/world.ts';

interface Envelope {
  readonly error: Record<string, unknown>;
}

function envelope(world: ConformanceWorld): Envelope {
  assert.ok(world.last.status >= 400, `expected a failure, got ${world.last.status}`);
  return world.api.validate<Envelope>(world.last, null, 'error response');
}

Then('the error envelope has exactly the members code, domain, message and retryable', function (this: ConformanceWorld) {
  const body = envelope(this);
  assert.deepEqual(Object.keys(body), ['error']);
  assert.deepEqual(Object.keys(body.error).sort(), ['code', 'domain', 'message', 'retryable']);
  assert.ok(typeof body.error.message === 'string' && body.error.message.trim().length > 0, 'the message is empty');
});

Then('the error message reveals no stack trace, file system path or credential', function (this: ConformanceWorld) {
  const message = String(envelope(this).error.message);
  // The embedded runtime runs from this checkout, so the checkout's path is one it could leak.
  const leaks = messageLeaks(message, knownSecrets(this), [repoRoot]);
  assert.deepEqual(leaks, [], `the message reveals ${leaks.join(', ')}: ${message.slice(0, 300)}`);
});
