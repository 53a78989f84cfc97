import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEventStream, SseParser } from './sse-parser.ts';

test('fields, multi-line data, comments and the three line endings', () => {
  const text = ': keep-alive\nid: 0\nevent: start\ndata: {"a":1}\n\r\nid:1\r\nevent:token\rdata: x\rdata:  y\r\r';
  const { events, problems } = parseEventStream(text);
  assert.deepEqual(problems, []);
  assert.deepEqual(events, [
    { id: '0', event: 'start', data: '{"a":1}', dataLines: 1 },
    { id: '1', event: 'token', data: 'x\n y', dataLines: 2 },
  ]);
});

test('an event without an event field is a message; without an id its id is null', () => {
  assert.deepEqual(parseEventStream('data: z\n\n').events, [{ id: null, event: 'message', data: 'z', dataLines: 1 }]);
});

test('a block left open at the end is not dispatched and is reported', () => {
  const { events, problems } = parseEventStream('id: 0\nevent: start\ndata: {}\n');
  assert.deepEqual(events, []);
  assert.equal(problems.length, 1);
});

test('unknown fields and data-less blocks are reported, not dispatched', () => {
  const { events, problems } = parseEventStream('foo: bar\ndata: a\n\nevent: done\n\n');
  assert.equal(events.length, 1);
  assert.equal(problems.length, 2);
});

test('bytes split anywhere, including inside a UTF-8 character and between CR and LF, parse the same', () => {
  const bytes = new TextEncoder().encode('id: 3\r\nevent: token\r\ndata: {"text":"é€"}\r\n\r\n');
  for (let cut = 0; cut <= bytes.length; cut += 1) {
    const parser = new SseParser();
    const events = [...parser.push(bytes.subarray(0, cut)), ...parser.push(bytes.subarray(cut))];
    parser.end();
    assert.deepEqual(events, [{ id: '3', event: 'token', data: '{"text":"é€"}', dataLines: 1 }], `cut at ${cut}`);
    assert.deepEqual(parser.problems, []);
  }
});

test('invalid UTF-8 is refused', () => {
  assert.throws(() => new SseParser().push(Uint8Array.of(0x64, 0x61, 0xff, 0x0a)));
});
