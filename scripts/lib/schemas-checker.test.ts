import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withFixtureRepo } from './fixture-repo.ts';
import { checkSchemas } from './schemas-checker.ts';
import { schemaIdForReference } from './schema-files.ts';

const D = 'https://json-schema.org/draft/2020-12/schema';
const ID = 'https://lite-llm.dev/schemas/';

const descriptor = {
  $schema: D,
  $id: `${ID}model/descriptor.schema.json`,
  title: 'Descriptor',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { $schema: { type: 'string' }, name: { type: 'string', pattern: '^[a-z]+$' }, url: { type: 'string', format: 'uri' } },
};
const manifest = {
  $schema: D,
  $id: `${ID}model/manifest.schema.json`,
  type: 'object',
  additionalProperties: false,
  required: ['descriptor'],
  properties: { descriptor: { $ref: 'descriptor.schema.json' } },
};

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
const summary = (r: ReturnType<typeof checkSchemas>): string[] => r.problems.map((p) => `${p.file} ${p.code}`);

test('compiles cross-referencing schemas and validates data files that declare them', async () => {
  await withFixtureRepo(
    {
      'schemas/model/descriptor.schema.json': json(descriptor),
      'schemas/model/manifest.schema.json': json(manifest),
      'fixtures/a.json': json({ $schema: '../schemas/model/descriptor.schema.json', name: 'abc', url: 'http://x/y' }),
      'fixtures/b.json': json({ $schema: `${ID}model/descriptor.schema.json`, name: 'def' }),
      'fixtures/unrelated.json': json({ $schema: 'https://example.org/other.json', anything: 1 }),
      'fixtures/plain.json': json({ name: 1 }),
    },
    (repo) => {
      const result = checkSchemas(repo.root);
      assert.deepEqual(result.problems, []);
      assert.equal(result.schemaCount, 2);
      assert.deepEqual(result.dataFiles, ['fixtures/a.json', 'fixtures/b.json']);
    },
  );
});

test('reports data that fails its schema, one line per ajv error', async () => {
  await withFixtureRepo(
    {
      'schemas/model/descriptor.schema.json': json(descriptor),
      'specs/x.json': json({ $schema: '../schemas/model/descriptor.schema.json', name: 'ABC', url: 'not a uri', extra: true }),
      'specs/y.json': json({ $schema: '../schemas/model/missing.schema.json' }),
    },
    (repo) => {
      const result = checkSchemas(repo.root);
      assert.deepEqual(summary(result), ['specs/x.json data.invalid', 'specs/x.json data.invalid', 'specs/x.json data.invalid', 'specs/y.json data.schema-unknown']);
      const messages = result.problems.map((p) => p.message).join('\n');
      assert.match(messages, /must NOT have additional properties/);
      assert.match(messages, /\/name must match pattern/);
      assert.match(messages, /\/url must match format "uri"/);
    },
  );
});

test('reports strict-mode violations, unresolvable refs, wrong $id or dialect, and bad JSON', async () => {
  await withFixtureRepo(
    {
      'schemas/a/unknown-keyword.schema.json': json({ $schema: D, $id: `${ID}a/unknown-keyword.schema.json`, type: 'object', colour: 'red' }),
      'schemas/a/dangling.schema.json': json({ $schema: D, $id: `${ID}a/dangling.schema.json`, $ref: 'nowhere.schema.json' }),
      'schemas/a/wrong-id.schema.json': json({ $schema: D, $id: `${ID}elsewhere.schema.json`, type: 'object' }),
      'schemas/a/draft7.schema.json': json({ $schema: 'http://json-schema.org/draft-07/schema#', $id: `${ID}a/draft7.schema.json`, type: 'string' }),
      'schemas/a/broken.schema.json': '{ "type": ',
      'schemas/a/bad-type.schema.json': json({ $schema: D, $id: `${ID}a/bad-type.schema.json`, type: 'text' }),
    },
    (repo) => {
      assert.deepEqual(summary(checkSchemas(repo.root)), [
        'schemas/a/bad-type.schema.json schema.invalid',
        'schemas/a/broken.schema.json schema.json',
        'schemas/a/dangling.schema.json schema.compile',
        'schemas/a/draft7.schema.json schema.dialect',
        'schemas/a/unknown-keyword.schema.json schema.compile',
        'schemas/a/wrong-id.schema.json schema.id',
      ]);
    },
  );
});

test('maps $schema references to schema ids only when they point into schemas/', () => {
  const root = '/repo';
  assert.equal(schemaIdForReference(root, 'specs/r.json', '../schemas/specs/r.schema.json'), `${ID}specs/r.schema.json`);
  assert.equal(schemaIdForReference(root, 'r.json', 'schemas/x.schema.json#/a'), `${ID}x.schema.json`);
  assert.equal(schemaIdForReference(root, 'specs/r.json', `${ID}p/q.schema.json#frag`), `${ID}p/q.schema.json`);
  assert.equal(schemaIdForReference(root, 'specs/r.json', '../other/x.json'), undefined);
  assert.equal(schemaIdForReference(root, 'specs/r.json', 'https://typedoc.org/schema.json'), undefined);
});
