// A loopback HTTP server for tests: serves byte bodies at exact paths, 404 elsewhere.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { manifestText, type TestModel } from './fixture-models.ts';

export class FixtureServer {
  private readonly files = new Map<string, Uint8Array>();
  private readonly server: Server;
  /** Requests seen, as paths, so tests can tell what was fetched. */
  readonly requests: string[] = [];

  private constructor() {
    this.server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://fixture').pathname;
      this.requests.push(path);
      const body = this.files.get(path);
      if (body === undefined) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
    });
  }

  static async start(): Promise<FixtureServer> {
    const fixture = new FixtureServer();
    await new Promise<void>((resolve) => fixture.server.listen(0, '127.0.0.1', resolve));
    return fixture;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  set(path: string, body: Uint8Array | string): void {
    this.files.set(path, typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  }

  remove(path: string): void {
    this.files.delete(path);
  }

  /**
   * Serves a model under /<dir>/: manifest.json plus its shards. `shardBytes` may replace the bytes served for a
   * shard index (after the manifest was computed from the original bytes). Returns the manifest URL.
   */
  serveModel(dir: string, model: TestModel, options: { manifest?: string; shardBytes?: Map<number, Uint8Array> } = {}): string {
    this.set(`/${dir}/manifest.json`, options.manifest ?? manifestText(model));
    model.shards.forEach((shard, i) => this.set(`/${dir}/${shard.path}`, options.shardBytes?.get(i) ?? shard.bytes));
    return `${this.baseUrl}/${dir}/manifest.json`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
