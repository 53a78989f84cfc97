// A small directory-backed object store for local use (SPEC-025): serves the files under one directory over HTTP
// with GET and HEAD, single byte ranges (RFC 9110 §14: 206 with Content-Range, 416 when unsatisfiable), 404 for
// anything outside the directory or missing, 405 for other methods. Point a model's manifestUrl at it and the
// runtime loads from it as from any archive, re-reading experts by range when a cold copy is lost.
//
//   npm run archive -- --dir DIR [--port 0] [--host 127.0.0.1]
// prints one JSON line {"event":"listening","url":…} on stdout.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range as [start, end]; null when unsatisfiable, undefined when absent. */
export function parseByteRange(header: string | undefined, size: number): [number, number] | null | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    return suffix === 0 || size === 0 ? null : [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size || end < start ? null : [start, end];
}

/** The file a request path names under `root`, or null when it escapes the root or is not a plain path. */
export function filePathFor(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.split('/').some((part) => part === '..')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${decoded}`);
  return file.startsWith(base + sep) ? file : null;
}

async function respond(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const file = filePathFor(root, req.url ?? '/');
  const info = file === null ? null : await stat(file).catch(() => null);
  if (file === null || info === null || !info.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed\n');
    return;
  }
  const size = info.size;
  const range = parseByteRange(req.headers.range, size);
  if (range === null) {
    res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
    return;
  }
  const [start, end] = range ?? [0, size - 1];
  const headers: Record<string, string | number> = {
    'Content-Type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream',
    'Content-Length': Math.max(0, end - start + 1),
    'Accept-Ranges': 'bytes',
  };
  if (range !== undefined) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(range === undefined ? 200 : 206, headers);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  createReadStream(file, { start, end }).on('error', () => res.destroy()).pipe(res);
}

export interface ArchiveServer {
  url: string;
  close(): Promise<void>;
}

export async function startArchiveServer(root: string, port = 0, host = '127.0.0.1'): Promise<ArchiveServer> {
  const server: Server = createServer((req, res) => {
    respond(root, req, res).catch(() => res.destroy());
  });
  await new Promise<void>((done) => server.listen(port, host, done));
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } } });
  if (values.dir === undefined) throw new Error('usage: npm run archive -- --dir DIR [--port N] [--host H]');
  const port = Number(values.port ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be an integer in 0..65535');
  const archive = await startArchiveServer(values.dir, port, values.host ?? '127.0.0.1');
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: archive.url, dir: resolve(values.dir) })}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`archive: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
