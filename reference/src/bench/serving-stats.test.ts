import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBenchArgs } from './bench.ts';
import { serverFigures, summarise, type ServingRound } from './serving-bench.ts';
import { percentile, secondHalfVerdict, slope, SseParser } from './serving-stats.ts';

test('percentile is nearest-rank over the sorted values and refuses no values or p outside (0, 100]', () => {
  const values = [9, 1, 8, 2, 7, 3, 6, 4, 5, 10];
  assert.equal(percentile(values, 50), 5);
  assert.equal(percentile(values, 99), 10);
  assert.equal(percentile(values, 100), 10);
  assert.equal(percentile(values, 10), 1);
  assert.equal(percentile(values, 11), 2);
  assert.equal(percentile([4], 50), 4);
  assert.equal(percentile(Array.from({ length: 1000 }, (_, i) => 1000 - i), 99), 990);
  assert.throws(() => percentile([], 50), /no values/);
  assert.throws(() => percentile([1], 0), /\(0, 100\]/);
  assert.throws(() => percentile([1], 101), /\(0, 100\]/);
});

test('the SSE parser reads id, event and data fields and dispatches on a blank line', () => {
  const parser = new SseParser();
  const events = parser.push('id: 0\nevent: start\ndata: {"a":1}\n\nid: 1\nevent: token\ndata: {"token":7}\n\n');
  assert.deepEqual(events, [{ id: '0', event: 'start', data: '{"a":1}' }, { id: '1', event: 'token', data: '{"token":7}' }]);
});

test('the SSE parser joins events split anywhere across chunks, including inside a CRLF', () => {
  const text = 'id: 3\r\nevent: token\r\ndata: {"token":65}\r\n\r\n: a comment\rdata:x\rdata:  y\r\r\n';
  const whole = new SseParser().push(text);
  assert.deepEqual(whole, [{ id: '3', event: 'token', data: '{"token":65}' }, { id: '3', event: 'message', data: 'x\n y' }]);
  for (let cut = 0; cut <= text.length; cut++) {
    const parser = new SseParser();
    assert.deepEqual([...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))], whole, `cut at ${cut}`);
  }
  const byChar = new SseParser();
  assert.deepEqual([...text].flatMap((c) => byChar.push(c)), whole);
  // A CR that ends the text so far may be half of a CRLF: its line waits for the next chunk.
  const held = new SseParser();
  assert.deepEqual(held.push('data: a\n\r'), []);
  assert.deepEqual(held.push('x'), [{ id: '', event: 'message', data: 'a' }]);
});

test('the SSE parser ignores events without data, unknown fields and ids holding NUL; fields may lack a colon', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push('event: lonely\n\nretry: 10\nid: a\u0000b\nfoo: bar\ndata\n\n'), [{ id: '', event: 'message', data: '' }]);
  assert.deepEqual(parser.push('data: incomplete'), []);
  assert.deepEqual(parser.push('\n\n'), [{ id: '', event: 'message', data: 'incomplete' }]);
});

test('slope is the least-squares fit; the verdict reads only the second half against a fraction of its start', () => {
  assert.equal(slope([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }]), 2);
  assert.equal(slope([{ x: 0, y: 1 }, { x: 1, y: 2 }, { x: 2, y: 1 }]), 0);
  assert.equal(slope([{ x: 1, y: 5 }]), 0);
  assert.equal(slope([{ x: 1, y: 5 }, { x: 1, y: 9 }]), 0);
  // Steep warm-up in the first half, flat afterwards.
  const settled = [0, 1, 2, 3, 4].map((x) => ({ x, y: x < 2 ? 50 + 40 * x : 100 + (x === 3 ? 1 : 0) }));
  const flat = secondHalfVerdict(settled, 0.02);
  assert.deepEqual({ slope: flat.slope, growth: flat.growth, start: flat.start, flat: flat.flat }, { slope: 0, growth: 0, start: 100, flat: true });
  const leaking = [0, 1, 2, 3, 4].map((x) => ({ x, y: 100 + 2 * x }));
  const verdict = secondHalfVerdict(leaking, 0.02);
  assert.equal(verdict.slope, 2);
  assert.equal(verdict.growth, 4);
  assert.equal(verdict.start, 104);
  assert.equal(verdict.flat, false);
  assert.equal(secondHalfVerdict(leaking, 0.05).flat, true);
  assert.equal(secondHalfVerdict(leaking, 0.02, 4).flat, false);
  assert.equal(secondHalfVerdict(leaking, 0.02, 4.5).flat, true);
  assert.throws(() => secondHalfVerdict([], 0.02), /no samples/);
});

test('server figures come from what the clients saw; the summary takes the median of every figure', () => {
  const figures = serverFigures({
    wallMs: 500,
    generations: [
      { prompt: 0, ttftMs: 10, gapsMs: [1, 2, 3], tokens: [1, 2, 3, 4] },
      { prompt: 1, ttftMs: 30, gapsMs: [4], tokens: [5, 6] },
    ],
  });
  assert.deepEqual(figures, { serverTokensPerSecond: 12, ttftP50Ms: 10, ttftP99Ms: 30, itlP50Ms: 2, itlP99Ms: 4 });
  const round = (ratio: number): ServingRound => ({
    serverTokensPerSecond: 9 * ratio, rawTokensPerSecond: 10, ratio, ttftP50Ms: 1, ttftP99Ms: 2, itlP50Ms: 3, itlP99Ms: 4, serverBatch: 60, rawBatch: 64,
  });
  const summary = summarise([round(0.8), round(0.95), round(0.9)]);
  assert.equal(summary.ratio, 0.9);
  assert.equal(summary.rawBatch, 64);
});

test('npm run bench --only serving: streams, generations, rounds (--passes) and models, defaults 64, 8, 5 and both', () => {
  const serving = parseBenchArgs(['--only', 'serving', '--streams', '4', '--generations', '2', '--passes', '3', '--model', 'wide']);
  assert.deepEqual(serving, { forward: null, storage: null, serving: [{ streams: 4, generations: 2, rounds: 3, model: 'wide' }] });
  assert.deepEqual(parseBenchArgs([]).serving, ['default', 'wide'].map((model) => ({ streams: 64, generations: 8, rounds: 5, model })));
  assert.throws(() => parseBenchArgs(['--only', 'serving', '--model', 'huge']), /--model/);
  assert.equal(parseBenchArgs(['--only', 'forward']).serving, null);
  assert.throws(() => parseBenchArgs(['--only', 'serving', '--streams', '0']), /--streams/);
});
