// A mix of forward and route requests written as a table (SPEC-008 scenarios): each row becomes one request whose
// serial result is recorded first, then copies of the whole mix are sent concurrently and compared bit for bit.
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import type { HttpResponse } from '../driver/http-client.ts';
import { sequencesFromWords } from './forward-calls.ts';
import { parseForwardOptions } from './words/forward-words.ts';
import { fixtureInputs } from './route-calls.ts';
import type { ConformanceWorld } from './world.ts';

export interface MixRequest {
  /** How the row reads, for messages. */
  readonly label: string;
  readonly model: string;
  readonly path: '/v1/forward' | '/v1/route';
  readonly schema: string;
  readonly body: unknown;
}

/** A response as the comparisons need it: status, error code and the parsed body. */
export interface MixOutcome {
  readonly status: number;
  readonly code: string | undefined;
  readonly body: unknown;
}

/**
 * A row `request | model | input | options`: a forward (`input` sequences in words, `options` as parseForwardOptions
 * reads them) or a route (`input` "a-b": fixture inputs a to b; `options` "layer N").
 */
export function mixRequest(row: Record<string, string>): MixRequest {
  const model = row.model ?? '';
  const input = row.input ?? '';
  const options = row.options ?? '';
  const label = `${row.request ?? ''} ${model} ${input} ${options}`.trim();
  if (row.request === 'forward') {
    const body = { model, sequences: sequencesFromWords(input, model), ...parseForwardOptions(options) };
    return { label, model, path: '/v1/forward', schema: 'protocol/forward-result', body };
  }
  const range = /^(\d+)-(\d+)$/.exec(input.trim());
  const layer = /^layer (\d+)$/.exec(options.trim());
  if (row.request !== 'route' || range === null || layer === null) throw new Error(`cannot read the mix row "${label}"`);
  const body = { model, layer: Number(layer[1]), hidden: fixtureInputs(model, Number(range[1]), Number(range[2])) };
  return { label, model, path: '/v1/route', schema: 'protocol/route-result', body };
}

export function outcomeOf(world: ConformanceWorld, request: MixRequest, response: HttpResponse): MixOutcome {
  const body = world.api.validate<unknown>(response, request.schema, `${request.path} (${request.label})`);
  const code = response.status >= 400 ? (body as { error: { code: string } }).error.code : undefined;
  return { status: response.status, code, body };
}

export async function sendMixRequest(world: ConformanceWorld, request: MixRequest): Promise<MixOutcome> {
  const response = await world.api.request({ method: 'POST', path: request.path, token: world.token('admin'), body: request.body });
  return outcomeOf(world, request, response);
}

/** The serial result of each request, sent one at a time; each must succeed. */
export async function serialResults(world: ConformanceWorld, requests: readonly MixRequest[]): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const request of requests) {
    const outcome = await sendMixRequest(world, request);
    assert.equal(outcome.status, 200, `serial ${request.label}: ${outcome.status} ${outcome.code ?? ''}`);
    results.push(outcome.body);
  }
  return results;
}

/** `times` copies of every request, all in flight together (copies interleaved), with their outcomes by request. */
export async function sendConcurrently(world: ConformanceWorld, requests: readonly MixRequest[], times: number): Promise<MixOutcome[][]> {
  const flights = Array.from({ length: times }, () => requests.map((r) => sendMixRequest(world, r))).flat();
  const settled = await Promise.all(flights);
  return requests.map((_, i) => settled.filter((__, k) => k % requests.length === i));
}

/** Problems of outcomes that must each be the serial result (or, where `absentAllowed`, E_MODEL_NOT_FOUND). */
export function compareWithSerial(
  requests: readonly MixRequest[],
  outcomes: readonly (readonly MixOutcome[])[],
  serial: (request: number, outcome: MixOutcome) => unknown,
  absentAllowed = false,
): string[] {
  return requests.flatMap((request, i) =>
    (outcomes[i] ?? []).flatMap((outcome, copy) => {
      const where = `${request.label} (copy ${copy})`;
      if (outcome.status !== 200) {
        return absentAllowed && outcome.status === 404 && outcome.code === 'E_MODEL_NOT_FOUND' ? [] : [`${where}: ${outcome.status} ${outcome.code ?? ''}`];
      }
      const expected = serial(i, outcome);
      return isDeepStrictEqual(outcome.body, expected) ? [] : [`${where}: differs from its serial result`];
    }),
  );
}
