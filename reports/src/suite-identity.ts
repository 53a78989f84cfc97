/**
 * Identity of the suite and of the machine that ran it, read from the repository checkout. Kept apart from
 * buildReport so the builder stays pure when a caller supplies these values itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostEnvironment, SuiteIdentity } from './report-types.ts';
import { inputInvalid } from './report-error.ts';
import { suiteDigest } from './suite-digest.ts';

interface PackageIdentity {
  name: string;
  version: string;
}

function readPackage(path: string): PackageIdentity {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw inputInvalid(`cannot read ${path}`, [], error);
  }
  const { name, version } = (document ?? {}) as Record<string, unknown>;
  if (typeof name !== 'string' || name === '' || typeof version !== 'string' || version === '') {
    throw inputInvalid(`${path} lacks a name and version`);
  }
  return { name, version };
}

/** Suite name and version from the repository's package.json, digest over its suite folders. */
export function suiteIdentity(rootDir: string): SuiteIdentity {
  const { name, version } = readPackage(join(rootDir, 'package.json'));
  return { name, version, digest: suiteDigest(rootDir) };
}

/** The Node.js process running the harness, and the harness package's version. */
export function localEnvironment(rootDir: string): HostEnvironment {
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    harnessVersion: readPackage(join(rootDir, 'conformance', 'package.json')).version,
  };
}
