// A proxy in front of the fixture server that answers every shard request only after a pause. Loads fetched through
// it stay in flight long enough for concurrent requests to overlap them, which is what the race scenarios of SPEC-006
// and SPEC-008 need: a check-then-commit gap or a model listed before its shards are verified becomes observable
// without relying on how fast the runtime happens to be. Manifests pass through at once and unchanged.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlowFixtureProxy {
  /** http://host:port of the proxy. */
  readonly baseUrl: string;
  /** The manifest URL of a fixture, through the proxy: its shard URLs resolve to the proxy as well. */
  manifestUrl(name: string): string;
}

/** How long each shard response is held back. */
export const SHARD_PAUSE_MS = 300;

const proxies = new Map<string, Promise<SlowFixtureProxy>>();

async function relay(upstreamBase: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = req.url ?? '/';
  if (path.endsWith('.safetensors')) await new Promise((resolve) => setTimeout(resolve, SHARD_PAUSE_MS));
  try {
    const upstream = await fetch(`${upstreamBase}${path}`, { method: req.method === 'HEAD' ? 'HEAD' : 'GET' });
    const body = Buffer.from(await upstream.arrayBuffer());
    res.writeHead(upstream.status, {
      'Content-Type': upstream.headers.get('content-type') ?? 'application/octet-stream',
      'Content-Length': body.length,
      // No keep-alive: the proxy must never keep the harness process alive after the run.
      Connection: 'close',
    });
    res.end(body);
  } catch {
    res.writeHead(502, { 'Content-Type': 'text/plain', Connection: 'close' }).end('fixture server unreachable\n');
  }
}

async function start(upstreamBase: string): Promise<SlowFixtureProxy> {
  // Listen where the fixture server listens, so the runtime reaches the proxy exactly as it reaches the fixtures.
  const host = new URL(upstreamBase).hostname.replace(/^\[|\]$/g, '');
  const server = createServer((req, res) => void relay(upstreamBase, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return { baseUrl, manifestUrl: (name) => `${baseUrl}/models/${encodeURIComponent(name)}/manifest.json` };
}

/** The proxy in front of the fixture server at `upstreamBase` (started once per process). */
export function slowFixtureProxy(upstreamBase: string): Promise<SlowFixtureProxy> {
  let proxy = proxies.get(upstreamBase);
  if (proxy === undefined) {
    proxy = start(upstreamBase);
    proxies.set(upstreamBase, proxy);
  }
  return proxy;
}
