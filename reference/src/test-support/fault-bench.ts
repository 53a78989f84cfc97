// Test bench for fault switches: a fixture server plus pairs of servers, one conforming and one mutant with a
// single switch on, both given the same models, so a test can show exactly which behaviour the switch breaks.

import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { parseFaults, type FaultName } from '../faults.ts';
import { buildServer, type ServerOptions } from '../server/app.ts';
import type { TestModel } from './fixture-models.ts';
import { FixtureServer } from './fixture-server.ts';
import { ADMIN, call } from './inject.ts';

export interface PairOptions {
  /** Models loaded into both servers, each served under /<fault>/<name>/. */
  models?: TestModel[];
  /** Server options shared by both servers (mode defaults to conformance). */
  server?: Partial<ServerOptions>;
}

export class FaultBench {
  readonly fixtures: FixtureServer;

  private constructor(fixtures: FixtureServer) {
    this.fixtures = fixtures;
  }

  static async start(): Promise<FaultBench> {
    return new FaultBench(await FixtureServer.start());
  }

  /** [conforming, mutant]: the mutant differs only by `fault`. */
  async pair(fault: FaultName, options: PairOptions = {}): Promise<[FastifyInstance, FastifyInstance]> {
    const shared: ServerOptions = { adminToken: ADMIN, mode: 'conformance', fetchTimeoutMs: 5_000, ...options.server };
    const apps: [FastifyInstance, FastifyInstance] = [buildServer(shared), buildServer({ ...shared, faults: parseFaults([fault]) })];
    for (const model of options.models ?? []) {
      const manifestUrl = this.fixtures.serveModel(`${fault}/${model.descriptor.name}`, model);
      for (const app of apps) {
        const response = await call(app, 'POST', '/v1/models', { body: { manifestUrl } });
        assert.equal(response.statusCode, 201, response.body);
      }
    }
    return apps;
  }

  async close(): Promise<void> {
    await this.fixtures.close();
  }
}
