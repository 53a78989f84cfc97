// Snapshots (SPEC-030) and their files (SPEC-029 §4.3): create, list, read, delete, restore. Runtime API routes with
// the credentials of /v1/models. The store is one per runtime context, shared with the storage control routes.

import type { FastifyInstance } from 'fastify';
import { RuntimeError } from '../errors.ts';
import { sha256Hex } from '../numeric/sha256-hex.ts';
import { snapshotBehaviour } from '../storage/snapshot-behaviour.ts';
import { SnapshotStore } from '../storage/snapshot-store.ts';
import { bodySchema } from './request-validation.ts';
import { modelView, type RuntimeContext } from './runtime-context.ts';

const stores = new WeakMap<RuntimeContext, SnapshotStore>();

/** The snapshot store of a runtime, made on first use. */
export function snapshotStoreFor(ctx: RuntimeContext): SnapshotStore {
  let store = stores.get(ctx);
  if (store === undefined) {
    store = new SnapshotStore(ctx.storage, snapshotBehaviour(ctx.faults));
    stores.set(ctx, store);
  }
  return store;
}

interface SnapshotParams {
  id: string;
}

interface FileParams extends SnapshotParams {
  '*': string;
}

export function registerSnapshotRoutes(app: FastifyInstance, ctx: RuntimeContext): void {
  const guard = ctx.access.runtime;
  const store = snapshotStoreFor(ctx);
  // SPEC-030 §4.5: a storage directory named by the operator is scanned at start; a fresh temporary one holds nothing.
  app.addHook('onReady', async () => {
    if (!ctx.storage.temporary) await store.ready();
  });

  // REQ-030-001, REQ-030-004: the model must be loaded, the id free; 201 with the checkpoint.
  app.post<{ Body: { model: string; id: string } }>('/v1/snapshots', { ...guard, schema: bodySchema('snapshot-create-request') }, async (request, reply) => {
    const model = ctx.models.get(request.body.model);
    if (model === undefined) throw new RuntimeError('E_MODEL_NOT_FOUND', `model ${request.body.model} is not loaded`);
    const checkpoint = await store.create(model, request.body.id);
    return reply.code(201).send({ id: request.body.id, checkpoint });
  });

  // REQ-030-002
  app.get('/v1/snapshots', { ...guard }, async () => {
    await store.ready();
    return { snapshots: store.list() };
  });

  // REQ-029-001
  app.get<{ Params: SnapshotParams }>('/v1/snapshots/:id', { ...guard }, (request) => store.checkpoint(request.params.id));

  // REQ-029-003, REQ-029-010: the stored bytes of a listed file.
  app.get<{ Params: FileParams }>('/v1/snapshots/:id/files/*', { ...guard }, async (request, reply) => {
    const bytes = await store.readFile(request.params.id, request.params['*']);
    return reply.type('application/octet-stream').send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });

  // REQ-030-003
  app.delete<{ Params: SnapshotParams }>('/v1/snapshots/:id', { ...guard }, async (request, reply) => {
    await store.delete(request.params.id);
    return reply.code(204).send();
  });

  // REQ-030-009, REQ-030-010: verify every file, then load the verified bytes like any other model.
  app.post<{ Params: SnapshotParams; Body: { as?: string } }>(
    '/v1/snapshots/:id/restore',
    {
      ...guard,
      schema: bodySchema('snapshot-restore-request'),
      // The body is optional: no body reads as {} before validation.
      preValidation: (request, _reply, done) => {
        request.body ??= {};
        done();
      },
    },
    async (request, reply) => {
      ctx.lifecycle.admit('model loads');
      const { checkpoint, manifestBytes, shards } = await store.verified(request.params.id);
      const id = request.body.as ?? checkpoint.modelId;
      const { behaviour } = store;
      const loaded = ctx.models.get(id);
      if (behaviour.restoreReplacesLoaded && loaded !== undefined && loaded.manifestDigest !== checkpoint.manifestDigest) ctx.models.delete(id);
      const digest = behaviour.restoreReportsFileDigest ? sha256Hex(manifestBytes) : checkpoint.manifestDigest;
      const outcome = await ctx.models.loadVerified(id, manifestBytes, shards, digest);
      if (outcome.created && ctx.behaviour.sinceCountsLoads) ctx.lifecycle.countChange();
      return reply.code(outcome.created ? 201 : 200).send(modelView(outcome.model));
    },
  );
}
