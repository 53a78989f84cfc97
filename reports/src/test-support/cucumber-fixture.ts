/**
 * Runs real cucumber-js (through its programmatic API) on a small fixture suite written to a temporary directory,
 * so report tests consume genuine Cucumber Messages: passed, failed, skipped with a reason (logged by a step, or
 * attached by a hook), undefined, a scenario outline, a rule, and a scenario that passes only on retry.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Envelope } from '@cucumber/messages';
import { runCucumber } from '@cucumber/cucumber/api';
import { makeTempDir } from './temp-dir.ts';
import { SKIP_REASON_MEDIA_TYPE } from '../scenario-results.ts';

export const ROUTING_FEATURE = `@SPEC-003
Feature: Routing <ties> & "order"

  Background:
    Given a runtime

  @REQ-003-001
  Scenario: ties broken by seed
    When it works

  @REQ-003-002
  Scenario: gate product <fails> & "loudly"
    When it breaks with "x<y & 'z' ]]>"

  @REQ-003-003 @capability:stream
  Scenario: streaming needs a capability
    When capability "stream" is needed
    Then it works

  @REQ-003-001
  Scenario: nobody wrote this step
    When nobody defined this

  @REQ-003-004
  Scenario Outline: batch of <n>
    When it works <n>

    Examples:
      | n |
      | 1 |
      | 2 |
`;

export const ERRORS_FEATURE = `@SPEC-007
Feature: Errors

  @REQ-007-001
  Scenario: envelope has a code
    Given a runtime

  Rule: retries

    @REQ-007-002 @flaky
    Scenario: passes on the second attempt
      When it fails once

    @REQ-007-003 @production
    Scenario: needs a production endpoint
      Given a runtime
`;

function stepDefinitions(cucumberUrl: string): string {
  return `import { Before, Given, When, Then } from ${JSON.stringify(cucumberUrl)};
let flakyCalls = 0;
Before({ tags: '@production' }, function () {
  this.attach('no production-mode endpoint was supplied', ${JSON.stringify(SKIP_REASON_MEDIA_TYPE)});
  this.log('a log line that is not the reason');
  return 'skipped';
});
Given('a runtime', function () {});
When('it works', function () {});
When('it works {int}', function (_n) {});
When('it breaks with {string}', function (text) { throw new Error('broke: ' + text); });
When('capability {string} is needed', function (name) {
  this.log('capability not claimed: ' + name);
  return 'skipped';
});
When('it fails once', function () {
  flakyCalls += 1;
  if (flakyCalls === 1) throw new Error('first attempt fails');
});
`;
}

export interface FixtureRun {
  envelopes: Envelope[];
  ndjson: string;
  dir: string;
}

/** Runs the fixture suite once; each call uses a fresh directory so cucumber loads fresh step definitions. */
export async function runFixtureSuite(): Promise<FixtureRun> {
  const dir = await makeTempDir('report-fixture');
  await mkdir(join(dir, 'features'));
  await mkdir(join(dir, 'steps'));
  await writeFile(join(dir, 'features', 'routing.feature'), ROUTING_FEATURE);
  await writeFile(join(dir, 'features', 'errors.feature'), ERRORS_FEATURE);
  await writeFile(join(dir, 'steps', 'steps.mjs'), stepDefinitions(import.meta.resolve('@cucumber/cucumber')));
  const envelopes: Envelope[] = [];
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  await runCucumber(
    {
      sources: { defaultDialect: 'en', paths: ['features/**/*.feature'], names: [], tagExpression: '', order: 'defined' },
      support: { requireModules: [], requirePaths: [], importPaths: ['steps/*.mjs'], loaders: [] },
      runtime: {
        dryRun: false,
        failFast: false,
        filterStacktraces: true,
        parallel: 0,
        retry: 1,
        retryTagFilter: '@flaky',
        strict: true,
        worldParameters: {},
      },
      formats: { stdout: 'summary', files: {}, publish: false, options: {} },
    },
    { cwd: dir, stdout: sink, stderr: sink, env: {} },
    (envelope) => {
      envelopes.push(envelope);
    },
  );
  return { envelopes, ndjson: envelopes.map((e) => JSON.stringify(e)).join('\n') + '\n', dir };
}
