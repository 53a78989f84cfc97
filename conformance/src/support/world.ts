// Per-scenario state. Deliberately small: the HTTP driver, the named credentials of this scenario, the last
// response and named values a scenario remembers between steps. Shared run-wide data lives in run-context.ts.
import { World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import { HttpClient, type HttpResponse } from '../driver/http-client.ts';
import { readParameters, type HarnessParameters } from './parameters.ts';
import { schemaRegistry } from './run-context.ts';

export class ConformanceWorld extends World<HarnessParameters> {
  readonly params: HarnessParameters;
  readonly api: HttpClient;
  readonly production: HttpClient | null;
  /** Credentials by principal name: "admin" plus the tenants this scenario provisioned. */
  readonly tokens = new Map<string, string>();
  /** Values a scenario keeps between steps (responses, digests, model snapshots), by name. */
  readonly remembered = new Map<string, unknown>();
  private lastResponse: HttpResponse | undefined;

  constructor(options: IWorldOptions<HarnessParameters>) {
    super(options);
    this.params = readParameters(options.parameters);
    const schemas = schemaRegistry();
    this.api = new HttpClient(this.params.endpoint, schemas, this.params.requestTimeoutMs);
    this.production =
      this.params.productionEndpoint === null
        ? null
        : new HttpClient(this.params.productionEndpoint, schemas, this.params.requestTimeoutMs);
    if (this.params.adminToken !== null) this.tokens.set('admin', this.params.adminToken);
  }

  get last(): HttpResponse {
    if (this.lastResponse === undefined) throw new Error('no request has been made in this scenario yet');
    return this.lastResponse;
  }

  set last(response: HttpResponse) {
    this.lastResponse = response;
  }

  token(principal: string): string {
    const token = this.tokens.get(principal);
    if (token === undefined) throw new Error(`no credential for principal "${principal}" in this scenario`);
    return token;
  }

  recall<T>(name: string): T {
    if (!this.remembered.has(name)) throw new Error(`nothing remembered as "${name}"`);
    return this.remembered.get(name) as T;
  }
}

setWorldConstructor(ConformanceWorld);
