import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { findGeneratedDrift, syncGenerated } from './generated-files.ts';
import { specSource, withFixtureRepo } from './fixture-repo.ts';
import { writeRequirementsIndex } from './requirements-index.ts';
import { generateTypes, namespaceFor, pascalCase } from './types-generator.ts';

const D = 'https://json-schema.org/draft/2020-12/schema';
const ID = 'https://lite-llm.dev/schemas/';
const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

const SCHEMAS = {
  'schemas/model/descriptor.schema.json': json({
    $schema: D,
    $id: `${ID}model/descriptor.schema.json`,
    type: 'object',
    additionalProperties: false,
    required: ['name', 'level'],
    properties: { name: { type: 'string' }, level: { $ref: '#/$defs/level' } },
    $defs: { level: { type: 'string', enum: ['tier', 'group', 'expert'] } },
  }),
  'schemas/model/manifest.schema.json': json({
    $schema: D,
    $id: `${ID}model/manifest.schema.json`,
    title: 'Model manifest',
    type: 'object',
    additionalProperties: false,
    required: ['descriptor'],
    properties: {
      descriptor: { $ref: 'descriptor.schema.json' },
      other: { $ref: `${ID}model/descriptor.schema.json` },
    },
  }),
  // Same root name as the descriptor: reachable only through its namespace.
  'schemas/protocol/descriptor.schema.json': json({
    $schema: D,
    $id: `${ID}protocol/descriptor.schema.json`,
    type: 'object',
    additionalProperties: false,
    properties: { id: { type: 'string' } },
  }),
};

test('generates one banner-headed module per schema and a namespaced index', async () => {
  await withFixtureRepo(SCHEMAS, async (repo) => {
    const files = await generateTypes(repo.root);
    assert.deepEqual(
      [...files.keys()],
      [
        'schemas/generated/index.ts',
        'schemas/generated/model/descriptor.schema.ts',
        'schemas/generated/model/manifest.schema.ts',
        'schemas/generated/protocol/descriptor.schema.ts',
      ],
    );
    const manifest = files.get('schemas/generated/model/manifest.schema.ts') ?? '';
    assert.ok(manifest.startsWith('/* Generated from schemas/model/manifest.schema.json by npm run gen. Do not edit. */\n'));
    // Reached once by relative path and once by $id URL, the descriptor is still declared once.
    assert.equal(
      manifest.slice(manifest.indexOf('\n') + 1),
      [
        '',
        'export interface ModelManifest {',
        '  descriptor: Descriptor;',
        '  other?: Descriptor;',
        '}',
        'export interface Descriptor {',
        '  name: string;',
        "  level: 'tier' | 'group' | 'expert';",
        '}',
        '',
      ].join('\n'),
    );
    const descriptor = files.get('schemas/generated/model/descriptor.schema.ts') ?? '';
    assert.match(descriptor, /export type Level = 'tier' \| 'group' \| 'expert';/);
    assert.match(descriptor, /export interface Descriptor \{\n {2}name: string;\n {2}level: Level;\n\}/);
    assert.equal(
      files.get('schemas/generated/index.ts'),
      [
        '/* Generated from every schema in schemas/ by npm run gen. Do not edit. */',
        '',
        "export * as modelDescriptor from './model/descriptor.schema.ts';",
        "export * as modelManifest from './model/manifest.schema.ts';",
        "export * as protocolDescriptor from './protocol/descriptor.schema.ts';",
        '',
        "export type { ModelManifest } from './model/manifest.schema.ts';",
        '',
      ].join('\n'),
    );
  });
});

test('generation is deterministic', async () => {
  await withFixtureRepo(SCHEMAS, async (repo) => {
    const first = await generateTypes(repo.root);
    const second = await generateTypes(repo.root);
    assert.deepEqual([...second.entries()], [...first.entries()]);
  });
});

test('refuses references that are not local schemas instead of fetching them', async () => {
  const remote = json({ $schema: D, $id: `${ID}x/remote.schema.json`, $ref: 'https://example.org/schemas/thing.json' });
  await withFixtureRepo({ 'schemas/x/remote.schema.json': remote }, async (repo) => {
    await assert.rejects(generateTypes(repo.root), /schemas\/x\/remote.schema.json: \$ref https:\/\/example\.org\/schemas\/thing\.json is not a schema under schemas\//);
  });
});

test('sync writes changed files and removes modules of deleted schemas; drift check lists every difference', async () => {
  const spec = { 'specs/001-x.md': specSource('SPEC-001', [['REQ-001-001', 'X **MUST** y.', 'endpoint']]) };
  await withFixtureRepo({ ...SCHEMAS, ...spec }, async (repo) => {
    const first = syncGenerated(repo.root, await generateTypes(repo.root));
    assert.equal(first.written.length, 4);
    writeRequirementsIndex(repo.root);
    assert.deepEqual(await findGeneratedDrift(repo.root), []);
    assert.deepEqual(syncGenerated(repo.root, await generateTypes(repo.root)), { written: [], removed: [] });

    repo.write('schemas/generated/model/descriptor.schema.ts', '// edited by hand\n');
    repo.write('schemas/generated/extra/stale.schema.ts', 'export {};\n');
    repo.write('specs/001-x.md', specSource('SPEC-001', [['REQ-001-001', 'X **MUST** z.', 'endpoint']]));
    assert.deepEqual(await findGeneratedDrift(repo.root), [
      { file: 'schemas/generated/model/descriptor.schema.ts', state: 'differs' },
      { file: 'schemas/generated/extra/stale.schema.ts', state: 'not generated', detail: 'no schema produces it any more' },
      { file: 'specs/requirements.json', state: 'differs' },
    ]);
    const synced = syncGenerated(repo.root, await generateTypes(repo.root));
    assert.deepEqual(synced, { written: ['schemas/generated/model/descriptor.schema.ts'], removed: ['schemas/generated/extra/stale.schema.ts'] });
    assert.equal(existsSync(path.join(repo.root, 'schemas/generated/extra')), false, 'emptied directories are removed');
  });
});

test('names: PascalCase types and camelCase namespaces from paths and titles', () => {
  assert.equal(pascalCase('Route result'), 'RouteResult');
  assert.equal(pascalCase('route-result'), 'RouteResult');
  assert.equal(namespaceFor('protocol/route-result.schema.json'), 'protocolRouteResult');
  assert.equal(namespaceFor('specs/requirements.schema.json'), 'specsRequirements');
});
