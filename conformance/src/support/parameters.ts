// World parameters: the only channel from the CLI to step definitions (JSON-serialisable by cucumber's contract).
export interface HarnessParameters {
  /** Base URL of the runtime under test (conformance mode). */
  readonly endpoint: string;
  /** Base URL of the same runtime started in production mode, when the operator supplies one. */
  readonly productionEndpoint: string | null;
  /** Admin credential of the runtime under test; the control API needs it. */
  readonly adminToken: string | null;
  /** Base URL of the harness's fixture server, as the runtime can reach it. */
  readonly fixtureBaseUrl: string;
  /** Per-request timeout in milliseconds. */
  readonly requestTimeoutMs: number;
}

export function readParameters(raw: unknown): HarnessParameters {
  const p = raw as Partial<HarnessParameters> | undefined;
  if (p === undefined || typeof p.endpoint !== 'string' || typeof p.fixtureBaseUrl !== 'string') {
    throw new Error('world parameters must name the endpoint and the fixture base URL (run through npm run conformance)');
  }
  return {
    endpoint: p.endpoint,
    productionEndpoint: typeof p.productionEndpoint === 'string' ? p.productionEndpoint : null,
    adminToken: typeof p.adminToken === 'string' ? p.adminToken : null,
    fixtureBaseUrl: p.fixtureBaseUrl,
    requestTimeoutMs: typeof p.requestTimeoutMs === 'number' ? p.requestTimeoutMs : 15_000,
  };
}
