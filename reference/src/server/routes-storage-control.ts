// Storage controls (SPEC-029 §4.5, SPEC-030 §4.5, §4.6): rescan the snapshot directory as at start, arm a crash point
// that stops the next snapshot write dead after a given step, and change a snapshot's stored files to damage it on
// purpose. Conformance mode only, admin only, like the rest of /v1/conformance/.

import type { FastifyInstance } from 'fastify';
import { RuntimeError } from '../errors.ts';
import { controlGuard } from './routes-control.ts';
import { bodySchema } from './request-validation.ts';
import { snapshotStoreFor } from './routes-snapshots.ts';
import type { RuntimeContext } from './runtime-context.ts';

// The path rule of checkpoint `files` and model-manifest shards: never leaves the snapshot directory.
const FILE_PATH = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}(\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}){0,7}$/;

interface FileParams {
  id: string;
  '*': string;
}

function checkedPath(path: string): string {
  if (!FILE_PATH.test(path)) throw new RuntimeError('E_PROTOCOL_BAD_REQUEST', 'the file path must stay inside the snapshot directory');
  return path;
}

function isEmptyBody(body: unknown): boolean {
  return body === undefined || (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);
}

export function registerStorageControlRoutes(app: FastifyInstance, ctx: RuntimeContext): void {
  const guard = controlGuard(ctx);
  const store = snapshotStoreFor(ctx);

  // REQ-030-007: forget the index and scan again exactly as at start; the body is empty or {}.
  app.post('/v1/conformance/storage/rescan', { ...guard }, async (request) => {
    if (!isEmptyBody(request.body)) throw new RuntimeError('E_PROTOCOL_BAD_REQUEST', 'rescan takes an empty body or {}');
    const { removed, quarantined } = await store.rescan();
    return { snapshots: store.list(), removed, quarantined };
  });

  // REQ-030-006: one-shot; the next snapshot that starts writing stops after step afterStep.
  app.put<{ Body: { operation: 'snapshot'; afterStep: number } }>(
    '/v1/conformance/storage/crash-point',
    { ...guard, schema: bodySchema('snapshot-crash-point') },
    (request) => {
      store.armCrashPoint(request.body.afterStep);
      return { operation: request.body.operation, afterStep: request.body.afterStep };
    },
  );

  app.put<{ Params: FileParams; Body: { bytesBase64: string } }>(
    '/v1/conformance/storage/snapshots/:id/files/*',
    { ...guard, schema: bodySchema('snapshot-file-write-request') },
    async (request, reply) => {
      await store.writeRawFile(request.params.id, checkedPath(request.params['*']), Buffer.from(request.body.bytesBase64, 'base64'));
      return reply.code(204).send();
    },
  );

  app.delete<{ Params: FileParams }>('/v1/conformance/storage/snapshots/:id/files/*', { ...guard }, async (request, reply) => {
    await store.removeRawFile(request.params.id, checkedPath(request.params['*']));
    return reply.code(204).send();
  });
}
