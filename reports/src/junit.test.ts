import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from './build-report.ts';
import { renderJunit } from './junit.ts';
import { runFixtureSuite } from './test-support/cucumber-fixture.ts';
import { fixtureInput, reportWith, scenario } from './test-support/report-inputs.ts';
import { childrenNamed, parseXml } from './test-support/xml-tree.ts';

const run = await runFixtureSuite();
const report = buildReport(fixtureInput(run.envelopes));
const document = parseXml(renderJunit(report));

test('one testsuite per feature file with totals, inside testsuites with grand totals', () => {
  assert.equal(document.name, 'testsuites');
  assert.deepEqual(
    [document.attributes.tests, document.attributes.failures, document.attributes.errors, document.attributes.skipped],
    ['9', '2', '0', '2'],
  );
  assert.equal(document.attributes.name, 'lite-llm-conformance 0.1.0 on lite-llm-reference 0.1.0');
  const suites = childrenNamed(document, 'testsuite');
  assert.deepEqual(
    suites.map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures, s.attributes.skipped]),
    [
      ['Errors', '3', '0', '1'],
      ['Routing <ties> & "order"', '6', '2', '1'],
    ],
  );
  for (const suite of suites) {
    const cases = childrenNamed(suite, 'testcase');
    assert.equal(String(cases.length), suite.attributes.tests);
    const caseSeconds = cases.reduce((sum, c) => sum + Number(c.attributes.time), 0);
    assert.ok(Math.abs(caseSeconds - Number(suite.attributes.time)) < 0.001 * (cases.length + 1));
  }
});

test('a testcase per scenario: classname is the spec tag, name the scenario name, time in seconds', () => {
  const routing = childrenNamed(document, 'testsuite')[1];
  const cases = routing === undefined ? [] : childrenNamed(routing, 'testcase');
  assert.deepEqual(cases.map((c) => c.attributes.classname), Array<string>(6).fill('SPEC-003'));
  assert.deepEqual(cases.map((c) => c.attributes.name), [
    'ties broken by seed', 'gate product <fails> & "loudly"', 'streaming needs a capability',
    'nobody wrote this step', 'batch of 1', 'batch of 2',
  ]);
  for (const testcase of cases) assert.match(testcase.attributes.time ?? '', /^[0-9]+\.[0-9]{3}$/);
  const [, failed, skipped, undefinedStep] = cases;
  const failure = failed === undefined ? undefined : childrenNamed(failed, 'failure')[0];
  assert.equal(failure?.attributes.message, "Error: broke: x<y & 'z' ]]>");
  assert.equal(failure?.attributes.type, 'failed');
  assert.equal(failure?.text, "Error: broke: x<y & 'z' ]]>");
  assert.equal(skipped === undefined ? undefined : childrenNamed(skipped, 'skipped')[0]?.attributes.message, 'capability not claimed: stream');
  const undefinedFailure = undefinedStep === undefined ? undefined : childrenNamed(undefinedStep, 'failure')[0];
  assert.equal(undefinedFailure?.attributes.type, 'undefined');
  assert.equal(undefinedFailure?.attributes.message, 'Undefined step: nobody defined this');
});

test('classname falls back to the feature name when a scenario has no spec tag', () => {
  const untagged = scenario('features/x.feature:3', 'passed', []);
  const xml = parseXml(renderJunit(reportWith([{ ...untagged, feature: 'Plain feature' }])));
  assert.equal(childrenNamed(childrenNamed(xml, 'testsuite')[0] ?? xml, 'testcase')[0]?.attributes.classname, 'Plain feature');
});

test('text that XML cannot carry is escaped or replaced, never emitted raw', () => {
  const nasty = 'a\u0001b\u0008c\uD800d & <e> "f" \'g\' ]]> h\ti\r\nj 😀';
  const failing = { ...scenario('features/x.feature:3', 'failed', [], ['@SPEC-001']), name: nasty, error: `${nasty}\nsecond line` };
  const skipped = { ...scenario('features/x.feature:9', 'skipped', []), skipReason: nasty };
  const xml = renderJunit(reportWith([failing, skipped]));
  assert.ok(!xml.includes('\u0001') && !xml.includes('\u0008'), 'control characters are replaced');
  const suite = childrenNamed(parseXml(xml), 'testsuite')[0];
  const [failedCase, skippedCase] = suite === undefined ? [] : childrenNamed(suite, 'testcase');
  const expected = 'a\uFFFDb\uFFFDc\uFFFDd & <e> "f" \'g\' ]]> h\ti\r\nj 😀';
  assert.equal(failedCase?.attributes.name, expected);
  const failure = failedCase === undefined ? undefined : childrenNamed(failedCase, 'failure')[0];
  assert.equal(failure?.attributes.message, 'a\uFFFDb\uFFFDc\uFFFDd & <e> "f" \'g\' ]]> h\ti');
  assert.equal(failure?.text, `${expected}\nsecond line`);
  assert.equal(skippedCase === undefined ? undefined : childrenNamed(skippedCase, 'skipped')[0]?.attributes.message, expected);
});
