import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessages } from './messages-stream.ts';

const meta = '{"meta":{"protocolVersion":"32.2.0"}}';
const started = '{"testRunStarted":{"timestamp":{"seconds":1,"nanos":0}}}';

test('reads one envelope per line and ignores blank lines', () => {
  const stream = parseMessages(`${meta}\n\n${started}\r\n`);
  assert.equal(stream.envelopes.length, 2);
  assert.equal(stream.envelopes[1]?.testRunStarted?.timestamp.seconds, 1);
  assert.equal(stream.truncated, false);
});

test('drops a partial last line, as a writer that died mid-line leaves it, and says so', () => {
  const stream = parseMessages(`${meta}\n${started}\n{"testCase":{"id":"1","pick`);
  assert.equal(stream.envelopes.length, 2);
  assert.equal(stream.truncated, true);
});

test('refuses malformed lines elsewhere, naming each line', () => {
  assert.throws(() => parseMessages(`${meta}\n{oops\n[1]\n${started}\n`), (error: unknown) => {
    const { code, problems } = error as { code: string; problems: string[] };
    assert.equal(code, 'H_REPORT_INPUT_INVALID');
    assert.equal(problems.length, 2);
    assert.match(problems[0] ?? '', /^line 2: not JSON/);
    assert.equal(problems[1], 'line 3: not a message envelope object');
    return true;
  });
});
