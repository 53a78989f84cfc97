// Temporary repository trees for the tools' tests: a few spec, feature and schema files written to a fresh
// directory, removed afterwards. Tests never depend on the real corpus.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface FixtureRepo {
  readonly root: string;
  write(rel: string, content: string): void;
  read(rel: string): string;
  remove(): void;
}

export function makeFixtureRepo(files: Readonly<Record<string, string>> = {}): FixtureRepo {
  const root = mkdtempSync(path.join(tmpdir(), 'repo-tools-'));
  const repo: FixtureRepo = {
    root,
    write(rel, content) {
      const abs = path.join(root, rel);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    },
    read(rel) {
      return readFileSync(path.join(root, rel), 'utf8');
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  for (const [rel, content] of Object.entries(files)) repo.write(rel, content);
  return repo;
}

/** Runs `body` with a fresh fixture repository and removes it afterwards, whatever happens. */
export async function withFixtureRepo(
  files: Readonly<Record<string, string>>,
  body: (repo: FixtureRepo) => void | Promise<void>,
): Promise<void> {
  const repo = makeFixtureRepo(files);
  try {
    await body(repo);
  } finally {
    repo.remove();
  }
}

/** A spec file in the corpus format; `requirements` are `[id-with-optional-(retired), quoted text, verification]`. */
export function specSource(
  id: string,
  requirements: readonly (readonly [string, string, string])[],
  profiles: readonly string[] = ['core'],
): string {
  const front = [
    '---',
    `id: ${id}`,
    `title: Fixture ${id}`,
    'layer: core',
    'version: 0.1.0',
    'status: draft',
    'depends_on: []',
    `profiles: [${profiles.join(', ')}]`,
    '---',
    '',
    `# ${id}: Fixture`,
    '',
    '## 5. Requirements',
    '',
  ];
  const body = requirements.flatMap(([heading, text, verification]) => [
    `#### ${heading}`,
    `> ${text}`,
    '',
    `Verification: ${verification}`,
    '',
  ]);
  return [...front, ...body].join('\n');
}
