import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseRequirementText, parseSpec, sha256Hex } from './spec-parser.ts';

const FRONT = `---
id: SPEC-003
title: Deterministic routing
layer: core
version: 0.1.0
status: draft
depends_on: [SPEC-010]
profiles: [core]
---
`;

function spec(body: string, front = FRONT): string {
  return `${front}\n# SPEC-003: Deterministic routing\n\n## 5. Requirements\n\n${body}`;
}

const codes = (s: { problems: readonly { code: string }[] }): string[] => s.problems.map((p) => p.code);

test('parses front matter and requirements with normalised text and hashes', () => {
  const s = parseSpec(
    spec(`#### REQ-003-001
> Routing **MUST** order candidates by score,
>   then by tie key.

Verification: endpoint. Rationale: observable in route results.

#### REQ-003-002 (retired)
> A runtime **MAY** cache scores.

Verification: attestation
`),
    'specs/003-deterministic-routing.md',
  );
  assert.deepEqual(s.problems, []);
  assert.equal(s.id, 'SPEC-003');
  assert.equal(s.title, 'Deterministic routing');
  assert.equal(s.layer, 'core');
  assert.equal(s.version, '0.1.0');
  assert.equal(s.status, 'draft');
  assert.deepEqual(s.dependsOn, ['SPEC-010']);
  assert.deepEqual(s.profiles, ['core']);
  const [a, b] = s.requirements;
  const text = 'Routing **MUST** order candidates by score, then by tie key.';
  assert.deepEqual(a, { id: 'REQ-003-001', level: 'MUST', text, sha256: sha256Hex(text), verification: 'endpoint', retired: false, line: 15 });
  assert.equal(b?.retired, true);
  assert.equal(b?.level, 'MAY');
  assert.equal(b?.verification, 'attestation');
});

test('sha256Hex is the SHA-256 of the UTF-8 text', () => {
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(normaliseRequirementText(['> a  b', '>c', '  >   d ']), 'a b c d');
});

test('recognises MUST NOT and SHOULD NOT as single keywords', () => {
  const s = parseSpec(
    spec(`#### REQ-003-001\n> X **MUST NOT** y.\n\nVerification: endpoint\n\n#### REQ-003-002\n> X **SHOULD NOT** y.\n\nVerification: endpoint\n`),
    'specs/003-x.md',
  );
  assert.deepEqual(codes(s), []);
  assert.deepEqual(s.requirements.map((r) => r.level), ['MUST NOT', 'SHOULD NOT']);
});

test('reports missing front matter and still parses requirements, taking the id from the file name', () => {
  const s = parseSpec('# Title\n\n#### REQ-003-001\n> X **MUST** y.\n\nVerification: endpoint\n', 'specs/003-x.md');
  assert.deepEqual(codes(s), ['spec.front-matter-missing']);
  assert.equal(s.id, 'SPEC-003');
  assert.equal(s.requirements.length, 1);
});

test('reports an id that does not match the file name, and a malformed file name', () => {
  assert.deepEqual(codes(parseSpec(spec(''), 'specs/004-x.md')), ['spec.id-mismatch']);
  assert.deepEqual(codes(parseSpec(spec(''), 'specs/3-Routing.md')), ['spec.file-name']);
});

test('reports invalid, missing and unknown front matter fields with their lines', () => {
  const front = `---\nid: SPEC-3\ntitle: ""\nlayer: kernel\nversion: 1.0\nstatus: draft\nprofiles: []\nowner: x\n---\n`;
  const s = parseSpec(spec('', front), 'specs/003-x.md');
  const found = s.problems.map((p) => `${p.line}:${p.message.split('`')[1] ?? ''}`);
  assert.deepEqual(found.sort(), ['2:id', '3:title', '4:layer', '5:version', '7:profiles', '8:owner'].sort());
  assert.ok(s.problems.every((p) => p.code === 'spec.front-matter-field'));
  assert.equal(s.id, 'SPEC-003', 'falls back to the file-name id');
});

test('reports YAML syntax errors in the front matter', () => {
  const s = parseSpec(spec('', '---\nid: [SPEC-003\n---\n'), 'specs/003-x.md');
  assert.ok(codes(s).includes('spec.front-matter-yaml'));
});

test('reports a requirement whose number is not the spec number', () => {
  const s = parseSpec(spec('#### REQ-004-001\n> X **MUST** y.\n\nVerification: endpoint\n'), 'specs/003-x.md');
  assert.deepEqual(codes(s), ['spec.requirement-id-mismatch']);
  assert.equal(s.problems[0]?.line, 15);
});

test('reports duplicate requirement ids and keeps the first', () => {
  const req = '#### REQ-003-001\n> X **MUST** y.\n\nVerification: endpoint\n\n';
  const s = parseSpec(spec(req + req), 'specs/003-x.md');
  assert.deepEqual(codes(s), ['spec.requirement-duplicate']);
  assert.equal(s.requirements.length, 1);
});

test('reports zero, several and unsupported keywords', () => {
  const s = parseSpec(
    spec(
      '#### REQ-003-001\n> X must y.\n\nVerification: endpoint\n\n' +
        '#### REQ-003-002\n> X **MUST** y and **SHOULD** z.\n\nVerification: endpoint\n\n' +
        '#### REQ-003-003\n> X **SHALL** y.\n\nVerification: endpoint\n',
    ),
    'specs/003-x.md',
  );
  assert.deepEqual(codes(s), ['spec.keyword-count', 'spec.keyword-count', 'spec.keyword-unsupported']);
  assert.match(s.problems[1]?.message ?? '', /found MUST, SHOULD/);
  assert.ok(s.requirements.every((r) => r.level === undefined));
});

test('reports missing or invalid Verification lines and missing blockquotes', () => {
  const s = parseSpec(
    spec(
      '#### REQ-003-001\n> X **MUST** y.\n\n#### REQ-003-002\n> X **MUST** y.\n\nVerification: manual\n\n' +
        '#### REQ-003-003\nX **MUST** y.\n\nVerification: endpoint\n',
    ),
    'specs/003-x.md',
  );
  assert.deepEqual(codes(s), ['spec.verification-missing', 'spec.verification-invalid', 'spec.requirement-text-missing']);
  assert.equal(s.problems[1]?.line, 21, 'points at the Verification line itself');
});

test('reports malformed requirement headings and ignores headings inside code fences', () => {
  const s = parseSpec(
    spec('### REQ-003-001\n> X **MUST** y.\n\nVerification: endpoint\n\n#### REQ-3-2\n\n```md\n#### REQ-999-001\n```\n'),
    'specs/003-x.md',
  );
  assert.deepEqual(codes(s), ['spec.requirement-heading', 'spec.requirement-heading']);
  assert.equal(s.requirements.length, 0);
});

test('a requirement section ends at the next heading of any level', () => {
  const s = parseSpec(spec('#### REQ-003-001\n> X **MUST** y.\n\n## 6. Errors\n\nVerification: endpoint\n'), 'specs/003-x.md');
  assert.deepEqual(codes(s), ['spec.verification-missing']);
});
