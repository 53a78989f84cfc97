import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EMITTED_ERROR_CODES } from '../errors.ts';
import { ERROR_REGISTRY_PATH } from '../paths.ts';
import { loadErrorRegistry, parseErrorRegistry, unregisteredCodes } from './error-registry.ts';

test('every code the reference emits is in specs/error-registry.json, with its domain as second segment', () => {
  const registry = loadErrorRegistry();
  for (const code of EMITTED_ERROR_CODES) {
    const entry = registry.get(code);
    assert.ok(entry, `${code} is not registered`);
    assert.equal(code.split('_')[1], entry.domain.toUpperCase(), code);
  }
});

test('every E_ code string in the reference sources is one of the emitted codes', async () => {
  const { readdir } = await import('node:fs/promises');
  const root = new URL('../', import.meta.url);
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const known = new Set<string>(EMITTED_ERROR_CODES);
  for (const file of files) {
    const text = readFileSync(new URL(file, root), 'utf8');
    for (const match of text.matchAll(/'(E_[A-Z0-9_]+)'/g)) assert.ok(known.has(match[1] ?? ''), `${file}: ${match[1]}`);
  }
});

test('a registry missing an emitted code is detected', () => {
  const full = JSON.parse(readFileSync(ERROR_REGISTRY_PATH, 'utf8')) as { codes: { code: string }[] };
  const trimmed = { ...full, codes: full.codes.filter((entry) => entry.code !== 'E_ROUTING_LAYER') };
  assert.deepEqual(unregisteredCodes(parseErrorRegistry(JSON.stringify(trimmed))), ['E_ROUTING_LAYER']);
});
