import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TraceStore } from './trace.ts';

const ref = (id: string) => ({ id, tenant: 't1', model: 'default' });
const usage = (promptTokens: number, completionTokens: number, cachedTokens = 0) => ({ promptTokens, completionTokens, cachedTokens });

test('a generation has contiguous queue, prefill and decode spans with their counts', () => {
  const store = new TraceStore();
  store.queued(ref('g1'), 10, 20);
  store.admitted(ref('g1'), 15, 16);
  assert.equal(store.get('g1')?.status, 'running');
  store.token(ref('g1'), 18, 0);
  store.token(ref('g1'), 19, 1);
  store.token(ref('g1'), 21, 2);
  store.finished(ref('g1'), 22, 'length', usage(20, 3, 16));
  assert.deepEqual(store.get('g1'), {
    id: 'g1', model: 'default', status: 'finished', finishReason: 'length', errorCode: null,
    promptTokens: 20, cachedTokens: 16, completionTokens: 3,
    spans: [
      { name: 'queue', start: 10, end: 15 },
      { name: 'prefill', start: 15, end: 18, computedTokens: 4, cachedTokens: 16 },
      { name: 'decode', start: 18, end: 22, tokens: 2 },
    ],
  });
});

test('a generation cancelled in the queue has only its queue span, closed at the finish', () => {
  const store = new TraceStore();
  store.queued(ref('g1'), 0, 5);
  store.finished(ref('g1'), 7, 'cancelled', usage(5, 0));
  assert.deepEqual(store.get('g1')?.spans, [{ name: 'queue', start: 0, end: 7 }]);
  store.queued(ref('g2'), 8, 5);
  store.admitted(ref('g2'), 9, 0);
  store.finished(ref('g2'), 12, 'error', usage(5, 0), 'E_INTERNAL');
  assert.equal(store.get('g2')?.errorCode, 'E_INTERNAL');
  assert.deepEqual(store.get('g2')?.spans.map((s) => [s.name, s.end]), [['queue', 9], ['prefill', 12]]);
});

test('memory stays bounded: the oldest finished and the oldest live traces are dropped', () => {
  const store = new TraceStore({ capacity: 3, liveCapacity: 2 });
  for (let i = 0; i < 10; i += 1) {
    store.queued(ref(`f${i}`), i, 1);
    store.finished(ref(`f${i}`), i, 'stop', usage(1, 0));
  }
  for (let i = 0; i < 5; i += 1) store.queued(ref(`l${i}`), i, 1);
  assert.equal(store.size, 5);
  assert.deepEqual(['f6', 'f7', 'f8', 'f9', 'l2', 'l3', 'l4'].map((id) => store.get(id) !== undefined), [false, true, true, true, false, true, true]);
});

test('a trace handed out is a copy', () => {
  const store = new TraceStore();
  store.queued(ref('g'), 1, 1);
  const copy = store.get('g');
  if (copy?.spans[0] !== undefined) copy.spans[0].end = 99;
  assert.equal(store.get('g')?.spans[0]?.end, null);
});

test('decodeCountsFirst (a fault) counts every completion token in the decode span', () => {
  const store = new TraceStore({ decodeCountsFirst: true });
  store.queued(ref('g'), 0, 1);
  store.admitted(ref('g'), 0, 0);
  store.token(ref('g'), 1, 0);
  store.token(ref('g'), 2, 1);
  store.finished(ref('g'), 3, 'length', usage(1, 2));
  assert.deepEqual(store.get('g')?.spans[2], { name: 'decode', start: 1, end: 3, tokens: 2 });
});
