/**
 * Reads the runtime identity from the body of GET /v1/info (SPEC-000). The report records what the runtime
 * claims, as claimed; whether the claim itself conforms is for the scenarios to judge.
 */
import { readFile } from 'node:fs/promises';
import { inputInvalid } from './report-error.ts';

export interface RuntimeInfo {
  name: string;
  version: string;
  protocolVersion: string;
  mode: string;
  profiles: string[];
  capabilities: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requiredText(value: unknown, field: string, problems: string[]): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  problems.push(`${field} must be a non-empty string`);
  return '';
}

function nameList(value: unknown, field: string, problems: string[]): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '')) {
    return [...new Set(value as string[])];
  }
  problems.push(`${field} must be a list of non-empty strings`);
  return [];
}

export function parseRuntimeInfo(document: unknown): RuntimeInfo {
  if (!isRecord(document)) throw inputInvalid('runtime info is not a JSON object');
  const problems: string[] = [];
  const runtime = isRecord(document.runtime) ? document.runtime : {};
  const info: RuntimeInfo = {
    name: requiredText(runtime.name, 'runtime.name', problems),
    version: requiredText(runtime.version, 'runtime.version', problems),
    protocolVersion: requiredText(document.protocolVersion, 'protocolVersion', problems),
    mode: requiredText(document.mode, 'mode', problems),
    profiles: nameList(document.profiles, 'profiles', problems),
    capabilities: nameList(document.capabilities, 'capabilities', problems),
  };
  if (problems.length > 0) throw inputInvalid('runtime info lacks the identity a report needs', problems);
  return info;
}

export async function readRuntimeInfoFile(path: string): Promise<RuntimeInfo> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw inputInvalid(`cannot read runtime info ${path}`, [], error);
  }
  return parseRuntimeInfo(document);
}
