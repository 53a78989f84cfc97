// TypeScript types generated from schemas/**/*.schema.json by json-schema-to-typescript, one module per schema
// under schemas/generated/ plus an index. References resolve to local files only: a `$ref` to a schema $id is
// served from schemas/, and anything else fails instead of reaching the network.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { GENERATED_DIR, loadSchemaFiles, SCHEMAS_DIR, type SchemaFile } from './schema-files.ts';
import { compareText, ToolError } from './problems.ts';

/** Fixed formatting, so output depends only on the schemas and never on a local prettier configuration. */
const STYLE = {
  bracketSpacing: true,
  printWidth: 120,
  semi: true,
  singleQuote: true,
  tabWidth: 2,
  trailingComma: 'all',
  useTabs: false,
} as const;

export const INDEX_FILE = `${GENERATED_DIR}/index.ts`;

export function bannerFor(rel: string): string {
  return `/* Generated from ${SCHEMAS_DIR}/${rel} by npm run gen. Do not edit. */`;
}

/** `model/manifest.schema.json` → `schemas/generated/model/manifest.schema.ts`. */
export function generatedPathFor(rel: string): string {
  return `${GENERATED_DIR}/${rel.replace(/\.json$/, '.ts')}`;
}

function words(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
}

/** `Route result` / `route-result` → `RouteResult`. */
export function pascalCase(text: string): string {
  return words(text)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** `model/manifest.schema.json` → `modelManifest`: the namespace a module is re-exported under. */
export function namespaceFor(rel: string): string {
  const name = pascalCase(rel.replace(/\.schema\.json$/, ''));
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The type name for a schema file's root: its title, else its file name. */
function rootNameFor(s: SchemaFile): string {
  const title = s.schema?.['title'];
  return pascalCase(typeof title === 'string' && title.trim() !== '' ? title : path.basename(s.rel, '.schema.json'));
}

interface RefFile {
  readonly url: string;
}

/**
 * A copy of `schema` whose `$ref`s to other documents are absolute $id URLs (resolved against `baseId`, as ajv
 * does), so that one schema reached by a relative path and by its URL is declared once, not twice.
 */
export function absolutiseRefs(schema: unknown, baseId: string, external: Set<string>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => absolutiseRefs(item, baseId, external));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) {
      const url = new URL(value, baseId).href;
      external.add(url.split('#')[0] ?? url);
      out[key] = url;
    } else {
      out[key] = absolutiseRefs(value, baseId, external);
    }
  }
  return out;
}

/** Resolves refs from the schema files alone, by $id URL; a reference to anything else fails before compiling. */
function localResolver(root: string, files: readonly SchemaFile[]) {
  const byId = new Map<string, string>();
  for (const f of files) {
    const text = readFileSync(path.join(root, f.file), 'utf8');
    const external = new Set<string>();
    byId.set(f.expectedId, JSON.stringify(absolutiseRefs(JSON.parse(text), f.expectedId, external)));
  }
  return {
    has: (url: string): boolean => byId.has(url),
    order: 1,
    canRead: true,
    read(file: RefFile): string {
      const text = byId.get(file.url.split('#')[0] ?? '');
      if (text === undefined) throw new ToolError('gen.ref-unresolved', `$ref ${file.url} is not a schema under ${SCHEMAS_DIR}/`);
      return text;
    },
  };
}

/**
 * Generates every module and the index. Returns repository-relative path → file content, sorted by path.
 * Throws ToolError when a schema is unreadable or a reference cannot be resolved locally.
 */
export async function generateTypes(root: string): Promise<Map<string, string>> {
  const files = loadSchemaFiles(root);
  const broken = files.find((f) => f.schema === undefined);
  if (broken !== undefined) throw new ToolError('gen.schema-unreadable', `${broken.file}: ${broken.parseError ?? 'unreadable'}`);
  const nameById = new Map(files.map((f) => [f.expectedId, rootNameFor(f)]));
  const resolver = localResolver(root, files);
  const out = new Map<string, string>();
  const roots: { rel: string; name: string }[] = [];

  for (const f of files) {
    const external = new Set<string>();
    const schema = absolutiseRefs(f.schema, f.expectedId, external) as JSONSchema;
    const unresolved = [...external].filter((url) => !resolver.has(url));
    if (unresolved.length > 0) {
      throw new ToolError('gen.ref-unresolved', `${f.file}: $ref ${unresolved.join(', ')} is not a schema under ${SCHEMAS_DIR}/`);
    }
    const code = await compile(schema, rootNameFor(f), {
      bannerComment: bannerFor(f.rel),
      cwd: path.join(root, path.dirname(f.file)),
      // Schemas carry absolute $ids; without a name they would become identifiers spelled like URLs.
      customName: (s) => (typeof s.$id === 'string' ? nameById.get(s.$id) : undefined),
      $refOptions: { resolve: { http: false, file: false, local: resolver } },
      declareExternallyReferenced: true,
      enableConstEnums: false,
      format: true,
      ignoreMinAndMaxItems: true,
      strictIndexSignatures: false,
      style: STYLE,
      unknownAny: true,
      unreachableDefinitions: false,
    });
    out.set(generatedPathFor(f.rel), code);
    roots.push({ rel: f.rel, name: rootNameFor(f) });
  }
  out.set(INDEX_FILE, indexModule(roots, out));
  return new Map([...out.entries()].sort(([a], [b]) => compareText(a, b)));
}

/**
 * Every module as a namespace (`export * as modelManifest`), because modules that reference another schema
 * re-declare its types and the same name would be exported twice. Root types whose names are unique across all
 * schemas are exported flat as well, for convenience.
 */
function indexModule(roots: readonly { rel: string; name: string }[], modules: ReadonlyMap<string, string>): string {
  const lines = [`/* Generated from every schema in ${SCHEMAS_DIR}/ by npm run gen. Do not edit. */`, ''];
  const namespaces = new Map<string, string>();
  for (const r of roots) {
    const ns = namespaceFor(r.rel);
    const clash = namespaces.get(ns);
    if (clash !== undefined) throw new ToolError('gen.namespace-clash', `${r.rel} and ${clash} both map to namespace ${ns}`);
    namespaces.set(ns, r.rel);
  }
  const relImport = (rel: string): string => `./${rel.replace(/\.json$/, '.ts')}`;
  for (const r of roots) lines.push(`export * as ${namespaceFor(r.rel)} from '${relImport(r.rel)}';`);

  const counts = new Map<string, number>();
  for (const r of roots) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
  const flat = roots.filter((r) => {
    const code = modules.get(generatedPathFor(r.rel)) ?? '';
    return counts.get(r.name) === 1 && new RegExp(`^export (interface|type) ${r.name}\\b`, 'm').test(code);
  });
  if (flat.length > 0) lines.push('');
  for (const r of flat) lines.push(`export type { ${r.name} } from '${relImport(r.rel)}';`);
  if (roots.length === 0) lines.push('export {};');
  return `${lines.join('\n')}\n`;
}
